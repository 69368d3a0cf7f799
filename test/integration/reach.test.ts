/**
 * 触达策略 end to end on a generated demo bank: channel habit tags scored against the planted habits
 * (truth/channel_habits.csv; precision and recall printed), the first-loan plan simulated (conservation at every
 * step, Monte-Carlo intervals, two plans compared), every step exported through the audience export with the
 * plan's holdout (exported sizes equal the deterministic step sizes), the plan manifest, the lift report after
 * results are re-imported, and the `kequn reach` CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFile, Engine } from '#shared/api/engineApi.ts';
import type { ReachPlan, SimulationResult } from '#shared/api/reachTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { runCli } from '#shared/node/cli.ts';

const DEMO = { customers: 3000, seed: 7 } as const;
type Cell = string | number | null;

async function rows(engine: Engine, sql: string, params: readonly Cell[] = []): Promise<readonly (readonly Cell[])[]> {
  return (await engine.call('sql.query', { sql, params, maxRows: 1e7, unmask: { reason: 'integration test' } })).rows;
}

function conserved(r: SimulationResult): void {
  for (const s of r.steps) {
    const out = r.flows.filter((f) => f.from === s.id).reduce((a, f) => a + f.count, 0);
    if (s.type === 'exit' || s.type === 'handover') expect(out, s.id).toBe(0);
    else expect(s.entered, `step ${s.id}: entered = outgoing + dropped`).toBe(out + s.dropped);
    if (s.id !== r.steps[0]?.id) expect(s.entered, `into ${s.id}`).toBe(r.flows.filter((f) => f.to === s.id).reduce((a, f) => a + f.count, 0));
  }
}

let dir = '';
let engine: Engine;
let files: readonly DemoFile[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-reach-'));
  engine = createEngine(createNodeHost());
  files = await engine.call('demo.generate', DEMO);
  await engine.call('workspace.createDemo', DEMO);
  await engine.call('identity.run', {});
  await engine.call('tags.run', {});
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('channel habit tags on the demo bank', () => {
  it('recovers the planted habits: precision and recall of 微信习惯客户 and 全渠道未响应(流失客户)', async () => {
    const run = await engine.call('reach.tags', {});
    const truthFile = files.find((f) => f.path === 'truth/channel_habits.csv');
    if (!truthFile) throw new Error('demo has no truth/channel_habits.csv');
    const truth = Papa.parse<{ cust_no: string; habit: string }>(new TextDecoder().decode(truthFile.bytes), { header: true, skipEmptyLines: true }).data.filter((r) => r.cust_no !== '');
    const habit = new Map(truth.map((r) => [r.cust_no, r.habit]));
    const tagged = await rows(engine, "SELECT m.record_id, t.tag FROM customer_tag t JOIN identity_map m ON m.one_id = t.one_id AND m.source = 'customer' WHERE t.run_id = ? AND t.tag LIKE 'reach_%'", [run.runId]);
    const withHistory = new Set(
      (await rows(engine, "SELECT DISTINCT m.record_id FROM reach_propensity p JOIN identity_map m ON m.one_id = p.one_id AND m.source = 'customer' WHERE p.run_id = ?", [run.runId])).map((r) => String(r[0])),
    );
    const lines: string[] = [];
    const score = (tag: string, h: string): { precision: number; recall: number; recallWithHistory: number; base: number } => {
      const predicted = new Set(tagged.filter((r) => r[1] === tag).map((r) => String(r[0])));
      let tp = 0;
      for (const c of predicted) if (habit.get(c) === h) tp++;
      const all = truth.filter((r) => r.habit === h).length;
      const inHistory = truth.filter((r) => r.habit === h && withHistory.has(r.cust_no)).length;
      const s = { precision: tp / Math.max(1, predicted.size), recall: tp / Math.max(1, all), recallWithHistory: tp / Math.max(1, inHistory), base: inHistory / Math.max(1, withHistory.size) };
      lines.push(`${tag} vs ${h}: tagged ${predicted.size}, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (of customers with touch history ${s.recallWithHistory.toFixed(3)}), base rate ${s.base.toFixed(3)}`);
      return s;
    };
    const wechat = score('reach_pref_wechat', 'wechat');
    const app = score('reach_pref_app', 'app');
    score('reach_pref_sms', 'sms');
    const lost = score('reach_unreachable', 'unreachable');
    console.log(`reach habit recovery (demo ${DEMO.customers} customers, seed ${DEMO.seed}; ${withHistory.size} with touch history)\n  ${lines.join('\n  ')}`);
    // Before the posterior rules (wave 3): 微信 precision 0.899, recall 0.198; 流失 precision 0.197, recall 0.138.
    // Measured now: 微信 0.898 / 0.194 (with history 0.368); 流失 0.357 / 0.247 (with history 0.905).
    // The touch log caps 微信 recall near 0.20: only 165 of 814 planted WeChat-habit customers ever opened a WeChat message.
    expect(wechat.precision).toBeGreaterThan(0.85);
    expect(wechat.recall).toBeGreaterThan(0.18);
    expect(wechat.recallWithHistory).toBeGreaterThan(0.34);
    expect(app.precision).toBeGreaterThan(0.85);
    expect(lost.precision).toBeGreaterThan(0.3);
    expect(lost.precision).toBeGreaterThan(2.5 * lost.base);
    expect(lost.recall).toBeGreaterThan(0.22);
    expect(lost.recallWithHistory).toBeGreaterThan(0.8);
  });

  it('registers its tags apart from lifecycle 易流失客户, with reasons', async () => {
    const defs = await rows(engine, "SELECT tag, zh, module FROM tag_def WHERE tag IN ('reach_unreachable', 'lifecycle_churn_risk') OR zh = '易流失客户' ORDER BY tag");
    const reach = defs.find((d) => d[0] === 'reach_unreachable');
    expect(reach?.[1]).toBe('全渠道未响应(流失客户)');
    expect(reach?.[2]).toBe('reach');
    const churn = defs.find((d) => d[1] === '易流失客户');
    expect(churn?.[0]).not.toBe('reach_unreachable');
    const noReason = await rows(engine, "SELECT count(*) FROM customer_tag WHERE tag LIKE 'reach_%' AND (reason IS NULL OR reason = '')");
    expect(noReason[0]?.[0]).toBe(0);
    const summary = await engine.call('reach.summary', {});
    expect(summary.tags.find((t) => t.tag === 'reach_pref_wechat')?.members).toBeGreaterThan(0);
  });
});

describe('the first-loan plan on history', () => {
  it('conserves customers at every branch, deterministic and Monte Carlo, and compares two plans', async () => {
    const plan = await engine.call('reach.template', {});
    const det = await engine.call('reach.simulate', { plan });
    const preApproved = await rows(engine, 'SELECT count(*) FROM customer_profile WHERE pre_approved = 1');
    expect(det.entry).toBe(preApproved[0]?.[0]);
    expect(det.steps[0]?.entered).toBe(det.entry);
    conserved(det);
    expect(det.steps.find((s) => s.id === 'tagWechat')?.entered).toBeGreaterThan(0);
    expect(det.steps.find((s) => s.id === 'reactivate')?.entered).toBeGreaterThan(0);
    const again = await engine.call('reach.simulate', { plan });
    expect(again.steps).toEqual(det.steps);

    const mc = await engine.call('reach.simulate', { plan, mode: 'monte_carlo', runs: 100 }, { seed: 3 });
    conserved(mc);
    for (const s of mc.steps) {
      expect(s.low ?? -1, s.id).toBeLessThanOrEqual(s.mean ?? -1);
      expect(s.mean ?? -1, s.id).toBeLessThanOrEqual(s.high ?? -1);
    }
    const terminal = mc.steps.filter((s) => s.type === 'exit' || s.type === 'handover');
    const dropped = mc.steps.reduce((a, s) => a + s.dropped, 0);
    expect(terminal.reduce((a, s) => a + s.entered, 0) + dropped).toBe(mc.entry);

    // Skipping the re-push: fewer push sends, more customers reach SMS + WeChat.
    const noRepush: ReachPlan = {
      ...plan,
      key: 'FIRST_LOAN_NO_REPUSH',
      steps: plan.steps.filter((s) => s.id !== 'push2' && s.id !== 'wait2').map((s) => (s.id === 'wait1' && s.type === 'wait' ? { ...s, timeout: 'sms' } : s)),
    };
    const cmp = await engine.call('reach.compare', { a: plan, b: noRepush });
    expect(cmp.b.sends.push ?? 0).toBeLessThan(cmp.a.sends.push ?? 0);
    expect(cmp.outcomes.find((o) => o.step === 'reactivate')?.b).toBeGreaterThanOrEqual(cmp.outcomes.find((o) => o.step === 'reactivate')?.a ?? 0);
  });

  it('counts the frequency cap against sends in its own window (days), not the habit run\'s fatigue window', async () => {
    const plan = await engine.call('reach.template', {});
    // The demo's campaigns went out 20, 34, 45, 60 and 100 days before the as-of date; the template sends at most 4.
    const capDrops = async (days: number): Promise<number> => {
      const r = await engine.call('reach.simulate', { plan: { ...plan, frequencyCap: { max: 4, days } } });
      conserved(r);
      return r.steps.reduce((a, s) => a + (s.droppedByReason.cap ?? 0), 0);
    };
    const week = await capDrops(7);
    const month = await capDrops(30);
    const quarter = await capDrops(90);
    console.log(`reach frequency cap max 4: dropped ${week} (7 days), ${month} (30 days), ${quarter} (90 days)`);
    expect(week).toBe(0);
    expect(month).toBeGreaterThan(0);
    expect(quarter).toBeGreaterThan(month);
  });

  it('rejects an invalid plan with the path of each problem', async () => {
    const plan = await engine.call('reach.template', {});
    const bad = { ...plan, steps: plan.steps.map((s) => (s.id === 'push1' ? { ...s, time: '23:00' } : s)) };
    const { problems } = await engine.call('reach.validate', { plan: bad });
    expect(problems.map((p) => [p.code, p.path])).toEqual([['QUIET_HOURS', 'steps[0].time']]);
    await expect(engine.call('reach.simulate', { plan: bad })).rejects.toThrow(/steps\[0\]\.time/);
  });
});

describe('per-step audiences, manifest and lift', () => {
  it('exports each step with its deterministic size, one holdout across steps, and a plan manifest', async () => {
    const plan = await engine.call('reach.template', {});
    const det = await engine.call('reach.simulate', { plan });
    const exported: Record<string, number> = {};
    for (const step of ['push1', 'push2', 'sms', 'wechat', 'tagWechat', 'reactivate']) {
      const r = await engine.call('reach.exportStep', { plan, step });
      const size = det.steps.find((s) => s.id === step)?.entered;
      expect(r.stepSize, step).toBe(size);
      expect(r.manifest.counts.segment, step).toBe(size);
      const c = r.manifest.counts;
      expect(c.segment).toBe(c.excluded + c.holdout + c.exported);
      expect(r.manifest.campaignKey).toBe(plan.key);
      exported[step] = r.manifest.exportId;
    }
    // The holdout hashes the plan key with the ONE_ID: a customer is control at every step or at none.
    const mixed = await rows(
      engine,
      `SELECT count(*) FROM export_contact a JOIN export_contact b ON a.one_id = b.one_id AND a.arm <> b.arm WHERE a.export_id = ? AND b.export_id IN (?, ?)`,
      [exported.push1 ?? -1, exported.sms ?? -1, exported.reactivate ?? -1],
    );
    expect(mixed[0]?.[0]).toBe(0);
    const { manifest } = await engine.call('reach.manifest', { plan });
    expect(manifest.steps.find((s) => s.id === 'sms')?.exportId).toBe(exported.sms);
    expect(manifest.steps.find((s) => s.id === 'sms')?.entered).toBe(det.steps.find((s) => s.id === 'sms')?.entered);
    expect(manifest.exports).toHaveLength(6);
  });

  it('reports treated vs holdout per step once results are re-imported', async () => {
    const plan = await engine.call('reach.template', {});
    const contacts = await rows(
      engine,
      `SELECT m.record_id, c.arm, c.planned_at FROM export_contact c JOIN identity_map m ON m.one_id = c.one_id AND m.source = 'customer'
       WHERE c.export_id = (SELECT max(export_id) FROM reach_step_export WHERE plan_key = ? AND step_id = 'push1') ORDER BY c.one_id`,
      [plan.key],
    );
    // Results: 30 % of the treated logged in on the day of the push, 10 % of the holdout logged in on their own.
    const lines = ['触达ID,活动编号,客户号,触达渠道,动作,触达时间'];
    let k = 0;
    contacts.forEach((c, i) => {
      const rate = c[1] === 'target' ? 0.3 : 0.1;
      if ((i * 7919) % 100 < rate * 100) lines.push(`RES${++k},${plan.key},${String(c[0])},APP推送,登录,${String(c[2]).slice(0, 10)} 12:00:00`);
    });
    const imported = await engine.call('ingest.run', { files: [{ file: { name: 'reach_results.csv', blob: new Blob([lines.join('\n')]) }, kind: 'touches' }] });
    expect(imported.files[0]?.accepted).toBe(k);
    const lift = await engine.call('reach.lift', { planKey: plan.key, action: 'login', windowDays: 3 });
    const row = lift.rows.find((r) => r.step === 'push1');
    expect(row?.treated).toBeGreaterThan(0);
    expect(row?.control).toBeGreaterThan(0);
    expect(row?.lift).toBeGreaterThan(0.1);
    expect(row?.low).toBeGreaterThan(0);
    expect(row?.high).toBeGreaterThan(row?.lift ?? 1);
    console.log(`reach lift push1: treated ${row?.treatedActed}/${row?.treated}, control ${row?.controlActed}/${row?.control}, lift ${row?.lift?.toFixed(3)} [${row?.low?.toFixed(3)}, ${row?.high?.toFixed(3)}]`);
  });
});

describe('kequn reach', () => {
  it('computes the tags and prints the step counts of a plan file, as text and JSON', async () => {
    const ws = join(dir, 'demo.kequn');
    writeFileSync(ws, await engine.call('workspace.export', {}));
    const plan = await engine.call('reach.template', {});
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const capture = (): { io: Parameters<typeof runCli>[1]; out: () => string; err: () => string } => {
      let out = '';
      let err = '';
      return { io: { out: (s) => (out += s), err: (s) => (err += s), isTTY: false }, out: () => out, err: () => err };
    };
    const t = capture();
    expect(await runCli(['reach', 'tags', '--workspace', ws], t.io)).toBe(0);
    expect(t.out()).toMatch(/reach_pref_wechat\s+微信习惯客户\s+\d+/);
    // The same data in the engine (the lift test re-imported results since the last habit run).
    await engine.call('reach.tags', {});
    const s = capture();
    expect(await runCli(['reach', 'simulate', '--workspace', ws, '--plan', planFile, '--json'], s.io)).toBe(0);
    const r = JSON.parse(s.out()) as SimulationResult;
    const direct = await engine.call('reach.simulate', { plan });
    expect(r.steps.map((x) => [x.id, x.entered])).toEqual(direct.steps.map((x) => [x.id, x.entered]));
    const text = capture();
    expect(await runCli(['reach', 'simulate', '--workspace', ws, '--plan', planFile], text.io)).toBe(0);
    expect(text.out()).toContain(`wechat`);
    expect(text.out()).toMatch(new RegExp(`push1\\s+send\\s+.*\\s${direct.steps[0]?.entered}\\s`));
    const noRepush: ReachPlan = {
      ...plan,
      key: 'NO_REPUSH',
      steps: plan.steps.filter((x) => x.id !== 'push2' && x.id !== 'wait2').map((x) => (x.id === 'wait1' && x.type === 'wait' ? { ...x, timeout: 'sms' } : x)),
    };
    const otherFile = join(dir, 'plan2.json');
    writeFileSync(otherFile, JSON.stringify(noRepush));
    const cmp = capture();
    expect(await runCli(['reach', 'simulate', '--workspace', ws, '--plan', planFile, '--compare', otherFile], cmp.io)).toBe(0);
    expect(cmp.out()).toMatch(/plan A FIRST_LOAN_REACH \(\d+ sends\) vs plan B NO_REPUSH/);
    expect(cmp.out()).toMatch(/reactivate\s+转入登录促活\s+\d+\s+\d+/);
    const bad = capture();
    writeFileSync(planFile, JSON.stringify({ ...plan, start: 'nowhere' }));
    expect(await runCli(['reach', 'simulate', '--workspace', ws, '--plan', planFile], bad.io)).toBe(1);
    expect(bad.err()).toContain('start');
    expect(readFileSync(planFile, 'utf8')).toContain('nowhere');
  });
});
