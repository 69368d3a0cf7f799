/**
 * Empirical-Bayes shrinkage of per-customer response rates: a Beta(α, β) prior per channel, fitted over the
 * customers sent on it, and the posterior mean (k + α) / (n + α + β) of each customer. One open of one message
 * is then not "100 %" but close to the channel average, moving towards the customer's own rate as messages add up.
 *
 * Written by hand: the moment estimator is a dozen lines, and no maintained JS library fits a beta-binomial.
 */

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
