/**
 * Group memberships as customer sets: tags (latest run of each tag in `customer_tag`), lifecycle groups, the
 * clusters of a clustering run (`cluster_member`) and saved segments (`segment_member`, latest version). Each
 * is read through an index of its table and mapped to universe positions: by ONE_ID once the universe has read
 * its ONE_IDs, else (where rowids give positions) by joining to the wide table's `one_id` index, which answers a
 * first chart without reading a million ONE_IDs. Both give the same positions: the join finds the one row with
 * that ONE_ID, the lookup the first (and only) one.
 */
import type { Db, SqlValue } from '#shared/db/database.ts';
import { emptySet, type CustomerSet } from './bitsets.ts';
import { PROFILE_TABLE, positionsByRowid, type Universe } from './universe.ts';

export interface TagMembership {
  readonly tag: string;
  /** Run of the tag the members come from (null: the tag has no rows). */
  readonly runId: number | null;
  readonly all: CustomerSet;
  /** Members by tag value; a customer without a value is only in `all`. */
  readonly byValue: ReadonlyMap<string, CustomerSet>;
}

function add(set: CustomerSet, i: number): void {
  set.words[i >>> 5] = (set.words[i >>> 5] ?? 0) | (1 << (i & 31));
}

/** The run a tag's current members come from: its highest run id. */
export function latestTagRun(db: Db, tag: string): number | null {
  const v = db.value('SELECT max(run_id) FROM customer_tag WHERE tag = ?', [tag]);
  return typeof v === 'number' ? v : null;
}

/**
 * Reads the columns `select` of the rows of `from` (a member table aliased `m`, with a `one_id`) matching `where`
 * and calls `onRow` with each row's universe position and those columns; members outside the universe are skipped.
 */
function eachMember(db: Db, universe: Universe, select: string, from: string, where: string, params: readonly (string | number)[], onRow: (i: number, row: SqlValue[]) => void): void {
  if (universe.idsLoaded === false && positionsByRowid(db, universe)) {
    db.each(`SELECT p.rowid, ${select} FROM ${from} JOIN ${PROFILE_TABLE} AS p ON p.one_id = ifnull(m.one_id, '') WHERE ${where}`, params, (row) => {
      const i = Number(row[0]) - 1;
      if (i >= 0 && i < universe.n) onRow(i, row.slice(1));
    });
    return;
  }
  db.each(`SELECT m.one_id, ${select} FROM ${from} WHERE ${where}`, params, (row) => {
    const i = universe.index.get(String(row[0] ?? ''));
    if (i !== undefined) onRow(i, row.slice(1));
  });
}

export function loadTag(db: Db, universe: Universe, tag: string): TagMembership {
  const runId = latestTagRun(db, tag);
  const all = emptySet(universe.n);
  const byValue = new Map<string, CustomerSet>();
  if (runId !== null) {
    eachMember(db, universe, 'm.value', 'customer_tag AS m', 'm.tag = ? AND m.run_id = ?', [tag, runId], (i, row) => {
      add(all, i);
      const v = row[0];
      if (v === null || v === undefined || v === '') return;
      const key = String(v);
      let s = byValue.get(key);
      if (!s) byValue.set(key, (s = emptySet(universe.n)));
      add(s, i);
    });
  }
  return { tag, runId, all, byValue };
}

export interface ClusterAssignment {
  readonly runId: number;
  /** Cluster of each customer, −1 when the run did not place them. */
  readonly codes: Int32Array;
}

export function loadClusterRun(db: Db, universe: Universe, runId: number): ClusterAssignment {
  const codes = new Int32Array(universe.n).fill(-1);
  eachMember(db, universe, 'm.cluster', 'cluster_member AS m', 'm.run_id = ?', [runId], (i, row) => {
    const c = Number(row[0]);
    if (Number.isInteger(c)) codes[i] = c;
  });
  return { runId, codes };
}

/** Members of the latest version of a saved segment (empty when the segment does not exist). */
export function loadSegment(db: Db, universe: Universe, segmentId: number): CustomerSet {
  const set = emptySet(universe.n);
  const version = db.value('SELECT version FROM segment WHERE segment_id = ?', [segmentId]);
  if (typeof version !== 'number') return set;
  eachMember(db, universe, '1', 'segment_member AS m', 'm.segment_id = ? AND m.version = ?', [segmentId, version], (i) => add(set, i));
  return set;
}
