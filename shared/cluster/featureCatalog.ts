/**
 * Which columns of a table can be clustering features: numeric (int, real, money, bool as 0/1), categorical (text
 * with at most {@link MAX_LEVELS} distinct values) and, for customer tables, the tags in `customer_tag`. Personal
 * data, keys and dates are never features, and the reason is reported.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterFeatureInfo, ClusterFeatureList, ClusterKeyKind } from '#shared/api/clusterTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { SYSTEM_COLUMNS } from '#shared/db/schema.ts';
import { userTableColumns } from '#shared/ingest/genericTable.ts';
import { ENTITIES, type FieldType } from '#shared/model/entities.ts';
import { sensitiveColumns } from '#shared/privacy/register.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';

export const PROFILE_TABLE = 'customer_profile';
/** Categorical columns with more levels than this are not offered (a one-hot of hundreds of columns drowns the rest). */
export const MAX_LEVELS = 60;

type ColumnType = FieldType | 'bool' | 'unknown';

interface ColumnMeta {
  readonly name: string;
  readonly type: ColumnType;
  readonly zh: string;
  readonly en: string;
  readonly family: string | null;
  readonly pii: boolean;
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const KEY_COLUMNS: ReadonlySet<string> = new Set([...SYSTEM_COLUMNS, 'one_id', 'cust_no', 'as_of']);
const NUMERIC: ReadonlySet<ColumnType> = new Set<ColumnType>(['int', 'real', 'money', 'bool']);
const DATES: ReadonlySet<ColumnType> = new Set<ColumnType>(['date', 'datetime']);

function tableExists(db: Db, table: string): boolean {
  return db.value("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [table]) !== 0;
}

/** Tables that may be clustered: the customer profile, entity tables and generic imported tables. */
export function isClusterableTable(db: Db, table: string): boolean {
  if (table === PROFILE_TABLE || ENTITIES.some((e) => e.table === table)) return tableExists(db, table);
  return userTableColumns(db, table) !== null && tableExists(db, table);
}

function declaredType(sqlType: string): ColumnType {
  const t = sqlType.toUpperCase();
  if (t.includes('INT')) return 'int';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUM')) return 'real';
  if (t.includes('TEXT') || t.includes('CHAR')) return 'text';
  return 'unknown';
}

function columnsOf(db: Db, table: string): ColumnMeta[] {
  const pii = sensitiveColumns(db).get(table);
  const declared = db.all<{ name: string; type: string }>(`PRAGMA table_info(${quoteId(table)})`);
  const entity = ENTITIES.find((e) => e.table === table);
  const generic = entity || table === PROFILE_TABLE ? null : userTableColumns(db, table);
  return declared.map((c) => {
    const piiHere = pii?.has(c.name) ?? false;
    if (table === PROFILE_TABLE) {
      const p = PROFILE_COLUMNS.find((x) => x.name === c.name);
      if (p) return { name: c.name, type: p.type, zh: p.zh, en: p.en, family: p.family, pii: piiHere || p.pii !== undefined };
    }
    const fd = entity?.fields.find((x) => x.name === c.name);
    if (fd) return { name: c.name, type: fd.type, zh: fd.zh, en: fd.en, family: null, pii: piiHere || fd.pii !== undefined };
    const g = generic?.find((x) => x.name === c.name);
    if (g) return { name: c.name, type: g.type, zh: g.header, en: g.header, family: null, pii: piiHere };
    return { name: c.name, type: declaredType(c.type), zh: c.name, en: c.name, family: null, pii: piiHere };
  });
}

function isPiiType(t: ColumnType): boolean {
  return ['phone', 'id_no', 'email', 'card_no', 'openid', 'unionid', 'device_id'].includes(t);
}

/** Lists the features a table offers, with missing and distinct counts, and the columns left out with why. */
export function listFeatures(db: Db, table: string): ClusterFeatureList {
  if (!isClusterableTable(db, table)) {
    throw new ExpectedError('NOT_FOUND', `Table ${table} does not exist or cannot be clustered.`, { table });
  }
  const cols = columnsOf(db, table);
  const keyKind: ClusterKeyKind = cols.some((c) => c.name === 'one_id') ? 'one_id' : 'rowid';
  const rows = Number(db.value(`SELECT count(*) FROM ${quoteId(table)}`) ?? 0);
  const features: ClusterFeatureInfo[] = [];
  const excluded: ClusterFeatureList['excluded'][number][] = [];
  const candidates = cols.filter((c) => {
    if (KEY_COLUMNS.has(c.name)) {
      if (!SYSTEM_COLUMNS.includes(c.name as (typeof SYSTEM_COLUMNS)[number])) excluded.push({ name: c.name, reason: 'key' });
      return false;
    }
    if (c.pii || isPiiType(c.type)) {
      excluded.push({ name: c.name, reason: 'pii' });
      return false;
    }
    if (DATES.has(c.type)) {
      excluded.push({ name: c.name, reason: 'date' });
      return false;
    }
    return NUMERIC.has(c.type) || c.type === 'text' || c.type === 'unknown';
  });
  if (candidates.length > 0) {
    // One pass for the non-missing counts; distinct values only for text columns, and only up to MAX_LEVELS + 1
    // (a full count(DISTINCT) of every column of a million-row table costs minutes in sql.js).
    const stats = db.get(`SELECT ${candidates.map((c, i) => `count(${quoteId(c.name)}) AS n${i}`).join(', ')} FROM ${quoteId(table)}`);
    candidates.forEach((c, i) => {
      const present = Number(stats?.[`n${i}`] ?? 0);
      if (present === 0) {
        excluded.push({ name: c.name, reason: 'empty' });
        return;
      }
      const numeric = NUMERIC.has(c.type) || (c.type === 'unknown' && isNumericColumn(db, table, c.name));
      const distinct = numeric
        ? null
        : Number(db.value(`SELECT count(*) FROM (SELECT DISTINCT ${quoteId(c.name)} FROM ${quoteId(table)} WHERE ${quoteId(c.name)} IS NOT NULL LIMIT ${MAX_LEVELS + 1})`) ?? 0);
      if (distinct !== null && distinct > MAX_LEVELS) {
        excluded.push({ name: c.name, reason: 'high_cardinality' });
        return;
      }
      features.push({
        name: c.name,
        kind: numeric ? 'numeric' : 'categorical',
        zh: c.zh,
        en: c.en,
        money: c.type === 'money',
        binary: c.type === 'bool',
        missing: rows - present,
        distinct,
        family: c.family,
      });
    });
  }
  if (keyKind === 'one_id') features.push(...tagFeatures(db, rows));
  return { table, keyKind, rows, features, excluded };
}

function isNumericColumn(db: Db, table: string, column: string): boolean {
  const bad = db.value(`SELECT count(*) FROM ${quoteId(table)} WHERE ${quoteId(column)} IS NOT NULL AND typeof(${quoteId(column)}) NOT IN ('integer', 'real')`);
  return bad === 0;
}

/** Tags from the one tag table; a customer has a tag when a row of the tag's latest run says so. */
function tagFeatures(db: Db, rows: number): ClusterFeatureInfo[] {
  if (!tableExists(db, 'customer_tag')) return [];
  const tags = db.all<{ tag: string; zh: string | null; en: string | null; family: string | null; holders: number }>(
    `SELECT t.tag AS tag, d.zh AS zh, d.en AS en, d.family AS family, count(DISTINCT t.one_id) AS holders
       FROM customer_tag t LEFT JOIN tag_def d ON d.tag = t.tag
      WHERE t.run_id = (SELECT max(run_id) FROM customer_tag u WHERE u.tag = t.tag)
      GROUP BY t.tag ORDER BY t.tag`,
  );
  return tags.map((t) => ({
    name: `tag:${t.tag}`,
    kind: 'tag' as const,
    zh: t.zh ?? t.tag,
    en: t.en ?? t.tag,
    money: false,
    binary: true,
    missing: 0,
    distinct: t.holders > 0 && t.holders < rows ? 2 : 1,
    family: t.family,
  }));
}
