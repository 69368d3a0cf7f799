/**
 * The statistics of a portrait: TGI (target group index) and a two-sided two-proportion z-test, with the rule
 * that a bin below the minimum support shows no index at all — three customers must not read as "TGI 400".
 */

/**
 * erfc by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), enough for p-values compared with 0.05.
 * Written here rather than importing a statistics package for one function.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = poly * Math.exp(-z * z);
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal z. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** 100 × groupShare / baseShare; null when the base share is 0. */
export function tgi(groupShare: number, baseShare: number): number | null {
  return baseShare > 0 ? (100 * groupShare) / baseShare : null;
}

/**
 * Pooled two-proportion z-test of x1/n1 against x2/n2 (the group against the rest of the base). Null when a
 * side is empty or the pooled proportion is 0 or 1 (no variance to test against).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { readonly z: number; readonly p: number } | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: twoSidedP(z) };
}

export interface BinStats {
  readonly groupShare: number;
  readonly baseShare: number;
  readonly tgi: number | null;
  readonly z: number | null;
  readonly p: number | null;
  readonly significant: boolean;
  readonly supported: boolean;
}

/**
 * Shares, TGI and test of one bin. `g`/`gn`: group count in the bin / group customers with a known value;
 * `b`/`bn`: the same for the base; `r`/`rn`: the rest of the base (base without the group).
 */
export function binStats(g: number, gn: number, b: number, bn: number, r: number, rn: number, minSupport: number, alpha: number): BinStats {
  const groupShare = gn > 0 ? g / gn : 0;
  const baseShare = bn > 0 ? b / bn : 0;
  const supported = g >= minSupport;
  if (!supported) return { groupShare, baseShare, tgi: null, z: null, p: null, significant: false, supported };
  const test = twoProportionZ(g, gn, r, rn);
  return {
    groupShare,
    baseShare,
    tgi: tgi(groupShare, baseShare),
    z: test?.z ?? null,
    p: test?.p ?? null,
    significant: test !== null && test.p < alpha,
    supported,
  };
}
