/**
 * Behaviour, network and 客群经营诊断 end to end on the demo bank: the planted influencers and communities of
 * the demo generator are recovered from the relation log (precision of influencers, community agreement,
 * printed), interest and graph tags are usable in segment rules, every diagnosis tile's count equals the
 * segment count of its rule, and `kequn behaviour funnel`, `kequn network` and `kequn import --append` work as
 * documented.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { FunnelResult, NetworkSummary } from '#shared/api/behaviourTypes.ts';
import type { ImportFileRequest } from '#shared/api/ingestTypes.ts';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { isEntityKind } from '#shared/model/entities.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const kequn = join(root, 'shared/node/kequn.mjs');
const CUSTOMERS = 2000;
const SEED = 42;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [kequn, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

let dir = '';
let ws = '';
let engine: Engine;
let files: { path: string; bytes: Uint8Array }[] = [];

function csvRows(path: string): Record<string, string>[] {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`missing ${path}`);
  const [head = '', ...lines] = new TextDecoder().decode(f.bytes).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i] ?? String(i), v])));
}

/** Adjusted Rand index of two labelings of the same items. */
function adjustedRand(a: readonly string[], b: readonly string[]): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const cell = new Map<string, number>();
  const ra = new Map<string, number>();
  const rb = new Map<string, number>();
  a.forEach((x, i) => {
    const y = b[i] ?? '';
    cell.set(`${x}\u0000${y}`, (cell.get(`${x}\u0000${y}`) ?? 0) + 1);
    ra.set(x, (ra.get(x) ?? 0) + 1);
    rb.set(y, (rb.get(y) ?? 0) + 1);
  });
  const index = [...cell.values()].reduce((s, n) => s + pairs(n), 0);
  const sa = [...ra.values()].reduce((s, n) => s + pairs(n), 0);
  const sb = [...rb.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (sa * sb) / pairs(a.length);
  return (index - expected) / ((sa + sb) / 2 - expected);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-behaviour-'));
  ws = join(dir, 'demo.sqlite');
  engine = createEngine(createNodeHost());
  const generated = await engine.call('demo.generate', { customers: CUSTOMERS, seed: SEED });
  files = generated.map((f) => ({ path: f.path, bytes: f.bytes }));
  await engine.call('workspace.create', { name: 'behaviour' });
  const requests: ImportFileRequest[] = [];
  for (const f of generated) {
    if (f.kind === undefined || !isEntityKind(f.kind)) continue;
    requests.push({ file: { name: f.path.split('/').pop() ?? f.path, blob: new Blob([new Uint8Array(f.bytes)]) }, kind: f.kind });
  }
  await engine.call('ingest.run', { files: requests });
  await engine.call('identity.run', {});
  await engine.call('tags.run', {});
  writeFileSync(ws, await engine.call('workspace.export', {}));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('social fission and fund flows on the demo bank', () => {
  let summary: NetworkSummary;
  const custNoOf = new Map<string, string>();

  beforeAll(async () => {
    summary = await engine.call('network.run', {}, { seed: 7 });
    const rows = await engine.call('sql.query', { sql: 'SELECT one_id, cust_no FROM customer_profile', maxRows: 1_000_000 });
    for (const r of rows.rows) custNoOf.set(String(r[0]), String(r[1]));
  });

  it('recovers the planted influencers (precision printed)', async () => {
    const truth = new Set(csvRows('truth/influencers.csv').map((r) => r.cust_no ?? ''));
    const top = await engine.call('sql.query', { sql: 'SELECT one_id FROM network_node WHERE run_id = (SELECT max(run_id) FROM network_node) ORDER BY pagerank DESC, node LIMIT 100', maxRows: 100 });
    const ranked = top.rows.map((r) => custNoOf.get(String(r[0])) ?? '');
    const hitsAt = (k: number): number => ranked.slice(0, k).filter((c) => truth.has(c)).length;
    const k = truth.size;
    const atK = hitsAt(k) / k;
    const at100 = hitsAt(100) / Math.min(100, ranked.length);
    const recall100 = hitsAt(100) / k;
    console.log(`influencers: ${k} planted; precision@${k} = ${atK.toFixed(2)}; precision@100 = ${at100.toFixed(2)} (at most ${(k / 100).toFixed(2)} with ${k} planted); recall@100 = ${recall100.toFixed(2)}`);
    expect(atK).toBeGreaterThanOrEqual(0.75);
    expect(recall100).toBe(1);
    expect(summary.influencers[0]?.invites).toBeGreaterThanOrEqual(12);
  });

  it('recovers the planted communities from transfers and invitations (ARI printed)', async () => {
    const truth = csvRows('truth/communities.csv');
    const nodes = await engine.call('sql.query', { sql: 'SELECT one_id, community FROM network_node WHERE run_id = (SELECT max(run_id) FROM network_node) AND one_id IS NOT NULL', maxRows: 1_000_000 });
    const byCust = new Map<string, string>();
    for (const r of nodes.rows) byCust.set(custNoOf.get(String(r[0])) ?? '', String(r[1]));
    const members = truth.filter((r) => byCust.has(r.cust_no ?? ''));
    const a = members.map((r) => r.community_id ?? '');
    const b = members.map((r) => byCust.get(r.cust_no ?? '') ?? '');
    const ari = adjustedRand(a, b);
    // Purity: share of planted members that sit with the majority of their planted community.
    const groups = new Map<string, Map<string, number>>();
    a.forEach((c, i) => {
      const m = groups.get(c) ?? new Map<string, number>();
      m.set(b[i] ?? '', (m.get(b[i] ?? '') ?? 0) + 1);
      groups.set(c, m);
    });
    const majority = [...groups.values()].reduce((s, m) => s + Math.max(...m.values()), 0) / a.length;
    console.log(`communities: ${groups.size} planted, ${members.length}/${truth.length} members in the graph; ARI = ${ari.toFixed(3)}; majority share = ${majority.toFixed(3)}; detected ${summary.communities.count}, modularity ${summary.communities.modularity.toFixed(3)}`);
    expect(ari).toBeGreaterThan(0.6);
    expect(majority).toBeGreaterThan(0.8);
  });

  it('writes invitation trees, explained candidates and graph tags usable in segments', async () => {
    expect(summary.trees.count).toBeGreaterThan(0);
    expect(summary.trees.generations[0]?.invited).toBeGreaterThan(0);
    expect(summary.potentialHighValue.length).toBeGreaterThan(0);
    expect(summary.potentialHighValue[0]?.reason).toMatch(/位高价值客户的/);
    for (const tag of ['net_influence', 'net_community', 'net_potential_high_value', 'net_potential_loyal']) {
      const count = await engine.call('segments.count', { rule: { type: 'tag', tag }, overlaps: false });
      if (!count.ok) throw new Error(JSON.stringify(count));
      // Segments only see customers; the tag also reaches people who are only app users.
      expect(count.count).toBeGreaterThan(0);
      expect(count.count).toBeLessThanOrEqual(summary.tags[tag] ?? 0);
    }
    const nb = await engine.call('network.neighbourhood', { maxNodes: 40 });
    expect(nb.nodes.length).toBeLessThanOrEqual(40);
    expect(nb.nodes.some((n) => n.id === nb.centre && n.hop === 0)).toBe(true);
    // Labels are masked names, ONE_IDs or 潜客: never a raw phone number or identifier.
    for (const n of nb.nodes) expect(`${n.id} ${n.label}`).not.toMatch(/1[3-9]\d{9}/);
  });
});

describe('behaviour analysis on the demo bank', () => {
  it('computes funnels whose steps only shrink, and interest tags registered for segments', async () => {
    const f = await engine.call('behaviour.funnel', { steps: ['登录', '浏览理财', '购买理财'], windowSeconds: 7 * 86_400, groupBy: 'channel' });
    const counts = f.steps.map((s) => s.customers);
    expect(counts[0]).toBeGreaterThan(100);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    expect(f.groups.reduce((s, g) => s + (g.steps[0]?.customers ?? 0), 0)).toBe(counts[0]);
    const r = await engine.call('behaviour.interestRun', { halfLifeDays: 30 });
    const fund = r.topics.find((t) => t.key === 'fund');
    expect(fund?.customers).toBeGreaterThan(0);
    const count = await engine.call('segments.count', { rule: { type: 'tag', tag: 'bhv_interest_fund' }, overlaps: false });
    expect(count.ok && count.count).toBe(fund?.customers);
    const longer = await engine.call('behaviour.interestRun', { halfLifeDays: 365 });
    expect(longer.topics.find((t) => t.key === 'fund')?.customers).toBeGreaterThanOrEqual(fund?.customers ?? 0);
  });

  it('has every diagnosis tile count equal its rule’s segment count', async () => {
    const d = await engine.call('diagnosis.overview', {});
    expect(d.base).toBe(CUSTOMERS);
    expect(new Set(d.tiles.map((t) => t.section))).toEqual(new Set(['channel', 'scenario', 'productFit', 'stickiness']));
    for (const t of d.tiles) {
      const c = await engine.call('segments.count', { rule: t.rule, overlaps: false });
      if (!c.ok) throw new Error(`${t.id}: ${JSON.stringify(c)}`);
      expect([t.id, c.count]).toEqual([t.id, t.customers]);
    }
    const drill = await engine.call('diagnosis.customers', { rule: d.tiles[0]?.rule ?? { type: 'and', rules: [] }, limit: 5 });
    expect(drill.count).toBe(d.tiles[0]?.customers);
    expect(drill.rows.length).toBeLessThanOrEqual(5);
  });
});

describe('kequn behaviour, network and import --append', () => {
  it('prints a funnel as JSON equal to the engine’s', async () => {
    const fresh = createEngine(createNodeHost());
    await fresh.call('workspace.open', { bytes: new Uint8Array(readFileSync(ws)), name: 'demo' });
    const expected = await fresh.call('behaviour.funnel', { steps: ['登录', '浏览理财', '购买理财'], windowSeconds: 7 * 86_400 });
    const r = await cli(['behaviour', 'funnel', '--workspace', ws, '--steps', '登录,浏览理财,购买理财', '--window', '7d', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as FunnelResult;
    expect(out.steps.map((s) => s.customers)).toEqual(expected.steps.map((s) => s.customers));
    const text = await cli(['behaviour', 'funnel', '--workspace', ws, '--steps', '登录,浏览理财', '--window', 'soon']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/--window/);
  });

  it('computes graph scores into customer_tag and saves them', async () => {
    const r = await cli(['network', '--workspace', ws, '--seed', '7', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as NetworkSummary;
    expect(out.tags.net_influence).toBeGreaterThan(0);
    const db = await Db.open(createNodeHost(), new Uint8Array(readFileSync(ws)));
    try {
      expect(Number(db.value("SELECT count(*) FROM customer_tag WHERE tag = 'net_influence'"))).toBe(out.tags.net_influence);
    } finally {
      db.close();
    }
  });

  it('appends only new events and says what changed since the last refresh', async () => {
    const usage = await cli(['import', '--append', '--workspace', ws, '--json']);
    expect(usage.code).toBe(2);
    // Set the refresh mark on the saved workspace, as the UI does after a refresh.
    const marker = createEngine(createNodeHost());
    await marker.call('workspace.open', { bytes: new Uint8Array(readFileSync(ws)), name: 'demo' });
    await marker.call('behaviour.markRefreshed', {});
    writeFileSync(ws, await marker.call('workspace.export', {}));
    const events = files.find((f) => f.path === 'app/events.csv');
    if (!events) throw new Error('no events file');
    const [head = '', ...lines] = new TextDecoder().decode(events.bytes).split('\n').filter((l) => l !== '');
    const step = 100;
    const picked = lines.filter((_, i) => i % step === 0);
    const renamed = picked.map((l) => l.replace(/^([^,]+)/, '$1N'));
    const file = join(dir, 'events-new.csv');
    writeFileSync(file, [head, ...renamed, ...picked].join('\n'));
    const r = await cli(['import', '--append', '--workspace', ws, '--json', file]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      files: { newRows: number; duplicateRows: number }[];
      importMs: number;
      saveMs: number;
      changes: { tables: { table: string; before: number; now: number }[]; newEvents: { rows: number }[] };
    };
    expect(out.files[0]).toMatchObject({ newRows: renamed.length, duplicateRows: picked.length });
    const ev = out.changes.tables.find((t) => t.table === 'events');
    expect(ev && ev.now - ev.before).toBe(renamed.length);
    expect(out.changes.newEvents.reduce((s, e) => s + e.rows, 0)).toBe(renamed.length);
    console.log(`import --append of ${renamed.length} new + ${picked.length} duplicate events: import ${out.importMs.toFixed(0)} ms, save ${out.saveMs.toFixed(0)} ms`);
    const again = await cli(['import', '--append', '--workspace', ws, '--json', file]);
    const second = JSON.parse(again.stdout) as typeof out;
    expect(second.files[0]).toMatchObject({ newRows: 0, duplicateRows: renamed.length + picked.length });
    expect(second.changes.newEvents).toEqual([]);
  });
});
