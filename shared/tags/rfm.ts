/**
 * RFM: recency, frequency and monetary value scored 1–5 by quintile over all customers, combined with
 * configurable weights (SPSS Modeler's default 100/10/1 reads the three scores as one code, 555 the best), and
 * the eight classic segments from whether each score is above the customers' mean score.
 */

/**
 * Quintile score 1–5 of each value, higher value → higher score. Ties share the score of their first rank, so
 * equal values never land in different bins. NaN (no activity) scores 1.
 *
 * A value's first rank is the number of smaller values, found by binary search in a sorted copy: a native
 * numeric sort of a Float64Array is several times faster than sorting an index array with a comparator.
 */
export function quintileScores(values: Float64Array): Uint8Array {
  const n = values.length;
  const keys = values.map((x) => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x));
  const sorted = keys.slice().sort();
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = keys[i] as number;
    if (x === Number.NEGATIVE_INFINITY) {
      scores[i] = 1;
      continue;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    scores[i] = 1 + Math.min(4, Math.floor((5 * lo) / n));
  }
  return scores;
}

export function combinedScore(r: number, f: number, m: number, weights: readonly [number, number, number]): number {
  return r * weights[0] + f * weights[1] + m * weights[2];
}

/** The eight RFM segments by high (above the mean score) or low R, F and M. */
export const RFM_SEGMENTS: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  HHH: { zh: '重要价值客户', en: 'Champions' },
  HLH: { zh: '重要发展客户', en: 'Promising big spenders' },
  LHH: { zh: '重要保持客户', en: 'Loyal at risk' },
  LLH: { zh: '重要挽留客户', en: 'Big spenders to win back' },
  HHL: { zh: '一般价值客户', en: 'Active regulars' },
  HLL: { zh: '一般发展客户', en: 'New or occasional' },
  LHL: { zh: '一般保持客户', en: 'Fading regulars' },
  LLL: { zh: '一般挽留客户', en: 'Lapsed' },
};

export function rfmSegment(r: number, f: number, m: number, means: readonly [number, number, number]): string {
  const hl = (s: number, mean: number): string => (s > mean ? 'H' : 'L');
  return `${hl(r, means[0])}${hl(f, means[1])}${hl(m, means[2])}`;
}
