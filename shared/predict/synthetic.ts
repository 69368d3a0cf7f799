/**
 * Synthetic labelled data for the prediction tests and the large-training bench: reproducible from the seed,
 * with a known mix of linear effects, an interaction, a threshold, and informative missing values, so both a
 * linear and a tree model have something to find.
 */
import { createRandom } from '#shared/jobs/random.ts';

export interface Synthetic {
  readonly n: number;
  readonly d: number;
  /** Column-major: `x[f][r]`, NaN = missing. */
  readonly x: readonly Float64Array[];
  readonly y: Uint8Array;
}

/**
 * `n` rows, `d` ≥ 4 features N(0, 1). Log-odds = −2 + 0.8·x0 − 0.6·x1 + 1.2·(x2 > 0.5) + 0.9·x0·x3, plus 0.1 per
 * further feature on every fifth one; 10 % of x1 is missing, and missing x1 adds +1.
 */
export function syntheticBinary(n: number, d: number, seed: number): Synthetic {
  if (d < 4) throw new RangeError('syntheticBinary needs at least 4 features');
  const rnd = createRandom(seed);
  const x = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < d; f++) x[f]![r] = rnd.normal();
    const x0 = x[0]![r]!;
    const x1 = x[1]![r]!;
    const x2 = x[2]![r]!;
    const x3 = x[3]![r]!;
    const miss = rnd.next() < 0.1;
    let z = -2 + 0.8 * x0 + (miss ? 1 : -0.6 * x1) + (x2 > 0.5 ? 1.2 : 0) + 0.9 * x0 * x3;
    for (let f = 4; f < d; f += 5) z += 0.1 * x[f]![r]!;
    if (miss) x[1]![r] = Number.NaN;
    y[r] = rnd.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { n, d, x, y };
}
