/**
 * `meta.data_version`: a counter of changes to the data the analytics layer reads (customer_profile, tags,
 * lifecycle groups, clusters, behaviour tables, identity). The engine bumps it after every workspace-changing
 * method except those that only touch segments (see `DATA_NEUTRAL` in shared/engine.ts); a writer that changes
 * such data outside an engine method calls {@link bumpDataVersion} itself. Readers compare it to the version
 * their cache was built from.
 */
import type { Db } from '#shared/db/database.ts';

const KEY = 'data_version';

/** The current data version (0 for a workspace that has never been changed since this counter existed). */
export function dataVersion(db: Db): number {
  const v = db.value('SELECT value FROM meta WHERE key = ?', [KEY]);
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
}

/** Increments the data version and returns the new value. */
export function bumpDataVersion(db: Db): number {
  const next = dataVersion(db) + 1;
  db.run('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [KEY, String(next)]);
  return next;
}
