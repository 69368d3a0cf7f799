import { describe, expect, it } from 'vitest';
import { holdoutPosition, inControl, saltedSha256 } from './hashing.ts';

describe('holdout', () => {
  it('puts a customer in the same arm every time, and different campaigns split differently', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `P${String(i).padStart(9, '0')}`);
    const a = ids.filter((id) => inControl('2024Q3-理财', id, 10));
    expect(ids.filter((id) => inControl('2024Q3-理财', id, 10))).toEqual(a);
    const b = ids.filter((id) => inControl('2024Q3-基金', id, 10));
    expect(b).not.toEqual(a);
    // Close to the requested share (binomial sd ≈ 0.67 percentage points at n = 2000).
    expect(a.length / ids.length).toBeGreaterThan(0.07);
    expect(a.length / ids.length).toBeLessThan(0.13);
  });

  it('only moves customers from target to control as the share grows', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `P${i}`);
    const ten = new Set(ids.filter((id) => inControl('k', id, 10)));
    const twenty = new Set(ids.filter((id) => inControl('k', id, 20)));
    for (const id of ten) expect(twenty.has(id)).toBe(true);
    expect(twenty.size).toBeGreaterThan(ten.size);
  });

  it('is a position in [0, 1) taken from SHA-256', () => {
    // printf '%s' 'k:P1' | sha256sum starts 953e9412: recomputable outside the workbench.
    expect(holdoutPosition('k', 'P1')).toBe(0x953e9412 / 2 ** 32);
    expect(inControl('k', 'P1', 0)).toBe(false);
    expect(inControl('k', 'P1', 100)).toBe(true);
  });
});

describe('saltedSha256', () => {
  it('hashes salt + value as UTF-8', () => {
    // printf '%s' 'abc' | sha256sum
    expect(saltedSha256('', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(saltedSha256('a', 'bc')).toBe(saltedSha256('', 'abc'));
    expect(saltedSha256('盐', '13812345678')).not.toBe(saltedSha256('', '13812345678'));
  });
});
