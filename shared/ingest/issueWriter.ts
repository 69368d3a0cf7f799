import type { BulkInsert, Db } from '#shared/db/database.ts';
import type { CellIssue } from './rowConverter.ts';
import { clipRaw } from './records.ts';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes cell issues with one bulk INSERT per (column, code): the table, column and code are SQL literals of
 * that statement, so each issue binds only its line and text. A file with a bad column can yield a million
 * issues, and in sql.js every bound value costs a call into WebAssembly. Identifiers and codes come from the
 * import plan and the value parsers, never from file content. Call `flush` before counting or committing.
 */
export class IssueWriter {
  private readonly writers = new Map<string, BulkInsert>();
  private readonly row: [number, string] = [0, ''];

  constructor(
    private readonly db: Db,
    private readonly fileId: number,
    private readonly table: string,
  ) {}

  write(issue: CellIssue): void {
    const key = `${issue.column}\u001f${issue.code}`;
    let w = this.writers.get(key);
    if (!w) {
      const tuple = `(${Math.trunc(this.fileId)}, ?, ${literal(this.table)}, ${literal(issue.column)}, ${literal(issue.code)}, ?)`;
      w = this.db.prepareBulkInsert(
        (rows) => `INSERT INTO cell_issue(file_id, row_no, table_name, column_name, code, value) VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`,
        2,
      );
      this.writers.set(key, w);
    }
    this.row[0] = issue.line;
    this.row[1] = clipRaw(issue.value);
    w.add(this.row);
  }

  /** Writes the issues still buffered. */
  flush(): void {
    for (const w of this.writers.values()) w.flush();
  }

  free(): void {
    for (const w of this.writers.values()) w.free();
    this.writers.clear();
  }
}
