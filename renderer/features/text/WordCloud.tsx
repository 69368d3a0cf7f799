/**
 * A word cloud drawn with wordcloud2.js (the layout engine behind echarts-wordcloud, whose 2.x release supports
 * only ECharts 5). Words are clickable for drill-down.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import WordCloudLib from 'wordcloud';

export function WordCloud({ words, height, label, onWord, testId }: { readonly words: readonly [string, number][]; readonly height: number; readonly label: string; readonly onWord: (word: string) => void; readonly testId?: string }): ReactNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  const onWordRef = useRef(onWord);
  useEffect(() => {
    onWordRef.current = onWord;
  });
  useEffect(() => {
    const el = canvas.current;
    if (!el || words.length === 0 || !WordCloudLib.isSupported) return undefined;
    el.width = el.clientWidth || 600;
    el.height = height;
    WordCloudLib(el, {
      list: words.map(([w, s]) => [w, s]),
      fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      color: 'random-dark',
      rotateRatio: 0,
      shuffle: false,
      gridSize: 6,
      weightFactor: 1,
      backgroundColor: 'transparent',
      click: (item) => onWordRef.current(String(item[0])),
    });
    return () => WordCloudLib.stop();
  }, [words, height]);
  return <canvas ref={canvas} className="chart" style={{ width: '100%', height }} role="img" aria-label={`${label}: ${words.map(([w]) => w).join(' ')}`} data-testid={testId} />;
}
