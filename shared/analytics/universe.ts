/**
 * The customer universe of the columnar view: the rows of `customer_profile` (one per ONE_ID) in the table's
 * storage order. Every typed column, bitset and behaviour structure is indexed by position in this order, so
 * all of them are read with `NOT INDEXED` full scans, which return rows in the same storage order whatever
 * indexes the table has.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import { PROFILE_TABLE } from '#shared/profile/profileTable.ts';

export { PROFILE_TABLE };

export interface Universe {
  readonly n: number;
  readonly oneIds: readonly string[];
  /** Position of each ONE_ID. */
  readonly index: ReadonlyMap<string, number>;
}

export function tableExists(db: Db, table: string): boolean {
  return db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [table]) === 1;
}

/** True when the wide table exists (it is built by the `profile.build` job). */
export function profileExists(db: Db): boolean {
  return db.value("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [PROFILE_TABLE]) === 1;
}

/** Names of the columns the wide table has now. */
export function profileTableColumns(db: Db): Set<string> {
  if (!profileExists(db)) return new Set();
  return new Set(db.all<{ name: string }>(`PRAGMA table_info(${PROFILE_TABLE})`).map((r) => r.name));
}

export function requireProfile(db: Db): void {
  if (!profileExists(db)) {
    throw new ExpectedError('NOT_FOUND', 'The customer wide table customer_profile has not been built yet: build it first (标签 → 生成客户宽表, profile.build).', {
      table: PROFILE_TABLE,
    });
  }
}

export function loadUniverse(db: Db): Universe {
  requireProfile(db);
  const oneIds: string[] = [];
  const index = new Map<string, number>();
  db.each(`SELECT one_id FROM ${PROFILE_TABLE} NOT INDEXED`, [], (row) => {
    const id = row[0] === null || row[0] === undefined ? '' : String(row[0]);
    // The contract is one row per ONE_ID; should a build break it, lookups by ONE_ID find the first row.
    if (!index.has(id)) index.set(id, oneIds.length);
    oneIds.push(id);
  });
  return { n: oneIds.length, oneIds, index };
}
