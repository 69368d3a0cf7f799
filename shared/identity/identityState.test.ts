import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { sortOrder } from './identityState.ts';

/** The permutation a stable comparator sort gives. */
function reference(keys: Float64Array): number[] {
  return Array.from(keys.keys()).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}

describe('sortOrder', () => {
  it('sorts 53-bit keys ascending like a stable comparator sort', () => {
    const r = createRandom(5);
    const keys = new Float64Array(20_000);
    for (let i = 0; i < keys.length; i++) keys[i] = r.int(0, 2 ** 21 - 1) * 4294967296 + r.int(0, 2 ** 32 - 1);
    keys[7] = Number.MAX_SAFE_INTEGER;
    keys[8] = 0;
    expect(Array.from(sortOrder(keys))).toEqual(reference(keys));
  });

  it('keeps equal keys in input order', () => {
    const r = createRandom(9);
    const keys = Float64Array.from({ length: 5_000 }, () => r.int(0, 40) * 2 ** 40 + r.int(0, 3));
    const order = Array.from(sortOrder(keys));
    expect(order).toEqual(reference(keys));
    const firstOfEach = new Map<number, number>();
    for (const i of order) if (!firstOfEach.has(keys[i] as number)) firstOfEach.set(keys[i] as number, i);
    for (const [k, i] of firstOfEach) expect(i).toBe(keys.indexOf(k));
  });

  it('handles empty input, one key, and keys that fit in the low bits only', () => {
    expect(Array.from(sortOrder(new Float64Array(0)))).toEqual([]);
    expect(Array.from(sortOrder(Float64Array.of(42)))).toEqual([0]);
    const small = Float64Array.of(5, 3, 9, 3, 0, 4_000_000_000);
    expect(Array.from(sortOrder(small))).toEqual(reference(small));
  });
});
