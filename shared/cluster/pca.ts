/**
 * Two-component PCA for the cluster map. The covariance is d × d (d is the number of model features, rarely over
 * a hundred), so a cyclic Jacobi eigen-solver on it is exact and tiny; ml-pca would first copy the n rows into an
 * ml-matrix object, which at a million rows costs more than the whole projection here.
 */

export interface Projection2D {
  /** Column means subtracted before projecting (d). */
  readonly mean: Float64Array;
  /** First and second principal axes, each of length d (unit vectors). */
  readonly axes: readonly [Float64Array, Float64Array];
  /** Share of the total variance each axis explains. */
  readonly explained: readonly [number, number];
}

/** Eigen-decomposition of a symmetric `d × d` matrix (row-major, destroyed): eigenvalues and column eigenvectors. */
export function jacobiEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += (a[p * d + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * d + p] as number;
        const aqq = a[q * d + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = a[r * d + p] as number;
          const arq = a[r * d + q] as number;
          a[r * d + p] = c * arp - s * arq;
          a[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = a[p * d + r] as number;
          const aqr = a[q * d + r] as number;
          a[p * d + r] = c * apr - s * aqr;
          a[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = v[r * d + p] as number;
          const vrq = v[r * d + q] as number;
          v[r * d + p] = c * vrp - s * vrq;
          v[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i] as number;
  return { values, vectors: v };
}

/**
 * Fits the two leading principal axes of the rows `idx` of `x` (n × d). Axis signs are fixed (largest component
 * positive) so the same data always draws the same map.
 */
export function fitPca2D(x: Float64Array, d: number, idx: Int32Array): Projection2D {
  const s = idx.length;
  const mean = new Float64Array(d);
  for (const i of idx) for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) + (x[i * d + t] as number);
  for (let t = 0; t < d; t++) mean[t] = s > 0 ? (mean[t] as number) / s : 0;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (const i of idx) {
    for (let t = 0; t < d; t++) row[t] = (x[i * d + t] as number) - (mean[t] as number);
    for (let p = 0; p < d; p++) {
      const rp = row[p] as number;
      for (let q = p; q < d; q++) cov[p * d + q] = (cov[p * d + q] as number) + rp * (row[q] as number);
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = (cov[p * d + q] as number) / Math.max(1, s - 1);
      cov[p * d + q] = v;
      cov[q * d + p] = v;
    }
  }
  const { values, vectors } = jacobiEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => (values[b] as number) - (values[a] as number));
  let total = 0;
  for (const v of values) total += Math.max(0, v);
  const axis = (rank: number): Float64Array => {
    const col = order[rank];
    const out = new Float64Array(d);
    if (col === undefined) return out;
    let big = 0;
    for (let t = 0; t < d; t++) {
      out[t] = vectors[t * d + col] as number;
      if (Math.abs(out[t] as number) > Math.abs(out[big] as number)) big = t;
    }
    if ((out[big] as number) < 0) for (let t = 0; t < d; t++) out[t] = -(out[t] as number);
    return out;
  };
  const share = (rank: number): number => {
    const col = order[rank];
    return col === undefined || total <= 0 ? 0 : Math.max(0, values[col] as number) / total;
  };
  return { mean, axes: [axis(0), axis(1)], explained: [share(0), share(1)] };
}

/** Coordinates of every row on the two axes, interleaved `[x0, y0, x1, y1, …]`. */
export function project2D(x: Float64Array, n: number, d: number, p: Projection2D): Float32Array {
  const out = new Float32Array(2 * n);
  const [a0, a1] = p.axes;
  for (let i = 0; i < n; i++) {
    let u = 0;
    let v = 0;
    for (let t = 0; t < d; t++) {
      const c = (x[i * d + t] as number) - (p.mean[t] as number);
      u += c * (a0[t] as number);
      v += c * (a1[t] as number);
    }
    out[2 * i] = u;
    out[2 * i + 1] = v;
  }
  return out;
}
