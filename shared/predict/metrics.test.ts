import { describe, expect, it } from 'vitest';
import { auc, calibration, confusionGrid, deciles, ksAndRoc } from './metrics.ts';

describe('evaluation metrics', () => {
  it('AUC is the share of positive–negative pairs ranked right, ties counting half', () => {
    // Pairs (pos, neg): (0.9,0.1) ✓ (0.9,0.5) ✓ (0.5,0.1) ✓ (0.5,0.5) tie → 3.5 / 4.
    expect(auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875, 10);
    expect(auc([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0])).toBe(0);
    expect(auc([0.1, 0.2], [1, 1])).toBe(0.5);
  });

  it('KS is the largest gap between the cumulative positive and negative shares', () => {
    const { ks, roc } = ksAndRoc([0.9, 0.8, 0.7, 0.2, 0.1], [1, 1, 0, 1, 0]);
    // After the top two rows: 2/3 of positives, 0 of negatives.
    expect(ks).toBeCloseTo(2 / 3, 10);
    expect(roc[0]).toEqual([0, 0]);
    expect(roc[roc.length - 1]).toEqual([1, 1]);
  });

  it('decile 1 holds the top 10 % of scores and its lift is its rate over the base rate', () => {
    const scores = Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    // Positives: the top 10 rows all, then one in ten.
    const labels = scores.map((_, i) => (i < 10 || i % 10 === 5 ? 1 : 0));
    const d = deciles(scores, labels);
    expect(d).toHaveLength(10);
    expect(d[0]?.positives).toBe(10);
    expect(d[0]?.lift).toBeCloseTo(1 / (19 / 100), 10);
    expect(d[9]?.cumGain).toBeCloseTo(1, 10);
    expect(d.reduce((s, x) => s + x.rows, 0)).toBe(100);
  });

  it('calibration bins compare mean predicted with observed rates', () => {
    const scores = [0.1, 0.1, 0.9, 0.9];
    const bins = calibration(scores, [0, 0, 1, 1], 2);
    expect(bins.map((b) => [b.meanPredicted, b.observed])).toEqual([
      [0.1, 0],
      [0.9, 1],
    ]);
  });

  it('confusion matrices count predicted positives at score ≥ threshold', () => {
    const grid = confusionGrid([0.95, 0.6, 0.4, 0.05], [1, 0, 1, 0]);
    const at50 = grid.find((c) => c.threshold === 0.5);
    expect(at50).toEqual({ threshold: 0.5, tp: 1, fp: 1, tn: 1, fn: 1 });
    const at01 = grid.find((c) => c.threshold === 0.01);
    expect(at01).toEqual({ threshold: 0.01, tp: 2, fp: 2, tn: 0, fn: 0 });
    expect(grid).toHaveLength(99);
  });
});
