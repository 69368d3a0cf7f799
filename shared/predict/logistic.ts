/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares) on a
 * standardised design matrix, so every coefficient reads as "log-odds per standard deviation" (scorecard-style).
 * The objective is scikit-learn's: ½‖β‖² · l2 + Σ wᵢ · logloss(yᵢ, xᵢβ + β₀), intercept not penalised.
 *
 * Written by hand: ml-logistic-regression (the npm option) fits by plain gradient descent with a fixed step
 * count, has no sample weights, no L2 and no convergence test. Newton on d ≤ a few hundred columns converges
 * in under ten passes and is exact.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';

export interface LogisticFit {
  readonly intercept: number;
  readonly coef: readonly number[];
  readonly iterations: number;
}

/** Solves A x = b for a symmetric positive definite A (d × d, row-major) by Cholesky; A is overwritten. */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! ** 2;
    if (!(s > 0)) throw new ExpectedError('BAD_ARGUMENT', 'The logistic model could not be fitted (the features are collinear); raise the L2 penalty.', { column: j });
    const l = Math.sqrt(s);
    a[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let t = x[i]!;
    for (let k = 0; k < i; k++) t -= a[i * d + k]! * x[k]!;
    x[i] = t / a[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = x[i]!;
    for (let k = i + 1; k < d; k++) t -= a[k * d + i]! * x[k]!;
    x[i] = t / a[i * d + i]!;
  }
  return x;
}

/**
 * Fits on the rows `rows` of `x` (n × d, row-major). Column d of the system is the intercept. Stops when the
 * largest Newton step is below `tol` or after `maxIter` passes; reports `predict.logistic` progress per pass.
 */
export async function fitLogistic(
  x: Float32Array,
  d: number,
  y: Uint8Array,
  w: Float64Array,
  rows: Uint32Array,
  l2: number,
  ctx: JobContext,
  maxIter = 30,
  tol = 1e-6,
): Promise<LogisticFit> {
  const dd = d + 1;
  const beta = new Float64Array(dd);
  let sw = 0;
  let swy = 0;
  for (const r of rows) {
    sw += w[r]!;
    swy += w[r]! * y[r]!;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, sw > 0 ? swy / sw : 0.5));
  beta[d] = Math.log(prior / (1 - prior));
  const xr = new Float64Array(dd);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    const hess = new Float64Array(dd * dd);
    const grad = new Float64Array(dd);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const base = r * d;
      let z = beta[d];
      for (let j = 0; j < d; j++) {
        const v = x[base + j]!;
        xr[j] = v;
        z += v * beta[j]!;
      }
      xr[d] = 1;
      const p = 1 / (1 + Math.exp(-z));
      const wr = w[r]!;
      const gi = wr * (p - y[r]!);
      const hi = Math.max(1e-12, wr * p * (1 - p));
      for (let i = 0; i < dd; i++) {
        const xi = xr[i]!;
        if (xi === 0) continue;
        grad[i]! += gi * xi;
        const hx = hi * xi;
        const row = i * dd;
        // Lower triangle only; mirrored below.
        for (let j = 0; j <= i; j++) hess[row + j]! += hx * xr[j]!;
      }
      if ((k & 0xffff) === 0xffff) await ctx.checkpoint();
    }
    for (let i = 0; i < dd; i++) for (let j = 0; j < i; j++) hess[j * dd + i] = hess[i * dd + j]!;
    for (let j = 0; j < d; j++) {
      hess[j * dd + j]! += l2;
      grad[j]! += l2 * beta[j]!;
    }
    const step = choleskySolve(hess, grad, dd);
    let largest = 0;
    for (let j = 0; j < dd; j++) {
      beta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    ctx.progress('predict.logistic', iter + 1, maxIter);
    await ctx.checkpoint();
    if (largest < tol) {
      iter++;
      break;
    }
  }
  return { intercept: beta[d], coef: Array.from(beta.subarray(0, d)), iterations: iter };
}

/** Log-odds of every row of x (n × d). */
export function logisticRaw(fit: { readonly intercept: number; readonly coef: readonly number[] }, x: Float32Array, d: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = fit.intercept;
    const base = r * d;
    for (let j = 0; j < d; j++) z += x[base + j]! * fit.coef[j]!;
    out[r] = z;
  }
  return out;
}
