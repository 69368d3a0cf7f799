import { describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { mapNeedsRewrite, rewriteMap, writeMap, type MapRow } from './identityStore.ts';

const row = (i: number, oneId: string, method = 'phone'): MapRow => ({ source: 'crm', recordId: `K${i}`, oneId, method, weight: null, rowRef: i });

async function mapDb(): Promise<Db> {
  const db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  return db;
}

const rows = (db: Db): { record_id: string; one_id: string; run_id: number }[] =>
  db.all<{ record_id: string; one_id: string; run_id: number }>('SELECT record_id, one_id, run_id FROM identity_map ORDER BY row_ref');
const indexes = (db: Db): string[] =>
  db
    .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'identity_map' ORDER BY name")
    .map((r) => r.name);

describe('writeMap', () => {
  it('applies a small change set in place: new rows, changed rows, stale rows deleted', async () => {
    const db = await mapDb();
    writeMap(db, [row(1, 'P1'), row(2, 'P2'), row(3, 'P3')], [], [], 1);
    writeMap(db, [row(4, 'P4')], [row(2, 'P1')], [{ source: 'crm', recordId: 'K3' }], 2);
    expect(rows(db)).toEqual([
      { record_id: 'K1', one_id: 'P1', run_id: 1 },
      { record_id: 'K2', one_id: 'P1', run_id: 2 },
      { record_id: 'K4', one_id: 'P4', run_id: 2 },
    ]);
    expect(indexes(db)).toEqual(['identity_map_key', 'identity_map_one_id']);
  });

  it('rewrites the whole map for a large change set, with each row\'s own run id, and rebuilds the indexes', async () => {
    const db = await mapDb();
    const n = 60_000;
    const first = Array.from({ length: n }, (_, i) => row(i, `P${i}`));
    writeMap(db, first, [], [], 1);
    expect(db.value('SELECT count(*) FROM identity_map')).toBe(n);
    // Run 2 merges every odd record into its even neighbour (30,000 updates: half the table), drops record 0
    // and adds one record; the even rows stay as run 1 wrote them.
    const after: [MapRow, number][] = [];
    const updates: MapRow[] = [];
    for (let i = 1; i < n; i++) {
      const r = i % 2 === 1 ? row(i, `P${i - 1}`) : row(i, `P${i}`);
      if (i % 2 === 1) updates.push(r);
      after.push([r, i % 2 === 1 ? 2 : 1]);
    }
    const added = row(n, `P${n}`);
    after.push([added, 2]);
    const big = Array.from({ length: 40_000 }, (_, k) => row(n + 1 + k, `Q${k}`));
    for (const r of big) after.push([r, 2]);
    expect(mapNeedsRewrite(db, updates.length + big.length + 2)).toBe(true);
    expect(mapNeedsRewrite(db, 10_000)).toBe(false);
    rewriteMap(db, (emit) => {
      for (const [r, run] of after) emit(r, run);
    });
    const got = rows(db);
    expect(got).toHaveLength(n + 40_000);
    expect(got[0]).toEqual({ record_id: 'K1', one_id: 'P0', run_id: 2 });
    expect(got[1]).toEqual({ record_id: 'K2', one_id: 'P2', run_id: 1 });
    expect(got.at(-1)).toEqual({ record_id: `K${n + 40_000}`, one_id: 'Q39999', run_id: 2 });
    expect(db.value("SELECT count(*) FROM identity_map WHERE one_id = 'P0'")).toBe(1);
    expect(indexes(db)).toEqual(['identity_map_key', 'identity_map_one_id']);
    expect(() => db.run("INSERT INTO identity_map (source, record_id, one_id, method) VALUES ('crm', 'K1', 'X', 'phone')")).toThrow(/UNIQUE/);
  });
});
