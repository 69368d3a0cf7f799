import type { SqlValue } from 'sql.js';
import type { Db, PreparedStatement } from '#shared/db/database.ts';

export type ReimportMode = 'append' | 'snapshot' | 'replace';

/** Rows of one flushed batch: new to the table, identical to a row already there, or changing one. */
export interface WriteCounts {
  newRows: number;
  duplicateRows: number;
  updatedRows: number;
}

/** Per-row system columns bound after a row's own values (see SYSTEM_COLUMNS in db/schema.ts). */
export const TRAILING_COLUMNS = ['row_key', 'extra', 'src_row'] as const;

export const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes rows into an entity or generic table with one reused prepared statement, applying the re-import rule
 * through SQLite's UNIQUE constraint on `row_key` (plus `as_of` for snapshots):
 * - append: `ON CONFLICT DO NOTHING` — a row already there is a duplicate;
 * - snapshot / replace: `ON CONFLICT DO UPDATE … WHERE` some value differs — identical rows are duplicates,
 *   different ones update the stored row in place.
 * Counts come per batch from `total_changes()` and the rows whose `row_id` is above the batch's starting
 * maximum, so the hot loop makes one statement call per row.
 */
export class TableWriter {
  private readonly stmt: PreparedStatement;
  private pending = 0;
  private changesBefore = 0;
  private maxRowIdBefore = 0;

  /**
   * @param source the file and batch every row comes from: written as literals of the statement, since
   *   binding them on each of a million rows costs more than the insert of a short row
   */
  constructor(
    private readonly db: Db,
    private readonly table: string,
    fieldColumns: readonly string[],
    mode: ReimportMode,
    conflictColumns: readonly string[],
    source: { readonly fileId: number; readonly batchId: number },
  ) {
    const cols = [...fieldColumns, ...TRAILING_COLUMNS, 'src_file', 'src_batch'];
    const params = [...fieldColumns, ...TRAILING_COLUMNS].map(() => '?');
    const insert = `INSERT INTO ${quoteId(table)} (${cols.map(quoteId).join(', ')}) VALUES (${params.join(', ')}, ${Math.trunc(source.fileId)}, ${Math.trunc(source.batchId)})`;
    const target = conflictColumns.map(quoteId).join(', ');
    let sql: string;
    if (mode === 'append') {
      sql = `${insert} ON CONFLICT (${target}) DO NOTHING`;
    } else {
      const compared = [...fieldColumns.filter((c) => !conflictColumns.includes(c)), 'extra'];
      const set = [...compared, 'src_file', 'src_batch', 'src_row'].map((c) => `${quoteId(c)} = excluded.${quoteId(c)}`).join(', ');
      const differs = compared.map((c) => `${quoteId(table)}.${quoteId(c)} IS NOT excluded.${quoteId(c)}`).join(' OR ');
      sql = `${insert} ON CONFLICT (${target}) DO UPDATE SET ${set} WHERE ${differs}`;
    }
    this.stmt = db.prepare(sql);
  }

  /** Values in the order of the field columns, then row_key, extra, src_row. */
  add(values: SqlValue[]): void {
    if (this.pending === 0) this.begin();
    this.stmt.runUnchecked(values);
    this.pending++;
  }

  /**
   * Counts of the rows added since the last flush. Nothing else may write between the first `add` of a batch
   * and its `flush`, or `total_changes()` would count it.
   */
  flush(): WriteCounts {
    if (this.pending === 0) return { newRows: 0, duplicateRows: 0, updatedRows: 0 };
    const changes = Number(this.db.value('SELECT total_changes()') ?? 0) - this.changesBefore;
    const newRows = Number(this.db.value(`SELECT count(*) FROM ${quoteId(this.table)} WHERE row_id > ?`, [this.maxRowIdBefore]) ?? 0);
    const out = { newRows, updatedRows: changes - newRows, duplicateRows: this.pending - changes };
    this.pending = 0;
    return out;
  }

  free(): void {
    this.stmt.free();
  }

  private begin(): void {
    this.changesBefore = Number(this.db.value('SELECT total_changes()') ?? 0);
    this.maxRowIdBefore = Number(this.db.value(`SELECT coalesce(max(row_id), 0) FROM ${quoteId(this.table)}`) ?? 0);
  }
}
