/**
 * From a table to model inputs: the chosen feature columns (read with the clustering feature reader, which
 * already knows customer_profile, entity and imported tables, tags, and keeps personal data, keys and dates
 * out), the binary target, the customer key that keeps a customer on one side of the split, and dates for a
 * time split.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterFeatureInfo } from '#shared/api/clusterTypes.ts';
import type { FeatureRef, TableChoice } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { listFeatures, quoteId } from '#shared/cluster/featureCatalog.ts';
import { loadRaw, MISSING_LEVEL, type RawFeature } from '#shared/cluster/featureMatrix.ts';
import type { FeatureColumn } from './modelSpec.ts';

export interface Dataset {
  readonly table: string;
  readonly n: number;
  readonly rowIds: Float64Array;
  /** ONE_ID of each row (customer tables), else null. */
  readonly oneIds: readonly string[] | null;
  readonly features: readonly FeatureColumn[];
}

/** Target values read as positive when the caller names none. */
const POSITIVE_WORDS = ['yes', 'y', '是', '1', 'true', 't', '有', '响应', '成功'];
const NEGATIVE_WORDS = ['no', 'n', '否', '0', 'false', 'f', '无', '未响应', '失败'];

export function toFeatureColumn(raw: RawFeature): FeatureColumn {
  const info = raw.info;
  return { ref: refOf(info), money: info.money, values: raw.values, codes: raw.codes, levels: raw.levels };
}

export function refOf(info: ClusterFeatureInfo): FeatureRef {
  return { name: info.name, zh: info.zh, en: info.en, kind: info.kind };
}

/** Reads the named columns (in order) of every row. */
export async function loadColumns(db: Db, table: string, names: readonly string[], ctx: JobContext): Promise<Dataset> {
  const raw = await loadRaw(db, table, names, ctx);
  return { table, n: raw.n, rowIds: raw.rowIds, oneIds: raw.oneIds, features: raw.features.map(toFeatureColumn) };
}

/** Columns a model can use, and which could be a target (two values, or few levels). */
export function tableChoice(db: Db, table: string): TableChoice {
  const list = listFeatures(db, table);
  const dateColumns = db
    .all<{ name: string; type: string }>(`PRAGMA table_info(${quoteId(table)})`)
    .filter((c) => /date|time|_dt$|日期/i.test(c.name))
    .map((c) => c.name);
  return {
    table,
    rows: list.rows,
    keyKind: list.keyKind,
    columns: list.features.map((f) => ({ name: f.name, zh: f.zh, en: f.en, kind: f.kind, distinct: f.distinct, missing: f.missing })),
    dateColumns,
  };
}

export interface Target {
  /** 1 positive, 0 negative, −1 no value (not trained on). */
  readonly y: Int8Array;
  readonly positive: string;
  readonly negative: string;
}

/**
 * Reads a target column as positive/negative. Two-valued columns need no `positive` when one value is a known
 * positive word (yes, 是, 1, true …); otherwise `positive` names the positive value and every other value is
 * negative. Missing values are −1.
 */
export function binaryTarget(col: FeatureColumn, positive: string | undefined): Target {
  const n = col.values ? col.values.length : col.codes!.length;
  const y = new Int8Array(n);
  if (col.values) {
    const vals = col.values;
    const distinct = new Set<number>();
    for (const v of vals) if (!Number.isNaN(v)) distinct.add(v);
    let pos: number;
    if (positive !== undefined) {
      pos = Number(positive);
      if (!Number.isFinite(pos)) throw new ExpectedError('BAD_ARGUMENT', `Target ${col.ref.name} is numeric; the positive value "${positive}" is not a number.`, { target: col.ref.name });
    } else if ([...distinct].every((v) => v === 0 || v === 1)) {
      pos = 1;
    } else {
      throw new ExpectedError('BAD_ARGUMENT', `Target ${col.ref.name} has ${distinct.size} values, not 0/1: name the positive value.`, { target: col.ref.name, values: distinct.size });
    }
    for (let i = 0; i < n; i++) y[i] = Number.isNaN(vals[i]!) ? -1 : vals[i] === pos ? 1 : 0;
    return { y, positive: String(pos), negative: pos === 1 ? '0' : `≠${pos}` };
  }
  const levels = col.levels;
  const present = levels.filter((l) => l !== MISSING_LEVEL);
  let posLevel: string | undefined;
  if (positive !== undefined) {
    posLevel = present.find((l) => l === positive) ?? present.find((l) => l.toLowerCase() === positive.toLowerCase());
    if (posLevel === undefined) throw new ExpectedError('BAD_ARGUMENT', `Target ${col.ref.name} has no value "${positive}".`, { target: col.ref.name, positive });
  } else if (present.length === 2) {
    posLevel = present.find((l) => POSITIVE_WORDS.includes(l.trim().toLowerCase()));
    const other = present.find((l) => l !== posLevel);
    if (posLevel === undefined || other === undefined || !NEGATIVE_WORDS.includes(other.trim().toLowerCase())) {
      throw new ExpectedError('BAD_ARGUMENT', `Target ${col.ref.name} has values ${present.join(' / ')}: name the positive one.`, { target: col.ref.name });
    }
  } else {
    throw new ExpectedError('BAD_ARGUMENT', `Target ${col.ref.name} has ${present.length} values: name the positive one.`, { target: col.ref.name, values: present.length });
  }
  const posCode = levels.indexOf(posLevel);
  const missCode = levels.indexOf(MISSING_LEVEL);
  const codes = col.codes!;
  for (let i = 0; i < n; i++) y[i] = codes[i] === missCode ? -1 : codes[i] === posCode ? 1 : 0;
  const negatives = present.filter((l) => l !== posLevel);
  return { y, positive: posLevel, negative: negatives.length === 1 ? negatives[0]! : `≠${posLevel}` };
}

/** Text of one column per row (row-id order of `rowIds`), for the customer key and dates. */
export function readTextColumn(db: Db, table: string, column: string, rowIds: Float64Array): (string | null)[] {
  const at = new Map<number, number>();
  rowIds.forEach((r, i) => at.set(r, i));
  const out = new Array<string | null>(rowIds.length).fill(null);
  db.each(`SELECT rowid, ${quoteId(column)} FROM ${quoteId(table)}`, [], (r) => {
    const i = at.get(Number(r[0]));
    if (i !== undefined && r[1] !== null && r[1] !== undefined) out[i] = String(r[1]);
  });
  return out;
}

export function hasColumn(db: Db, table: string, column: string): boolean {
  return db.all<{ name: string }>(`PRAGMA table_info(${quoteId(table)})`).some((c) => c.name === column);
}
