/**
 * From table rows to the numbers the algorithms see. `loadRaw` reads the chosen columns in row-id chunks (so a
 * long read can be cancelled); `buildModel` applies the log to money, handles missing values visibly, scales, and
 * encodes categories (one-hot columns, and codes for k-prototypes).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterFeatureInfo, ClusterKeyKind, ClusterSettings, MissingReport } from '#shared/api/clusterTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { listFeatures, quoteId } from './featureCatalog.ts';
import type { MixedData } from './kprototypes.ts';

/** Level name of missing categorical values. */
export const MISSING_LEVEL = '(缺失)';

export interface RawFeature {
  readonly info: ClusterFeatureInfo;
  /** Numeric and tag features: one value per row, NaN when missing. */
  readonly values: Float64Array | null;
  /** Categorical features: level index per row. */
  readonly codes: Int32Array | null;
  readonly levels: readonly string[];
}

export interface RawData {
  readonly table: string;
  readonly keyKind: ClusterKeyKind;
  readonly n: number;
  readonly rowIds: Float64Array;
  /** ONE_ID of each row (customer tables), else null. */
  readonly oneIds: readonly string[] | null;
  readonly features: readonly RawFeature[];
}

const CHUNK = 50_000;

/** Reads the key and the chosen features of every row, ordered by row id. */
export async function loadRaw(db: Db, table: string, names: readonly string[], ctx: JobContext): Promise<RawData> {
  const list = listFeatures(db, table);
  if (names.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'Choose at least one feature.', { table });
  const infos = names.map((name) => {
    // A generic table's column may be renamed on import (balance → balance_fen): its source header names it too.
    const info = list.features.find((f) => f.name === name) ?? list.features.find((f) => f.zh === name || f.en === name);
    if (!info) throw new ExpectedError('BAD_ARGUMENT', `Column ${name} of ${table} cannot be a clustering feature.`, { table, feature: name });
    return info;
  });
  const n = list.rows;
  const rowIds = new Float64Array(n);
  const oneIds: string[] | null = list.keyKind === 'one_id' ? [] : null;
  const columns = infos.filter((f) => f.kind !== 'tag');
  const values = infos.map((f) => (f.kind === 'categorical' ? null : new Float64Array(n).fill(f.kind === 'tag' ? 0 : Number.NaN)));
  const codes = infos.map((f) => (f.kind === 'categorical' ? new Int32Array(n) : null));
  const levelIndex = infos.map(() => new Map<string, number>());
  const select = [`rowid AS _rid`, ...(oneIds ? ['one_id'] : []), ...columns.map((c) => quoteId(c.name))].join(', ');
  let row = 0;
  let after = -Infinity;
  for (;;) {
    const chunk = db.table(`SELECT ${select} FROM ${quoteId(table)} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK}`, [after === -Infinity ? -9e15 : after]);
    for (const r of chunk.rows) {
      if (row >= n) break;
      rowIds[row] = Number(r[0]);
      let at = 1;
      if (oneIds) oneIds.push(String(r[at++] ?? ''));
      for (let f = 0; f < infos.length; f++) {
        const info = infos[f] as ClusterFeatureInfo;
        if (info.kind === 'tag') continue;
        const v = r[at++];
        if (info.kind === 'numeric') {
          const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
          (values[f] as Float64Array)[row] = Number.isFinite(num) ? num : Number.NaN;
        } else {
          const key = v === null || v === undefined || String(v).trim() === '' ? MISSING_LEVEL : String(v);
          const idx = levelIndex[f] as Map<string, number>;
          let code = idx.get(key);
          if (code === undefined) idx.set(key, (code = idx.size));
          (codes[f] as Int32Array)[row] = code;
        }
      }
      row++;
    }
    const last = chunk.rows[chunk.rows.length - 1];
    if (!last || chunk.rows.length < CHUNK) break;
    after = Number(last[0]);
    ctx.progress('cluster.load', row, n);
    await ctx.checkpoint();
  }
  ctx.progress('cluster.load', row, n);
  if (oneIds) fillTags(db, infos, values, oneIds);
  const features = infos.map((info, f): RawFeature => {
    const idx = levelIndex[f] as Map<string, number>;
    return { info, values: values[f] ?? null, codes: codes[f] ?? null, levels: [...idx.keys()] };
  });
  return { table, keyKind: list.keyKind, n: row, rowIds: row < n ? rowIds.slice(0, row) : rowIds, oneIds, features };
}

function fillTags(db: Db, infos: readonly ClusterFeatureInfo[], values: (Float64Array | null)[], oneIds: readonly string[]): void {
  const tagFeatures = infos.map((f, i) => [f, i] as const).filter(([f]) => f.kind === 'tag');
  if (tagFeatures.length === 0) return;
  const rowOf = new Map<string, number>();
  oneIds.forEach((id, i) => rowOf.set(id, i));
  for (const [f, i] of tagFeatures) {
    const tag = f.name.slice('tag:'.length);
    const target = values[i] as Float64Array;
    db.each(
      `SELECT one_id, value FROM customer_tag WHERE tag = ? AND run_id = (SELECT max(run_id) FROM customer_tag WHERE tag = ?)`,
      [tag, tag],
      (r) => {
        const at = rowOf.get(String(r[0]));
        const v = r[1];
        const off = v === '0' || v === 'false' || v === '否' || v === 0;
        if (at !== undefined && !off) target[at] = 1;
      },
    );
  }
}

/** One column of the model matrix: a feature, or one level of a one-hot encoded categorical feature. */
export interface ModelColumn {
  readonly feature: number;
  readonly level: number | null;
}

export interface ModelData {
  /** Rows in the model (after dropping rows with missing values when asked to). */
  readonly n: number;
  readonly d: number;
  /** `n × d` scaled, encoded matrix (one-hot for categorical features): k-means, silhouette, the map. */
  readonly x: Float64Array;
  readonly columns: readonly ModelColumn[];
  /** Numeric part and category codes for k-prototypes (null without categorical features). */
  readonly mixed: MixedData | null;
  /** Model row → raw row. */
  readonly rows: Int32Array;
  readonly missing: readonly MissingReport[];
  readonly clipped: readonly { readonly feature: string; readonly values: number }[];
  readonly dropped: number;
  /** Mean standard deviation of the scaled numeric columns (k-prototypes' gamma is half of it). */
  readonly numericSpread: number;
}

/** One-hot columns are scaled so two different categories lie at distance 1, like one standard deviation. */
const ONE_HOT = Math.SQRT1_2;

function transformed(raw: RawFeature, logMoney: boolean, row: number): number {
  const v = (raw.values as Float64Array)[row] as number;
  if (!(logMoney && raw.info.money) || Number.isNaN(v)) return v;
  // Sign-preserving log of yuan: money columns are fen, heavy-tailed, and may be negative (changes, outflows).
  const yuan = v / 100;
  return Math.sign(yuan) * Math.log1p(Math.abs(yuan));
}

function median(sorted: Float64Array): number {
  const m = sorted.length;
  if (m === 0) return 0;
  return m % 2 === 1 ? (sorted[(m - 1) / 2] as number) : ((sorted[m / 2 - 1] as number) + (sorted[m / 2] as number)) / 2;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** Builds the model matrix from raw features with the run's scaling, encoding and missing-value settings. */
export function buildModel(raw: RawData, settings: Required<ClusterSettings>): ModelData {
  const numericIdx = raw.features.map((f, i) => [f, i] as const).filter(([f]) => f.info.kind !== 'categorical');
  const catIdx = raw.features.map((f, i) => [f, i] as const).filter(([f]) => f.info.kind === 'categorical');
  const keep = new Uint8Array(raw.n).fill(1);
  const missing: MissingReport[] = [];
  const clipped: { feature: string; values: number }[] = [];
  if (settings.missing === 'drop') {
    for (const [f] of numericIdx) {
      const vals = f.values as Float64Array;
      for (let i = 0; i < raw.n; i++) if (Number.isNaN(vals[i])) keep[i] = 0;
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < raw.n; i++) if (keep[i]) rows.push(i);
  const n = rows.length;
  const dropped = raw.n - n;
  if (n === 0) throw new ExpectedError('BAD_ARGUMENT', 'No row has a value for every chosen feature.', { table: raw.table });

  const columns: ModelColumn[] = [];
  const numCols: Float64Array[] = [];
  let spread = 0;
  for (const [f, fi] of numericIdx) {
    const col = new Float64Array(n);
    let miss = 0;
    for (let r = 0; r < n; r++) {
      const v = transformed(f, settings.logMoney, rows[r] as number);
      col[r] = v;
      if (Number.isNaN(v)) miss++;
    }
    const present = Float64Array.from(col.filter((v) => !Number.isNaN(v))).sort();
    const med = median(present);
    if (f.info.kind === 'numeric') {
      const rawMissing = (f.values as Float64Array).reduce((acc, v) => acc + (Number.isNaN(v) ? 1 : 0), 0);
      if (settings.missing === 'drop' && rawMissing > 0) missing.push({ feature: f.info.name, missing: rawMissing, action: 'dropped', fill: null });
      if (miss > 0) {
        for (let r = 0; r < n; r++) if (Number.isNaN(col[r])) col[r] = med;
        missing.push({ feature: f.info.name, missing: miss, action: 'imputed', fill: med });
      }
    }
    let center = 0;
    let scale = 1;
    if (settings.scale === 'standard') {
      let mean = 0;
      for (const v of col) mean += v;
      mean /= n;
      let ss = 0;
      for (const v of col) ss += (v - mean) ** 2;
      center = mean;
      scale = Math.sqrt(ss / n) || 1;
    } else if (settings.scale === 'robust') {
      const sorted = Float64Array.from(col).sort();
      center = median(sorted);
      scale = quantile(sorted, 0.75) - quantile(sorted, 0.25);
      if (!(scale > 0)) {
        let ss = 0;
        for (const v of col) ss += (v - center) ** 2;
        scale = Math.sqrt(ss / n) || 1;
      }
    }
    const limit = settings.scale !== 'none' && settings.clip > 0 ? settings.clip : Infinity;
    const weight = settings.weights[f.info.name] ?? 1;
    let ss = 0;
    let clippedHere = 0;
    for (let r = 0; r < n; r++) {
      let v = ((col[r] as number) - center) / scale;
      if (v > limit || v < -limit) {
        v = v > 0 ? limit : -limit;
        clippedHere++;
      }
      v *= weight;
      col[r] = v;
      ss += v * v;
    }
    if (clippedHere > 0) clipped.push({ feature: f.info.name, values: clippedHere });
    spread += Math.sqrt(ss / n);
    numCols.push(col);
    columns.push({ feature: fi, level: null });
  }
  const dn = numCols.length;
  const numericSpread = dn > 0 ? spread / dn : 1;
  for (const [f, fi] of catIdx) {
    const miss = f.levels.indexOf(MISSING_LEVEL);
    if (miss >= 0) {
      const codes = f.codes as Int32Array;
      let count = 0;
      for (const r of rows) if (codes[r] === miss) count++;
      if (count > 0) missing.push({ feature: f.info.name, missing: count, action: 'category', fill: null });
    }
    for (let level = 0; level < f.levels.length; level++) columns.push({ feature: fi, level });
  }
  const d = columns.length;
  const x = new Float64Array(n * d);
  for (let c = 0; c < dn; c++) {
    const col = numCols[c] as Float64Array;
    for (let r = 0; r < n; r++) x[r * d + c] = col[r] as number;
  }
  let c = dn;
  const dc = catIdx.length;
  const cat = new Int32Array(n * dc);
  const levels = new Int32Array(dc);
  catIdx.forEach(([f], ci) => {
    const codes = f.codes as Int32Array;
    levels[ci] = f.levels.length;
    const hot = ONE_HOT * (settings.weights[f.info.name] ?? 1);
    for (let r = 0; r < n; r++) {
      const code = codes[rows[r] as number] as number;
      x[r * d + c + code] = hot;
      cat[r * dc + ci] = code;
    }
    c += f.levels.length;
  });
  let mixed: MixedData | null = null;
  if (dc > 0) {
    const num = new Float64Array(n * dn);
    for (let r = 0; r < n; r++) for (let q = 0; q < dn; q++) num[r * dn + q] = x[r * d + q] as number;
    mixed = { n, num, dn, cat, dc, levels };
  }
  return { n, d, x, columns, mixed, rows: Int32Array.from(rows), missing, clipped, dropped, numericSpread };
}
