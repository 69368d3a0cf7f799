import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { poolFromEngine, randomEdit, randomRule, type RulePool } from './randomRules.ts';
import { buildSyntheticWorkspace } from './testWorkspace.ts';

let engine: Engine;
let pool: RulePool;

async function counts(rule: SegmentRule): Promise<{ columnar: number; sql: number }> {
  const a = await engine.call('segments.count', { rule, overlaps: false });
  const b = await engine.call('segments.count', { rule, engine: 'sql', overlaps: false });
  if (!a.ok || !b.ok) throw new Error(`rule rejected: ${JSON.stringify(a.ok ? b : a)} for ${JSON.stringify(rule)}`);
  return { columnar: a.count, sql: b.count };
}

beforeAll(async () => {
  const host = memoryHost();
  engine = createEngine(host);
  await engine.call('workspace.open', { bytes: await buildSyntheticWorkspace(host, { customers: 1500, events: 20_000, seed: 3 }) });
  // Saved segments to refer to.
  await engine.call('segments.save', { name: '中年', rule: { type: 'attr', column: 'age', op: 'between', value: [35, 54] } });
  await engine.call('segments.save', { name: '近期登录', rule: { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, op: '>=', value: 1 } });
  pool = await poolFromEngine(engine, { rfm: ['重要价值', '重要保持', '一般发展'] });
}, 60_000);

describe('columnar evaluation agrees with the SQL compilation', () => {
  it('on 150 random rules (seeded)', async () => {
    const r = createRandom(20240630);
    const disagreements: string[] = [];
    let nonTrivial = 0;
    for (let k = 0; k < 150; k++) {
      const rule = randomRule(r, pool, 3);
      const c = await counts(rule);
      if (c.columnar !== c.sql) disagreements.push(`${JSON.stringify(rule)}: columnar ${c.columnar}, sql ${c.sql}`);
      if (c.columnar > 0 && c.columnar < 1500) nonTrivial++;
    }
    expect(disagreements).toEqual([]);
    // The generator must produce rules that split the customers, or the agreement proves little.
    expect(nonTrivial).toBeGreaterThan(60);
  }, 120_000);

  it('along 80 random edits of one rule, where unchanged conditions come from the condition cache', async () => {
    const r = createRandom(11);
    let rule = randomRule(r, pool, 3);
    const disagreements: string[] = [];
    for (let k = 0; k < 80; k++) {
      rule = randomEdit(r, pool, rule);
      const c = await counts(rule);
      if (c.columnar !== c.sql) disagreements.push(`${JSON.stringify(rule)}: columnar ${c.columnar}, sql ${c.sql}`);
    }
    expect(disagreements).toEqual([]);
    // A cached set handed to an AND is intersected in place: the cache must have kept its own copy.
    const a: SegmentRule = { type: 'attr', column: 'age', op: '>=', value: 40 };
    const b: SegmentRule = { type: 'behavior', source: 'events', days: 60, op: '>=', value: 1 };
    const alone = await counts(a);
    await counts({ type: 'and', rules: [a, b] });
    await counts({ type: 'or', rules: [a, b] });
    expect(await counts(a)).toEqual(alone);
    expect(await counts({ type: 'not', rule: a })).toEqual({ columnar: 1500 - alone.columnar, sql: 1500 - alone.sql });
  }, 120_000);

  it('counts behaviour exactly as hand-written SQL over the raw tables does', async () => {
    // Transactions in (as-of − 30 days, as-of] per customer number (zero-padded numbers are the same customer).
    const q = await engine.call('sql.query', {
      sql: `SELECT count(*) FROM (SELECT CAST(cust_no AS INTEGER) AS c FROM transactions WHERE txn_time >= '2024-06-01' AND txn_time < '2024-07-01' GROUP BY c HAVING count(*) >= 2)`,
    });
    const c = await counts({ type: 'behavior', source: 'transactions', days: 30, op: '>=', value: 2 });
    expect(c.columnar).toBe(Number(q.rows[0]?.[0]));
    expect(c.sql).toBe(c.columnar);
  });

  it('treats a missing value as matching no comparison, and NOT as the complement', async () => {
    const total = Number((await engine.call('sql.query', { sql: 'SELECT count(*) FROM customer_profile' })).rows[0]?.[0]);
    const missing = Number((await engine.call('sql.query', { sql: 'SELECT count(*) FROM customer_profile WHERE city IS NULL' })).rows[0]?.[0]);
    expect(missing).toBeGreaterThan(0);
    const eq = await counts({ type: 'attr', column: 'city', op: '=', value: '上海' });
    const ne = await counts({ type: 'attr', column: 'city', op: '!=', value: '上海' });
    const notEq = await counts({ type: 'not', rule: { type: 'attr', column: 'city', op: '=', value: '上海' } });
    expect(eq.columnar + ne.columnar + missing).toBe(total);
    expect(notEq.columnar).toBe(total - eq.columnar);
    expect(notEq.sql).toBe(notEq.columnar);
  });

  it('takes a tag from its latest run only', async () => {
    const latest = Number((await engine.call('sql.query', { sql: "SELECT count(DISTINCT one_id) FROM customer_tag WHERE tag = 'high_value' AND run_id = 2" })).rows[0]?.[0]);
    const c = await counts({ type: 'tag', tag: 'high_value' });
    expect(c.columnar).toBe(latest);
    expect(c.sql).toBe(latest);
  });
});

describe('cluster selection conditions', () => {
  it('count a saved cluster and a lasso region alike in columnar and SQL, also combined and negated', async () => {
    const inCluster = Number((await engine.call('sql.query', { sql: 'SELECT count(*) FROM cluster_member WHERE run_id = 1 AND cluster = 2' })).rows[0]?.[0]);
    const whole = await engine.call('cluster.select', { runId: 1, cluster: 2 });
    expect(whole.members).toBe(inCluster);
    const sel = await counts({ type: 'selection', selection: whole.selectionId });
    expect(sel).toEqual({ columnar: inCluster, sql: inCluster });
    expect(await counts({ type: 'cluster', run: 1, clusters: [2] })).toEqual(sel);

    // Cluster 1's strip (x in [1, 1.6]) where y < 0.45: half of its members or so, none of the other clusters.
    const lasso = await engine.call('cluster.select', { runId: 1, polygon: [[0.95, -0.05], [1.65, -0.05], [1.65, 0.45], [0.95, 0.45]] });
    const inRegion = Number((await engine.call('sql.query', { sql: 'SELECT count(*) FROM cluster_member WHERE run_id = 1 AND x BETWEEN 0.95 AND 1.65 AND y < 0.45' })).rows[0]?.[0]);
    expect(lasso.members).toBe(inRegion);
    expect(inRegion).toBeGreaterThan(50);
    const region = await counts({ type: 'selection', selection: lasso.selectionId });
    expect(region).toEqual({ columnar: inRegion, sql: inRegion });
    expect(await counts({ type: 'and', rules: [{ type: 'selection', selection: lasso.selectionId }, { type: 'cluster', run: 1, clusters: [1] }] })).toEqual(region);
    expect(await counts({ type: 'and', rules: [{ type: 'selection', selection: lasso.selectionId }, { type: 'selection', selection: whole.selectionId }] })).toEqual({ columnar: 0, sql: 0 });
    expect(await counts({ type: 'not', rule: { type: 'selection', selection: lasso.selectionId } })).toEqual({ columnar: 1500 - inRegion, sql: 1500 - inRegion });
    const mixed = await counts({ type: 'or', rules: [{ type: 'selection', selection: lasso.selectionId }, { type: 'attr', column: 'age', op: '>=', value: 50 }] });
    expect(mixed.columnar).toBe(mixed.sql);
    expect(mixed.columnar).toBeGreaterThan(inRegion);
  });

  it('explains a selection condition in the why-trace and refuses a selection that no longer exists', async () => {
    const lasso = await engine.call('cluster.select', { runId: 1, polygon: [[-0.05, -0.05], [0.65, -0.05], [0.65, 0.95], [-0.05, 0.95]], label: '左下角' });
    const member = (await engine.call('sql.query', { sql: `SELECT one_id FROM cluster_selection_member WHERE selection_id = ${lasso.selectionId} LIMIT 1` })).rows[0]?.[0];
    const why = await engine.call('segments.why', { customer: String(member), rule: { type: 'selection', selection: lasso.selectionId } });
    expect(why.inSegment).toBe(true);
    expect(why.conditions[0]).toMatchObject({ matched: true, actual: '在选区“左下角”内', readBack: { zh: `在聚类选区“左下角”（#${lasso.selectionId}）中` } });
    const saved = await engine.call('segments.save', { name: '左下角客群', rule: { type: 'selection', selection: lasso.selectionId } });
    expect(saved.count).toBe(lasso.members);
    // Recording the segment on the selection does not make the fresh segment look stale.
    expect((await engine.call('segments.list', {})).find((x) => x.segmentId === saved.segmentId)?.stale).toBe(false);
    expect((await engine.call('sql.query', { sql: `SELECT segment_id FROM cluster_selection WHERE selection_id = ${lasso.selectionId}` })).rows[0]?.[0]).toBe(saved.segmentId);
    const gone = await engine.call('segments.count', { rule: { type: 'selection', selection: 9999 } });
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.problems[0]).toMatchObject({ code: 'UNKNOWN_SELECTION', params: { selection: 9999 } });
  });
});
