import type { BatchId, FileId } from '#shared/api/brands.ts';
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { ColumnMapping, ImportFileResult } from '#shared/api/ingestTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { entityDef, type EntityDef } from '#shared/model/entities.ts';
import { registerSensitiveColumn } from '#shared/privacy/register.ts';
import { isMissing } from '#shared/values/missing.ts';
import { parseValue } from '#shared/values/parseValue.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { getMeta, setMeta } from '#shared/workspace/workspaceService.ts';
import { createDigest, NO_DIGEST } from './blobStream.ts';
import { deferIndexes } from './bulkLoad.ts';
import { columnPii, type FileAnalysis } from './fileAnalysis.ts';
import { ensureGenericTable, userTableColumns } from './genericTable.ts';
import { tableNameFor } from './headerNames.ts';
import { entityPlan, tablePlan } from './importPlan.ts';
import { IssueWriter } from './issueWriter.ts';
import { clipRaw } from './records.ts';
import { RowConverter, type ImportPlan } from './rowConverter.ts';
import { TableWriter } from './tableWriter.ts';

export interface ImportEnv {
  readonly db: Db;
  readonly host: Pick<Host, 'now' | 'createSha256'>;
  readonly ctx: JobContext;
  /** The workspace as-of date when the file starts, for snapshot rows without a date. */
  readonly workspaceAsOf: string | null;
}

export interface FileIds {
  readonly fileId: FileId;
  readonly batchId: BatchId;
}

/**
 * Rows written between two counts of new, duplicate and updated rows. Counting once per reader batch would
 * flush the bulk INSERT's partial statement each time, and reader batches are kept small (see streamText).
 */
const COUNT_EVERY_ROWS = 8192;

/** Fields whose dates say nothing about when the data was exported (birthdays, future maturities). */
const NOT_DATA_DATES: ReadonlySet<string> = new Set(['birth_date', 'maturity_date', 'risk_expiry', 'close_date']);

/**
 * Imports one analysed file inside one transaction: a cancel or an error rolls the whole file back, so a file is
 * either fully imported or not at all (the caller records the outcome on its `import_file` row). Reads the file
 * once, in batches; after each batch it writes rows, rejects and cell issues, reports
 * `progress('import.rows', bytesDone, bytesTotal, fileName)` and awaits `ctx.checkpoint()`.
 *
 * Invariant, checked before commit: accepted + rejected = rowsRead.
 */
export async function importFile(env: ImportEnv, a: FileAnalysis, mapping: ColumnMapping, ids: FileIds): Promise<ImportFileResult> {
  const { db, ctx } = env;
  const source = a.source;
  const fileName = source.fileName;
  const tx = db.begin();
  const statements: { free(): void }[] = [];
  try {
    const { plan, def } = await preparePlan(env, a, mapping);
    const restoreIndexes = deferIndexes(db, plan.table, source.estimatedRows);
    const fieldNames = plan.fields.map((f) => f.name);
    const conflict = plan.asOfField >= 0 ? ['row_key', 'as_of'] : ['row_key'];
    const writer = new TableWriter(db, plan.table, fieldNames, plan.mode, conflict, ids);
    statements.push(writer);
    const rejectTuple = `(${Math.trunc(ids.fileId)}, ?, ?, ?, ?, ?)`;
    const rejectWriter = db.prepareBulkInsert(
      (rows) => `INSERT INTO reject(file_id, row_no, column_name, code, params, raw) VALUES ${new Array<string>(rows).fill(rejectTuple).join(', ')}`,
      5,
    );
    statements.push(rejectWriter);
    const issueWriter = new IssueWriter(db, ids.fileId, plan.table);
    statements.push(issueWriter);
    const converter = new RowConverter(plan, fileName, source.encoding.encoding);
    const digest = createDigest(env.host);

    let records = 0;
    let readerRejects = 0;
    let rejected = 0;
    let blankLines = 0;
    const counts = { newRows: 0, duplicateRows: 0, updatedRows: 0 };
    const count = (): void => {
      const c = writer.flush();
      counts.newRows += c.newRows;
      counts.duplicateRows += c.duplicateRows;
      counts.updatedRows += c.updatedRows;
    };
    for await (const batch of source.open(digest)) {
      for (const rec of batch.records) {
        const values = converter.convert(rec, batch.suspect);
        if (values) writer.add(values);
      }
      records += batch.records.length;
      if (writer.pendingRows >= COUNT_EVERY_ROWS) count();
      for (const r of batch.rejects) rejectWriter.add([r.line, null, r.code, JSON.stringify(r.params), r.raw]);
      readerRejects += batch.rejects.length;
      const { rejects, issues } = converter.drain();
      for (const r of rejects) rejectWriter.add([r.line, r.column, r.code, JSON.stringify(r.params), clipRaw(r.fields.join(source.joiner))]);
      rejected += batch.rejects.length + rejects.length;
      for (const i of issues) issueWriter.write(i);
      blankLines += batch.blankLines;
      ctx.progress('import.rows', batch.bytesDone, source.sizeBytes, fileName);
      await ctx.checkpoint();
    }
    count();
    rejectWriter.flush();
    issueWriter.flush();
    counts.duplicateRows += converter.repeatedInFile;
    const rowsRead = records - converter.headerRecords + readerRejects;
    const accepted = counts.newRows + counts.duplicateRows + counts.updatedRows;
    if (accepted + rejected !== rowsRead) {
      throw new BugIndicatingError(`import of ${fileName} lost rows: accepted ${accepted} + rejected ${rejected} ≠ read ${rowsRead}`);
    }
    restoreIndexes();
    if (def?.kind === 'customers') assignOneIds(db, ids.fileId);

    const result: ImportFileResult = {
      fileId: ids.fileId,
      fileName,
      kind: mapping.kind,
      table: plan.table,
      format: source.format,
      encoding: source.encoding.encoding,
      delimiter: source.dialect.delimiter,
      sha256: digest.hex(),
      rowsRead,
      accepted,
      rejected,
      ...counts,
      blankLines,
      cellIssues: converter.rowsWithIssues,
      status: 'done',
    };
    finishFileRow(db, env.host, result, mapping, source.layout.headerRow);
    appendAudit(
      db,
      env.host,
      'ingest.file',
      {
        fileId: ids.fileId,
        batchId: ids.batchId,
        file: fileName,
        kind: mapping.kind,
        table: plan.table,
        format: source.format,
        encoding: result.encoding,
        newRows: counts.newRows,
        duplicateRows: counts.duplicateRows,
        updatedRows: counts.updatedRows,
        blankLines,
        cellIssues: result.cellIssues,
        status: 'done',
      },
      { inputSha256: result.sha256, rowsRead, rowsAccepted: accepted, rowsRejected: rejected },
    );
    tx.commit();
    ctx.progress('import.rows', source.sizeBytes, source.sizeBytes, fileName);
    return result;
  } catch (e) {
    tx.rollback();
    throw e;
  } finally {
    for (const s of statements) s.free();
  }
}

async function preparePlan(env: ImportEnv, a: FileAnalysis, mapping: ColumnMapping): Promise<{ plan: ImportPlan; def: EntityDef | null }> {
  const { headers } = a;
  const headerRow = a.source.layout.headerRow;
  if (mapping.kind === 'table') {
    const table = tableNameFor(mapping.tableName, a.source.fileName);
    const { plan, columns } = tablePlan(table, mapping, headers, headerRow, a.columnValues, userTableColumns(env.db, table));
    ensureGenericTable(env.db, env.host, table, a.source.fileName, columns);
    for (const c of columns) {
      const idx = headers.indexOf(c.header);
      const pii = columnPii(c.header, idx >= 0 ? (a.columnValues[idx] ?? []) : []);
      if (pii) registerSensitiveColumn(env.db, table, c.name, pii, 'detected');
    }
    return { plan, def: null };
  }
  const def = entityDef(mapping.kind);
  const asOf = def.reimport === 'snapshot' ? await resolveAsOf(env, a, mapping, def) : null;
  return { plan: entityPlan(def, mapping, headers, headerRow, asOf), def };
}

/**
 * The as-of date of snapshot rows that carry none, in this order: the mapping's `defaults.as_of`; a date in a
 * title line above the header (`客户信息导出 2024-06-30`); the workspace as-of date; the latest data date in the
 * file itself (a second pass over the file, only in this case: every date/datetime field except birthdays and
 * future-facing dates, capped at today); today's date. Rows with their own as_of cell keep it.
 */
async function resolveAsOf(env: ImportEnv, a: FileAnalysis, mapping: ColumnMapping, def: EntityDef): Promise<string> {
  const given = mapping.defaults?.as_of;
  if (given !== undefined && given !== '') {
    const r = parseValue('date', given);
    if (r.ok) return String(r.value);
  }
  const titled = dateInTitle(a.source.layout.leading.map((r) => r.fields.join(' ')));
  if (titled) return titled;
  if (env.workspaceAsOf) return env.workspaceAsOf;
  const today = new Date(env.host.now()).toISOString().slice(0, 10);
  const dateColumns = mapping.columns
    .map((e) => ({ e, fd: def.fields.find((f) => f.name === e.field) }))
    .filter(({ fd }) => fd !== undefined && (fd.type === 'date' || fd.type === 'datetime') && !NOT_DATA_DATES.has(fd.name));
  if (dateColumns.length === 0) return today;
  let latest: string | null = null;
  for await (const batch of a.source.open(NO_DIGEST)) {
    for (const rec of batch.records) {
      if (rec.line <= a.source.layout.headerRow) continue;
      for (const { e, fd } of dateColumns) {
        const raw = rec.fields[e.sourceIndex] ?? '';
        if (!fd || isMissing(raw)) continue;
        const r = parseValue(fd.type, raw, e.dateOrder === undefined ? undefined : { dateOrder: e.dateOrder });
        if (!r.ok) continue;
        const d = String(r.value).slice(0, 10);
        if (d <= today && (latest === null || d > latest)) latest = d;
      }
    }
    env.ctx.progress('import.scanDates', batch.bytesDone, a.source.sizeBytes, a.source.fileName);
    await env.ctx.checkpoint();
  }
  return latest ?? today;
}

const TITLE_DATE = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?|(?<!\d)\d{8}(?!\d)/;

/** The first date written in report title lines, as YYYY-MM-DD. */
export function dateInTitle(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = TITLE_DATE.exec(line);
    if (!m) continue;
    const r = parseValue('date', m[0].replace(/\s/g, ''));
    if (r.ok) return String(r.value);
  }
  return null;
}

/**
 * Gives every customer number of this file that has no ONE_ID yet a new one, `P` + 9 digits in order of first
 * appearance, continuing the workspace counter kept in `meta.one_id_seq`.
 */
function assignOneIds(db: Db, fileId: number): void {
  const base = Number(getMeta(db, 'one_id_seq') ?? '0');
  // Workspaces from schema 2 on also record the customer row each identity points at.
  const withRef = db.all<{ name: string }>('PRAGMA table_info(identity_map)').some((c) => c.name === 'row_ref');
  const added = db.run(
    `INSERT INTO identity_map(source, record_id, one_id, method${withRef ? ', row_ref' : ''})
     SELECT 'customer', cust_no, printf('P%09d', ? + ROW_NUMBER() OVER (ORDER BY MIN(row_id))), 'source_key'${withRef ? ', MIN(row_id)' : ''}
     FROM customers
     WHERE src_file = ? AND cust_no IS NOT NULL
       AND cust_no NOT IN (SELECT record_id FROM identity_map WHERE source = 'customer')
     GROUP BY cust_no`,
    [base, fileId],
  );
  if (added > 0) setMeta(db, 'one_id_seq', String(base + added));
}

function finishFileRow(db: Db, host: Pick<Host, 'now'>, r: ImportFileResult, mapping: ColumnMapping, headerRow: number): void {
  db.run(
    `UPDATE import_file SET sha256 = ?, format = ?, kind = ?, target_table = ?, encoding = ?, delimiter = ?, header_row = ?,
       rows_read = ?, accepted = ?, rejected = ?, new_rows = ?, duplicate_rows = ?, updated_rows = ?, blank_lines = ?, cell_issues = ?,
       mapping = ?, status = ?, finished_at = ?
     WHERE file_id = ?`,
    [
      r.sha256,
      r.format,
      r.kind,
      r.table,
      r.encoding,
      r.delimiter,
      headerRow,
      r.rowsRead,
      r.accepted,
      r.rejected,
      r.newRows,
      r.duplicateRows,
      r.updatedRows,
      r.blankLines,
      r.cellIssues,
      JSON.stringify(mapping),
      r.status,
      new Date(host.now()).toISOString(),
      r.fileId,
    ],
  );
}
