/**
 * Group memberships as customer sets: tags (latest run of each tag in `customer_tag`), lifecycle groups, the
 * clusters of a clustering run (`cluster_member`) and saved segments (`segment_member`, latest version). Each
 * is read through an index of its table and mapped to universe positions.
 */
import type { Db } from '#shared/db/database.ts';
import { emptySet, type CustomerSet } from './bitsets.ts';
import type { Universe } from './universe.ts';

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

export function loadTag(db: Db, universe: Universe, tag: string): TagMembership {
  const runId = latestTagRun(db, tag);
  const all = emptySet(universe.n);
  const byValue = new Map<string, CustomerSet>();
  if (runId !== null) {
    db.each('SELECT one_id, value FROM customer_tag WHERE tag = ? AND run_id = ?', [tag, runId], (row) => {
      const i = universe.index.get(String(row[0] ?? ''));
      if (i === undefined) return;
      add(all, i);
      const v = row[1];
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
  db.each('SELECT one_id, cluster FROM cluster_member WHERE run_id = ?', [runId], (row) => {
    const i = universe.index.get(String(row[0] ?? ''));
    const c = Number(row[1]);
    if (i !== undefined && Number.isInteger(c)) codes[i] = c;
  });
  return { runId, codes };
}

/** Members of the latest version of a saved segment (empty when the segment does not exist). */
export function loadSegment(db: Db, universe: Universe, segmentId: number): CustomerSet {
  const set = emptySet(universe.n);
  const version = db.value('SELECT version FROM segment WHERE segment_id = ?', [segmentId]);
  if (typeof version !== 'number') return set;
  db.each('SELECT one_id FROM segment_member WHERE segment_id = ? AND version = ?', [segmentId, version], (row) => {
    const i = universe.index.get(String(row[0] ?? ''));
    if (i !== undefined) add(set, i);
  });
  return set;
}
