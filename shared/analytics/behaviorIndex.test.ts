import { describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { behaviorSource } from './behaviorSources.ts';
import { behaviorMeasure, behaviorSet, buildBehaviorIndex, kindMask } from './behaviorIndex.ts';
import { dayNumber } from './days.ts';

describe('behaviour index', () => {
  it('keeps per-customer (day, kind) counts, newest first, and answers windows', async () => {
    const db = await Db.open(memoryHost());
    migrate(db);
    db.run("INSERT INTO identity_map (source, record_id, one_id, method) VALUES ('customer', 'C1', 'P1', 'source_key'), ('customer', 'C2', 'P2', 'source_key')");
    const rows: [string, string, string, string][] = [
      ['C1', '2024-06-30 09:00:00', '登录', 'iOS'],
      ['C1', '2024-06-30 10:00:00', '登录', 'iOS'],
      ['C1', '2024-06-10 10:00:00', '登录', 'iOS'],
      ['C1', '2024-05-31 23:59:59', '登录', 'iOS'],
      ['C1', '2024-07-01 00:00:01', '登录', 'iOS'],
      ['C1', '2024-06-20 08:00:00', '转账', 'iOS'],
      ['002', 'not a date', '登录', 'iOS'],
      ['C9', '2024-06-20 08:00:00', '登录', 'iOS'],
    ];
    rows.forEach(([c, t, e, ch], k) =>
      db.run('INSERT INTO events (event_id, cust_no, event_time, event_name, channel, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?)', [`E${k}`, c, t, e, ch, `E${k}`, k]),
    );
    const universe = { n: 2, oneIds: ['P1', 'P2'], index: new Map([['P1', 0], ['P2', 1]]) };
    const ix = await buildBehaviorIndex(db, universe, createJobContext());
    // C9 belongs to nobody; the others belong to P1 (the undated row has a customer that does not exist).
    expect(ix.stats.events).toEqual({ rows: 8, owned: 6, undated: 0 });
    expect([...ix.offsets]).toEqual([0, 5, 5]);
    expect([...ix.day.slice(0, 5)]).toEqual([dayNumber('2024-07-01'), dayNumber('2024-06-30'), dayNumber('2024-06-20'), dayNumber('2024-06-10'), dayNumber('2024-05-31')]);
    expect(ix.count[1]).toBe(2);
    const login = kindMask(ix, behaviorSource('events'), { event_name: ['登录'] });
    const hi = dayNumber('2024-06-30');
    const q30 = { kindMask: login, lo: hi - 30, hi, measure: 'count' as const };
    expect(behaviorMeasure(ix, q30, 0)).toBe(3);
    expect(behaviorMeasure(ix, { ...q30, measure: 'days' }, 0)).toBe(2);
    expect(behaviorMeasure(ix, { ...q30, lo: hi - 31 }, 0)).toBe(4);
    // "Never logged in" includes the customer with no rows at all.
    expect(behaviorSet(ix, q30, (m) => m === 0).array()).toEqual([1]);
    db.close();
  });
});
