import { describe, expect, it } from 'vitest';
import { estimateDistinct, TopK, ValueTally } from './valueTally.ts';

describe('ValueTally', () => {
  it('counts values, distinct values and singletons', () => {
    const t = new ValueTally();
    for (const v of ['a', 'b', 'a', 'c', 'a', 'b']) t.add(v);
    expect(t.values).toBe(6);
    expect(t.distinct).toBe(3);
    expect(t.singletons()).toBe(1);
    expect(t.top(2)).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
    ]);
  });

  it('counts empty strings as missing', () => {
    const t = new ValueTally();
    for (const v of ['', 'a', '']) t.add(v);
    expect(t).toMatchObject({ values: 1, empties: 2, distinct: 1 });
  });
});

describe('TopK', () => {
  it('keeps the k highest counts, ties broken by value, in any arrival order', () => {
    const offers: [string, number][] = [
      ['y', 2],
      ['a', 1],
      ['x', 2],
      ['z', 5],
      ['b', 1],
    ];
    const t = new TopK(3);
    for (const [v, c] of offers) t.offer(v, c);
    expect(t.entries()).toEqual([
      ['z', 5],
      ['x', 2],
      ['y', 2],
    ]);
    const reversed = new TopK(3);
    for (const [v, c] of [...offers].reverse()) reversed.offer(v, c);
    expect(reversed.entries()).toEqual(t.entries());
  });

  it('holds fewer entries than k when fewer were offered, and none for k = 0', () => {
    const t = new TopK(10);
    t.offer('a', 1);
    expect(t.entries()).toEqual([['a', 1]]);
    const none = new TopK(0);
    none.offer('a', 1);
    expect(none.entries()).toEqual([]);
  });
});

describe('estimateDistinct', () => {
  it('keeps the sample count for a category column', () => {
    // 1,000 sampled values of 3 categories, none seen once.
    expect(estimateDistinct(1000, 3, 0, 100_000)).toBe(3);
  });

  it('scales an all-unique sample up to the column size', () => {
    expect(estimateDistinct(1000, 1000, 1000, 100_000)).toBe(100_000);
  });

  it('is exact when the sample is the whole column', () => {
    expect(estimateDistinct(500, 123, 80, 500)).toBe(123);
  });

  it('lands near the truth for a key repeated about ten times', () => {
    // 10,000 customers with 10 rows each, 10% sample: simulate the sample's frequencies deterministically.
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const t = new ValueTally();
    for (let c = 0; c < 10_000; c++) for (let k = 0; k < 10; k++) if (rnd() < 0.1) t.add(`C${c}`);
    const est = estimateDistinct(t.values, t.distinct, t.singletons(), 100_000);
    expect(est).toBeGreaterThan(t.distinct);
    expect(Math.abs(est - 10_000) / 10_000).toBeLessThan(0.25);
  });

  it('returns 0 without values', () => {
    expect(estimateDistinct(0, 0, 0, 0)).toBe(0);
  });
});
