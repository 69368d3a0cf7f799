/**
 * A fitted model as data (stored as JSON in `predict_model.spec`): how each feature is encoded, and the fitted
 * parameters. Both algorithms share one shape of input, a row-major Float32 matrix in which each feature owns a
 * run of columns (logistic: a standardised value plus a missing flag, or one column per category; trees: one
 * bin column), so scoring, permutation importance, partial dependence and reasons work the same for both.
 */
import type { FeatureRef } from '#shared/api/predictTypes.ts';
import { MISSING_LEVEL } from '#shared/cluster/featureMatrix.ts';
import { levelBinMap, MISSING_BIN, numericBin, type Binning } from './binning.ts';
import { boosterContributions, boosterRaw, type Booster } from './hgb.ts';
import { logisticRaw } from './logistic.ts';

/** A feature's values over the rows of a table: numbers (NaN = missing) or category codes into `levels`. */
export interface FeatureColumn {
  readonly ref: FeatureRef;
  /** Money in fen: the logistic model sees a sign-preserving log of yuan (heavy tails). */
  readonly money: boolean;
  readonly values: Float64Array | null;
  readonly codes: Int32Array | null;
  readonly levels: readonly string[];
}

/** Standardised values beyond ±CLIP are clipped, so one extreme customer cannot dominate a coefficient. */
export const CLIP = 8;

export type LogisticFeature =
  | { readonly kind: 'numeric'; readonly name: string; readonly money: boolean; readonly median: number; readonly mean: number; readonly std: number; readonly indicator: boolean }
  | { readonly kind: 'categorical'; readonly name: string; readonly levels: readonly string[] };

export interface LogisticSpec {
  readonly algo: 'logistic';
  readonly features: readonly LogisticFeature[];
  readonly columns: readonly string[];
  readonly intercept: number;
  readonly coef: readonly number[];
  /** Mean of each column over the training rows: logistic reasons are measured against the average customer. */
  readonly columnMeans: readonly number[];
  /** Training median of each numeric feature: a reason says 高 or 低 against it. */
  readonly medians: Readonly<Record<string, number>>;
  /** Added to the log-odds to undo the class weights (prior correction), so scores are probabilities. */
  readonly offset: number;
}

export interface TreesSpec {
  readonly algo: 'trees';
  readonly features: readonly (Binning & { readonly name: string })[];
  readonly booster: Booster;
  readonly medians: Readonly<Record<string, number>>;
  readonly offset: number;
}

export type ModelSpec = LogisticSpec | TreesSpec;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function moneyLog(v: number): number {
  const yuan = v / 100;
  return Math.sign(yuan) * Math.log1p(Math.abs(yuan));
}

/** Columns of each feature in the encoded matrix: [first, count]. */
export function featureColumns(spec: ModelSpec): [number, number][] {
  if (spec.algo === 'trees') return spec.features.map((_, i) => [i, 1]);
  const out: [number, number][] = [];
  let at = 0;
  for (const f of spec.features) {
    const width = f.kind === 'numeric' ? (f.indicator ? 2 : 1) : f.levels.length;
    out.push([at, width]);
    at += width;
  }
  return out;
}

export function columnCount(spec: ModelSpec): number {
  return spec.algo === 'trees' ? spec.features.length : spec.columns.length;
}

/** The encoded columns of one raw value (for partial dependence and scoring). */
export function encodeValue(spec: ModelSpec, feature: number, v: number | string | null): number[] {
  if (spec.algo === 'trees') {
    const b = spec.features[feature]!;
    if (b.kind === 'numeric') return [numericBin(b.edges, typeof v === 'number' ? v : Number.NaN)];
    return [levelBinMap(b).get(v === null ? MISSING_LEVEL : String(v)) ?? MISSING_BIN];
  }
  const f = spec.features[feature]!;
  if (f.kind === 'categorical') return f.levels.map((l) => (l === String(v) ? 1 : 0));
  const num = typeof v === 'number' ? v : Number.NaN;
  const z = standardise(f, num);
  return f.indicator ? [z, Number.isNaN(num) ? 1 : 0] : [z];
}

function standardise(f: Extract<LogisticFeature, { kind: 'numeric' }>, v: number): number {
  const t = Number.isNaN(v) ? f.median : f.money ? moneyLog(v) : v;
  const z = (t - f.mean) / f.std;
  return z > CLIP ? CLIP : z < -CLIP ? -CLIP : z;
}

/** Maps the data's category codes to the spec's level index (−1: a level the model never saw). */
function codeMap(dataLevels: readonly string[], specLevels: readonly string[]): Int32Array {
  const at = new Map(specLevels.map((l, i) => [l, i]));
  return Int32Array.from(dataLevels.map((l) => at.get(l) ?? -1));
}

/**
 * Encodes rows of `data` (features in the spec's order) into a row-major matrix; `rows` null means every row.
 * Throws nothing: unseen categories encode as all zeros (logistic) or the missing bin (trees).
 */
export function encodeRows(spec: ModelSpec, data: readonly FeatureColumn[], rows: ArrayLike<number> | null, n: number): Float32Array {
  const count = rows ? rows.length : n;
  const d = columnCount(spec);
  const m = new Float32Array(count * d);
  const cols = featureColumns(spec);
  spec.features.forEach((sf, f) => {
    const col = data[f]!;
    const [first] = cols[f]!;
    if (spec.algo === 'trees') {
      const b = sf as TreesSpec['features'][number];
      if (b.kind === 'numeric') {
        const vals = col.values!;
        for (let k = 0; k < count; k++) m[k * d + first] = numericBin(b.edges, vals[rows ? rows[k]! : k]!);
      } else {
        const map = levelBinMap(b);
        const lut = Int32Array.from(col.levels.map((l) => map.get(l) ?? MISSING_BIN));
        const codes = col.codes!;
        for (let k = 0; k < count; k++) m[k * d + first] = lut[codes[rows ? rows[k]! : k]!]!;
      }
      return;
    }
    const lf = sf as LogisticFeature;
    if (lf.kind === 'numeric') {
      const vals = col.values!;
      for (let k = 0; k < count; k++) {
        const v = vals[rows ? rows[k]! : k]!;
        m[k * d + first] = standardise(lf, v);
        if (lf.indicator && Number.isNaN(v)) m[k * d + first + 1] = 1;
      }
    } else {
      const lut = codeMap(col.levels, lf.levels);
      const codes = col.codes!;
      for (let k = 0; k < count; k++) {
        const c = lut[codes[rows ? rows[k]! : k]!]!;
        if (c >= 0) m[k * d + first + c] = 1;
      }
    }
  });
  return m;
}

/** Log-odds (before the prior correction) of every row of an encoded matrix. */
export function rawScores(spec: ModelSpec, m: Float32Array, n: number): Float64Array {
  return spec.algo === 'trees' ? boosterRaw(spec.booster, m, spec.features.length, n) : logisticRaw(spec, m, spec.columns.length, n);
}

/** Probabilities of every row of an encoded matrix. */
export function probabilities(spec: ModelSpec, m: Float32Array, n: number): Float64Array {
  const raw = rawScores(spec, m, n);
  for (let i = 0; i < n; i++) raw[i] = sigmoid(raw[i]! + spec.offset);
  return raw;
}

/**
 * Contributions of each feature to one row's log-odds. Logistic: coefficient × standardised value (0 at the
 * training mean; one-hot levels against the feature's mean encoding). Trees: Saabas path attribution.
 */
export function contributions(spec: ModelSpec, m: Float32Array, row: number, out: Float64Array): void {
  if (spec.algo === 'trees') {
    boosterContributions(spec.booster, m, spec.features.length, row, out);
    return;
  }
  const d = spec.columns.length;
  featureColumns(spec).forEach(([first, width], f) => {
    let s = 0;
    for (let j = first; j < first + width; j++) s += spec.coef[j]! * (m[row * d + j]! - spec.columnMeans[j]!);
    out[f] = s;
  });
}
