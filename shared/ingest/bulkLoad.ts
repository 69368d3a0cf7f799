import type { Db } from '#shared/db/database.ts';
import { quoteId } from './tableWriter.ts';

/** Page cache used while importing, in KiB (SQLite's negative cache_size unit): 32 MiB. */
const IMPORT_CACHE_KIB = 32 * 1024;

/**
 * Page cache while recreating indexes, in KiB: SQLite's default. It also bounds the sort's memory (a larger cache
 * lets the sort hold more in memory): with the 32 MiB import cache the two indexes of a million transactions
 * took more CPU, not less, and left the WebAssembly heap, which never shrinks, about 50 MB larger.
 */
const INDEX_BUILD_CACHE_KIB = 2000;

/** Below this many incoming rows, indexes are kept and updated row by row. */
const DEFER_INDEXES_MIN_ROWS = 50_000;

/**
 * Enlarges SQLite's page cache for the duration of an import and returns the restore function. With the
 * default 2 MiB cache a large transaction spills dirty pages to sql.js's in-memory file system and reads them
 * back, which costs more than the inserts themselves; the WASM heap grows by at most the cache size instead.
 */
export function enlargeCache(db: Db): () => void {
  const before = Number(db.value('PRAGMA cache_size') ?? -2000);
  db.exec(`PRAGMA cache_size = ${-IMPORT_CACHE_KIB}`);
  return () => db.exec(`PRAGMA cache_size = ${before}`);
}

/**
 * For a load that at least doubles a table, drops the table's secondary indexes (not the UNIQUE constraint the
 * re-import rule needs) and returns the function that recreates them from their stored definitions: building
 * an index once over sorted keys is several times faster than updating it on each of a million random inserts.
 * Call inside the file's transaction, so a rollback restores the indexes too. Returns a no-op for small loads.
 */
export function deferIndexes(db: Db, table: string, incomingRows: number): () => void {
  if (incomingRows < DEFER_INDEXES_MIN_ROWS) return () => undefined;
  const existing = Number(db.value(`SELECT coalesce(max(row_id), 0) FROM ${quoteId(table)}`) ?? 0);
  if (existing > incomingRows) return () => undefined;
  const indexes = db.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]);
  for (const ix of indexes) db.exec(`DROP INDEX ${quoteId(ix.name)}`);
  return () => {
    if (indexes.length === 0) return;
    const cache = Number(db.value('PRAGMA cache_size') ?? -INDEX_BUILD_CACHE_KIB);
    db.exec(`PRAGMA cache_size = ${-INDEX_BUILD_CACHE_KIB}`);
    try {
      for (const ix of indexes) db.exec(ix.sql);
    } finally {
      db.exec(`PRAGMA cache_size = ${cache}`);
    }
  };
}
