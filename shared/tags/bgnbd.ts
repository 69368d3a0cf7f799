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
export function bgnbdLogLikelihood(params: BgNbdParams, obs: readonly Observation[]): number {
  return bgnbdLikelihoodOf(obs)(params);
}

/**
 * Observations in typed arrays with each customer's slot among the distinct x: the Γ terms depend on x only,
 * and customers share few distinct x, so they are computed once per x and evaluation. A fit evaluates the
 * likelihood thousands of times; reading the arrays is several times faster than walking the objects.
 */
interface PreparedObservations {
  readonly n: number;
  readonly x: Float64Array;
  readonly w: Float64Array;
  /** Index into `xs` of each observation's x. */
  readonly slot: Int32Array;
  readonly xs: Float64Array;
}

function prepare(obs: readonly { readonly x: number; readonly weight?: number }[]): PreparedObservations {
  const n = obs.length;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const slot = new Int32Array(n);
  const slots = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const o = obs[i] as { readonly x: number; readonly weight?: number };
    x[i] = o.x;
    w[i] = o.weight ?? 1;
    let k = slots.get(o.x);
    if (k === undefined) slots.set(o.x, (k = slots.size));
    slot[i] = k;
  }
  return { n, x, w, slot, xs: Float64Array.from(slots.keys()) };
}

/** The BG/NBD log-likelihood of fixed observations as a function of the parameters (same sum, same order). */
function bgnbdLikelihoodOf(obs: readonly Observation[]): (params: BgNbdParams) => number {
  const { n, x: xa, w, slot, xs } = prepare(obs);
  const txa = Float64Array.from(obs, (o) => o.tx);
  const Ta = Float64Array.from(obs, (o) => o.T);
  const g = new Float64Array(xs.length);
  return ({ r, alpha, a, b }) => {
    const base = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * Math.log(alpha);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number;
      g[k] = lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    }
    const logA = Math.log(a);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const x = xa[i] as number;
      const a3 = -(r + x) * Math.log(alpha + (Ta[i] as number));
      let term: number;
      if (x > 0) {
        const a4 = logA - Math.log(b + x - 1) - (r + x) * Math.log((txa[i] as number) + alpha);
        const m = Math.max(a3, a4);
        term = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
      } else term = a3;
      ll += (w[i] as number) * (base + (g[slot[i] as number] as number) + term);
    }
    return ll;
  };
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
  const logLik = bgnbdLikelihoodOf(obs);
  const res = nelderMead((v) => (outOfRange(v) ? Number.POSITIVE_INFINITY : -logLik(toParams(v))), [0, 0, 0, 0], FIT_OPTIONS);
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

/** One customer for Gamma-Gamma: x repeat transactions with mean spend m (how many customers share them: weight). */
export interface SpendObservation {
  readonly x: number;
  readonly m: number;
  readonly weight?: number;
}

/** Log-likelihood of mean spends `m` over x > 0 repeat transactions under Gamma-Gamma. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, obs: readonly SpendObservation[]): number {
  return gammaGammaLikelihoodOf(obs)(params);
}

/** The Gamma-Gamma log-likelihood of fixed observations as a function of the parameters (same sum, same order). */
function gammaGammaLikelihoodOf(obs: readonly SpendObservation[]): (params: GammaGammaParams) => number {
  const { n, x: xa, w, slot, xs } = prepare(obs);
  const ma = Float64Array.from(obs, (o) => o.m);
  const logM = ma.map(Math.log);
  const g = new Float64Array(xs.length);
  return ({ p, q, gamma }) => {
    const base = -lnGamma(q) + q * Math.log(gamma);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number;
      const px = p * x;
      g[k] = lnGamma(px + q) - lnGamma(px) + px * Math.log(x);
    }
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const x = xa[i] as number;
      const px = p * x;
      ll += (w[i] as number) * ((g[slot[i] as number] as number) + base + (px - 1) * (logM[i] as number) - (px + q) * Math.log(x * (ma[i] as number) + gamma));
    }
    return ll;
  };
}

/** Maximum-likelihood Gamma-Gamma parameters from customers with at least one repeat transaction and spend > 0. */
export function fitGammaGamma(obs: readonly SpendObservation[]): Fit<GammaGammaParams> {
  const toParams = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0] ?? 0), q: Math.exp(v[1] ?? 0), gamma: Math.exp(v[2] ?? 0) });
  const logLik = gammaGammaLikelihoodOf(obs);
  const res = nelderMead((v) => (outOfRange(v) ? Number.POSITIVE_INFINITY : -logLik(toParams(v))), [0, 0, 0], FIT_OPTIONS);
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
