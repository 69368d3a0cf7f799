import { describe, expect, it } from 'vitest';
import { rateDifference, wilson } from './lift.ts';

describe('wilson', () => {
  it('matches the published interval for 81 of 263 (Newcombe 1998, example)', () => {
    const w = wilson(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
  });
});

describe('rateDifference', () => {
  it('matches Newcombe method 10 for 56/70 vs 48/80 (0.0524 to 0.3339)', () => {
    const d = rateDifference(56, 70, 48, 80);
    expect(d?.diff).toBeCloseTo(0.2, 9);
    expect(d?.low).toBeCloseTo(0.0524, 3);
    expect(d?.high).toBeCloseTo(0.3339, 3);
  });

  it('is null with an empty group and stays within [-1, 1] at the extremes', () => {
    expect(rateDifference(1, 0, 1, 5)).toBeNull();
    const d = rateDifference(10, 10, 0, 10);
    expect(d?.high).toBeLessThanOrEqual(1);
    expect(d?.low).toBeGreaterThan(0.5);
  });
});
