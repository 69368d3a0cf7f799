/** Counting values of one column, exactly or over a sample, and reading distinct counts and top values from it. */

/** Keeps the `k` entries with the highest count seen so far (ties by value, so reports are stable). */
export class TopK {
  private readonly items: [string, number][] = [];

  constructor(private readonly k: number) {}

  offer(value: string, count: number): void {
    const items = this.items;
    const last = items[items.length - 1];
    if (items.length >= this.k && (this.k <= 0 || !last || !before(value, count, last))) return;
    let i = items.length;
    while (i > 0) {
      const prev = items[i - 1];
      if (!prev || !before(value, count, prev)) break;
      i--;
    }
    items.splice(i, 0, [value, count]);
    if (items.length > this.k) items.pop();
  }

  entries(): [string, number][] {
    return this.items.slice();
  }
}

const before = (value: string, count: number, other: readonly [string, number]): boolean => count > other[1] || (count === other[1] && value < other[0]);

/** Counts of each distinct non-missing value of a column, and how many empty strings it held. */
export class ValueTally {
  readonly counts = new Map<string, number>();
  /** Non-missing values added. */
  values = 0;
  /** Empty strings seen: missing, like NULL. */
  empties = 0;

  add(value: string): void {
    if (value === '') {
      this.empties++;
      return;
    }
    this.values++;
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** Values seen exactly once (the f1 of distinct-value estimators). */
  singletons(): number {
    let n = 0;
    for (const c of this.counts.values()) if (c === 1) n++;
    return n;
  }

  /** The `k` most frequent values. */
  top(k: number): { value: string; count: number }[] {
    const t = new TopK(k);
    for (const [v, c] of this.counts) t.offer(v, c);
    return t.entries().map(([value, count]) => ({ value, count }));
  }
}

/**
 * Estimates the distinct values of a column from a uniform sample with Haas and Stokes' "Duj1" estimator,
 * `d·n / (n − f1 + f1·n/N)`: it is exact when every sampled value repeats (a category column) and scales a sample
 * of all-unique values up to `N` (an id column), which is the pair of cases a quality report must get right.
 *
 * @param sampleValues n, non-missing values in the sample
 * @param sampleDistinct d, distinct values in the sample
 * @param singletons f1, sample values seen exactly once
 * @param populationValues N, non-missing values in the whole column
 * @returns an integer between d and N
 */
export function estimateDistinct(sampleValues: number, sampleDistinct: number, singletons: number, populationValues: number): number {
  if (sampleValues <= 0 || sampleDistinct <= 0) return 0;
  if (populationValues <= sampleValues) return sampleDistinct;
  const q = sampleValues / populationValues;
  const est = (sampleDistinct * sampleValues) / (sampleValues - singletons + singletons * q);
  return Math.round(Math.min(populationValues, Math.max(sampleDistinct, est)));
}
