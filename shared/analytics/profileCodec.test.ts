import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { Db } from '#shared/db/database.ts';
import { newEngine } from '#shared/ingest/testKit.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { BadBlobError, encodeBlob } from './columnarBlob.ts';
import { cacheStamp } from './columnarCache.ts';
import { dataVersion } from './dataVersion.ts';
import { columnCacheKey, decodeColumn, decodeUniverse, encodeColumn, encodeUniverse, PROFILE_CACHE_FORMAT, UNIVERSE_CACHE_KEY } from './profileCodec.ts';

describe('profile codec', () => {
  it('round-trips the universe, keeping the first row of a repeated ONE_ID', () => {
    const u = decodeUniverse(encodeUniverse({ n: 3, oneIds: ['甲-1', '', '甲-1'], index: new Map() }));
    expect(u.n).toBe(3);
    expect(u.oneIds).toEqual(['甲-1', '', '甲-1']);
    expect([...u.index]).toEqual([
      ['甲-1', 0],
      ['', 1],
    ]);
    expect(decodeUniverse(encodeUniverse({ n: 0, oneIds: [], index: new Map() })).n).toBe(0);
  });

  it('parses the ONE_IDs only when read, and answers from the rows when that parse finds the table damaged', () => {
    // The right count with text that is not JSON: the size is known at once, the damage only on reading.
    const damaged = encodeBlob([['甲-1', '乙-2']]);
    const at = damaged.lastIndexOf(0x5d);
    damaged[at] = 0x2c;
    const lazy = decodeUniverse(damaged);
    expect(lazy.n).toBe(2);
    expect(() => lazy.oneIds).toThrow(BadBlobError);
    const rows = { n: 2, oneIds: ['甲-1', '乙-2'], index: new Map() };
    const recovered = decodeUniverse(damaged, () => rows);
    expect(recovered.oneIds).toEqual(['甲-1', '乙-2']);
    expect(recovered.index.get('乙-2')).toBe(1);
  });

  it('round-trips numeric and text columns, including missing values and Unicode dictionaries', () => {
    const num = { kind: 'numeric', name: 'aum_fen', type: 'money', values: Float64Array.of(1, Number.NaN, -3.5) } as const;
    const back = decodeColumn(encodeColumn(num), 'aum_fen', 'money', 3);
    expect(back.kind === 'numeric' && Array.from(back.values)).toEqual([1, Number.NaN, -3.5]);
    const text = { kind: 'text', name: 'city', type: 'text', codes: Int32Array.of(1, -1, 0), dict: ['宁波市', '杭州市 🏙'] } as const;
    const t = decodeColumn(encodeColumn(text), 'city', 'text', 3);
    expect(t.kind === 'text' && [Array.from(t.codes), t.dict]).toEqual([[1, -1, 0], ['宁波市', '杭州市 🏙']]);
    const empty = decodeColumn(encodeColumn({ kind: 'text', name: 'city', type: 'text', codes: new Int32Array(0), dict: [] }), 'city', 'text', 0);
    expect(empty.kind === 'text' && empty.dict).toEqual([]);
  });

  it('stores each column in the narrowest layout that gives every value back', () => {
    const numeric = (values: number[]): { readonly back: number[]; readonly bytes: number } => {
      const blob = encodeColumn({ kind: 'numeric', name: 'aum_fen', type: 'money', values: Float64Array.from(values) });
      const c = decodeColumn(blob, 'aum_fen', 'money', values.length);
      return { back: c.kind === 'numeric' ? Array.from(c.values) : [], bytes: blob.byteLength };
    };
    const many = (v: number): number[] => Array.from({ length: 1000 }, (_, i) => (i === 0 ? v : i % 7 === 0 ? Number.NaN : i * 1000));
    // Integers and missing values in Int32; a value Int32 cannot hold exactly keeps the column in Float64.
    for (const odd of [2 ** 40, -(2 ** 31), -0, 0.5]) {
      const v = many(odd);
      expect(numeric(v).back).toEqual(v);
      expect(numeric(v).bytes).toBeGreaterThan(8000);
    }
    const ints = many(-(2 ** 31) + 1);
    expect(numeric(ints).back).toEqual(ints);
    expect(numeric(ints).bytes).toBeLessThan(5000);
    const text = (size: number): { readonly same: boolean; readonly bytes: number } => {
      const dict = Array.from({ length: size }, (_, i) => `v${String(i).padStart(6, '0')}`);
      const codes = Int32Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? -1 : (i * 7919) % size));
      const blob = encodeColumn({ kind: 'text', name: 'city', type: 'text', codes, dict });
      const c = decodeColumn(blob, 'city', 'text', 1000);
      return { same: c.kind === 'text' && Array.from(c.codes).join() === Array.from(codes).join() && c.dict.join() === dict.join(), bytes: blob.byteLength - dict.join('","').length };
    };
    expect(text(254)).toMatchObject({ same: true });
    expect(text(254).bytes).toBeLessThan(1200);
    expect(text(255)).toMatchObject({ same: true });
    expect(text(255).bytes).toBeGreaterThan(2000);
    expect(text(65_535)).toMatchObject({ same: true });
  });

  it('refuses a column blob of another column, type or size, or with codes outside its dictionary', () => {
    const blob = encodeColumn({ kind: 'text', name: 'city', type: 'text', codes: Int32Array.of(0), dict: ['杭州市'] });
    expect(() => decodeColumn(blob, 'occupation', 'text', 1)).toThrow(BadBlobError);
    expect(() => decodeColumn(blob, 'city', 'text', 2)).toThrow(BadBlobError);
    expect(() => decodeColumn(encodeColumn({ kind: 'text', name: 'city', type: 'text', codes: Int32Array.of(1), dict: ['杭州市'] }), 'city', 'text', 1)).toThrow(BadBlobError);
    expect(() => decodeColumn(encodeColumn({ kind: 'numeric', name: 'age', type: 'int', values: Float64Array.of(1) }), 'age', 'money', 1)).toThrow(BadBlobError);
  });
});

const host = { sqlJsConfig: {} };

async function portraitCount(engine: Engine): Promise<number> {
  const r = await engine.call('segments.count', { rule: { type: 'attr', column: 'city', op: 'in', value: ['杭州市'] } });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.count;
}

describe('universe and column cache', () => {
  it('is written on first use, read after re-opening, and ignored once the data version moved', async () => {
    const engine = await smallBankEngine();
    await engine.call('profile.build', {});
    expect(await portraitCount(engine)).toBe(2);
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    const stamp = cacheStamp(PROFILE_CACHE_FORMAT, dataVersion(db));
    expect(db.value('SELECT data_version FROM columnar_cache WHERE key = ?', [UNIVERSE_CACHE_KEY])).toBe(stamp);
    expect(db.value('SELECT data_version FROM columnar_cache WHERE key = ?', [columnCacheKey('city')])).toBe(stamp);
    // Changed behind the engine's back (no version bump): a re-opened workspace still answers from the cache …
    db.run("UPDATE customer_profile SET city = '温州市'");
    const reopen = async (bytes: Uint8Array): Promise<Engine> => {
      const e = await newEngine();
      await e.call('workspace.open', { bytes });
      return e;
    };
    expect(await portraitCount(await reopen(db.export()))).toBe(2);
    // … and from the table once the data version moved.
    db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'");
    expect(await portraitCount(await reopen(db.export()))).toBe(0);
    db.close();
  });
});
