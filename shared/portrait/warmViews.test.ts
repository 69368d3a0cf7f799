import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, ProgressEvent } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { dataVersion } from '#shared/analytics/dataVersion.ts';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { loadRuleEnv } from '#shared/segments/ruleEnv.ts';
import { DEFAULT_PORTRAIT_COLUMNS } from './portrait.ts';
import { warmPlan, warmSnapshot } from './warmViews.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { buildSyntheticWorkspace } from '#shared/segments/testWorkspace.ts';

let bytes: Uint8Array;

beforeAll(async () => {
  bytes = await buildSyntheticWorkspace(memoryHost(), { customers: 1500, events: 4000, seed: 11 });
}, 60_000);

async function opened(): Promise<Engine> {
  const engine = createEngine(memoryHost());
  await engine.call('workspace.open', { bytes });
  return engine;
}

const CLUSTER = { features: ['aum_fen', 'age', 'txn_count_90d'], k: 3, inits: 1 };
const AGE: SegmentRule = { type: 'attr', column: 'age_band', op: '=', value: '25-34' };
const CHURN: SegmentRule = { type: 'tag', tag: 'churn_risk' };
const CHURN_GROUP = { kind: 'lifecycle' as const, group: 'churn_risk' };

async function loadMsOf(engine: Engine, rule: SegmentRule): Promise<{ count: number; loadMs: number }> {
  const r = await engine.call('segments.count', { rule });
  if (!r.ok) throw new Error('rule rejected');
  return { count: r.count, loadMs: r.loadMs };
}

describe('warm-up after a data-changing job', () => {
  it('loads the first charts as the last step of the job, with the same results as a cold load', async () => {
    const engine = await opened();
    const progress: ProgressEvent[] = [];
    await engine.call('cluster.run', CLUSTER, { onProgress: (p) => progress.push(p) });
    const warm = progress.filter((p) => p.step === 'analytics.warm');
    expect(warm.length).toBeGreaterThan(0);
    expect(warm.at(-1)).toMatchObject({ current: warm.at(-1)?.total });
    // Served from the snapshot the job warmed: nothing is loaded for the lifecycle group or a default column.
    expect((await loadMsOf(engine, AGE)).loadMs).toBe(0);
    expect((await loadMsOf(engine, CHURN)).loadMs).toBe(0);
    const warmPortrait = await engine.call('portrait.describe', { group: CHURN_GROUP });

    // The same data loaded lazily in a fresh engine gives the same portrait.
    const cold = await opened();
    await cold.call('workspace.open', { bytes: await engine.call('workspace.export', {}) });
    const coldPortrait = await cold.call('portrait.describe', { group: CHURN_GROUP });
    expect({ ...warmPortrait, ms: 0 }).toEqual({ ...coldPortrait, ms: 0 });

    // A method that is not a warming job leaves the next request to load.
    await engine.call('workspace.setAsOfDate', { date: '2024-07-31' });
    expect((await loadMsOf(engine, AGE)).loadMs).toBeGreaterThan(0);
  });

  it('stops the warm-up on cancel without failing the job, and later loads are still correct', async () => {
    const engine = await opened();
    const before = await loadMsOf(engine, AGE);
    const abort = new AbortController();
    const run = await engine.call('cluster.run', CLUSTER, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'analytics.warm') abort.abort();
      },
    });
    const catalog = await engine.call('segments.catalog', {});
    expect(catalog.clusterRuns.map((c) => c.runId)).toContain(run.runId);
    // The warm-up stopped at its first piece: the column is loaded on first use, with the same count as before.
    const after = await loadMsOf(engine, AGE);
    expect(after.loadMs).toBeGreaterThan(0);
    expect(after.count).toBe(before.count);
  });
});

describe('warm plan and budget', () => {
  it('plans the first charts, then what was in use; a zero budget loads nothing', async () => {
    const db = await Db.open(memoryHost(), bytes);
    const env = loadRuleEnv(db);
    const snap = new AnalyticsSnapshot(db, dataVersion(db));
    const previous = { columns: ['age', 'no_such_column'], tags: ['high_value', 'gone_tag'], clusterRuns: [1, 99] };
    const plan = warmPlan(env, snap.presentColumns, previous);
    expect(plan.columns.map((c) => c.def.name)).toEqual([...DEFAULT_PORTRAIT_COLUMNS, 'age'].filter((c) => snap.presentColumns.has(c)));
    expect(plan.tags).toEqual([...env.lifecycle.keys(), 'high_value']);
    expect(plan.clusterRuns).toEqual([1]);

    const none = await warmSnapshot(snap, plan, createJobContext(), 0);
    expect(none).toMatchObject({ loaded: 0, stopped: 'budget' });
    expect(snap.loadedKeys()).toMatchObject({ columns: [], tags: [], clusterRuns: [] });

    const all = await warmSnapshot(snap, plan, createJobContext());
    expect(all).toMatchObject({ loaded: all.total, stopped: null });
    expect(new Set(snap.loadedKeys().columns)).toEqual(new Set(plan.columns.map((c) => c.def.name)));
    expect(new Set(snap.loadedKeys().tags)).toEqual(new Set(plan.tags));
    expect(snap.universe.idsLoaded).toBe(true);
    db.close();
  });
});
