import { beforeAll, describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { buildSyntheticWorkspace, SYNTHETIC_TAGS } from '#shared/segments/testWorkspace.ts';
import { loadClusterRun, loadSegment, loadTag, type TagMembership } from './memberships.ts';
import { lazyUniverse, loadUniverse, positionsByRowid, type Universe } from './universe.ts';

let bytes: Uint8Array;

beforeAll(async () => {
  bytes = await buildSyntheticWorkspace(memoryHost(), { customers: 900, events: 2000, seed: 5 });
}, 60_000);

function plain(t: TagMembership): unknown {
  return { runId: t.runId, all: [...t.all.words], byValue: [...t.byValue].map(([v, s]) => [v, [...s.words]]) };
}

function sameGroups(db: Db, eager: Universe, lazy: Universe): void {
  for (const { tag } of SYNTHETIC_TAGS) expect(plain(loadTag(db, lazy, tag))).toEqual(plain(loadTag(db, eager, tag)));
  expect([...loadClusterRun(db, lazy, 1).codes]).toEqual([...loadClusterRun(db, eager, 1).codes]);
}

describe('group members of a lazy universe', () => {
  it('are mapped by rowid without reading the ONE_IDs, to the same positions as by ONE_ID', async () => {
    const db = await Db.open(memoryHost(), bytes);
    const eager = loadUniverse(db);
    let reads = 0;
    const lazy = lazyUniverse(db, () => reads++);
    expect(lazy.n).toBe(eager.n);
    expect(positionsByRowid(db, lazy)).toBe(true);
    // Give one ONE_ID's tag row to a customer outside the wide table: skipped both ways.
    db.run("INSERT INTO customer_tag (one_id, tag, value, reason, run_id) SELECT 'nobody', tag, value, reason, run_id FROM customer_tag WHERE tag = 'rfm' LIMIT 1");
    sameGroups(db, eager, lazy);
    db.run("INSERT INTO segment (segment_id, name, rule, version, created_at, updated_at) VALUES (77, 's', '{}', 1, '', '')");
    db.run("INSERT INTO segment_member (segment_id, version, one_id) SELECT 77, 1, one_id FROM customer_profile WHERE rowid % 7 = 0");
    expect([...loadSegment(db, lazy, 77).words]).toEqual([...loadSegment(db, eager, 77).words]);
    expect(lazy.idsLoaded).toBe(false);
    expect(reads).toBe(0);
    expect(lazy.oneIds).toEqual(eager.oneIds);
    expect(lazy.index.get(eager.oneIds[5] ?? '')).toBe(5);
    expect(lazy.idsLoaded).toBe(true);
    expect(reads).toBe(1);
    db.close();
  });

  it('fall back to ONE_ID lookups when rowids are not the positions', async () => {
    const db = await Db.open(memoryHost(), bytes);
    db.run('DELETE FROM customer_profile WHERE rowid = 3');
    const eager = loadUniverse(db);
    const lazy = lazyUniverse(db);
    expect(positionsByRowid(db, lazy)).toBe(false);
    sameGroups(db, eager, lazy);
    db.close();
  });
});
