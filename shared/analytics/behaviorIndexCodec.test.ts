import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { fileOf, memoryHost, newEngine } from '#shared/ingest/testKit.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { buildBehaviorIndex, type BehaviorIndex } from './behaviorIndex.ts';
import { BEHAVIOR_INDEX_CACHE_KEY, BEHAVIOR_INDEX_FORMAT, decodeBehaviorIndex, encodeBehaviorIndex } from './behaviorIndexCodec.ts';
import { BadBlobError } from './columnarBlob.ts';
import { cacheStamp } from './columnarCache.ts';
import { dataVersion } from './dataVersion.ts';

function plain(ix: BehaviorIndex): unknown {
  return {
    n: ix.n,
    offsets: [...ix.offsets],
    day: [...ix.day],
    kind: [...ix.kind],
    count: [...ix.count],
    kinds: ix.kinds,
    stats: ix.stats,
    owners: Object.fromEntries(Object.entries(ix.owners).map(([s, m]) => [s, [...m]])),
  };
}

async function indexOf(rows: readonly (readonly [string, string, string, string])[]): Promise<BehaviorIndex> {
  const db = await Db.open(memoryHost());
  migrate(db);
  db.run("INSERT INTO identity_map (source, record_id, one_id, method) VALUES ('customer', 'C1', 'P1', 'source_key'), ('customer', 'C2', 'P2', 'source_key')");
  rows.forEach(([c, t, e, ch], k) =>
    db.run('INSERT INTO events (event_id, cust_no, event_time, event_name, channel, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?)', [`E${k}`, c, t, e, ch, `E${k}`, k]),
  );
  const ix = await buildBehaviorIndex(db, { n: 2, oneIds: ['P1', 'P2'], index: new Map([['P1', 0], ['P2', 1]]) }, createJobContext());
  db.close();
  return ix;
}

describe('behaviour index codec', () => {
  it('round-trips kinds with Unicode and missing filter values, counts, stats and owners', async () => {
    const ix = await indexOf([
      ['C1', '2024-06-30 09:00:00', '登录', 'iOS'],
      ['C1', '2024-06-30 10:00:00', '登录', 'iOS'],
      ['C1', '2024-06-10 10:00:00', '浏览"基金" 🏦', ''],
      ['C2', '2024-06-20 08:00:00', '转账', '网点'],
      ['C9', '2024-06-20 08:00:00', '登录', 'iOS'],
      ['C2', 'not a date', '登录', 'iOS'],
    ]);
    expect(ix.kinds.some((k) => k.dims.includes(null))).toBe(true);
    expect(plain(decodeBehaviorIndex(encodeBehaviorIndex(ix), 2))).toEqual(plain(ix));
  });

  it('round-trips an index without rows', async () => {
    const ix = await indexOf([]);
    expect(plain(decodeBehaviorIndex(encodeBehaviorIndex(ix), 2))).toEqual(plain(ix));
  });

  it('refuses a blob built for another universe size', async () => {
    const ix = await indexOf([['C1', '2024-06-30 09:00:00', '登录', 'iOS']]);
    expect(() => decodeBehaviorIndex(encodeBehaviorIndex(ix), 3)).toThrow(BadBlobError);
  });
});

const LOGGED_IN: SegmentRule = { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, op: '>=', value: 1 };
const MORE_EVENTS = ['事件ID,客户号,事件时间,事件名称,渠道,页面', 'E5,C003,2024-06-29 09:00:00,登录,微信小程序,'].join('\n');
const host = { sqlJsConfig: {} };

async function count(engine: Engine): Promise<number> {
  const r = await engine.call('segments.count', { rule: LOGGED_IN });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.count;
}

async function reopenedWithoutEvents(engine: Engine): Promise<Engine> {
  // Events deleted behind the engine's back (no data-version bump): only a cached index still counts them.
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  db.run('DELETE FROM events');
  const bytes = db.export();
  db.close();
  const again = await newEngine();
  await again.call('workspace.open', { bytes });
  return again;
}

describe('behaviour index columnar cache', () => {
  it('persists the index in the workspace, reuses it after re-opening, and rebuilds after an import', async () => {
    const engine = await smallBankEngine();
    await engine.call('profile.build', {});
    expect(await count(engine)).toBe(1);
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    expect(db.value('SELECT data_version FROM columnar_cache WHERE key = ?', [BEHAVIOR_INDEX_CACHE_KEY])).toBe(cacheStamp(BEHAVIOR_INDEX_FORMAT, dataVersion(db)));
    db.close();
    expect(await count(await reopenedWithoutEvents(engine))).toBe(1);

    await engine.call('ingest.run', { files: [{ file: fileOf('events-more.csv', MORE_EVENTS), kind: 'events' }] });
    expect(await count(engine)).toBe(2);
    expect(await count(await reopenedWithoutEvents(engine))).toBe(2);
  });
});
