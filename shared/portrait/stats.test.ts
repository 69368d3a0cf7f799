import { describe, expect, it } from 'vitest';
import { binStats, tgi, twoProportionZ, twoSidedP } from './stats.ts';

describe('portrait statistics', () => {
  it('computes TGI as 100 × group share / base share', () => {
    expect(tgi(0.3, 0.1)).toBeCloseTo(300);
    expect(tgi(0.1, 0)).toBeNull();
  });

  it('gives textbook p-values for z', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 5);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 5);
  });

  it('tests two proportions with the pooled standard error', () => {
    // 60/100 against 40/100: pooled 0.5, se = sqrt(0.25 × 0.02) = 0.0707, z = 2.828.
    const t = twoProportionZ(60, 100, 40, 100);
    expect(t?.z).toBeCloseTo(2.8284, 3);
    expect(t?.p).toBeCloseTo(0.00468, 4);
    expect(twoProportionZ(0, 100, 0, 100)).toBeNull();
  });

  it('shows no TGI below the minimum support: 3 customers cannot read as TGI 400', () => {
    const small = binStats(3, 10, 100, 1000, 97, 990, 30, 0.05);
    expect(small).toMatchObject({ supported: false, tgi: null, significant: false });
    expect(small.groupShare).toBeCloseTo(0.3);
    const big = binStats(300, 1000, 1000, 10_000, 700, 9000, 30, 0.05);
    expect(big.supported).toBe(true);
    expect(big.tgi).toBeCloseTo(300);
    expect(big.significant).toBe(true);
  });
});
