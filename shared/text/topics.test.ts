import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { fitTopics } from './topics.ts';

/** 300 notes drawn from three planted topics, with some shared filler. */
function planted(seed: number): string[][] {
  const rnd = createRandom(seed);
  const topics = [
    ['闪退', '更新', '版本', '打不开', '卡顿'],
    ['提额', '额度', '信用卡', '申请', '拒绝'],
    ['手续费', '扣费', '退还', '年费', '收费'],
  ];
  return Array.from({ length: 300 }, (_, i) => {
    const words = topics[i % 3] ?? [];
    return Array.from({ length: 6 }, () => (rnd.chance(0.15) ? '一下' : rnd.pick(words)));
  });
}

describe('fitTopics', () => {
  it('recovers planted topics, picks k by coherence and is the same for the same seed', async () => {
    const docs = planted(5);
    const a = await fitTopics(docs, { seed: 42, kRange: [2, 6], minDf: 2 });
    const b = await fitTopics(docs, { seed: 42, kRange: [2, 6], minDf: 2 });
    expect(a.kScores.map((s) => s.k)).toEqual([2, 4, 6]);
    expect(a.noteWeights).toEqual(b.noteWeights);
    const fixed = await fitTopics(docs, { seed: 42, k: 3, minDf: 2 });
    const tops = fixed.topics.map((t) => new Set(t.words.slice(0, 5).map((w) => w.word)));
    expect(tops.some((s) => s.has('闪退') && s.has('更新'))).toBe(true);
    expect(tops.some((s) => s.has('提额') && s.has('额度'))).toBe(true);
    expect(tops.some((s) => s.has('手续费') && s.has('扣费'))).toBe(true);
    expect(fixed.topics.reduce((s, t) => s + t.notes, 0)).toBe(300);
    for (let i = 0; i < 3; i++) {
      const row = Array.from(fixed.noteWeights.slice(i * 3, i * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }
    expect(fixed.topics[0]?.name.split('·')).toHaveLength(3);
  });

  it('returns no topics when no word is frequent enough', async () => {
    const m = await fitTopics([['甲'], ['乙'], []], { seed: 1, k: 2 });
    expect(m.k).toBe(0);
    expect(m.topics).toEqual([]);
  });
});
