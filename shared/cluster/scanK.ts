/**
 * Choosing k: for each k in a range, k-means on a seeded sample of the rows, then silhouette (on a smaller
 * sample, exact), Calinski–Harabasz, Davies–Bouldin, and stability — the mean adjusted Rand index between runs
 * trained on different bootstrap halves with different seeds, compared on the same evaluation rows. The
 * recommendation is the k with the best mean rank over the four; the analyst decides.
 */
import type { KScanPoint } from '#shared/api/clusterTypes.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { kmeansSteps } from './kmeans.ts';
import { kmeansPlusPlus } from './kmeansPlusPlus.ts';
import { assignNearest } from './miniBatch.ts';
import { adjustedRandIndex, calinskiHarabasz, daviesBouldin, sampledSilhouette } from './quality.ts';
import { sampleIndices, takeRows } from './sampling.ts';

export interface ScanOptions {
  readonly kMin: number;
  readonly kMax: number;
  /** Rows the k-means runs use (default 30,000). */
  readonly scanRows: number;
  /**
   * Rows the silhouette and stability are measured on (default 10,000 per k, twice Orange's cap of 5,000, about
   * 2 s per k at 30 dimensions; the memory is O(rows × k) because no distance matrix is kept, so larger samples
   * cost only time, quadratically).
   */
  readonly evalRows: number;
  /** Extra runs for stability (default 3). */
  readonly stabilityRuns: number;
}

export const DEFAULT_SCAN: ScanOptions = { kMin: 2, kMax: 10, scanRows: 30_000, evalRows: 10_000, stabilityRuns: 3 };

async function runKMeans(x: Float64Array, n: number, d: number, k: number, seed: number, ctx: JobContext): Promise<{ labels: Int32Array; centers: Float64Array; inertia: number }> {
  const init = kmeansPlusPlus(x, n, d, k, createRandom(seed));
  const it = kmeansSteps(x, n, d, init, { maxIter: 100 });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await ctx.checkpoint();
  }
}

/** Scans k over `[kMin, kMax]` on the `n × d` matrix `x`. */
export async function scanK(x: Float64Array, n: number, d: number, seed: number, options: ScanOptions, ctx: JobContext): Promise<{ points: KScanPoint[]; recommendedK: number; scanRows: number; evalRows: number }> {
  const random = createRandom(seed);
  const scanIdx = sampleIndices(n, options.scanRows, random);
  const m = scanIdx.length;
  const xs = m === n ? x : takeRows(x, d, scanIdx);
  const evalIdx = sampleIndices(m, options.evalRows, random);
  const evalX = takeRows(xs, d, evalIdx);
  const e = evalIdx.length;
  const evalAll = new Int32Array(e).map((_, i) => i);
  const kMax = Math.max(options.kMin, Math.min(options.kMax, m - 1));
  const points: KScanPoint[] = [];
  const steps = kMax - options.kMin + 1;
  for (let k = options.kMin; k <= kMax; k++) {
    const step = k - options.kMin;
    ctx.progress('cluster.scan', step, steps, `k = ${k}`);
    const main = await runKMeans(xs, m, d, k, seed + k, ctx);
    const evalLabels = new Int32Array(e);
    for (let i = 0; i < e; i++) evalLabels[i] = main.labels[evalIdx[i] as number] as number;
    const silhouette = sampledSilhouette(evalX, d, evalLabels, k, evalAll);
    await ctx.checkpoint();
    const ch = calinskiHarabasz(xs, m, d, main.labels, main.centers, main.inertia);
    const db = daviesBouldin(xs, m, d, main.labels, main.centers);
    const runs: Int32Array[] = [];
    for (let r = 0; r < options.stabilityRuns; r++) {
      const bootIdx = sampleIndices(m, Math.max(k + 1, Math.floor(m / 2)), createRandom(seed * 31 + k * 101 + r));
      const bx = takeRows(xs, d, bootIdx);
      const boot = await runKMeans(bx, bootIdx.length, d, k, seed + 1000 * (r + 1) + k, ctx);
      runs.push(assignNearest(evalX, e, d, boot.centers));
    }
    let ari = 0;
    let pairs = 0;
    for (let a = 0; a < runs.length; a++) {
      for (let b = a + 1; b < runs.length; b++) {
        ari += adjustedRandIndex(runs[a] as Int32Array, runs[b] as Int32Array);
        pairs++;
      }
    }
    points.push({ k, inertia: main.inertia, silhouette, calinskiHarabasz: ch, daviesBouldin: db, stability: pairs > 0 ? ari / pairs : 1 });
    await ctx.checkpoint();
  }
  ctx.progress('cluster.scan', steps, steps);
  return { points, recommendedK: recommendK(points), scanRows: m, evalRows: e };
}

/** The k with the best mean rank over silhouette (high), Calinski–Harabasz (high), Davies–Bouldin (low) and stability (high); ties to the smaller k. */
export function recommendK(points: readonly KScanPoint[]): number {
  if (points.length === 0) return 2;
  const rank = (key: (p: KScanPoint) => number, higherBetter: boolean): Map<number, number> => {
    const sorted = [...points].sort((a, b) => (higherBetter ? key(b) - key(a) : key(a) - key(b)) || a.k - b.k);
    return new Map(sorted.map((p, i) => [p.k, i]));
  };
  const ranks = [rank((p) => p.silhouette, true), rank((p) => p.calinskiHarabasz, true), rank((p) => p.daviesBouldin, false), rank((p) => p.stability, true)];
  let best = points[0] as KScanPoint;
  let bestScore = Infinity;
  for (const p of points) {
    const score = ranks.reduce((acc, r) => acc + (r.get(p.k) ?? 0), 0);
    if (score < bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best.k;
}
