import { describe, expect, it } from 'vitest';
import { PageCache } from './pageCache.ts';

describe('PageCache', () => {
  it('asks for the pages a visible range needs, once', () => {
    const c = new PageCache<string>(100);
    expect(c.missing(0, 49)).toEqual([0]);
    expect(c.missing(150, 320)).toEqual([1, 2, 3]);
    c.markLoading(1);
    c.put(2, ['x']);
    expect(c.missing(150, 320)).toEqual([3]);
  });

  it('finds rows by absolute index', () => {
    const c = new PageCache<number>(3);
    c.put(1, [30, 40, 50]);
    expect(c.row(3)).toBe(30);
    expect(c.row(5)).toBe(50);
    expect(c.row(0)).toBeUndefined();
    expect(c.row(6)).toBeUndefined();
  });

  it('asks again for a page whose fetch failed', () => {
    const c = new PageCache<number>(10);
    c.markLoading(0);
    expect(c.missing(0, 5)).toEqual([]);
    c.fail(0);
    expect(c.missing(0, 5)).toEqual([0]);
  });

  it('handles empty and negative ranges', () => {
    const c = new PageCache<number>(10);
    expect(c.missing(5, 4)).toEqual([]);
    expect(c.missing(-3, 2)).toEqual([0]);
    expect(() => new PageCache(0)).toThrow(RangeError);
  });
});
