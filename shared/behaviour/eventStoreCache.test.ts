import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { cacheStamp } from '#shared/analytics/columnarCache.ts';
import { dataVersion } from '#shared/analytics/dataVersion.ts';
import { Db } from '#shared/db/database.ts';
import { fileOf, newEngine } from '#shared/ingest/testKit.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { EVENT_STORE_FORMAT } from './eventStoreCodec.ts';
import { EVENT_STORE_CACHE_KEY, eventStore } from './eventStoreLoad.ts';

const host = { sqlJsConfig: {} };
const MORE_EVENTS = ['事件ID,客户号,事件时间,事件名称,渠道,页面', 'E5,C003,2024-06-29 09:00:00,登录,微信小程序,', 'E6,C003,2024-06-29 09:02:00,浏览基金,微信小程序,'].join('\n');

async function analysedBank(): Promise<Engine> {
  const engine = await smallBankEngine();
  await engine.call('profile.build', {});
  return engine;
}

/** The workspace file with `change` applied directly in SQL, behind the engine's back (no data-version bump). */
async function tampered(engine: Engine, change: (db: Db) => void): Promise<Uint8Array> {
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  try {
    change(db);
    return db.export();
  } finally {
    db.close();
  }
}

async function reopened(bytes: Uint8Array): Promise<Engine> {
  const engine = await newEngine();
  await engine.call('workspace.open', { bytes });
  return engine;
}

describe('event store columnar cache', () => {
  it('is written into the workspace on first load, stamped with the current data version', async () => {
    const engine = await analysedBank();
    const first = await engine.call('behaviour.overview', {});
    expect(first).toMatchObject({ rows: 4, owned: 4 });
    expect(first.loadMs).toBeGreaterThan(0);
    expect((await engine.call('workspace.info', {})).dirty).toBe(true);
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    const row = db.get<{ data_version: string; size: number }>('SELECT data_version, length(bytes) AS size FROM columnar_cache WHERE key = ?', [EVENT_STORE_CACHE_KEY]);
    expect(row?.data_version).toBe(cacheStamp(EVENT_STORE_FORMAT, dataVersion(db)));
    expect(row?.size).toBeGreaterThan(0);
    db.close();
  });

  it('is read by a re-opened workspace instead of the event rows', async () => {
    const engine = await analysedBank();
    const first = await engine.call('behaviour.overview', {});
    // Rows deleted without a version bump: only a load from the cache still sees the four events.
    const again = await reopened(await tampered(engine, (db) => db.run('DELETE FROM events')));
    const overview = await again.call('behaviour.overview', {});
    expect({ ...overview, loadMs: 0 }).toEqual({ ...first, loadMs: 0 });
  });

  it('is never used once the data changed: imported events are counted on the next load', async () => {
    const engine = await analysedBank();
    expect((await engine.call('behaviour.overview', {})).rows).toBe(4);
    const imported = await engine.call('ingest.run', { files: [{ file: fileOf('events-more.csv', MORE_EVENTS), kind: 'events' }] });
    expect(imported.files[0]?.status).toBe('done');
    const after = await engine.call('behaviour.overview', {});
    expect(after).toMatchObject({ rows: 6, owned: 6 });
    expect(after.channels.find((c) => c.channel === 'mini_program')?.rows).toBe(2);
    // The rebuilt store replaced the stale row, and a re-opened workspace reads the new one.
    const again = await reopened(await engine.call('workspace.export', {}));
    expect((await again.call('behaviour.overview', {})).rows).toBe(6);
    const funnel = await again.call('behaviour.funnel', { steps: ['登录', '浏览基金'], windowSeconds: 3600, days: 30 });
    expect(funnel.steps.map((s) => s.customers)).toEqual([2, 1]);
  });

  it('is ignored when its stamp is another data version, its format is older, or its bytes are damaged', async () => {
    const engine = await analysedBank();
    await engine.call('behaviour.overview', {});
    const cases: ((db: Db) => void)[] = [
      (db) => db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'"),
      (db) => db.run("UPDATE columnar_cache SET data_version = replace(data_version, ?, 'events/0')", [EVENT_STORE_FORMAT]),
      (db) => db.run('UPDATE columnar_cache SET bytes = ?', [Uint8Array.of(1, 2, 3)]),
    ];
    for (const change of cases) {
      // Each change also removes an event, so a store rebuilt from the rows has three.
      const again = await reopened(
        await tampered(engine, (db) => {
          change(db);
          db.run("DELETE FROM events WHERE row_key = (SELECT max(row_key) FROM events)");
        }),
      );
      expect((await again.call('behaviour.overview', {})).rows).toBe(3);
    }
  });

  it('reports where a store came from, and does not persist a build that read during an open write transaction', async () => {
    const db = await Db.open(host, await (await analysedBank()).call('workspace.export', {}));
    let written = 0;
    const load = async (snap: AnalyticsSnapshot, asOf = '2024-06-30'): ReturnType<typeof eventStore> => {
      const r = await eventStore(snap, asOf, createJobContext(), () => 0, () => written++);
      // The cache write is queued behind the workspace's writes: wait for it before looking.
      await db.mutate(() => undefined);
      return r;
    };
    const version = dataVersion(db);
    const open = db.begin();
    const during = await eventStore(new AnalyticsSnapshot(db, version), '2024-06-30', createJobContext(), () => 0, () => written++);
    open.rollback();
    await db.mutate(() => undefined);
    expect([during.source, written]).toEqual(['rows', 0]);
    const snap = new AnalyticsSnapshot(db, version);
    const built = await load(snap);
    expect([built.source, written]).toEqual(['rows', 1]);
    expect((await load(snap)).source).toBe('memory');
    const moved = await load(snap, '2024-07-31');
    expect([moved.source, moved.store.asOfDay - built.store.asOfDay]).toEqual(['memory', 31]);
    const decoded = await load(new AnalyticsSnapshot(db, version));
    expect([decoded.source, written, decoded.store.stats]).toEqual(['cache', 1, built.store.stats]);
    // A build whose data changed before its write is not stored under the old stamp.
    db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'");
    expect((await load(new AnalyticsSnapshot(db, version + 7))).source).toBe('rows');
    expect(written).toBe(1);
    db.close();
  });
});
