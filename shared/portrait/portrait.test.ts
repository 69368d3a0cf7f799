import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { createEngine } from '#shared/engine.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { buildSyntheticWorkspace } from '#shared/segments/testWorkspace.ts';
import type { GroupRef } from '#shared/api/portraitTypes.ts';
import { twoProportionZ } from './stats.ts';

let engine: Engine;

async function sqlRows(sql: string): Promise<(string | number | null)[][]> {
  return (await engine.call('sql.query', { sql })).rows.map((r) => [...r]);
}

beforeAll(async () => {
  const host = memoryHost();
  engine = createEngine(host);
  await engine.call('workspace.open', { bytes: await buildSyntheticWorkspace(host, { customers: 1200, events: 5000, seed: 9 }) });
}, 60_000);

describe('group portrait', () => {
  it('counts each bin exactly, against all customers by default', async () => {
    const p = await engine.call('portrait.describe', { group: { kind: 'lifecycle', group: 'churn_risk' }, options: { columns: ['gender', 'vip_level'] } });
    const churn = await sqlRows("SELECT p.gender, count(*) FROM customer_profile p JOIN customer_tag t ON t.one_id = p.one_id AND t.tag = 'churn_risk' WHERE p.gender IS NOT NULL GROUP BY 1");
    const gender = p.distributions.find((d) => d.column === 'gender');
    for (const [label, n] of churn) expect(gender?.bins.find((b) => b.label === label)?.group).toBe(n);
    const size = Number((await sqlRows("SELECT count(*) FROM customer_tag WHERE tag = 'churn_risk'"))[0]?.[0]);
    expect(p.group).toMatchObject({ label: '易流失客户', size });
    expect(p.base).toMatchObject({ label: '全部客户', size: 1200 });
    // Shares are over customers with a known value and sum to 1.
    expect(gender?.bins.reduce((t, b) => t + b.groupShare, 0)).toBeCloseTo(1);
    expect(gender?.missingGroup).toBe(size - (gender?.bins.reduce((t, b) => t + b.group, 0) ?? 0));
  });

  it('tests each bin against the rest of the base, inside the base and with members outside it', async () => {
    const z = (g: number, gn: number, r: number, rn: number): number | null => twoProportionZ(g, gn, r, rn)?.z ?? null;
    const check = async (base: GroupRef | undefined, restWhere: string): Promise<void> => {
      const p = await engine.call('portrait.describe', { group: { kind: 'lifecycle', group: 'churn_risk' }, ...(base ? { base } : {}), options: { columns: ['gender'], minSupport: 1 } });
      const rest = new Map((await sqlRows(`SELECT p.gender, count(*) FROM customer_profile p WHERE p.gender IS NOT NULL AND ${restWhere} GROUP BY 1`)).map(([k, n]) => [String(k), Number(n)]));
      const rn = [...rest.values()].reduce((a, x) => a + x, 0);
      const bins = p.distributions[0]?.bins ?? [];
      const gn = bins.reduce((a, b) => a + b.group, 0);
      expect(bins.length).toBeGreaterThan(1);
      for (const b of bins) expect(b.z).toBeCloseTo(z(b.group, gn, rest.get(b.label) ?? 0, rn) ?? Number.NaN, 9);
    };
    const notChurn = "p.one_id NOT IN (SELECT one_id FROM customer_tag WHERE tag = 'churn_risk')";
    await check(undefined, notChurn);
    const branch = String((await sqlRows('SELECT branch FROM customer_profile LIMIT 1'))[0]?.[0]);
    await check({ kind: 'branch', branch }, `${notChurn} AND p.branch = '${branch.replace(/'/g, "''")}'`);
  });

  it('hides TGI below the minimum support and marks strong differences significant', async () => {
    const p = await engine.call('portrait.describe', {
      group: { kind: 'rule', rule: { type: 'attr', column: 'aum_fen', op: '>=', value: 200_000 } },
      options: { columns: ['aum_fen', 'city'], minSupport: 30 },
    });
    const aum = p.distributions.find((d) => d.column === 'aum_fen');
    expect(aum?.kind).toBe('numeric');
    // Nobody under 20万 in a group defined as ≥ 20万.
    expect(aum?.bins.find((b) => b.label === '<1万元')?.group).toBe(0);
    const top = aum?.bins.find((b) => b.label === '≥600万元');
    const tiny = p.distributions.flatMap((d) => d.bins).filter((b) => b.group < 30);
    expect(tiny.length).toBeGreaterThan(0);
    for (const b of tiny) expect(b).toMatchObject({ tgi: null, supported: false, significant: false });
    const rich = aum?.bins.find((b) => b.label === '50万–100万元');
    if (rich && rich.group >= 30) {
      expect(rich.tgi ?? 0).toBeGreaterThan(100);
      expect(rich.significant).toBe(true);
    }
    expect(top).toBeDefined();
    expect(aum?.groupMean ?? 0).toBeGreaterThan(aum?.baseMean ?? 0);
  });

  it('describes a cluster against its run, a segment against a branch, and compares two groups', async () => {
    const c = await engine.call('portrait.describe', { group: { kind: 'cluster', cluster: 2 }, base: { kind: 'clusterRun' }, options: { columns: ['age_band'] } });
    expect(c.group.label).toContain('高净值型');
    expect(c.outsideBase).toBe(0);
    const ageBands = c.distributions[0]?.bins.map((b) => b.label);
    expect(ageBands).toEqual(['<25', '25-34', '35-44', '45-54', '55-64', '65+']);
    const branch = (await sqlRows('SELECT branch FROM customer_profile LIMIT 1'))[0]?.[0];
    const b = await engine.call('portrait.describe', { group: { kind: 'lifecycle', group: 'dormant' }, base: { kind: 'branch', branch: String(branch) }, options: { columns: ['gender'] } });
    expect(b.outsideBase).toBeGreaterThan(0);
    const cmp = await engine.call('portrait.compare', { a: { kind: 'lifecycle', group: 'dormant' }, b: { kind: 'lifecycle', group: 'churn_risk' }, options: { columns: ['gender'] } });
    expect(cmp.shared).toBe(0);
    expect(cmp.a.group.label).toBe('沉睡客户');
  });

  it('finds the distinguishing tags and a radar in percentile ranks', async () => {
    const rule = { type: 'tag', tag: 'high_value' } as const;
    const tags = await engine.call('portrait.topTags', { group: { kind: 'rule', rule }, minSupport: 10 });
    // The group is the tag itself: it must come out on top with TGI = 100 / base share.
    const self = tags.tags.find((t) => t.tag === 'high_value');
    expect(self).toBeDefined();
    expect(self?.groupShare).toBe(1);
    const radar = await engine.call('portrait.radar', { group: { kind: 'rule', rule: { type: 'attr', column: 'aum_fen', op: '>=', value: 100_000 } } });
    const value = radar.axes.findIndex((a) => a.key === 'value');
    expect(radar.group[value] ?? 0).toBeGreaterThan(70);
    expect(radar.base[value] ?? 0).toBeCloseTo(50, 0);
  });
});
