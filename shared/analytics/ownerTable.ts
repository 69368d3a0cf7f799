/**
 * `temp.seg_owner(src, k, one_id)`: the raw identifier key of behaviour rows → ONE_ID, for the SQL path of
 * segment counts (compileSql.ts). Filled from the behaviour index's own resolution, so the SQL and columnar
 * paths tie every row to the same customer. A TEMP table: never saved with the workspace, and gone after a
 * save (sql.js reopens the database on export), so it is checked and refilled before each use.
 */
import type { Db } from '#shared/db/database.ts';
import type { AnalyticsSnapshot } from './analyticsStore.ts';
import type { BehaviorIndex } from './behaviorIndex.ts';

const filledFor = new WeakMap<Db, AnalyticsSnapshot>();

function present(db: Db): boolean {
  return db.value("SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND name = 'seg_owner'") === 1;
}

/** Makes sure the owner table matches `snap`; call inside the workspace's write queue. */
export function ensureOwnerTable(db: Db, snap: AnalyticsSnapshot, ix: BehaviorIndex): void {
  if (filledFor.get(db) === snap && present(db)) return;
  const oneIds = snap.universe.oneIds;
  db.exec('DROP TABLE IF EXISTS temp.seg_owner');
  db.exec('CREATE TEMP TABLE seg_owner (src TEXT NOT NULL, k TEXT NOT NULL, one_id TEXT NOT NULL, PRIMARY KEY (src, k)) WITHOUT ROWID');
  db.transaction(() => {
    db.withStatement('INSERT INTO temp.seg_owner (src, k, one_id) VALUES (?, ?, ?)', (st) => {
      for (const [src, owners] of Object.entries(ix.owners)) {
        for (const [k, idx] of owners) if (idx >= 0) st.runUnchecked([src, k, oneIds[idx] ?? '']);
      }
    });
  });
  filledFor.set(db, snap);
}
