/** Seeded row sampling shared by seeding, k scans, silhouette and the 2-D map. */
import type { Random } from '#shared/jobs/random.ts';

/**
 * `m` distinct row indices out of `n`, ascending (Knuth's selection sampling: one pass, no index array of n).
 * All rows when `m >= n`.
 */
export function sampleIndices(n: number, m: number, random: Random): Int32Array {
  if (m >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const out = new Int32Array(m);
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++) {
    if (random.next() * (n - i) < m - chosen) out[chosen++] = i;
  }
  return out;
}

/** The rows `idx` of the `n × d` matrix `x`, as a new `idx.length × d` matrix. */
export function takeRows(x: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let r = 0; r < idx.length; r++) {
    const from = (idx[r] as number) * d;
    out.set(x.subarray(from, from + d), r * d);
  }
  return out;
}
