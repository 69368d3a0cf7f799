/**
 * Streams the rows of a table to a callback, for scans of millions of rows (identity records, profile facts,
 * events, relations): fields as text, NULL as '', chunks of an integer key in key order, yielding between
 * chunks. sql.js costs about a microsecond per column fetched through its statement API, so each chunk comes
 * back as one `group_concat` string, each row formatted by one `printf` (a chain of `||` concatenations costs
 * more), and is cut into fields in place: one reused array rather than an array per row and one per chunk that
 * outlive the young generation (about 45 % less CPU on ten million transactions).
 */
import type { Db, SqlParam } from './database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';

const FIELD_SEP = '\u001f';
const ROW_SEP = '\u001e';
const CHUNK_ROWS = 100_000;

/**
 * Calls `onRow` with the fields of every row of `from` matching `where`, in chunks of `idCol` (an integer key).
 * A column may be an expression over the table's columns (`substr(txn_time, 1, 10)`).
 * The array passed to `onRow` is reused for the next row: read it during the call, copy what must outlive it.
 * A chunk holding a value with a separator character (only rows written by hand: imports remove control
 * characters) is read again row by row, so every field arrives intact. Returns the rows read.
 */
export async function scanRows(
  db: Db,
  ctx: JobContext,
  step: string,
  from: string,
  columns: readonly string[],
  where: string,
  params: readonly SqlParam[],
  onRow: (f: readonly string[]) => void,
  idCol = 'row_id',
): Promise<number> {
  const bounds = db.get<{ lo: number | null; hi: number | null }>(`SELECT min(${idCol}) AS lo, max(${idCol}) AS hi FROM ${from}`);
  if (!bounds || bounds.lo === null || bounds.hi === null) return 0;
  // printf's %s writes NULL as '' and every other value as its text, as `ifnull(x, '') || …` does.
  const format = columns.map(() => '%s').join(FIELD_SEP);
  const names = columns.map((_, k) => `c${String(k)}`);
  const inner = columns.map((c, k) => `${c} AS ${names[k] as string}`).join(', ');
  const sql = `SELECT group_concat(printf('${format}', ${names.join(', ')}), char(30)) FROM (SELECT ${inner} FROM ${from} WHERE ${where} AND ${idCol} >= ? AND ${idCol} < ? ORDER BY ${idCol})`;
  const fields = new Array<string>(columns.length).fill('');
  let rows = 0;
  const total = bounds.hi - bounds.lo + 1;
  for (let lo = bounds.lo; lo <= bounds.hi; lo += CHUNK_ROWS) {
    const text = db.value(sql, [...params, lo, lo + CHUNK_ROWS]);
    if (typeof text === 'string' && text.length > 0) {
      rows += wellFormed(text, columns.length) ? cut(text, fields, onRow) : rescan(db, from, columns, where, params, lo, idCol, fields, onRow);
    }
    ctx.progress(step, Math.min(lo + CHUNK_ROWS - bounds.lo, total), total);
    await ctx.checkpoint();
  }
  return rows;
}

/** Whether every row of the chunk has exactly `width` fields (counted without cutting anything). */
function wellFormed(text: string, width: number): boolean {
  const end = text.length;
  let at = 0;
  while (at <= end) {
    let rowEnd = text.indexOf(ROW_SEP, at);
    if (rowEnd < 0) rowEnd = end;
    let seps = 0;
    for (let s = text.indexOf(FIELD_SEP, at); s >= 0 && s < rowEnd; s = text.indexOf(FIELD_SEP, s + 1)) seps++;
    if (seps !== width - 1) return false;
    at = rowEnd + 1;
  }
  return true;
}

function cut(text: string, fields: string[], onRow: (f: readonly string[]) => void): number {
  const width = fields.length;
  const end = text.length;
  let rows = 0;
  let at = 0;
  while (at <= end) {
    let rowEnd = text.indexOf(ROW_SEP, at);
    if (rowEnd < 0) rowEnd = end;
    let s = at;
    for (let k = 0; k < width - 1; k++) {
      const e = text.indexOf(FIELD_SEP, s);
      fields[k] = text.slice(s, e);
      s = e + 1;
    }
    fields[width - 1] = text.slice(s, rowEnd);
    onRow(fields);
    rows++;
    at = rowEnd + 1;
  }
  return rows;
}

function rescan(db: Db, from: string, columns: readonly string[], where: string, params: readonly SqlParam[], lo: number, idCol: string, fields: string[], onRow: (f: readonly string[]) => void): number {
  let n = 0;
  db.each(`SELECT ${columns.join(', ')} FROM ${from} WHERE ${where} AND ${idCol} >= ? AND ${idCol} < ? ORDER BY ${idCol}`, [...params, lo, lo + CHUNK_ROWS], (r) => {
    for (let k = 0; k < fields.length; k++) {
      const v = r[k];
      fields[k] = v === null || v === undefined ? '' : String(v);
    }
    onRow(fields);
    n++;
  });
  return n;
}
