import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { poolFromEngine, randomRule, type RulePool } from './randomRules.ts';
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
