import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { inertiaOf, kmeans, kmeansSteps } from './kmeans.ts';
import { kmeansPlusPlus } from './kmeansPlusPlus.ts';
import { assignNearest, miniBatchSteps } from './miniBatch.ts';
import { adjustedRandIndex } from './quality.ts';
import { makeBlobs } from './testData.ts';

/** Plain Lloyd, the reference the bound-based version must agree with. */
function lloyd(x: Float64Array, n: number, d: number, init: Float64Array, iters: number): Int32Array {
  const k = init.length / d;
  const c = Float64Array.from(init);
  let labels = assignNearest(x, n, d, c);
  for (let it = 0; it < iters; it++) {
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const j = labels[i] as number;
      counts[j] = (counts[j] as number) + 1;
      for (let t = 0; t < d; t++) sums[j * d + t] = (sums[j * d + t] as number) + (x[i * d + t] as number);
    }
    for (let j = 0; j < k; j++) if ((counts[j] as number) > 0) for (let t = 0; t < d; t++) c[j * d + t] = (sums[j * d + t] as number) / (counts[j] as number);
    const next = assignNearest(x, n, d, c);
    if (next.every((v, i) => v === labels[i])) break;
    labels = next;
  }
  return labels;
}

describe('k-means', () => {
  it('finds planted clusters (ARI ≥ 0.99) and reports the inertia of its labels', () => {
    const b = makeBlobs(3000, 5, 4, 7, 6, 1);
    const init = kmeansPlusPlus(b.x, b.n, b.d, 4, createRandom(1));
    const r = kmeans(b.x, b.n, b.d, init);
    expect(adjustedRandIndex(r.labels, b.truth)).toBeGreaterThan(0.99);
    expect(r.converged).toBe(true);
    expect(r.inertia).toBeCloseTo(inertiaOf(b.x, b.n, b.d, r.centers, r.labels), 6);
  });

  it("reaches the same fixed point as plain Lloyd from the same start (Hamerly's bounds skip work, not answers)", () => {
    const b = makeBlobs(2000, 3, 6, 3, 1.5, 1);
    const init = kmeansPlusPlus(b.x, b.n, b.d, 6, createRandom(9));
    const r = kmeans(b.x, b.n, b.d, init, { tol: 0 });
    const ref = lloyd(b.x, b.n, b.d, init, 300);
    expect(adjustedRandIndex(r.labels, ref)).toBe(1);
  });

  it('is reproducible: same seed and data give the same labels', () => {
    const b = makeBlobs(1500, 4, 5, 11, 2, 1);
    const run = (): Int32Array => kmeans(b.x, b.n, b.d, kmeansPlusPlus(b.x, b.n, b.d, 5, createRandom(42))).labels;
    expect(Array.from(run())).toEqual(Array.from(run()));
  });

  it('yields once per iteration and never leaves a cluster empty when rows repeat', () => {
    // 10 rows at two points only, k = 3: seeding must repeat a point, and the empty cluster is relocated.
    const x = new Float64Array(20);
    for (let i = 5; i < 10; i++) x[2 * i] = 10;
    x[18] = 11;
    const it = kmeansSteps(x, 10, 2, kmeansPlusPlus(x, 10, 2, 3, createRandom(1)));
    let steps = 0;
    let r = it.next();
    while (!r.done) {
      steps++;
      r = it.next();
    }
    expect(steps).toBe(r.value.iterations);
    expect(new Set(Array.from(r.value.labels)).size).toBe(3);
  });
});

describe('mini-batch k-means', () => {
  it('finds planted clusters and labels every row with its nearest centre', () => {
    const b = makeBlobs(20_000, 4, 5, 5, 6, 1);
    const random = createRandom(3);
    const it = miniBatchSteps(b.x, b.n, b.d, kmeansPlusPlus(b.x, b.n, b.d, 5, random), random, { batchSize: 512 });
    let r = it.next();
    while (!r.done) r = it.next();
    expect(adjustedRandIndex(r.value.labels, b.truth)).toBeGreaterThan(0.98);
    expect(Array.from(r.value.labels)).toEqual(Array.from(assignNearest(b.x, b.n, b.d, r.value.centers)));
  });
});
