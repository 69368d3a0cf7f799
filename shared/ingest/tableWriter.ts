import type { SqlValue } from 'sql.js';
import type { BulkInsert, Db } from '#shared/db/database.ts';

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
 * Writes rows into an entity or generic table through one bulk INSERT ({@link BulkInsert}: multi-row statements,
 * values bound straight into sql.js's memory), applying the re-import rule through SQLite's UNIQUE constraint on
 * `row_key` (plus `as_of` for snapshots):
 * - append: `ON CONFLICT DO NOTHING` — a row already there is a duplicate;
 * - snapshot / replace: `ON CONFLICT DO UPDATE … WHERE` some value differs — identical rows are duplicates,
 *   different ones update the stored row in place.
 * Counts come per flush from the statements' own change counts and the rows whose `row_id` is above the table's
 * maximum when the flushed rows began, so the hot loop does no per-row bookkeeping and other tables may be
 * written in between.
 */
export class TableWriter {
  private readonly bulk: BulkInsert;
  private pending = 0;
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
    const bound = fieldColumns.length + TRAILING_COLUMNS.length;
    const tuple = `(${new Array<string>(bound).fill('?').join(', ')}, ${Math.trunc(source.fileId)}, ${Math.trunc(source.batchId)})`;
    const target = conflictColumns.map(quoteId).join(', ');
    let conflict: string;
    if (mode === 'append') {
      conflict = `ON CONFLICT (${target}) DO NOTHING`;
    } else {
      const compared = [...fieldColumns.filter((c) => !conflictColumns.includes(c)), 'extra'];
      const set = [...compared, 'src_file', 'src_batch', 'src_row'].map((c) => `${quoteId(c)} = excluded.${quoteId(c)}`).join(', ');
      const differs = compared.map((c) => `${quoteId(table)}.${quoteId(c)} IS NOT excluded.${quoteId(c)}`).join(' OR ');
      conflict = `ON CONFLICT (${target}) DO UPDATE SET ${set} WHERE ${differs}`;
    }
    const head = `INSERT INTO ${quoteId(table)} (${cols.map(quoteId).join(', ')}) VALUES `;
    this.bulk = db.prepareBulkInsert((rows) => `${head}${new Array<string>(rows).fill(tuple).join(', ')} ${conflict}`, bound);
  }

  /** Rows added since the last flush. */
  get pendingRows(): number {
    return this.pending;
  }

  /** Values in the order of the field columns, then row_key, extra, src_row. The array may be reused after the call. */
  add(values: SqlValue[]): void {
    if (this.pending === 0) this.maxRowIdBefore = Number(this.db.value(`SELECT coalesce(max(row_id), 0) FROM ${quoteId(this.table)}`) ?? 0);
    this.bulk.add(values);
    this.pending++;
  }

  /** Writes the rows added since the last flush and returns their counts. */
  flush(): WriteCounts {
    if (this.pending === 0) return { newRows: 0, duplicateRows: 0, updatedRows: 0 };
    this.bulk.flush();
    const changes = this.bulk.takeChanges();
    const newRows = Number(this.db.value(`SELECT count(*) FROM ${quoteId(this.table)} WHERE row_id > ?`, [this.maxRowIdBefore]) ?? 0);
    const out = { newRows, updatedRows: changes - newRows, duplicateRows: this.pending - changes };
    this.pending = 0;
    return out;
  }

  free(): void {
    this.bulk.free();
  }
}
