import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { makeBlobs } from './testData.ts';
import { umapSteps, type UmapStep } from './umap.ts';

function embed(x: Float64Array, n: number, d: number, seed: number): { xy: Float32Array; steps: UmapStep[] } {
  const it = umapSteps(x, n, d, createRandom(seed), { epochs: 120 });
  const steps: UmapStep[] = [];
  for (;;) {
    const s = it.next();
    if (s.done) return { xy: s.value, steps };
    steps.push(s.value);
  }
}

/** Share of points whose nearest group centre in the embedding is their own group's. */
function nearestCentroidAccuracy(xy: Float32Array, truth: Int32Array, k: number): number {
  const sum = new Float64Array(2 * k);
  const count = new Float64Array(k);
  truth.forEach((c, i) => {
    sum[2 * c] = (sum[2 * c] as number) + (xy[2 * i] as number);
    sum[2 * c + 1] = (sum[2 * c + 1] as number) + (xy[2 * i + 1] as number);
    count[c] = (count[c] as number) + 1;
  });
  let hits = 0;
  truth.forEach((c, i) => {
    let best = -1;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const dx = (xy[2 * i] as number) - (sum[2 * j] as number) / (count[j] as number);
      const dy = (xy[2 * i + 1] as number) - (sum[2 * j + 1] as number) / (count[j] as number);
      if (dx * dx + dy * dy < bestDist) {
        bestDist = dx * dx + dy * dy;
        best = j;
      }
    }
    if (best === c) hits++;
  });
  return hits / truth.length;
}

describe('UMAP embedding', () => {
  const blobs = makeBlobs(600, 10, 5, 11);

  it('keeps well-separated planted groups apart in 2-D, step by step', () => {
    const { xy, steps } = embed(blobs.x, blobs.n, blobs.d, 5);
    expect(xy.length).toBe(2 * blobs.n);
    expect(xy.every(Number.isFinite)).toBe(true);
    expect(steps[0]).toEqual({ phase: 'graph' });
    expect(steps.at(-1)).toEqual({ phase: 'layout', epoch: 120, epochs: 120 });
    expect(nearestCentroidAccuracy(xy, blobs.truth, 5)).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same map for the same seed and another for another seed', () => {
    const a = embed(blobs.x, blobs.n, blobs.d, 9).xy;
    const b = embed(blobs.x, blobs.n, blobs.d, 9).xy;
    const c = embed(blobs.x, blobs.n, blobs.d, 10).xy;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});
