/**
 * Lift of a step: the rate of an outcome among treated (exported, target arm) against the holdout (control arm)
 * with a 95 % confidence interval of the difference by Newcombe's hybrid score method (method 10 of Newcombe
 * 1998), which stays inside [−1, 1] and behaves with small counts and rates near 0, unlike the Wald interval.
 * Written by hand: two Wilson intervals and a square root; no maintained JS statistics package offers it.
 */

const Z95 = 1.959963984540054;

/** Wilson score interval of k successes in n trials. */
export function wilson(k: number, n: number, z = Z95): { readonly low: number; readonly high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Difference p1 − p2 of two proportions with its Newcombe hybrid-score 95 % interval; null when a group is empty.
 */
export function rateDifference(k1: number, n1: number, k2: number, n2: number): { readonly diff: number; readonly low: number; readonly high: number } | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const a = wilson(k1, n1);
  const b = wilson(k2, n2);
  const diff = p1 - p2;
  const low = diff - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2);
  const high = diff + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2);
  return { diff, low, high };
}
