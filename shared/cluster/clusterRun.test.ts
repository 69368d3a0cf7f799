import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { fileOf, newEngine } from '#shared/ingest/testKit.ts';
import { createRandom } from '#shared/jobs/random.ts';

/** Three planted groups in a generic table: young low-balance students, mid-age managers, retired savers. */
function csv(rows: number, seed: number): string {
  const r = createRandom(seed);
  const lines = ['age,balance,job,visits'];
  for (let i = 0; i < rows; i++) {
    const g = i % 3;
    const age = [22, 45, 70][g]! + Math.round(r.normal() * 3);
    const balance = Math.round([500, 20000, 80000][g]! * (1 + r.normal() * 0.1));
    const job = r.chance(0.9) ? ['student', 'management', 'retired'][g] : 'unknown';
    const visits = i % 17 === 0 ? '' : String(Math.max(0, Math.round([1, 4, 9][g]! + r.normal())));
    lines.push(`${age},${balance},${job},${visits}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('cluster.run on a generic table', () => {
  let engine: Engine;
  let table = '';

  beforeAll(async () => {
    engine = await newEngine();
    const r = await engine.call('ingest.run', { files: [{ file: fileOf('people.csv', csv(900, 4)), kind: 'table' }] });
    table = r.files[0]?.table ?? '';
  });

  it('lists numeric and categorical features and keys the table by row id', async () => {
    const f = await engine.call('cluster.features', { table });
    expect(f.keyKind).toBe('rowid');
    expect(f.rows).toBe(900);
    expect(f.features.find((x) => x.name === 'job')?.kind).toBe('categorical');
    expect(f.features.find((x) => x.name === 'visits')).toMatchObject({ kind: 'numeric', missing: 53 });
  });

  it('finds the planted groups, reports imputed values, stores run and members, and is reproducible', async () => {
    const args = { table, features: ['age', 'balance', 'job', 'visits'], k: 3 } as const;
    const a = await engine.call('cluster.run', args, { seed: 5 });
    expect(a.sizes).toEqual([...a.sizes].sort((x, y) => y - x));
    expect(a.sizes.reduce((s, v) => s + v, 0)).toBe(900);
    expect(a.silhouette).toBeGreaterThan(0.5);
    expect(a.missing).toContainEqual(expect.objectContaining({ feature: 'visits', missing: 53, action: 'imputed' }));
    const members = await engine.call('sql.query', { sql: `SELECT cluster, count(*) AS n FROM cluster_member WHERE run_id = ${a.runId} GROUP BY cluster ORDER BY cluster` });
    expect(members.rows.map((r) => r[1])).toEqual(a.sizes);
    const stored = await engine.call('sql.query', { sql: `SELECT seed, app_version, algo_version, settings FROM cluster_run WHERE run_id = ${a.runId}` });
    expect(stored.rows[0]?.slice(0, 3)).toEqual([5, a.versions.app, a.versions.algorithm]);
    expect(a.versions.algorithm).toMatch(/^kequn-cluster \d+/);
    expect(JSON.parse(String(stored.rows[0]?.[3]))).toEqual(a.settings);
    const retired = a.groups.find((g) => g.distinguishing.some((s) => s.level === 'retired'));
    expect(retired?.name).toContain('retired');

    const b = await engine.call('cluster.run', args, { seed: 5 });
    const same = await engine.call('sql.query', {
      sql: `SELECT count(*) FROM cluster_member x JOIN cluster_member y ON x.row_id = y.row_id AND x.cluster = y.cluster WHERE x.run_id = ${a.runId} AND y.run_id = ${b.runId}`,
    });
    expect(same.rows[0]?.[0]).toBe(900);
    expect(b.groups.map((g) => g.name)).toEqual(a.groups.map((g) => g.name));
    expect(b.groups.every((g) => g.matchedFrom?.runId === a.runId && g.matchedFrom.cluster === g.cluster)).toBe(true);
  });

  it('keeps a group name when the group comes back under another index', async () => {
    const base = await engine.call('cluster.run', { table, features: ['age', 'balance'], k: 3 }, { seed: 1 });
    // Another scaling and seed: the groups are found again and must carry their names over by overlap.
    const other = await engine.call('cluster.run', { table, features: ['age', 'balance'], k: 3, scale: 'robust' }, { seed: 2 });
    expect(other.groups.every((g) => g.matchedFrom?.runId === base.runId)).toBe(true);
    for (const g of other.groups) {
      const from = base.groups.find((x) => x.cluster === g.matchedFrom?.cluster);
      expect(from?.name).toBe(g.name);
    }
  });

  it('k-prototypes on mixed data, a k scan with a recommendation, the map and a lasso selection', async () => {
    const r = await engine.call('cluster.run', { table, features: ['age', 'job'], categorical: 'kprototypes', k: 3 }, { seed: 3 });
    expect(r.algorithm).toBe('kprototypes');
    expect(r.silhouette).toBeGreaterThan(0.3);
    const scan = await engine.call('cluster.scan', { table, features: ['age', 'balance', 'visits'], kMin: 2, kMax: 5 }, { seed: 3 });
    expect(scan.points.map((p) => p.k)).toEqual([2, 3, 4, 5]);
    expect(scan.recommendedK).toBe(3);
    expect(scan.points.find((p) => p.k === 3)?.stability).toBeGreaterThan(0.95);
    const map = await engine.call('cluster.map', { runId: r.runId, maxPoints: 100 });
    expect(map.total).toBe(900);
    expect(map.xy.length).toBe(200);
    // A polygon around the whole map takes every member, not only the drawn sample.
    const all = await engine.call('cluster.select', { runId: r.runId, polygon: [[-1e6, -1e6], [1e6, -1e6], [1e6, 1e6], [-1e6, 1e6]] });
    expect(all.members).toBe(900);
    const one = await engine.call('cluster.select', { runId: r.runId, cluster: 1 });
    expect(one.members).toBe(r.sizes[1]);
    expect(one.label).toBe(r.groups[1]?.name);
  });

  it('a cancelled run stops with CANCELLED and stores nothing', async () => {
    const before = (await engine.call('sql.query', { sql: 'SELECT count(*) FROM cluster_run' })).rows[0]?.[0];
    const controller = new AbortController();
    const steps: string[] = [];
    const run = engine.call('cluster.run', { table, features: ['age', 'balance'], k: 3 }, {
      signal: controller.signal,
      onProgress: (p) => {
        steps.push(p.step);
        if (p.step === 'cluster.seed') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(steps).toContain('cluster.load');
    expect((await engine.call('sql.query', { sql: 'SELECT count(*) FROM cluster_run' })).rows[0]?.[0]).toBe(before);
  });

  it('refuses features that do not exist and a k larger than the rows', async () => {
    await expect(engine.call('cluster.run', { table, features: ['nope'], k: 3 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(engine.call('cluster.run', { table, features: [], k: 3 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(engine.call('cluster.run', { table, features: ['age'], weights: { balance: 2 }, k: 3 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(engine.call('cluster.run', { table, features: ['age'], weights: { age: 0 }, k: 3 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(engine.call('cluster.features', { table: 'audit_log' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('cluster.umap', () => {
  let engine: Engine;
  let runId = 0;

  beforeAll(async () => {
    engine = await newEngine();
    const r = await engine.call('ingest.run', { files: [{ file: fileOf('people.csv', csv(600, 8)), kind: 'table' }] });
    runId = (await engine.call('cluster.run', { table: r.files[0]?.table ?? '', features: ['age', 'balance', 'visits'], k: 3 }, { seed: 2 })).runId;
  });

  it('embeds a seeded sample of the members with their clusters, the same map every time, with progress', async () => {
    const steps = new Set<string>();
    const a = await engine.call('cluster.umap', { runId, maxPoints: 300 }, { onProgress: (p) => steps.add(p.step) });
    expect(a).toMatchObject({ runId, total: 600, seed: 2 });
    expect(a.xy.length).toBe(600);
    expect(a.cluster.length).toBe(300);
    expect(new Set(a.cluster).size).toBe(3);
    expect(steps).toContain('cluster.umapGraph');
    expect(steps).toContain('cluster.umap');
    const b = await engine.call('cluster.umap', { runId, maxPoints: 300 }, { seed: 99 });
    expect(Array.from(b.xy)).toEqual(Array.from(a.xy));
    expect(Array.from(b.cluster)).toEqual(Array.from(a.cluster));
  });

  it('stops with CANCELLED between epochs, and refuses a sample too small for the neighbour graph', async () => {
    const controller = new AbortController();
    const run = engine.call('cluster.umap', { runId, maxPoints: 300 }, { signal: controller.signal, onProgress: (p) => p.step === 'cluster.umap' && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(engine.call('cluster.umap', { runId, maxPoints: 10 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
