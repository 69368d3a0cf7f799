/**
 * Cluster quality measures for choosing k and for tests: silhouette on a sample (exact, without a distance
 * matrix), Calinski–Harabasz, Davies–Bouldin, and the adjusted Rand index between two labelings.
 */

/**
 * Mean silhouette of the rows `idx` (a sample), measured against the same sample. Exact for the sample; memory is
 * O(sample × k) because each pair's distance is added to per-cluster sums instead of stored (Orange keeps the
 * sample × sample matrix, hence its 5,000-row cap). Time O(sample² × d). Rows in singleton clusters score 0.
 * `onRow` is called every 256 rows, for progress and cancellation.
 */
export function sampledSilhouette(
  x: Float64Array,
  d: number,
  labels: Int32Array,
  k: number,
  idx: Int32Array,
  onRow?: (done: number, total: number) => void,
): number {
  const s = idx.length;
  if (s < 2 || k < 2) return 0;
  // The sample's rows copied side by side: the pair loop then streams through one small array (about 5× faster
  // than gathering rows scattered over a large matrix).
  const xs = new Float64Array(s * d);
  const sum = new Float64Array(s * k);
  const size = new Float64Array(k);
  const lab = new Int32Array(s);
  for (let a = 0; a < s; a++) {
    const row = idx[a] as number;
    xs.set(x.subarray(row * d, row * d + d), a * d);
    const l = labels[row] as number;
    lab[a] = l;
    size[l] = (size[l] as number) + 1;
  }
  for (let a = 0; a < s; a++) {
    const ao = a * d;
    const la = lab[a] as number;
    const rowA = a * k;
    for (let b = a + 1; b < s; b++) {
      const bo = b * d;
      let acc = 0;
      for (let t = 0; t < d; t++) {
        const diff = (xs[ao + t] as number) - (xs[bo + t] as number);
        acc += diff * diff;
      }
      const dist = Math.sqrt(acc);
      const lb = lab[b] as number;
      sum[rowA + lb] = (sum[rowA + lb] as number) + dist;
      sum[b * k + la] = (sum[b * k + la] as number) + dist;
    }
    if (onRow && (a & 255) === 255) onRow(a + 1, s);
  }
  let total = 0;
  for (let a = 0; a < s; a++) {
    const la = lab[a] as number;
    const own = size[la] as number;
    if (own <= 1) continue;
    const ai = (sum[a * k + la] as number) / (own - 1);
    let bi = Infinity;
    for (let j = 0; j < k; j++) {
      if (j === la || (size[j] as number) === 0) continue;
      const v = (sum[a * k + j] as number) / (size[j] as number);
      if (v < bi) bi = v;
    }
    if (bi === Infinity) continue;
    const m = Math.max(ai, bi);
    total += m > 0 ? (bi - ai) / m : 0;
  }
  return total / s;
}

/** Per-cluster sizes (k entries). */
export function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l] = (sizes[l] ?? 0) + 1;
  return sizes;
}

/**
 * Calinski–Harabasz index: between-cluster dispersion / within-cluster dispersion, each divided by its degrees of
 * freedom. Higher is better. `inertia` is the within-cluster sum of squares for `centers`.
 */
export function calinskiHarabasz(x: Float64Array, n: number, d: number, labels: Int32Array, centers: Float64Array, inertia: number): number {
  const k = centers.length / d;
  if (k < 2 || n <= k || inertia <= 0) return 0;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) + (x[i * d + t] as number) / n;
  const sizes = clusterSizes(labels, k);
  let between = 0;
  for (let j = 0; j < k; j++) {
    let acc = 0;
    for (let t = 0; t < d; t++) {
      const diff = (centers[j * d + t] as number) - (mean[t] as number);
      acc += diff * diff;
    }
    between += (sizes[j] ?? 0) * acc;
  }
  return (between / (k - 1)) / (inertia / (n - k));
}

/**
 * Davies–Bouldin index: the mean over clusters of the worst ratio (scatterᵢ + scatterⱼ) / distance(centreᵢ,
 * centreⱼ), scatter being the mean distance of a cluster's rows to its centre. Lower is better.
 */
export function daviesBouldin(x: Float64Array, n: number, d: number, labels: Int32Array, centers: Float64Array): number {
  const k = centers.length / d;
  if (k < 2) return 0;
  const scatter = new Float64Array(k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const j = labels[i] as number;
    let acc = 0;
    for (let t = 0; t < d; t++) {
      const diff = (x[i * d + t] as number) - (centers[j * d + t] as number);
      acc += diff * diff;
    }
    scatter[j] = (scatter[j] as number) + Math.sqrt(acc);
    sizes[j] = (sizes[j] as number) + 1;
  }
  for (let j = 0; j < k; j++) if ((sizes[j] as number) > 0) scatter[j] = (scatter[j] as number) / (sizes[j] as number);
  let total = 0;
  let used = 0;
  for (let i = 0; i < k; i++) {
    if ((sizes[i] as number) === 0) continue;
    let worst = 0;
    for (let j = 0; j < k; j++) {
      if (j === i || (sizes[j] as number) === 0) continue;
      let acc = 0;
      for (let t = 0; t < d; t++) {
        const diff = (centers[i * d + t] as number) - (centers[j * d + t] as number);
        acc += diff * diff;
      }
      const sep = Math.sqrt(acc);
      const r = sep > 0 ? ((scatter[i] as number) + (scatter[j] as number)) / sep : Infinity;
      if (r > worst) worst = r;
    }
    total += worst;
    used++;
  }
  return used > 0 ? total / used : 0;
}

/** Adjusted Rand index (Hubert & Arabie) of two labelings of the same rows: 1 identical up to renaming, ≈0 chance. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError('labelings differ in length');
  const table = new Map<number, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  let ka = 0;
  for (let i = 0; i < n; i++) ka = Math.max(ka, (a[i] as number) + 1);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const key = y * ka + x;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
  }
  const c2 = (v: number): number => (v * (v - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  for (const v of rows.values()) sa += c2(v);
  let sb = 0;
  for (const v of cols.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
