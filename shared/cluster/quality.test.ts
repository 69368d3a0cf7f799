import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, calinskiHarabasz, daviesBouldin, sampledSilhouette } from './quality.ts';

describe('quality measures', () => {
  // Two tight pairs far apart on a line: 0, 1 | 10, 11.
  const x = Float64Array.from([0, 1, 10, 11]);
  const labels = Int32Array.from([0, 0, 1, 1]);
  const centers = Float64Array.from([0.5, 10.5]);

  it('silhouette matches the hand computation', () => {
    // Row 0: a = 1, b = (10 + 11) / 2 = 10.5 → s = 9.5 / 10.5; row 1: a = 1, b = 9.5 → 8.5 / 9.5; symmetric for the others.
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
    expect(sampledSilhouette(x, 1, labels, 2, Int32Array.from([0, 1, 2, 3]))).toBeCloseTo(expected, 12);
  });

  it('Calinski–Harabasz and Davies–Bouldin match their definitions', () => {
    const within = 4 * 0.25;
    const between = 2 * 25 + 2 * 25;
    expect(calinskiHarabasz(x, 4, 1, labels, centers, within)).toBeCloseTo(between / 1 / (within / 2), 9);
    expect(daviesBouldin(x, 4, 1, labels, centers)).toBeCloseTo((0.5 + 0.5) / 10, 12);
  });

  it('adjusted Rand index: 1 for the same partition under other names, below 0.1 for an unrelated one', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 0, 0])).toBe(1);
    const a = Array.from({ length: 600 }, (_, i) => i % 3);
    const b = Array.from({ length: 600 }, (_, i) => Math.floor(i / 200));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.1);
  });
});
