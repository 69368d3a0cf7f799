/**
 * The customer universe of the columnar view: the rows of `customer_profile` (one per ONE_ID) in the table's
 * storage order. Every typed column, bitset and behaviour structure is indexed by position in this order, so
 * all of them are read with `NOT INDEXED` full scans, which return rows in the same storage order whatever
 * indexes the table has.
 */
import { BugIndicatingError, ExpectedError } from '#shared/api/errors.ts';
import type { Db, SqlValue } from '#shared/db/database.ts';
import { PROFILE_TABLE } from '#shared/profile/profileTable.ts';

export { PROFILE_TABLE };

export interface Universe {
  readonly n: number;
  readonly oneIds: readonly string[];
  /** Position of each ONE_ID. */
  readonly index: ReadonlyMap<string, number>;
  /**
   * False while the ONE_IDs are still to be read (a lazy universe, {@link lazyUniverse}); group loaders then map
   * rows by rowid instead where they can ({@link positionsByRowid}). Absent: loaded.
   */
  readonly idsLoaded?: boolean;
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

function readOneIds(db: Db): string[] {
  const oneIds: string[] = [];
  db.each(`SELECT one_id FROM ${PROFILE_TABLE} NOT INDEXED`, [], (row) => {
    oneIds.push(row[0] === null || row[0] === undefined ? '' : String(row[0]));
  });
  return oneIds;
}

/** Position of each ONE_ID; should a build break the one-row-per-ONE_ID contract, lookups find the first row. */
export function indexOf(oneIds: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  oneIds.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  return index;
}

export function loadUniverse(db: Db): Universe {
  requireProfile(db);
  const oneIds = readOneIds(db);
  return { n: oneIds.length, oneIds, index: indexOf(oneIds) };
}

/**
 * The universe with only its size read now (a count): at a million customers reading the ONE_IDs and indexing
 * them takes about 1.8 s, and the first chart of a page needs neither when its group maps by rowid. The ONE_IDs
 * are read on first use of `oneIds` or `index`, then `onRead` is called with the universe (to cache it).
 */
export function lazyUniverse(db: Db, onRead: (u: Universe) => void = () => undefined): Universe {
  requireProfile(db);
  const n = Number(db.value(`SELECT count(*) FROM ${PROFILE_TABLE}`));
  let oneIds: readonly string[] | null = null;
  let index: Map<string, number> | null = null;
  const u: Universe = {
    n,
    get oneIds(): readonly string[] {
      if (!oneIds) {
        const read = readOneIds(db);
        // Writers bump the data version, which gives a new snapshot and universe; a changed count means one did not.
        if (read.length !== n) throw new BugIndicatingError(`customer_profile has ${read.length} rows, its universe ${n}: changed without a data version bump`);
        oneIds = read;
        onRead(u);
      }
      return oneIds;
    },
    get index(): ReadonlyMap<string, number> {
      index ??= indexOf(u.oneIds);
      return index;
    },
    get idsLoaded(): boolean {
      return oneIds !== null;
    },
  };
  return u;
}

const byRowid = new WeakMap<Universe, boolean>();

/**
 * True when a row's universe position is its rowid − 1, so group members can be mapped by joining to the wide
 * table on `one_id` instead of looking up ONE_IDs: the table has rowids, `one_id` is unique (as the profile
 * contract says) and the rowids are exactly 1…n (the storage order of a full scan is rowid order). Checked once
 * per universe; the check reads two b-tree ends and the schema, not the rows.
 */
export function positionsByRowid(db: Db, universe: Universe): boolean {
  let known = byRowid.get(universe);
  if (known === undefined) {
    const def = db.value("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [PROFILE_TABLE]);
    const uniqueOneId = db.value(
      `SELECT count(*) FROM pragma_index_list('${PROFILE_TABLE}') AS il
       WHERE il."unique" = 1 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1 AND (SELECT name FROM pragma_index_info(il.name)) = 'one_id'`,
    );
    known = false;
    if (typeof def === 'string' && !/WITHOUT\s+ROWID/i.test(def) && typeof uniqueOneId === 'number' && uniqueOneId > 0) {
      const b = db.get<{ lo: SqlValue; hi: SqlValue }>(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM ${PROFILE_TABLE}`);
      known = universe.n > 0 && b?.lo === 1 && b.hi === universe.n;
    }
    byRowid.set(universe, known);
  }
  return known;
}
