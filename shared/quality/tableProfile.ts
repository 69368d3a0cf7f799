/**
 * Quality of one table in a fixed number of passes:
 *
 * 1. one grouped query per key column — identifiers and the columns other files refer to — for exact distinct
 *    and top values, identifier checks, shared identifiers and key coverage (keyColumnScan.ts);
 * 2. the other columns' values counted in JavaScript, from every row on tables up to `fullScanRows` rows, otherwise
 *    from a hashed sample of {@link SAMPLE_ROWS} rows (distinct counts then estimated, or exact where an index
 *    makes them cheap; top-value counts scaled up);
 * 3. one SQL aggregate, chunked by rowid: the cheap type test of every typed column, and the non-missing count of
 *    the sampled columns; the full test of a column runs only when the cheap one or the tally flags something.
 *
 * So type failures, missing counts and everything about key columns are exact on any table. On a sampled table an
 * empty string or a non-calendar date (2023-02-30) outside the sample goes unseen; the import writes neither.
 *
 * `count(DISTINCT …)` over every column in one statement, the obvious design, took 18 s on one million
 * transactions in sql.js; grouping a non-indexed text column of a million rows costs about 1 s, an indexed one
 * 0.1–0.3 s, and a per-row aggregate about 30 ns per column.
 */
import type { ColumnQuality, KeyCoverage, SharedIdentifier, TableQuality, ValueCount } from '#shared/api/qualityTypes.ts';
import type { Db, Row } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { isIdentifierType } from './identifierChecks.ts';
import type { ColumnCellIssues } from './importCounts.ts';
import { scanKeyColumn, type KeyColumnStats } from './keyColumnScan.ts';
import { keyCoverage, KEY_REFERENCES } from './keyCoverage.ts';
import { quoteIdent, type QualityColumnSpec, type QualityTableSpec } from './qualityTables.ts';
import { reportValue } from './reportMask.ts';
import { sqlCheck, type SqlCheck } from './sqlChecks.ts';
import { estimateDistinct, ValueTally } from './valueTally.ts';

/** Default of {@link ProfileContext.fullScanRows}. */
export const FULL_SCAN_ROWS = 100_000;
/** Rows sampled from a table larger than `fullScanRows` for the distinct counts and top values of non-key columns. */
export const SAMPLE_ROWS = 50_000;
/** From this many different customers on, an identifier value is reported as shared. */
export const SHARED_MIN_CUSTOMERS = 5;
const SHARED_LISTED_PER_COLUMN = 20;
const CHUNK_ROWIDS = 250_000;
const TOP_VALUES = 10;
const FAILURE_EXAMPLES = 5;
const ORPHAN_EXAMPLES = 5;

type Cell = Row[string];

export interface ProfileContext {
  readonly db: Db;
  readonly ctx: JobContext;
  /** Tables up to this many rows are read whole; larger ones are sampled. */
  readonly fullScanRows: number;
  /** Rows sampled from larger tables (at most `fullScanRows`). */
  readonly sampleRows: number;
  /** Birth dates after this are out of range (the as-of date, or today). */
  readonly latestBirthDate: string;
  /** Import cell issues of a table by column. */
  cellIssues(table: string): ReadonlyMap<string, ColumnCellIssues> | undefined;
  /** Distinct keys of a referenced column, loaded once per report. */
  keySet(table: string, column: string): ReadonlySet<string>;
  rowCount(table: string): number;
}

export interface TableProfile {
  readonly quality: TableQuality;
  readonly coverage: readonly KeyCoverage[];
  readonly shared: readonly SharedIdentifier[];
}

/** What the passes found about one column, before it becomes a {@link ColumnQuality}. */
interface ColumnFindings {
  /** Values that are neither NULL nor empty. */
  nonMissing: number;
  empties: number;
  distinct: number;
  distinctExact: boolean;
  top: ValueCount[];
  topValuesExact: boolean;
  invalid: number;
  failures: Map<CellIssueCode, number>;
  examples: string[];
}

/** Profiles one table; a table without rows gives `rows: 0` and no columns. Yields between passes and chunks. */
export async function profileTable(p: ProfileContext, spec: QualityTableSpec): Promise<TableProfile> {
  const { db } = p;
  const table = quoteIdent(spec.table);
  const rows = p.rowCount(spec.table);
  const base = { table: spec.table, kind: spec.kind, zh: spec.zh, en: spec.en, rows };
  if (rows === 0) return { quality: { ...base, sampledRows: null, columns: [] }, coverage: [], shared: [] };

  const bounds = db.get<{ lo: number; hi: number }>(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM ${table}`);
  const range = { lo: Number(bounds?.lo ?? 0), hi: Number(bounds?.hi ?? -1) };
  const checks = spec.columns.map((c) => (isIdentifierType(c.type) ? null : sqlCheck(c.name, c.type, p.latestBirthDate)));

  const references = KEY_REFERENCES.filter((r) => r.fromTable === spec.table);
  const idTypeColumn = spec.columns.some((c) => c.name === 'id_type') ? 'id_type' : null;
  const keyStats = new Map<string, KeyColumnStats>();
  for (const c of spec.columns) {
    const ref = references.find((r) => r.fromColumn === c.name);
    if (!isIdentifierType(c.type) && !ref) continue;
    keyStats.set(
      c.name,
      scanKeyColumn(db, spec.table, c.name, {
        identifier: isIdentifierType(c.type) ? c.type : null,
        customerKey: isIdentifierType(c.type) ? spec.customerKey : null,
        idTypeColumn,
        targetKeys: ref ? p.keySet(ref.toTable, ref.toColumn) : null,
        topValues: TOP_VALUES,
        failureExamples: FAILURE_EXAMPLES,
        sharedMinCustomers: SHARED_MIN_CUSTOMERS,
        sharedListed: SHARED_LISTED_PER_COLUMN,
        orphanExamples: ORPHAN_EXAMPLES,
      }),
    );
    await p.ctx.checkpoint();
  }

  const others = spec.columns.filter((c) => !keyStats.has(c.name));
  const whole = rows <= p.fullScanRows;
  const tallies = others.map(() => new ValueTally());
  // Fibonacci hashing of the rowid picks a well-spread share of rows with no period that could line up with the
  // order of an export (every fifth row a branch subtotal, say).
  const sampleWhere = whole ? null : `((rowid * 2654435761) & 4294967295) < ${Math.floor((Math.min(p.sampleRows, p.fullScanRows) / rows) * 2 ** 32)}`;
  let sampledRows = 0;
  await scanRows(p, table, range, others, sampleWhere, (row) => {
    sampledRows++;
    for (let i = 0; i < tallies.length; i++) {
      const v = row[i] ?? null;
      if (v !== null) tallies[i]?.add(text(v));
    }
  });
  const indexed = whole ? new Set<string>() : indexLeadColumns(db, spec.table);
  // Key scans and a whole-table tally count non-missing values exactly; only sampled columns need SQL's count.
  const agg = await aggregate(p, table, range, spec.columns, spec.columns.map((c) => !whole && !keyStats.has(c.name)), checks);

  const findings = new Map<string, ColumnFindings>();
  for (const [name, s] of keyStats) {
    findings.set(name, {
      nonMissing: s.values,
      empties: s.empties,
      distinct: s.distinct,
      distinctExact: true,
      top: s.top.map(([value, count]) => ({ value, count })),
      topValuesExact: true,
      invalid: s.invalid,
      failures: new Map(s.failures),
      examples: [...s.examples],
    });
  }
  for (const [i, c] of others.entries()) {
    const tally = tallies[i] ?? new ValueTally();
    const at = spec.columns.indexOf(c);
    let empties = tally.empties;
    if (!whole && empties > 0) empties = Number(db.value(`SELECT count(*) FROM ${table} WHERE ${quoteIdent(c.name)} = ''`) ?? 0);
    const present = whole ? tally.values : (agg.nonNull[at] ?? 0) - empties;
    const f: ColumnFindings = {
      nonMissing: present,
      empties,
      distinct: whole ? tally.distinct : indexed.has(c.name) ? exactDistinct(db, table, c.name) : estimateDistinct(tally.values, tally.distinct, tally.singletons(), present),
      distinctExact: whole || indexed.has(c.name),
      top: tally.top(TOP_VALUES),
      topValuesExact: whole,
      invalid: 0,
      failures: new Map(),
      examples: [],
    };
    if (!whole && tally.values > 0) {
      const scale = present / tally.values;
      f.top = f.top.map((t) => ({ value: t.value, count: Math.round(t.count * scale) }));
    }
    const check = checks[at] ?? null;
    if (check) checkFailures(db, table, c.name, check, agg.suspect[at] ?? 0, tally, f);
    findings.set(c.name, f);
  }

  const tableIssues = p.cellIssues(spec.table);
  const columns: ColumnQuality[] = [];
  const shared: SharedIdentifier[] = [];
  for (const c of spec.columns) {
    const f = findings.get(c.name);
    if (!f) continue;
    const mask = (v: string): string => reportValue(c.pii, v);
    const issues = tableIssues?.get(c.name);
    for (const { code, count } of issues?.byCode ?? []) f.failures.set(code, (f.failures.get(code) ?? 0) + count);
    for (const v of issues?.examples ?? []) if (f.examples.length < FAILURE_EXAMPLES && !f.examples.includes(v)) f.examples.push(v);

    const nonMissing = f.nonMissing;
    const missing = rows - nonMissing;
    const cellIssues = Math.min(issues?.total ?? 0, missing);
    const present = nonMissing + cellIssues;
    const s = keyStats.get(c.name);
    for (const [value, customers, n] of s?.shared ?? []) shared.push({ table: spec.table, column: c.name, pii: c.pii, value: mask(value), customers, rows: n });
    columns.push({
      column: c.name,
      zh: c.zh,
      en: c.en,
      type: c.type,
      pii: c.pii,
      rows,
      missing,
      missingShare: missing / rows,
      distinct: f.distinct,
      distinctExact: f.distinctExact,
      invalid: f.invalid,
      cellIssues,
      conformity: present === 0 ? null : (nonMissing - f.invalid) / present,
      failuresByCode: [...f.failures].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      failureExamples: f.examples.slice(0, FAILURE_EXAMPLES).map(mask),
      validator: c.type === 'text' ? null : c.type,
      topValues: f.top.map((t) => ({ value: mask(t.value), count: t.count })),
      topValuesExact: f.topValuesExact,
      sharedValues: s?.sharedValues ?? 0,
    });
  }

  const coverage = references.flatMap((r) => {
    const s = keyStats.get(r.fromColumn);
    if (!s) return [];
    const pii = spec.columns.find((c) => c.name === r.fromColumn)?.pii ?? null;
    return [keyCoverage(r, s, p.rowCount(r.toTable), (v) => reportValue(pii, v))];
  });
  return { quality: { ...base, sampledRows: whole ? null : sampledRows, columns }, coverage, shared };
}

/**
 * Failing values of a typed column. The aggregate pass counted the cheap test; the full test runs only when that
 * count, or a non-canonical date in the tally, shows there may be something to find.
 */
function checkFailures(db: Db, table: string, column: string, check: SqlCheck, suspects: number, tally: ValueTally, f: ColumnFindings): void {
  let suspect = suspects > 0;
  if (!suspect && check.canonical) {
    for (const v of tally.counts.keys()) {
      if (!check.canonical(v)) {
        suspect = true;
        break;
      }
    }
  }
  if (!suspect) return;
  for (const r of db.all<{ code: string; n: number }>(`SELECT ${check.code} AS code, count(*) AS n FROM ${table} WHERE ${check.strict} GROUP BY 1`)) {
    f.failures.set(r.code as CellIssueCode, r.n);
    f.invalid += r.n;
  }
  db.each(`SELECT DISTINCT ${quoteIdent(column)} FROM ${table} WHERE ${check.strict} LIMIT ${FAILURE_EXAMPLES}`, [], (r) => {
    const v = r[0] ?? null;
    if (v !== null) f.examples.push(text(v));
  });
}

interface Aggregates {
  /** Non-NULL values per column (empty strings included), for the columns whose count was asked for. */
  readonly nonNull: readonly number[];
  /** Rows the cheap test of each typed column flagged. */
  readonly suspect: readonly number[];
}

/** One pass over the table: `count(column)` where `counted`, and the cheap test of every typed column. */
async function aggregate(
  p: ProfileContext,
  table: string,
  range: { lo: number; hi: number },
  cols: readonly QualityColumnSpec[],
  counted: readonly boolean[],
  checks: readonly (SqlCheck | null)[],
): Promise<Aggregates> {
  const exprs: string[] = [];
  const countAt: number[] = [];
  const suspectAt: number[] = [];
  for (const [i, check] of checks.entries()) {
    countAt.push(counted[i] ? exprs.length : -1);
    if (counted[i]) exprs.push(`count(${quoteIdent(cols[i]?.name ?? '')})`);
    suspectAt.push(check ? exprs.length : -1);
    if (check) exprs.push(`sum(${check.suspect})`);
  }
  const totals = new Array<number>(exprs.length).fill(0);
  if (exprs.length > 0) {
    const sql = `SELECT ${exprs.join(', ')} FROM ${table} WHERE rowid BETWEEN ? AND ?`;
    for (let lo = range.lo; lo <= range.hi; lo += CHUNK_ROWIDS) {
      p.db.each(sql, [lo, Math.min(range.hi, lo + CHUNK_ROWIDS - 1)], (row) => {
        for (let j = 0; j < totals.length; j++) totals[j] = (totals[j] ?? 0) + Number(row[j] ?? 0);
      });
      await p.ctx.checkpoint();
    }
  }
  const at = (j: number): number => (j >= 0 ? (totals[j] ?? 0) : 0);
  return { nonNull: countAt.map(at), suspect: suspectAt.map(at) };
}

async function scanRows(p: ProfileContext, table: string, range: { lo: number; hi: number }, cols: readonly QualityColumnSpec[], where: string | null, onRow: (row: Cell[]) => void): Promise<void> {
  if (cols.length === 0) return;
  const sql = `SELECT ${cols.map((c) => quoteIdent(c.name)).join(', ')} FROM ${table} WHERE rowid BETWEEN ? AND ?${where ? ` AND ${where}` : ''}`;
  for (let lo = range.lo; lo <= range.hi; lo += CHUNK_ROWIDS) {
    p.db.each(sql, [lo, Math.min(range.hi, lo + CHUNK_ROWIDS - 1)], onRow);
    await p.ctx.checkpoint();
  }
}

/** Columns that lead an index, whose distinct count SQLite reads from the index in one cheap pass. */
function indexLeadColumns(db: Db, table: string): Set<string> {
  const out = new Set<string>();
  for (const ix of db.all<{ name: string }>(`PRAGMA index_list(${quoteIdent(table)})`)) {
    const first = db.all<{ seqno: number; name: string | null }>(`PRAGMA index_info(${quoteIdent(ix.name)})`).find((r) => r.seqno === 0);
    if (first?.name) out.add(first.name);
  }
  return out;
}

function exactDistinct(db: Db, table: string, column: string): number {
  const c = quoteIdent(column);
  const n = Number(db.value(`SELECT count(DISTINCT ${c}) FROM ${table}`) ?? 0);
  const hasEmpty = db.value(`SELECT 1 FROM ${table} WHERE ${c} = '' LIMIT 1`) !== undefined;
  return hasEmpty ? n - 1 : n;
}

/** A non-NULL stored value as text. */
function text(v: NonNullable<Cell>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return `<${v.byteLength} bytes>`;
}
