/**
 * Empirical-Bayes shrinkage of per-customer response rates: a Beta(α, β) prior per channel, fitted over the
 * customers sent on it, and the posterior mean (k + α) / (n + α + β) of each customer. One open of one message
 * is then not "100 %" but close to the channel average, moving towards the customer's own rate as messages add up.
 *
 * Written by hand: the moment estimator is a dozen lines, and no maintained JS library fits a beta-binomial.
 */

import { lnGamma } from '#shared/tags/specialFunctions.ts';

export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

/** Prior strength (α + β) used when the data cannot identify it (every customer has a single message). */
export const DEFAULT_PRIOR_STRENGTH = 4;
/** Lower bound of ρ: the prior never weighs more than 20 messages, so a customer's own long history still shows. */
export const MAX_PRIOR_STRENGTH = 20;
const MIN_RHO = 1 / (MAX_PRIOR_STRENGTH + 1);
const MAX_RHO = 0.95;

/**
 * Fits Beta(α, β) to counts (kᵢ responses of nᵢ messages, nᵢ ≥ 1) by the method of moments for unequal nᵢ
 * (Kleinman 1973): the pooled mean μ = Σk / Σn, and the intra-class correlation ρ = 1 / (α + β + 1) from
 * Σ nᵢ (pᵢ − μ)² = μ(1 − μ) [N + ρ Σ (nᵢ − 1)], clamped to [1/21, 0.95] (prior strength 0.05 … 20 messages).
 *
 * @returns a prior with the pooled mean; strength {@link DEFAULT_PRIOR_STRENGTH} when ρ is not identified; a flat
 *   Beta(1, 1) when there are no messages at all.
 */
export function fitBetaPrior(k: ArrayLike<number>, n: ArrayLike<number>): BetaPrior {
  let sk = 0;
  let sn = 0;
  let customers = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] ?? 0;
    if (ni <= 0) continue;
    sk += k[i] ?? 0;
    sn += ni;
    customers++;
  }
  if (sn === 0) return { alpha: 1, beta: 1 };
  // Keep the mean off 0 and 1 so a channel nobody ever answered still gets a proper prior.
  const mu = Math.min(1 - 1e-4, Math.max(1e-4, sk / sn));
  let ss = 0;
  let extra = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] ?? 0;
    if (ni <= 0) continue;
    const p = (k[i] ?? 0) / ni;
    ss += ni * (p - mu) * (p - mu);
    extra += ni - 1;
  }
  let strength = DEFAULT_PRIOR_STRENGTH;
  if (extra > 0) {
    const rho = Math.min(MAX_RHO, Math.max(MIN_RHO, (ss / (mu * (1 - mu)) - customers) / extra));
    strength = 1 / rho - 1;
  }
  return { alpha: mu * strength, beta: (1 - mu) * strength };
}

/** Posterior mean response rate of k responses in n messages under `prior`. */
export function shrunkRate(k: number, n: number, prior: BetaPrior): number {
  return (k + prior.alpha) / (n + prior.alpha + prior.beta);
}

/** Cells of [0, 1] the posterior comparisons integrate over: mass errors stay below 1e-3 for the α, β seen here. */
export const GRID_CELLS = 200;
const H = 1 / GRID_CELLS;
const LOG_X = Float64Array.from({ length: GRID_CELLS }, (_, j) => Math.log((j + 0.5) * H));
const LOG_1MX = Float64Array.from({ length: GRID_CELLS }, (_, j) => Math.log(1 - (j + 0.5) * H));

/**
 * Probability mass of Beta(α, β) in each of {@link GRID_CELLS} equal cells of [0, 1], written into `out`. The
 * density is taken at cell midpoints except in the two end cells, where it may be unbounded (α or β < 1) and
 * ∫₀ʰ x^(α−1) dx = hᵅ/α is used instead; the masses are normalised to sum to 1.
 *
 * Written by hand: a midpoint rule over a fixed grid is a few lines and, unlike a per-point incomplete beta, costs
 * one exp per cell for millions of customers.
 */
export function betaCellMasses(d: BetaPrior, out: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < GRID_CELLS; j++) {
    const l = (d.alpha - 1) * (LOG_X[j] ?? 0) + (d.beta - 1) * (LOG_1MX[j] ?? 0);
    out[j] = l;
    if (l > max) max = l;
  }
  const endLow = d.alpha * Math.log(H) - Math.log(d.alpha) + (d.beta - 1) * (LOG_1MX[0] ?? 0);
  const endHigh = d.beta * Math.log(H) - Math.log(d.beta) + (d.alpha - 1) * (LOG_X[GRID_CELLS - 1] ?? 0);
  // Cell masses in log space, relative to the largest, so tiny α or huge β + n never overflow.
  out[0] = endLow - Math.log(H);
  out[GRID_CELLS - 1] = endHigh - Math.log(H);
  max = Math.max(max, out[0], out[GRID_CELLS - 1] ?? max);
  let sum = 0;
  for (let j = 0; j < GRID_CELLS; j++) {
    const m = Math.exp((out[j] ?? 0) - max);
    out[j] = m;
    sum += m;
  }
  for (let j = 0; j < GRID_CELLS; j++) out[j] = (out[j] ?? 0) / sum;
  return out;
}

const scratchBelow = new Float64Array(GRID_CELLS);
/** Customers share counts (the same campaigns, the same days), so their posteriors repeat: masses are memoised. */
const massCache = new Map<string, Float64Array>();
const MASS_CACHE_LIMIT = 20_000;

function massesOf(d: BetaPrior): Float64Array {
  const key = `${d.alpha}|${d.beta}`;
  let m = massCache.get(key);
  if (!m) {
    if (massCache.size >= MASS_CACHE_LIMIT) massCache.clear();
    m = betaCellMasses(d, new Float64Array(GRID_CELLS));
    massCache.set(key, m);
  }
  return m;
}

/**
 * P(X > Yⱼ for every rival j) for independent X ~ `target`, Yⱼ ~ `rivals[j]` (posterior Beta distributions):
 * ∫ f_X(x) Πⱼ F_Yⱼ(x) dx on the grid, a rival in the same cell counting half. With no rivals, 1.
 */
export function probabilityGreatest(target: BetaPrior, rivals: readonly BetaPrior[]): number {
  if (rivals.length === 0) return 1;
  const t = massesOf(target);
  scratchBelow.fill(1);
  for (const r of rivals) {
    const rival = massesOf(r);
    let below = 0;
    for (let j = 0; j < GRID_CELLS; j++) {
      const m = rival[j] ?? 0;
      scratchBelow[j] = (scratchBelow[j] ?? 0) * (below + m / 2);
      below += m;
    }
  }
  let p = 0;
  for (let j = 0; j < GRID_CELLS; j++) p += (t[j] ?? 0) * (scratchBelow[j] ?? 0);
  return Math.min(1, Math.max(0, p));
}

/** P(X > x₀) for X ~ `target`, the cell holding x₀ split linearly. */
export function probabilityAbove(target: BetaPrior, x0: number): number {
  const t = massesOf(target);
  const at = Math.min(GRID_CELLS, Math.max(0, x0 * GRID_CELLS));
  const cell = Math.floor(at);
  let p = 0;
  for (let j = cell + 1; j < GRID_CELLS; j++) p += t[j] ?? 0;
  if (cell < GRID_CELLS) p += (t[cell] ?? 0) * (cell + 1 - at);
  return Math.min(1, Math.max(0, p));
}

/**
 * Chance that a customer drawn from the channel priors answers none of `n[c]` messages on each channel c: the
 * beta-binomial probability of zero, Πc B(αc, βc + nc) / B(αc, βc). How surprising a customer's silence is.
 */
export function silenceChance(n: ArrayLike<number>, priors: readonly BetaPrior[]): number {
  let log = 0;
  for (let c = 0; c < priors.length; c++) {
    const nc = n[c] ?? 0;
    const p = priors[c];
    if (nc <= 0 || !p) continue;
    log += lnGamma(p.beta + nc) - lnGamma(p.beta) + lnGamma(p.alpha + p.beta) - lnGamma(p.alpha + p.beta + nc);
  }
  return Math.exp(log);
}
