/**
 * Hosts one ECharts instance: created on mount, disposed on unmount, resized with its box, and given each new
 * option in full (`notMerge`), so the chart always shows exactly what the pure option builder returned.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { echarts, type ECOption } from './echarts.ts';

export interface ChartViewProps {
  readonly option: ECOption;
  readonly height: number;
  /** What the chart shows, for screen readers (the canvas itself is opaque to them). */
  readonly label: string;
  readonly testId?: string;
  /** Called with the clicked element (drill-down); the latest callback is always the one called. */
  readonly onClick?: (params: ChartClick) => void;
}

/** The part of ECharts' click event that drill-downs use. */
export interface ChartClick {
  readonly name: string;
  readonly seriesName?: string;
  readonly seriesIndex?: number;
  readonly dataIndex: number;
}

export function ChartView({ option, height, label, testId, onClick }: ChartViewProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      const e = p as { name?: unknown; seriesName?: unknown; seriesIndex?: unknown; dataIndex?: unknown };
      clickRef.current?.({
        name: typeof e.name === 'string' || typeof e.name === 'number' ? String(e.name) : '',
        dataIndex: Number(e.dataIndex ?? -1),
        ...(typeof e.seriesName === 'string' ? { seriesName: e.seriesName } : {}),
        ...(typeof e.seriesIndex === 'number' ? { seriesIndex: e.seriesIndex } : {}),
      });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
