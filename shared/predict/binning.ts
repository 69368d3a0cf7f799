/**
 * Feature binning for the histogram gradient-boosted trees: every feature becomes a byte per row. Numeric
 * features get at most {@link MAX_BINS} bins at quantiles of the training rows (midpoints between the values when
 * there are fewer distinct ones); categories are ordered by their smoothed training positive rate, so one
 * threshold can separate "high-rate" from "low-rate" categories. Missing values get a bin of their own
 * ({@link MISSING_BIN}), which every split sends to whichever side helps more: missing handling is visible in
 * the model card, not an imputation hidden in the data.
 */
import type { Random } from '#shared/jobs/random.ts';

/** Non-missing bins are 0 … MAX_BINS − 1. */
export const MAX_BINS = 255;
export const MISSING_BIN = 255;
/** Rows whose values set the numeric bin edges (a seeded sample above this). */
export const BIN_SAMPLE = 200_000;

/** Bin b (b < edges.length) holds values ≤ edges[b] and > edges[b − 1]; the last bin the values above every edge. */
export interface NumericBinning {
  readonly kind: 'numeric';
  readonly edges: readonly number[];
}

/** Level `levels[i]` falls in bin `bins[i]`; levels not seen in training go with the missing values. */
export interface CategoricalBinning {
  readonly kind: 'categorical';
  readonly levels: readonly string[];
  readonly bins: readonly number[];
}

export type Binning = NumericBinning | CategoricalBinning;

/** Bins of a numeric binning (non-missing). */
export function binCount(b: Binning): number {
  return b.kind === 'numeric' ? b.edges.length + 1 : Math.max(1, ...b.bins.map((x) => x + 1));
}

/** Edges from the training rows' values (NaN = missing). */
export function fitNumericBinning(values: Float64Array, rows: ArrayLike<number>, rnd: Random, maxBins = MAX_BINS): NumericBinning {
  const take = rows.length > BIN_SAMPLE ? BIN_SAMPLE : rows.length;
  const sample = new Float64Array(take);
  let m = 0;
  for (let k = 0; k < take; k++) {
    // A uniform sample with replacement is enough for quantiles and keeps this O(sample).
    const r = rows.length > BIN_SAMPLE ? rows[Math.floor(rnd.next() * rows.length)]! : rows[k]!;
    const v = values[r]!;
    if (!Number.isNaN(v)) sample[m++] = v;
  }
  const sorted = sample.subarray(0, m).sort();
  const distinct: number[] = [];
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= maxBins) {
    const edges: number[] = [];
    for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i]! + distinct[i + 1]!) / 2);
    return { kind: 'numeric', edges };
  }
  const edges: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const v = sorted[Math.floor((q * m) / maxBins)]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  return { kind: 'numeric', edges };
}

/** Orders levels by smoothed positive rate on the training rows (m-estimate with weight 10 towards the base rate). */
export function fitCategoricalBinning(codes: Int32Array, levels: readonly string[], y: Uint8Array, rows: ArrayLike<number>): CategoricalBinning {
  const count = new Float64Array(levels.length);
  const pos = new Float64Array(levels.length);
  let total = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const c = codes[r]!;
    count[c]!++;
    if (y[r] === 1) {
      pos[c]!++;
      total++;
    }
  }
  const prior = rows.length > 0 ? total / rows.length : 0;
  const rate = levels.map((_, i) => (pos[i]! + 10 * prior) / (count[i]! + 10));
  const order = levels.map((_, i) => i).sort((a, b) => rate[a]! - rate[b]! || a - b);
  const bins = new Array<number>(levels.length).fill(0);
  // Levels beyond MAX_BINS − 1 share the last bin (categorical features are limited to 60 levels upstream).
  order.forEach((level, rank) => (bins[level] = Math.min(rank, MAX_BINS - 1)));
  return { kind: 'categorical', levels: [...levels], bins };
}

/** The bin of a numeric value (binary search over the edges). */
export function numericBin(edges: readonly number[], v: number): number {
  if (Number.isNaN(v)) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The bin of a level (by name); unknown levels go with the missing values. */
export function levelBinMap(b: CategoricalBinning): Map<string, number> {
  return new Map(b.levels.map((l, i) => [l, b.bins[i]!]));
}
