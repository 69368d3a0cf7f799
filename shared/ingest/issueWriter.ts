import type { Db, PreparedStatement } from '#shared/db/database.ts';
import type { CellIssue } from './rowConverter.ts';
import { clipRaw } from './records.ts';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes cell issues with one prepared statement per (column, code): the table, column and code are SQL
 * literals of that statement, so each issue binds only its line and text. A file with a bad column can yield a
 * million issues, and in sql.js every bound string costs a copy into WASM memory. Identifiers and codes come
 * from the import plan and the value parsers, never from file content.
 */
export class IssueWriter {
  private readonly statements = new Map<string, PreparedStatement>();

  constructor(
    private readonly db: Db,
    private readonly fileId: number,
    private readonly table: string,
  ) {}

  write(issue: CellIssue): void {
    const key = `${issue.column}\u001f${issue.code}`;
    let st = this.statements.get(key);
    if (!st) {
      st = this.db.prepare(
        `INSERT INTO cell_issue(file_id, row_no, table_name, column_name, code, value) VALUES (${this.fileId}, ?, ${literal(this.table)}, ${literal(issue.column)}, ${literal(issue.code)}, ?)`,
      );
      this.statements.set(key, st);
    }
    st.runUnchecked([issue.line, clipRaw(issue.value)]);
  }

  free(): void {
    for (const st of this.statements.values()) st.free();
    this.statements.clear();
  }
}
