/**
 * Built columnar structures persisted inside the workspace (`columnar_cache`, migration 12), so they travel
 * with the one SQLite file and a re-opened workspace decodes them instead of rebuilding them row by row.
 *
 * A row is valid only for the exact `data_version` stamp it was written with. Stamps are built by
 * {@link cacheStamp} from `meta.data_version` (shared/analytics/dataVersion.ts, bumped by the engine after every
 * method that changes data the analytics layer reads: imports, identity, profile and tag runs …) and the
 * structure's format version, so a change of data or of the loader code makes old rows unreachable; they are
 * overwritten by the next build.
 */
import type { Db } from '#shared/db/database.ts';
import { BadBlobError } from './columnarBlob.ts';
import { dataVersion } from './dataVersion.ts';
import { tableExists } from './universe.ts';

const TABLE = 'columnar_cache';

/**
 * The stamp a cache row must carry to be used: the structure's format (change it whenever the loader's output
 * for the same rows changes) and the data version the structure was built from.
 */
export function cacheStamp(format: string, version: number): string {
  return `${format}@${version}`;
}

/** The cached bytes of `key` when they were written with `stamp`, else null (missing, stale, or no table). */
export function readColumnarCache(db: Db, key: string, stamp: string): Uint8Array | null {
  if (!tableExists(db, TABLE)) return null;
  const v = db.value(`SELECT bytes FROM ${TABLE} WHERE key = ? AND data_version = ?`, [key, stamp]);
  return v instanceof Uint8Array ? v : null;
}

/**
 * Stores `bytes` for `key` when the data has not changed since the build began (`builtFromVersion` still
 * equals `meta.data_version`) and no write transaction is open. Returns whether the row was written. Call inside
 * `db.mutate` so no import runs in between the check and the write.
 */
export function writeColumnarCache(db: Db, key: string, format: string, builtFromVersion: number, bytes: Uint8Array, builtAt: string): boolean {
  if (!tableExists(db, TABLE) || db.inTransaction || dataVersion(db) !== builtFromVersion) return false;
  db.run(
    `INSERT INTO ${TABLE}(key, data_version, built_at, bytes) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET data_version = excluded.data_version, built_at = excluded.built_at, bytes = excluded.bytes`,
    [key, cacheStamp(format, builtFromVersion), builtAt, bytes],
  );
  return true;
}

/**
 * Queues the write of a freshly built structure behind the workspace's pending writes and returns at once:
 * builds are also requested from inside `db.mutate` (a segment refresh reads the behaviour index), where
 * waiting for the write queue would deadlock. `encode` runs only when the write happens; `onWritten` after a
 * row was stored. A failed write only loses the shortcut (the next open builds again), so it is not reported.
 */
export function persistColumnar(db: Db, key: string, format: string, builtFromVersion: number, encode: () => Uint8Array, builtAt: string, onWritten: () => void): void {
  void db
    .mutate(() => writeColumnarCache(db, key, format, builtFromVersion, encode(), builtAt))
    .then(
      (written) => {
        if (written) onWritten();
      },
      () => undefined,
    );
}

/** Where an analytics snapshot reads and writes its cached structures. */
export interface SnapshotCache {
  readonly db: Db;
  /** `meta.data_version` the snapshot belongs to. */
  readonly version: number;
  readonly builtAt: () => string;
  readonly onPersisted: () => void;
}

/**
 * A structure read synchronously by the snapshot: decoded from the cache row `key` when its stamp is
 * `format@version`, else loaded from the tables and queued for writing (unless a write transaction is open:
 * the tables may hold rows that are rolled back later). A damaged blob is only a lost shortcut: loaded again.
 */
export function cachedOrLoaded<T>(cx: SnapshotCache, key: string, format: string, decode: (blob: Uint8Array) => T, load: () => T, encode: (v: T) => Uint8Array): T {
  const blob = readColumnarCache(cx.db, key, cacheStamp(format, cx.version));
  if (blob) {
    try {
      return decode(blob);
    } catch (e) {
      if (!(e instanceof BadBlobError)) throw e;
    }
  }
  const clean = !cx.db.inTransaction;
  const value = load();
  if (clean) persistColumnar(cx.db, key, format, cx.version, () => encode(value), cx.builtAt(), cx.onPersisted);
  return value;
}
