import type { CellValue, ColumnInfo, QueryResult, TablePage } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import type { Db, SqlValue } from '#shared/db/database.ts';
import { ENTITIES, type PiiType } from '#shared/model/entities.ts';
import { detectPiiByShape, maskValue } from '#shared/privacy/mask.ts';
import { sensitiveColumnNames, sensitiveColumns } from '#shared/privacy/register.ts';
import { appendAudit } from '#shared/workspace/audit.ts';

export function browseHandlers(s: Services): Handlers<'tables.list' | 'tables.page' | 'sql.query'> {
  return {
    'tables.list': () => s.workspace.tables(),
    'tables.page': (a) => tablePage(s.workspace.db, a.table, a.offset, a.limit, a.orderBy, a.desc ?? false),
    'sql.query': (a) => {
      const db = s.workspace.db;
      const result = runReadOnlySql(db, a.sql, a.params ?? [], a.maxRows ?? 10_000, !a.unmask);
      if (a.unmask) {
        db.transaction(() => appendAudit(db, s.host, 'pii.reveal', { where: 'sql.query', reason: a.unmask?.reason ?? '', columns: result.columns.length, rows: result.rows.length }));
        s.workspace.markDirty();
      }
      return result;
    },
  };
}

/** Table names the browser may page through: entity tables, generic imported tables and the system tables. */
function knownTables(db: Db): Set<string> {
  const names = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").map((r) => r.name);
  return new Set(names);
}

function tablePage(db: Db, table: string, offset: number, limit: number, orderBy: string | undefined, desc: boolean): TablePage {
  if (!knownTables(db).has(table)) throw new ExpectedError('NOT_FOUND', `No table named ${table}.`, { table });
  const pragma = db.all<{ name: string; type: string }>(`PRAGMA table_info("${table}")`);
  const names = pragma.map((p) => p.name);
  if (orderBy !== undefined && !names.includes(orderBy)) throw new ExpectedError('BAD_ARGUMENT', `No column ${orderBy} in ${table}.`, { column: orderBy });
  const pii = sensitiveColumns(db).get(table) ?? new Map<string, PiiType>();
  const entity = ENTITIES.find((e) => e.table === table);
  const columns: ColumnInfo[] = pragma.map((p) => {
    const fd = entity?.fields.find((x) => x.name === p.name);
    return { name: p.name, type: p.type, zh: fd?.zh ?? null, en: fd?.en ?? null, pii: pii.get(p.name) ?? null };
  });
  const lim = Math.max(0, Math.min(limit, 5_000));
  const off = Math.max(0, offset);
  const order = orderBy ? `ORDER BY "${orderBy}" ${desc ? 'DESC' : 'ASC'}` : 'ORDER BY rowid';
  const { rows } = db.table(`SELECT * FROM "${table}" ${order} LIMIT ? OFFSET ?`, [lim, off]);
  const total = Number(db.value(`SELECT count(*) FROM "${table}"`) ?? 0);
  const colPii = pragma.map((p) => pii.get(p.name) ?? null);
  const masked = rows.map((r) => r.map((v, i) => maskCell(v, colPii[i] ?? null)));
  return { table, columns, total, offset: off, rows: masked, masked: pii.size > 0 };
}

function toCell(v: SqlValue | undefined): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return `<${v.byteLength} bytes>`;
}

function maskCell(v: SqlValue | undefined, pii: PiiType | null): CellValue {
  const c = toCell(v);
  if (pii && c !== null) return maskValue(pii, String(c));
  return c;
}

/**
 * Runs one read-only statement. Writes are refused by SQLite itself (`PRAGMA query_only`), not by parsing the
 * text. With `mask`, columns named like a registered personal-data column and values shaped like a phone, ID,
 * card or email number are masked.
 */
export function runReadOnlySql(db: Db, sql: string, params: readonly CellValue[], maxRows: number, mask: boolean): QueryResult {
  const t0 = Date.now();
  let out: { columns: string[]; rows: SqlValue[][]; truncated: boolean };
  try {
    out = db.readOnly(() => db.table(sql, params, maxRows));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/readonly|read-only|query_only/i.test(msg)) throw new ExpectedError('SQL_NOT_READ_ONLY', 'Only read-only queries are allowed.', {});
    throw new ExpectedError('SQL_ERROR', msg, { detail: msg });
  }
  const names = mask ? sensitiveColumnNames(db) : new Map<string, PiiType>();
  const colPii = out.columns.map((c) => names.get(c) ?? null);
  const rows = out.rows.map((r) =>
    r.map((v, i) => {
      const c = toCell(v);
      if (!mask || c === null) return c;
      const p = colPii[i] ?? (typeof c === 'string' ? detectPiiByShape(c) : null);
      return p ? maskValue(p, String(c)) : c;
    }),
  );
  return { columns: out.columns, rows, masked: mask, truncated: out.truncated, ms: Date.now() - t0 };
}
