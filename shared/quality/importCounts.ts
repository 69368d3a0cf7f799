/** Per-file import counts, rejects by code and cell issues by column, read from the import bookkeeping tables. */
import type { BatchId, FileId } from '#shared/api/brands.ts';
import type { ImportStatus, RejectCode } from '#shared/api/ingestTypes.ts';
import type { FileQuality } from '#shared/api/qualityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';

type FileRow = {
  file_id: number;
  batch_id: number;
  file_name: string;
  kind: string | null;
  target_table: string | null;
  encoding: string | null;
  status: string;
  rows_read: number;
  accepted: number;
  rejected: number;
  cell_issues: number;
  started_at: string;
  finished_at: string | null;
};

/** Imported files in import order, each with its rejects by code and its cell issues by column and code. */
export function fileQualities(db: Db): FileQuality[] {
  const rejects = groupByFile(
    db.all<{ file_id: number; code: string; n: number }>('SELECT file_id, code, count(*) AS n FROM reject GROUP BY file_id, code'),
    (r) => ({ code: r.code as RejectCode, count: r.n }),
  );
  const issues = groupByFile(
    db.all<{ file_id: number; column_name: string; code: string; n: number }>(
      'SELECT file_id, column_name, code, count(*) AS n FROM cell_issue GROUP BY file_id, column_name, code',
    ),
    (r) => ({ column: r.column_name, code: r.code as CellIssueCode, count: r.n }),
  );
  const files = db.all<FileRow>(
    `SELECT file_id, batch_id, file_name, kind, target_table, encoding, status, rows_read, accepted, rejected, cell_issues, started_at, finished_at
     FROM import_file ORDER BY file_id`,
  );
  return files.map((f) => ({
    fileId: f.file_id as FileId,
    batchId: f.batch_id as BatchId,
    fileName: f.file_name,
    kind: f.kind ?? '',
    table: f.target_table ?? '',
    encoding: f.encoding ?? '',
    status: f.status as ImportStatus,
    rowsRead: f.rows_read,
    accepted: f.accepted,
    rejected: f.rejected,
    cellIssues: f.cell_issues,
    rejectsByCode: byCountDesc(rejects.get(f.file_id) ?? []),
    cellIssuesByColumn: byCountDesc(issues.get(f.file_id) ?? []),
    importedAt: f.finished_at ?? f.started_at,
  }));
}

export interface ColumnCellIssues {
  readonly total: number;
  readonly byCode: readonly { readonly code: CellIssueCode; readonly count: number }[];
  /** Up to five raw values per code, in import order and unmasked: the caller masks them with the column's class. */
  readonly examples: readonly string[];
}

/** Cell issues of all files by table and column: `table → column → issues`. */
export function cellIssuesByColumn(db: Db): Map<string, Map<string, ColumnCellIssues>> {
  const examples = new Map<string, string[]>();
  for (const r of db.all<{ table_name: string; column_name: string; value: string | null }>(
    `SELECT table_name, column_name, value FROM (
       SELECT table_name, column_name, value, issue_id, row_number() OVER (PARTITION BY table_name, column_name, code ORDER BY issue_id) AS k
       FROM cell_issue WHERE value IS NOT NULL AND value <> '')
     WHERE k <= 5 ORDER BY issue_id`,
  )) {
    if (r.value === null) continue;
    const key = `${r.table_name}\u0000${r.column_name}`;
    const list = examples.get(key) ?? [];
    list.push(r.value);
    examples.set(key, list);
  }
  type Tally = { total: number; byCode: { code: CellIssueCode; count: number }[]; examples: readonly string[] };
  const out = new Map<string, Map<string, Tally>>();
  for (const r of db.all<{ table_name: string; column_name: string; code: string; n: number }>(
    'SELECT table_name, column_name, code, count(*) AS n FROM cell_issue GROUP BY table_name, column_name, code ORDER BY n DESC, code',
  )) {
    let cols = out.get(r.table_name);
    if (!cols) out.set(r.table_name, (cols = new Map<string, Tally>()));
    let c = cols.get(r.column_name);
    if (!c) cols.set(r.column_name, (c = { total: 0, byCode: [], examples: examples.get(`${r.table_name}\u0000${r.column_name}`) ?? [] }));
    c.total += r.n;
    c.byCode.push({ code: r.code as CellIssueCode, count: r.n });
  }
  return out;
}

function groupByFile<R extends { file_id: number }, T>(rows: readonly R[], map: (r: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.file_id) ?? [];
    list.push(map(r));
    out.set(r.file_id, list);
  }
  return out;
}

function byCountDesc<T extends { count: number; code: string }>(list: T[]): T[] {
  return list.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
