import { describe, expect, it } from 'vitest';
import { fitPca2D, jacobiEigen, project2D } from './pca.ts';

describe('PCA', () => {
  it('Jacobi finds the eigenvalues of a symmetric matrix', () => {
    const { values } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(Array.from(values).sort()).toEqual([expect.closeTo(1, 10), expect.closeTo(3, 10)]);
  });

  it('the first axis follows the direction of largest spread', () => {
    // Points along y = 2x with a little noise in the orthogonal direction.
    const n = 200;
    const x = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const t = i - n / 2;
      const e = (i % 2 === 0 ? 1 : -1) * 0.1;
      x[2 * i] = t - 2 * e;
      x[2 * i + 1] = 2 * t + e;
    }
    const p = fitPca2D(x, 2, Int32Array.from({ length: n }, (_, i) => i));
    expect(Math.abs(p.axes[0][1] as number) / Math.abs(p.axes[0][0] as number)).toBeCloseTo(2, 3);
    expect(p.explained[0]).toBeGreaterThan(0.99);
    const xy = project2D(x, n, 2, p);
    expect(xy.length).toBe(2 * n);
  });
});
