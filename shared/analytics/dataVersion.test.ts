import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { newEngine } from '#shared/ingest/testKit.ts';

async function version(engine: Engine): Promise<number> {
  const q = await engine.call('sql.query', { sql: "SELECT value FROM meta WHERE key = 'data_version'" });
  return Number(q.rows[0]?.[0] ?? 0);
}

describe('data version', () => {
  it('moves after a data-changing method, also when it fails, and not after a data-neutral one', async () => {
    const engine = await newEngine();
    const v0 = await version(engine);
    await engine.call('workspace.setAsOfDate', { date: '2024-06-30' });
    expect(await version(engine)).toBe(v0 + 1);
    // A failing method may have committed part of its work: cached structures must not outlive it.
    await expect(engine.call('workspace.setAsOfDate', { date: '30/06/2024' })).rejects.toThrow();
    expect(await version(engine)).toBe(v0 + 2);
    expect((await engine.call('segments.delete', { segmentId: 999 })).deleted).toBe(false);
    expect(await version(engine)).toBe(v0 + 2);
  });
});
