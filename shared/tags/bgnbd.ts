/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") and the Gamma-Gamma spend model
 * (Fader & Hardie 2013 note), fitted in the engine by maximum likelihood: Nelder–Mead on the logarithms of the
 * parameters (which keeps them positive), starting from 1. The formulas follow the `lifetimes` package
 * (BetaGeoFitter, GammaGammaFitter, customer_lifetime_value) term for term; the unit tests compare them with
 * reference numbers computed from lifetimes' formulas in SciPy.
 *
 * Time is in weeks. An observation is one customer: x repeat transactions (transaction days after the first),
 * t_x the time of the last one and T the time since the first, both from the first transaction.
 */
import { hyp2f1, lnGamma } from './specialFunctions.ts';
import { nelderMead } from './nelderMead.ts';

export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface Observation {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  /** How many customers share these figures (default 1). */
  readonly weight?: number;
}

/** Log-likelihood of the observations under BG/NBD (lifetimes' `_negative_log_likelihood`, negated, unweighted sum). */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, obs: readonly Observation[]): number {
  const base = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * Math.log(alpha);
  // The Γ terms depend on x only, and customers share few distinct x: computed once per x and evaluation.
  const byX = new Map<number, number>();
  let ll = 0;
  for (const o of obs) {
    const { x, tx, T } = o;
    let g = byX.get(x);
    if (g === undefined) {
      g = lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
      byX.set(x, g);
    }
    const a3 = -(r + x) * Math.log(alpha + T);
    let term: number;
    if (x > 0) {
      const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(tx + alpha);
      const m = Math.max(a3, a4);
      term = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    } else term = a3;
    ll += (o.weight ?? 1) * (base + g + term);
  }
  return ll;
}

/**
 * Data that the model does not describe well can have its likelihood keep rising towards a boundary (a → 0,
 * b → ∞: nobody ever leaves); the parameters are held to e^±12 and the search to 4,000 iterations so such a fit
 * ends with the boundary values instead of wandering. Well-posed data converge in a few hundred iterations.
 */
const LOG_BOUND = 12;
const FIT_OPTIONS = { maxIterations: 4000, tolerance: 1e-12 } as const;
const outOfRange = (v: readonly number[]): boolean => v.some((x) => Math.abs(x) > LOG_BOUND);

export interface Fit<P> {
  readonly params: P;
  readonly logLik: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Maximum-likelihood BG/NBD parameters. */
export function fitBgNbd(obs: readonly Observation[]): Fit<BgNbdParams> {
  const toParams = (v: readonly number[]): BgNbdParams => ({ r: Math.exp(v[0] ?? 0), alpha: Math.exp(v[1] ?? 0), a: Math.exp(v[2] ?? 0), b: Math.exp(v[3] ?? 0) });
  const res = nelderMead((v) => (outOfRange(v) ? Number.POSITIVE_INFINITY : -bgnbdLogLikelihood(toParams(v), obs)), [0, 0, 0, 0], FIT_OPTIONS);
  return { params: toParams(res.x), logLik: -res.fx, iterations: res.iterations, converged: res.converged };
}

/** P(alive | x, t_x, T): 1 for a customer with no repeat transaction (lifetimes' convention). */
export function pAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logDiv = (r + x) * Math.log((alpha + T) / (alpha + tx)) + Math.log(a / (b + x - 1));
  return 1 / (1 + Math.exp(logDiv));
}

/**
 * Expected transactions in the next `t` weeks given x, t_x, T (lifetimes'
 * conditional_expected_number_of_purchases_up_to_time). The closed form stays finite and positive for a < 1 as
 * well (the numerator and denominator change sign together); only a = 1 exactly is nudged off the pole.
 */
export function expectedTransactions(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  const a = params.a === 1 ? 1 + 1e-9 : params.a;
  const first = (a + b + x - 1) / (a - 1);
  const z = t / (alpha + T + t);
  // Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z), as lifetimes' alternative form:
  // here C−A = a+b−1−r and C−B = a−1 stay small while C grows with x, so the series converges in a few terms
  // where the direct one needs thousands for frequent customers.
  const A = r + x;
  const B = b + x;
  const C = a + b + x - 1;
  const lnHyp = Math.log(hyp2f1(C - A, C - B, C, z)) + (C - A - B) * Math.log(1 - z);
  const second = 1 - Math.exp(lnHyp + (r + x) * Math.log((alpha + T) / (alpha + t + T)));
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  return (first * second) / denominator;
}

/** Log-likelihood of mean spends `m` over x > 0 repeat transactions under Gamma-Gamma. */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, obs: readonly { readonly x: number; readonly m: number; readonly weight?: number }[]): number {
  const base = -lnGamma(q) + q * Math.log(gamma);
  const byX = new Map<number, number>();
  let ll = 0;
  for (const { x, m, weight } of obs) {
    const px = p * x;
    let g = byX.get(x);
    if (g === undefined) {
      g = lnGamma(px + q) - lnGamma(px) + px * Math.log(x);
      byX.set(x, g);
    }
    ll += (weight ?? 1) * (g + base + (px - 1) * Math.log(m) - (px + q) * Math.log(x * m + gamma));
  }
  return ll;
}

/** Maximum-likelihood Gamma-Gamma parameters from customers with at least one repeat transaction and spend > 0. */
export function fitGammaGamma(obs: readonly { readonly x: number; readonly m: number; readonly weight?: number }[]): Fit<GammaGammaParams> {
  const toParams = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0] ?? 0), q: Math.exp(v[1] ?? 0), gamma: Math.exp(v[2] ?? 0) });
  const res = nelderMead((v) => (outOfRange(v) ? Number.POSITIVE_INFINITY : -gammaGammaLogLikelihood(toParams(v), obs)), [0, 0, 0], FIT_OPTIONS);
  return { params: toParams(res.x), logLik: -res.fx, iterations: res.iterations, converged: res.converged };
}

/** Expected mean spend per transaction given x repeat transactions with mean m (shrunk towards the population mean). */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  const populationMean = (gamma * p) / (q - 1);
  if (x <= 0 || !(q > 1)) return x > 0 ? m : populationMean;
  const w = (p * x) / (p * x + q - 1);
  return (1 - w) * populationMean + w * m;
}

/** Weeks per month, as lifetimes' `customer_lifetime_value` uses for weekly models. */
export const WEEKS_PER_MONTH = 4.345;

/**
 * Discounted value over `months` (lifetimes' `customer_lifetime_value` with freq 'W'): for each month, the
 * expected transactions in it times the spend per transaction, discounted by (1 + d)^month.
 */
export function customerLifetimeValue(params: BgNbdParams, x: number, tx: number, T: number, spend: number, months: number, monthlyDiscount: number): number {
  let total = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const cumulative = expectedTransactions(params, i * WEEKS_PER_MONTH, x, tx, T);
    total += (spend * (cumulative - previous)) / Math.pow(1 + monthlyDiscount, i);
    previous = cumulative;
  }
  return total;
}
