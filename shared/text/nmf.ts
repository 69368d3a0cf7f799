/**
 * Non-negative matrix factorisation X ≈ W·H of a sparse non-negative matrix (notes × words, TF-IDF) with the
 * multiplicative updates of Lee & Seung (2001) for the Frobenius loss, seeded random initialisation as
 * scikit-learn's `init='random'`. Every product touches only the non-zeros of X, so a step costs
 * O(nnz·k + (rows + cols)·k²).
 *
 * Hand-written: the JavaScript NMF packages (ml-matrix based) need dense matrices, which for 100k notes × 2k
 * words would be 1.6 GB.
 */
import { createRandom } from '#shared/jobs/random.ts';

/** Compressed sparse rows. */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  /** rowStart[i] … rowStart[i+1] index `colIndex`/`values` of row i. */
  readonly rowStart: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float32Array;
}

export interface NmfResult {
  /** rows × k, row-major. */
  readonly w: Float32Array;
  /** k × cols, row-major. */
  readonly h: Float32Array;
  readonly k: number;
}

const EPS = 1e-10;

/**
 * @param k number of components (topics)
 * @param iterations multiplicative update rounds (default 100)
 * @param seed seed of the random initialisation (same seed and data → same factors)
 * @param onIteration called after each round; may throw to cancel
 */
export async function nmf(x: SparseRows, k: number, seed: number, iterations = 100, onIteration?: (i: number) => Promise<void> | void): Promise<NmfResult> {
  const { rows, cols, rowStart, colIndex, values } = x;
  const rnd = createRandom(seed);
  let sum = 0;
  for (const v of values) sum += v;
  const scale = Math.sqrt(sum / Math.max(1, rows * cols) / k);
  const w = new Float32Array(rows * k);
  const h = new Float32Array(k * cols);
  for (let i = 0; i < w.length; i++) w[i] = scale * Math.abs(rnd.normal());
  for (let i = 0; i < h.length; i++) h[i] = scale * Math.abs(rnd.normal());
  const wtx = new Float64Array(k * cols);
  const wtw = new Float64Array(k * k);
  const xht = new Float64Array(k);
  const hht = new Float64Array(k * k);
  const whht = new Float64Array(k);

  for (let it = 0; it < iterations; it++) {
    // H ← H ∘ (WᵀX) ⊘ (WᵀW H)
    wtx.fill(0);
    wtw.fill(0);
    for (let i = 0; i < rows; i++) {
      const wi = i * k;
      for (let p = rowStart[i] as number; p < (rowStart[i + 1] as number); p++) {
        const j = colIndex[p] as number;
        const v = values[p] as number;
        for (let a = 0; a < k; a++) wtx[a * cols + j] = (wtx[a * cols + j] as number) + (w[wi + a] as number) * v;
      }
      for (let a = 0; a < k; a++) {
        const wa = w[wi + a] as number;
        if (wa === 0) continue;
        for (let b = 0; b < k; b++) wtw[a * k + b] = (wtw[a * k + b] as number) + wa * (w[wi + b] as number);
      }
    }
    for (let j = 0; j < cols; j++) {
      for (let a = 0; a < k; a++) {
        let denom = 0;
        for (let b = 0; b < k; b++) denom += (wtw[a * k + b] as number) * (h[b * cols + j] as number);
        h[a * cols + j] = ((h[a * cols + j] as number) * (wtx[a * cols + j] as number)) / (denom + EPS);
      }
    }
    // W ← W ∘ (X Hᵀ) ⊘ (W H Hᵀ)
    hht.fill(0);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += (h[a * cols + j] as number) * (h[b * cols + j] as number);
        hht[a * k + b] = s;
        hht[b * k + a] = s;
      }
    }
    for (let i = 0; i < rows; i++) {
      xht.fill(0);
      for (let p = rowStart[i] as number; p < (rowStart[i + 1] as number); p++) {
        const j = colIndex[p] as number;
        const v = values[p] as number;
        for (let a = 0; a < k; a++) xht[a] = (xht[a] as number) + v * (h[a * cols + j] as number);
      }
      const wi = i * k;
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let b = 0; b < k; b++) s += (w[wi + b] as number) * (hht[b * k + a] as number);
        whht[a] = s;
      }
      for (let a = 0; a < k; a++) w[wi + a] = ((w[wi + a] as number) * (xht[a] as number)) / ((whht[a] as number) + EPS);
    }
    if (onIteration) await onIteration(it);
  }
  return { w, h, k };
}
