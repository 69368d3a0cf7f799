import { describe, expect, it } from 'vitest';
import { BadBlobError } from '#shared/analytics/columnarBlob.ts';
import { createEngine } from '#shared/engine.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { Db } from '#shared/db/database.ts';
import { buildSyntheticWorkspace } from '#shared/segments/testWorkspace.ts';
import type { Binning } from './binning.ts';
import { binningCacheKey, decodeBinning, encodeBinning } from './binningCodec.ts';
import { DEFAULT_PORTRAIT_COLUMNS, DEFAULT_TOP_CATEGORIES } from './portrait.ts';

const BINS: Binning = { kind: 'category', labels: ['北京', '上海 🏙', '其他'], labelsEn: ['北京', '上海 🏙', 'Other'], codes: Int16Array.of(0, -1, 2, 1, 2) };

describe('portrait bins codec', () => {
  it('round-trips bins with missing values and Unicode labels', () => {
    const back = decodeBinning(encodeBinning(BINS, 'city', 10), 'city', 10, 5);
    expect({ ...back, codes: [...back.codes] }).toEqual({ ...BINS, codes: [...BINS.codes] });
  });

  it('refuses bins of another column, category count or universe, or with codes outside the bins', () => {
    const blob = encodeBinning(BINS, 'city', 10);
    expect(() => decodeBinning(blob, 'occupation', 10, 5)).toThrow(BadBlobError);
    expect(() => decodeBinning(blob, 'city', 12, 5)).toThrow(BadBlobError);
    expect(() => decodeBinning(blob, 'city', 10, 6)).toThrow(BadBlobError);
    expect(() => decodeBinning(encodeBinning({ ...BINS, codes: Int16Array.of(0, 3, 0, 0, 0) }, 'city', 10), 'city', 10, 5)).toThrow(BadBlobError);
  });

  it('gives a re-opened workspace the same portrait from cached bins, and from the rows when a blob is damaged', async () => {
    const host = memoryHost();
    const engine = createEngine(host);
    await engine.call('workspace.open', { bytes: await buildSyntheticWorkspace(host, { customers: 800, events: 1000, seed: 3 }) });
    const group = { kind: 'lifecycle' as const, group: 'churn_risk' };
    const first = await engine.call('portrait.describe', { group });
    await engine.call('workspace.save', {});
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    const keys = DEFAULT_PORTRAIT_COLUMNS.map((c) => binningCacheKey(c, DEFAULT_TOP_CATEGORIES));
    expect(db.value(`SELECT count(*) FROM columnar_cache WHERE key IN (${keys.map(() => '?').join(',')})`, keys)).toBe(keys.length);
    const reopened = async (): Promise<unknown> => {
      const e = createEngine(memoryHost());
      await e.call('workspace.open', { bytes: db.export() });
      return { ...(await e.call('portrait.describe', { group })), ms: 0 };
    };
    expect(await reopened()).toEqual({ ...first, ms: 0 });
    db.run('UPDATE columnar_cache SET bytes = ? WHERE key = ?', [Uint8Array.of(1, 2, 3), binningCacheKey('city', DEFAULT_TOP_CATEGORIES)]);
    expect(await reopened()).toEqual({ ...first, ms: 0 });
    // The bins really come from the cache: bins written by hand (everyone in one bin) show up as they are.
    const one: Binning = { kind: 'category', labels: ['甲'], labelsEn: ['A'], codes: new Int16Array(800) };
    db.run('UPDATE columnar_cache SET bytes = ? WHERE key = ?', [encodeBinning(one, 'gender', DEFAULT_TOP_CATEGORIES), binningCacheKey('gender', DEFAULT_TOP_CATEGORIES)]);
    const forged = (await reopened()) as typeof first;
    expect(forged.distributions.find((d) => d.column === 'gender')?.bins.map((b) => [b.label, b.base])).toEqual([['甲', 800]]);
    db.close();
  });
});
