/**
 * The tag system end to end: on a generated demo bank (lifecycle recovery scored against the planted truth,
 * reasons, versioned re-runs with their changes, custom rule tags, customer 360, the CLI) and on the public
 * bank-marketing data set imported through a mapping of its own (a different bank with different columns).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFile, Engine } from '#shared/api/engineApi.ts';
import type { ColumnMapping } from '#shared/api/ingestTypes.ts';
import { LIFECYCLE_GROUPS, type LifecycleGroupKey } from '#shared/api/tagTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { runCli } from '#shared/node/cli.ts';

const DEMO = { customers: 3000, seed: 7 } as const;

/** The demo's lifecycle labels (truth/lifecycle.csv) → our group keys. */
const TRUTH_GROUP: Readonly<Record<string, LifecycleGroupKey>> = {
  高价值潜力: 'high_potential',
  首购: 'first_purchase',
  复购: 'repeat_purchase',
  高频: 'high_frequency',
  稳定沉睡: 'stable_dormant',
  易流失: 'churn_risk',
};

/** Floors the recovery must keep (measured values are printed and listed in docs/tags.md). */
const FLOORS: Readonly<Record<LifecycleGroupKey, { precision: number; recall: number }>> = {
  high_potential: { precision: 0.6, recall: 0.4 },
  first_purchase: { precision: 0.9, recall: 0.95 },
  repeat_purchase: { precision: 0.9, recall: 0.85 },
  high_frequency: { precision: 0.7, recall: 0.55 },
  stable_dormant: { precision: 0.95, recall: 0.85 },
  churn_risk: { precision: 0.9, recall: 0.8 },
};

type Cell = string | number | null;

async function rows(engine: Engine, sql: string, params: readonly Cell[] = []): Promise<readonly (readonly Cell[])[]> {
  return (await engine.call('sql.query', { sql, params, maxRows: 1e7, unmask: { reason: 'integration test' } })).rows;
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-tags-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tags on the demo bank', () => {
  let engine: Engine;
  let files: readonly DemoFile[];

  beforeAll(async () => {
    engine = createEngine(createNodeHost());
    files = await engine.call('demo.generate', DEMO);
    await engine.call('workspace.createDemo', DEMO);
    await engine.call('identity.run', {});
  });

  it('recovers the planted lifecycle groups (precision and recall per group)', async () => {
    const run = await engine.call('tags.run', {});
    expect(run.profile?.rows).toBe(DEMO.customers);
    const truthFile = files.find((f) => f.path === 'truth/lifecycle.csv');
    if (!truthFile) throw new Error('demo has no truth/lifecycle.csv');
    const truth = Papa.parse<{ cust_no: string; lifecycle: string }>(new TextDecoder().decode(truthFile.bytes), { header: true, skipEmptyLines: true }).data;
    const predicted = new Map((await rows(engine, 'SELECT p.cust_no, l."group" FROM lifecycle_group l JOIN customer_profile p ON p.one_id = l.one_id')).map((r) => [String(r[0]), String(r[1])]));
    const lines: string[] = [];
    for (const g of LIFECYCLE_GROUPS) {
      let tp = 0;
      let p = 0;
      let t = 0;
      for (const row of truth) {
        const isTrue = TRUTH_GROUP[row.lifecycle] === g;
        const isPred = predicted.get(row.cust_no) === g;
        if (isTrue) t++;
        if (isPred) p++;
        if (isTrue && isPred) tp++;
      }
      const precision = p === 0 ? 0 : tp / p;
      const recall = t === 0 ? 0 : tp / t;
      lines.push(`${g.padEnd(16)} precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (predicted ${p}, planted ${t})`);
      expect(precision, `${g} precision`).toBeGreaterThanOrEqual(FLOORS[g].precision);
      expect(recall, `${g} recall`).toBeGreaterThanOrEqual(FLOORS[g].recall);
    }
    console.log(`lifecycle recovery on the demo (${DEMO.customers} customers, seed ${DEMO.seed}):\n${lines.join('\n')}`);
  });

  it('gives every tag row a reason and every tag a registered definition with a unique name', async () => {
    const missing = await rows(engine, "SELECT tag, count(*) FROM customer_tag WHERE reason IS NULL OR reason = '' GROUP BY tag");
    expect(missing).toEqual([]);
    const unregistered = await rows(engine, 'SELECT DISTINCT tag FROM customer_tag WHERE tag NOT IN (SELECT tag FROM tag_def)');
    expect(unregistered).toEqual([]);
    const list = await engine.call('tags.list', {});
    expect(new Set(list.map((d) => d.zh)).size).toBe(list.length);
    const families = new Set(list.map((d) => d.family));
    for (const f of ['basic', 'relationship', 'interest', 'value', 'risk', 'marketing', 'lifecycle']) expect(families).toContain(f);
    // Reasons show the customer's own figures.
    const [rfm] = await rows(engine, "SELECT reason FROM customer_tag WHERE tag = 'value_rfm' LIMIT 1");
    expect(String(rfm?.[0])).toMatch(/^R=\d .*F=\d .*M=\d .*RFM得分 \d+/);
    const [aum] = await rows(engine, "SELECT value, reason FROM customer_tag WHERE tag = 'value_aum_band' AND value = '20万-50万' LIMIT 1");
    expect(String(aum?.[1])).toMatch(/^AUM ¥(2\d|3\d|4\d)\.\d万/);
    // One row per person in the wide table, one lifecycle group at most per person.
    expect(await rows(engine, 'SELECT count(*) = count(DISTINCT one_id) FROM customer_profile')).toEqual([[1]]);
    expect(await rows(engine, 'SELECT count(*) = count(DISTINCT one_id) FROM lifecycle_group')).toEqual([[1]]);
  });

  it('re-runs reproducibly, and a threshold change shows who moved in and out', async () => {
    const same = await engine.call('tags.run', {});
    expect(same.prevRunId).not.toBeNull();
    expect(same.profile).toBeNull();
    expect(same.diff).toEqual([]);
    const before = (await engine.call('tags.lifecycle', {})).groups.find((g) => g.group === 'stable_dormant')?.members ?? 0;
    const changed = await engine.call('tags.run', { settings: { lifecycle: { stableDormant: { minInactiveDays: 365 } } } });
    const dormant = changed.diff.find((d) => d.tag === 'lifecycle_stable_dormant');
    expect(dormant?.left).toBeGreaterThan(0);
    expect(dormant?.after).toBe(before - (dormant?.left ?? 0) + (dormant?.joined ?? 0));
    const page = await engine.call('tags.changes', { runId: changed.runId, tag: 'lifecycle_stable_dormant', change: 'out', limit: 5 });
    expect(page.total).toBe(dormant?.left);
    expect(page.rows[0]?.oneId).toMatch(/^P\d+/);
    // Only the current run's rows remain, so max(run_id) of a tag is its current membership.
    expect(await rows(engine, 'SELECT count(DISTINCT run_id) FROM customer_tag WHERE tag LIKE ?', ['lifecycle_%'])).toEqual([[1]]);
    await engine.call('tags.settings', { reset: true });
  });

  it('computes a custom rule tag with reasons from columns, behaviours and other tags', async () => {
    const rule = {
      match: 'all' as const,
      conditions: [
        { kind: 'column' as const, column: 'aum_fen', op: '>=' as const, value: 100_000 },
        { kind: 'behaviour' as const, table: 'transactions' as const, days: 90, min: 3 },
        { kind: 'tag' as const, tag: 'risk_complaint', negate: true },
      ],
    };
    const preview = await engine.call('tags.customPreview', { rule });
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.sample[0]?.reason).toMatch(/资产余额\(AUM\)=¥.*近90天交易 \d+ 条.*非投诉客户/);
    const saved = await engine.call('tags.customSave', { zh: '十万以上活跃无投诉', en: 'Active, 100k+, no complaint', rule });
    expect(saved.tag).toBe('custom_active_100k_no_complaint');
    await expect(engine.call('tags.customSave', { zh: '易流失客户', en: 'Other', rule })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(saved.version).toBe(1);
    const run = await engine.call('tags.run', {});
    const members = await engine.call('tags.members', { tag: saved.tag, limit: 3 });
    expect(members.runId).toBe(run.runId);
    expect(members.total).toBe(preview.count);
    // A renamed tag keeps its version; a stricter rule is version 2, and the next run says who left the tag.
    expect((await engine.call('tags.customSave', { tag: saved.tag, zh: saved.zh, en: 'Active, 100k+, no complaints', rule })).version).toBe(1);
    const stricter = { ...rule, conditions: [{ kind: 'column' as const, column: 'aum_fen', op: '>=' as const, value: 500_000 }, ...rule.conditions.slice(1)] };
    const edited = await engine.call('tags.customSave', { tag: saved.tag, zh: saved.zh, en: saved.en, rule: stricter });
    expect(edited.version).toBe(2);
    expect((await engine.call('tags.list', { family: 'custom' })).find((d) => d.key === saved.tag)?.version).toBe(2);
    const rerun = await engine.call('tags.run', {});
    const moved = rerun.diff.filter((d) => d.tag === saved.tag);
    const left = moved.reduce((a, d) => a + d.left, 0);
    expect(left).toBeGreaterThan(0);
    expect(moved.reduce((a, d) => a + d.joined, 0)).toBe(0);
    const after = await engine.call('tags.members', { tag: saved.tag, limit: 1 });
    expect(after.total).toBe(preview.count - left);
    const out = await engine.call('tags.changes', { runId: rerun.runId, tag: saved.tag, change: 'out', limit: 3 });
    expect(out.total).toBe(left);
    // The run records the rule version it computed.
    const [[model]] = (await rows(engine, 'SELECT model FROM tag_run WHERE run_id = ?', [rerun.runId])) as [[string]];
    expect((JSON.parse(model) as { custom: { tag: string; version: number }[] }).custom).toContainEqual(expect.objectContaining({ tag: saved.tag, version: 2 }));
    expect((await engine.call('tags.customDelete', { tag: saved.tag })).deleted).toBe(true);
    expect(await rows(engine, 'SELECT count(*) FROM customer_tag WHERE tag = ?', [saved.tag])).toEqual([[0]]);
  });

  it('shows one customer in 360: identifiers masked unless revealed, tags, lifecycle, timeline', async () => {
    const [[oneId]] = (await rows(engine, "SELECT one_id FROM lifecycle_group WHERE \"group\" = 'churn_risk' LIMIT 1")) as [[string]];
    const masked = await engine.call('customer.get', { oneId });
    expect(masked).toMatchObject({ found: true, masked: true, lifecycle: { group: 'churn_risk', zh: '易流失客户' } });
    expect(masked.tags.length).toBeGreaterThan(8);
    expect(masked.timeline.length).toBeGreaterThan(0);
    expect(masked.monthly.length).toBeGreaterThan(0);
    const phone = masked.identifiers.find((i) => i.type === 'phone');
    expect(phone?.value).toContain('*');
    const revealed = await engine.call('customer.get', { oneId, unmask: { reason: 'verify a complaint' } });
    expect(revealed.identifiers.find((i) => i.type === 'phone')?.value).toMatch(/^1\d{10}$/);
    const audit = await engine.call('audit.list', { limit: 5 });
    expect(audit.some((a) => a.action === 'pii.reveal' && a.detail.where === 'customer.get')).toBe(true);
  });

  it('shows a 360 timeline of transactions, events, touches and notes, and identifiers from several channels', async () => {
    const [[oneId]] = (await rows(
      engine,
      `SELECT p.one_id FROM customer_profile p
       WHERE EXISTS (SELECT 1 FROM transactions x WHERE x.cust_no = p.cust_no) AND EXISTS (SELECT 1 FROM events x WHERE x.cust_no = p.cust_no)
         AND EXISTS (SELECT 1 FROM touches x WHERE x.cust_no = p.cust_no) AND EXISTS (SELECT 1 FROM notes x WHERE x.cust_no = p.cust_no)
       ORDER BY p.one_id LIMIT 1`,
    )) as [[string]];
    const c = await engine.call('customer.get', { oneId });
    expect(new Set(c.timeline.map((e) => e.kind))).toEqual(new Set(['transaction', 'event', 'touch', 'note']));
    // Newest first, every entry dated.
    const times = c.timeline.map((e) => e.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(c.identifiers.map((i) => i.channel)).size).toBeGreaterThan(1);
    // Sensitive wide-table fields are masked too, not only the identifiers.
    const name = c.profile.find((f) => f.column === 'name');
    expect(String(name?.value)).toContain('*');
  });

  it('draws a lifecycle group portrait from counts: TGI with support and significance, top tags, radar', async () => {
    const group = { kind: 'lifecycle', group: 'lifecycle_stable_dormant' } as const;
    const p = await engine.call('portrait.describe', { group, options: { columns: ['gender', 'age_band', 'aum_fen', 'active_txn_recency_days'], minSupport: 30 } });
    const [[size]] = (await rows(engine, 'SELECT count(*) FROM lifecycle_group WHERE "group" = ?', ['stable_dormant'])) as [[number]];
    expect(p.group).toEqual({ label: '稳定沉睡客户', size });
    expect(p.base.size).toBe(DEMO.customers);
    const gender = p.distributions.find((d) => d.column === 'gender');
    const bySql = await rows(engine, 'SELECT p.gender, count(*) FROM lifecycle_group l JOIN customer_profile p ON p.one_id = l.one_id WHERE l."group" = ? AND p.gender IS NOT NULL GROUP BY 1', ['stable_dormant']);
    for (const [label, n] of bySql) expect(gender?.bins.find((b) => b.label === label)?.group, String(label)).toBe(n);
    for (const d of p.distributions) {
      for (const b of d.bins) {
        if (b.group < 30) expect(b).toMatchObject({ tgi: null, significant: false, supported: false });
        else if (b.base > 0) expect(b.tgi).toBeCloseTo((100 * b.groupShare) / b.baseShare, 6);
      }
    }
    // Dormant customers: the long-recency bins are over-represented, significantly.
    const recency = p.distributions.find((d) => d.column === 'active_txn_recency_days');
    const top = [...(recency?.bins ?? [])].filter((b) => b.tgi !== null).sort((a, b) => (b.tgi ?? 0) - (a.tgi ?? 0))[0];
    expect(top?.tgi ?? 0, JSON.stringify(recency?.bins.map((b) => [b.label, b.group, b.base, b.tgi]))).toBeGreaterThan(150);
    expect(top?.significant).toBe(true);
    // Only counts leave the engine: no ONE_ID or customer number in the result.
    const [[memberId, memberNo]] = (await rows(engine, 'SELECT l.one_id, p.cust_no FROM lifecycle_group l JOIN customer_profile p ON p.one_id = l.one_id WHERE l."group" = ? LIMIT 1', ['stable_dormant'])) as [[string, string]];
    expect(JSON.stringify(p)).not.toMatch(/"P\d{6,}"/);
    expect(JSON.stringify(p)).not.toContain(memberId);
    expect(JSON.stringify(p)).not.toContain(memberNo);
    const tags = await engine.call('portrait.topTags', { group, minSupport: 30 });
    expect(tags.tags.length).toBeGreaterThan(0);
    for (const t of tags.tags) expect(t.significant && t.group >= 30 && (t.tgi ?? 0) > 100).toBe(true);
    const radar = await engine.call('portrait.radar', { group });
    const activity = radar.axes.findIndex((a) => a.key === 'activity');
    expect(radar.group[activity] ?? 100).toBeLessThan(radar.base[activity] ?? 0);
    // Against a branch: members outside that branch are counted, not described.
    const [[branch]] = (await rows(engine, 'SELECT branch FROM customer_profile WHERE branch IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')) as [[string]];
    const inBranch = await engine.call('portrait.describe', { group, base: { kind: 'branch', branch }, options: { columns: ['gender'] } });
    const [[outside]] = (await rows(engine, 'SELECT count(*) FROM lifecycle_group l JOIN customer_profile p ON p.one_id = l.one_id WHERE l."group" = ? AND ifnull(p.branch, \'\') <> ?', ['stable_dormant', branch])) as [[number]];
    expect(inBranch.outsideBase).toBe(outside);
  });

  it('runs `kequn tags --json` on a saved workspace', async () => {
    const ws = join(dir, 'demo.sqlite');
    writeFileSync(ws, await engine.call('workspace.export', {}));
    let out = '';
    let err = '';
    const code = await runCli(['tags', '--workspace', ws, '--json'], { out: (s) => (out += s), err: (s) => (err += s), isTTY: false });
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as { runId: number; customers: number; lifecycle: Record<string, number>; diff: unknown[] };
    expect(r.customers).toBe(DEMO.customers);
    expect(r.diff).toEqual([]);
    expect(Object.keys(r.lifecycle).sort()).toEqual([...LIFECYCLE_GROUPS].sort());
    expect(await runCli(['tags'], { out: () => undefined, err: () => undefined, isTTY: false })).toBe(2);
    // The saved workspace holds the run in its queryable tables.
    const saved = createEngine(createNodeHost());
    await saved.call('workspace.open', { bytes: new Uint8Array(readFileSync(ws)) });
    const grouped = Object.values(r.lifecycle).reduce((a, n) => a + n, 0);
    expect(await rows(saved, 'SELECT count(*), min(run_id), max(run_id) FROM lifecycle_group')).toEqual([[grouped, r.runId, r.runId]]);
    expect(await rows(saved, "SELECT count(DISTINCT one_id) FROM customer_tag WHERE tag = 'value_aum_band' AND run_id = ?", [r.runId])).toEqual([[DEMO.customers]]);
  });
});

describe('tags on real data: bank-marketing through an import mapping', () => {
  it('imports bank.csv as customers and lets balance drive the value bands', async () => {
    const engine = createEngine(createNodeHost());
    await engine.call('workspace.create', { name: 'bank-marketing' });
    const path = new URL('../../../shared/data/bank-marketing/bank.csv', import.meta.url);
    const file = { name: 'bank.csv', blob: new Blob([readFileSync(path)]) };
    const preview = await engine.call('ingest.preview', { file, kind: 'customers' });
    const fields: Readonly<Record<string, string>> = { age: 'age', job: 'occupation', marital: 'marital', education: 'education', balance: 'balance_fen' };
    const mapping: ColumnMapping = {
      kind: 'customers',
      columns: preview.columns.map((c) => ({ source: c.header, sourceIndex: c.index, field: fields[c.header] ?? null, ...(c.header === 'balance' ? { moneyUnit: 'yuan' as const } : {}) })),
      defaults: { as_of: '2010-12-31' },
      generateCustomerKey: true,
    };
    const imported = await engine.call('ingest.run', { files: [{ file, mapping }] });
    expect(imported.files[0]).toMatchObject({ rowsRead: 4521, rejected: 0 });
    const run = await engine.call('tags.run', {});
    expect(run.customers).toBe(4521);
    // Value bands follow the balance: each band's balances lie inside the band and the bands are ordered.
    const bands = await rows(
      engine,
      `SELECT t.value, count(*), min(p.deposit_fen), max(p.deposit_fen) FROM customer_tag t JOIN customer_profile p ON p.one_id = t.one_id
       WHERE t.tag = 'value_aum_band' AND t.run_id = ? GROUP BY t.value ORDER BY min(p.deposit_fen)`,
      [run.runId],
    );
    const order: readonly (readonly [string, number, number])[] = [
      ['<1万', Number.NEGATIVE_INFINITY, 1_000_000],
      ['1万-5万', 1_000_000, 5_000_000],
      ['5万-20万', 5_000_000, 20_000_000],
      ['20万-50万', 20_000_000, 50_000_000],
      ['50万-100万', 50_000_000, 100_000_000],
    ];
    expect(bands.map((b) => b[0])).toEqual(order.map(([v]) => v).filter((v) => bands.some((b) => b[0] === v)));
    for (const [value, n, lo, hi] of bands) {
      const band = order.find(([v]) => v === value);
      expect(band, String(value)).toBeDefined();
      expect(Number(lo)).toBeGreaterThanOrEqual(band?.[1] ?? 0);
      expect(Number(hi)).toBeLessThan(band?.[2] ?? 0);
      expect(Number(n)).toBeGreaterThan(0);
    }
    expect(bands.reduce((a, b) => a + Number(b[1]), 0)).toBe(4521);
    // Contribution (no loans or transactions here) comes from the balance too: 高 > 中 > 低 in mean balance.
    const contribution = await rows(
      engine,
      `SELECT t.value, avg(p.deposit_fen) FROM customer_tag t JOIN customer_profile p ON p.one_id = t.one_id WHERE t.tag = 'value_contribution' GROUP BY t.value`,
    );
    const meanOf = (v: string): number => Number(contribution.find((r) => r[0] === v)?.[1] ?? Number.NaN);
    expect(meanOf('高')).toBeGreaterThan(meanOf('中'));
    expect(meanOf('中')).toBeGreaterThan(meanOf('低'));
    // Occupations and age bands come from the bank's own columns.
    const jobs = await rows(engine, "SELECT value, count(*) FROM customer_tag WHERE tag = 'basic_occupation' GROUP BY value ORDER BY 2 DESC LIMIT 1");
    expect(jobs[0]?.[0]).toBe('management');
    const ages = await rows(engine, "SELECT count(*) FROM customer_tag WHERE tag = 'basic_age_band'");
    expect(ages).toEqual([[4521]]);
    // No transactions in this export: activity-based lifecycle groups stay empty rather than guessing.
    const lc = await engine.call('tags.lifecycle', {});
    expect(lc.groups.find((g) => g.group === 'high_frequency')?.members).toBe(0);
    expect(lc.groups.find((g) => g.group === 'first_purchase')?.members).toBe(0);
    // The RFM monetary score follows nothing here (no transactions): every customer scores the same.
    expect(await rows(engine, 'SELECT count(DISTINCT rfm_m) FROM customer_score')).toEqual([[1]]);
  });
});
