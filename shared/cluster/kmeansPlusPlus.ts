/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with the greedy local trials scikit-learn uses): each
 * new centre is the best of `2 + ⌊ln k⌋` candidates drawn with probability proportional to the squared distance
 * to the nearest centre so far. Works on a row-major Float64Array and keeps O(n) extra memory: the candidates are
 * scored in one streaming pass over the rows instead of one array per candidate.
 */
import type { Random } from '#shared/jobs/random.ts';

/**
 * Picks `k` initial centres from the `n × d` rows of `x` (row-major). Returns a new `k × d` Float64Array.
 * Deterministic for the same `random` state and data. When fewer than `k` distinct rows exist, later centres
 * repeat earlier ones (k-means then leaves those clusters empty and relocates them).
 */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, random: Random): Float64Array {
  const centers = new Float64Array(k * d);
  if (n === 0) return centers;
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n);
  const first = Math.min(n - 1, Math.floor(random.next() * n));
  copyRow(x, first, d, centers, 0);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const v = sqDist(x, i * d, centers, 0, d);
    closest[i] = v;
    pot += v;
  }
  const cand = new Int32Array(trials);
  const targets = new Float64Array(trials);
  const candPot = new Float64Array(trials);
  const candRows = new Float64Array(trials * d);
  for (let c = 1; c < k; c++) {
    drawCandidates(closest, n, pot, random, targets, cand);
    candPot.fill(0);
    // The candidates' rows side by side, so the scoring pass reads them from one small contiguous buffer.
    for (let t = 0; t < trials; t++) copyRow(x, cand[t] as number, d, candRows, t * d);
    // One pass over the rows scores every candidate: the potential if it were chosen.
    for (let i = 0; i < n; i++) {
      const off = i * d;
      const cur = closest[i] as number;
      for (let t = 0, co = 0; t < trials; t++, co += d) {
        let v = 0;
        for (let q = 0; q < d; q++) {
          const diff = (x[off + q] as number) - (candRows[co + q] as number);
          v += diff * diff;
        }
        candPot[t] = (candPot[t] as number) + (v < cur ? v : cur);
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if ((candPot[t] as number) < (candPot[best] as number)) best = t;
    const chosen = cand[best] as number;
    copyRow(x, chosen, d, centers, c * d);
    pot = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let v = 0;
      for (let q = 0; q < d; q++) {
        const diff = (x[off + q] as number) - (centers[c * d + q] as number);
        v += diff * diff;
      }
      const cur = closest[i] as number;
      const m = v < cur ? v : cur;
      closest[i] = m;
      pot += m;
    }
  }
  return centers;
}

/**
 * Draws `targets.length` row indices with probability ∝ `closest[i]`, by sorting the uniform draws and walking
 * the running sum once (no cumulative-sum array). When every distance is 0 (all rows equal) draws uniformly.
 */
function drawCandidates(closest: Float64Array, n: number, pot: number, random: Random, targets: Float64Array, out: Int32Array): void {
  const m = targets.length;
  if (!(pot > 0)) {
    for (let t = 0; t < m; t++) out[t] = Math.min(n - 1, Math.floor(random.next() * n));
    return;
  }
  for (let t = 0; t < m; t++) targets[t] = random.next() * pot;
  const order = Array.from({ length: m }, (_, t) => t).sort((a, b) => (targets[a] as number) - (targets[b] as number));
  let acc = 0;
  let i = 0;
  let last = n - 1;
  while (last > 0 && (closest[last] as number) === 0) last--;
  for (const t of order) {
    const target = targets[t] as number;
    while (i < last && acc + (closest[i] as number) <= target) acc += closest[i++] as number;
    out[t] = i;
  }
}

function copyRow(x: Float64Array, row: number, d: number, to: Float64Array, at: number): void {
  to.set(x.subarray(row * d, row * d + d), at);
}

/** Squared Euclidean distance between row `a` of `x` and row `b` of `y` (offsets in elements). */
export function sqDist(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let acc = 0;
  for (let t = 0; t < d; t++) {
    const diff = (x[a + t] as number) - (y[b + t] as number);
    acc += diff * diff;
  }
  return acc;
}
