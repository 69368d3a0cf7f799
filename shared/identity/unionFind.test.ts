import { describe, expect, it } from 'vitest';
import { UnionFind } from './unionFind.ts';

describe('UnionFind', () => {
  it('joins sets, counts them and reports a repeated union', () => {
    const uf = new UnionFind(6);
    expect(uf.count).toBe(6);
    expect(uf.union(0, 1)).toBeGreaterThanOrEqual(0);
    expect(uf.union(2, 3)).toBeGreaterThanOrEqual(0);
    expect(uf.union(1, 0)).toBe(-1);
    expect(uf.count).toBe(4);
    expect(uf.find(0)).toBe(uf.find(1));
    expect(uf.find(0)).not.toBe(uf.find(2));
    uf.union(1, 3);
    expect(uf.find(0)).toBe(uf.find(2));
    expect(uf.setSize(3)).toBe(4);
    expect(uf.count).toBe(3);
  });

  it('keeps the larger set as root and compresses long chains', () => {
    const n = 10_000;
    const uf = new UnionFind(n);
    for (let i = 1; i < n; i++) uf.union(i - 1, i);
    const root = uf.find(n - 1);
    for (let i = 0; i < n; i++) expect(uf.find(i)).toBe(root);
    expect(uf.setSize(0)).toBe(n);
    // Union by size: a singleton joins under the big set's root.
    const big = new UnionFind(5);
    big.union(0, 1);
    big.union(0, 2);
    expect(big.union(3, 0)).toBe(big.find(0));
  });

  it('labels components by first appearance', () => {
    const uf = new UnionFind(5);
    uf.union(3, 1);
    uf.union(4, 0);
    expect([...uf.labels()]).toEqual([0, 1, 2, 1, 0]);
  });
});
