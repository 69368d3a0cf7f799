import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { Db } from '#shared/db/database.ts';
import { newEngine } from '#shared/ingest/testKit.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { emptySet, setOf } from './bitsets.ts';
import { BadBlobError, encodeBlob } from './columnarBlob.ts';
import { decodeClusterRun, decodeTag, encodeClusterRun, encodeTag } from './membershipCodec.ts';

describe('tag membership codec', () => {
  it('round-trips a tag with members by Unicode value, and a tag without rows', () => {
    const n = 70;
    const t = { tag: 'bhv_interest', runId: 3, all: setOf(n, [0, 5, 69]), byValue: new Map([['基金 🏦', setOf(n, [5])], ['', setOf(n, [69])]]) };
    const back = decodeTag(encodeTag(t, n), 'bhv_interest', n);
    expect([back.tag, back.runId, back.all.array()]).toEqual(['bhv_interest', 3, [0, 5, 69]]);
    expect([...back.byValue].map(([v, s]) => [v, s.array()])).toEqual([
      ['基金 🏦', [5]],
      ['', [69]],
    ]);
    const none = decodeTag(encodeTag({ tag: 'x', runId: null, all: emptySet(0), byValue: new Map() }, 0), 'x', 0);
    expect([none.runId, none.all.size()]).toEqual([null, 0]);
  });

  it('refuses another tag, another universe size, or members past the universe', () => {
    const blob = encodeTag({ tag: 'a', runId: 1, all: setOf(40, [1]), byValue: new Map() }, 40);
    expect(() => decodeTag(blob, 'b', 40)).toThrow(BadBlobError);
    expect(() => decodeTag(blob, 'a', 41)).toThrow(BadBlobError);
    const past = encodeBlob([Float64Array.of(40, 1), ['a'], Int32Array.of(0, 1 << 9)]);
    expect(() => decodeTag(past, 'a', 40)).toThrow(BadBlobError);
  });
});

describe('cluster assignment codec', () => {
  it('round-trips the codes of a run and refuses another run or universe size', () => {
    const codes = Int32Array.of(2, -1, 0, 1, 2);
    const blob = encodeClusterRun({ runId: 7, codes }, 5);
    const back = decodeClusterRun(blob, 7, 5);
    expect([back.runId, [...back.codes]]).toEqual([7, [2, -1, 0, 1, 2]]);
    expect(() => decodeClusterRun(blob, 8, 5)).toThrow(BadBlobError);
    expect(() => decodeClusterRun(blob, 7, 6)).toThrow(BadBlobError);
    expect(() => decodeClusterRun(encodeBlob([Float64Array.of(5, 7)]), 7, 5)).toThrow(BadBlobError);
  });
});

const host = { sqlJsConfig: {} };

async function members(engine: Engine, tag: string): Promise<number> {
  const r = await engine.call('segments.count', { rule: { type: 'tag', tag } });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.count;
}

describe('tag membership cache', () => {
  it('answers a re-opened workspace from the cache until the data version moves', async () => {
    const engine = await smallBankEngine();
    await engine.call('tags.run', { rebuildProfile: true });
    const q = await engine.call('sql.query', { sql: 'SELECT tag, count(*) FROM customer_tag GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 1' });
    const tag = String(q.rows[0]?.[0]);
    const count = await members(engine, tag);
    expect(count).toBeGreaterThan(0);
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    db.run('DELETE FROM customer_tag WHERE tag = ?', [tag]);
    const reopen = async (bytes: Uint8Array): Promise<Engine> => {
      const e = await newEngine();
      await e.call('workspace.open', { bytes });
      return e;
    };
    expect(await members(await reopen(db.export()), tag)).toBe(count);
    db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'");
    const stale = await reopen(db.export());
    const after = await stale.call('segments.count', { rule: { type: 'tag', tag } });
    // With its rows gone the tag no longer exists, or has no members: either way the cache was not used.
    expect(after.ok ? after.count : 0).toBe(0);
    db.close();
  });
});
