import { describe, expect, it } from 'vitest';
import { keywordBarOption, sentimentBarOption, topicTimeOption, wordCloudList } from './textCharts.ts';

describe('text chart builders', () => {
  it('puts the strongest keyword on top of the bars', () => {
    const o = keywordBarOption([{ word: '闪退', score: 3.14159, notes: 9 }, { word: '提额', score: 1, notes: 3 }], '关键词');
    expect((o.yAxis as { data: string[] }).data).toEqual(['提额', '闪退']);
    expect((o.series as { data: number[] }[])[0]?.data).toEqual([1, 3.14]);
  });

  it('stacks sentiment per group with readable group labels', () => {
    const o = sentimentBarOption([{ group: 'app', positive: 1, neutral: 2, negative: 3 }], { positive: '正面', neutral: '中性', negative: '负面' }, (g) => `渠道:${g}`, 't');
    expect((o.xAxis as { data: string[] }).data).toEqual(['渠道:app']);
    expect((o.series as { name: string; stack: string; data: number[] }[]).map((s) => [s.name, s.stack, s.data])).toEqual([
      ['正面', 'sentiment', [1]],
      ['中性', 'sentiment', [2]],
      ['负面', 'sentiment', [3]],
    ]);
  });

  it('stacks topics per month', () => {
    const o = topicTimeOption(
      {
        runId: 1,
        topics: [
          { topic: 0, name: 'a·b·c', words: [], notes: 3, coherence: 0.2, tagKind: null, tag: null },
          { topic: 1, name: 'd·e·f', words: [], notes: 1, coherence: 0.1, tagKind: null, tag: null },
        ],
        overTime: [{ month: '2024-01', counts: [2, 1] }, { month: '2024-02', counts: [1] }],
      },
      't',
    );
    expect((o.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['a·b·c', [2, 1]],
      ['d·e·f', [1, 0]],
    ]);
  });

  it('scales word sizes from 12 to 56 px', () => {
    expect(wordCloudList([{ word: 'a', score: 10, notes: 1 }, { word: 'b', score: 5, notes: 1 }, { word: 'c', score: 0, notes: 1 }])).toEqual([['a', 56], ['b', 34], ['c', 12]]);
    expect(wordCloudList([{ word: 'a', score: 2, notes: 1 }])).toEqual([['a', 32]]);
  });
});
