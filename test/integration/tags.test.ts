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
    const run = await engine.call('tags.run', {});
    const members = await engine.call('tags.members', { tag: saved.tag, limit: 3 });
    expect(members.runId).toBe(run.runId);
    expect(members.total).toBe(preview.count);
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
    expect(readFileSync(ws).byteLength).toBeGreaterThan(0);
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
