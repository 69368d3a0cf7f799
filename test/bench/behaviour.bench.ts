/**
 * Behaviour analysis speed (issue 11): a 3-step funnel and a weekly retention matrix over an in-memory event
 * store of N events / M customers (target at 10M / 1M: ≤ 5 s each, after the store is loaded), with a pandas
 * peer on the same events (merge_asof funnel, groupby retention); and incremental import: appending a file with
 * 1 % new events (plus as many duplicates) against a full import of the event log, import time without the
 * workspace save (target ≤ 5 %), the save timed separately.
 *
 * Also the planted-influencer recovery at scale: precision@100 of the top 100 by PageRank on a demo bank whose
 * 0.2 % planted influencers number 100 (50,000 customers; only the files the network needs are imported, then
 * ONE_ID, the wide table and the network run).
 *
 * Section `workspace` runs the same through the engine API on the segments benchmark's synthetic workspace
 * (test/bench/segmentsWorkspace.ts; `--ws-customers N --ws-events N`, default 100,000 / 1,000,000): loading the
 * event store from SQLite (owners resolved as for the wide table), then funnel and retention; then the workspace
 * is saved and re-opened in a fresh engine, which loads the store from its columnar cache (wall and CPU seconds
 * of both cold loads, projected to 10M events).
 *
 * Options: `--events N --customers N` (default 10,000,000 / 1,000,000), `--import-events N` (default 1,000,000),
 * `--precision-customers N` (default 50,000), `--section speed|import|precision|workspace` (repeatable; default
 * all),
 * `--quick` (1,000,000 / 100,000, 200,000 for the import, 10,000 for precision).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { EventStoreBuilder, formatEventTime, parseEventTime, type EventStore } from '#shared/behaviour/eventStore.ts';
import { funnel } from '#shared/behaviour/funnel.ts';
import { retention } from '#shared/behaviour/retention.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import { decodeUniverse, UNIVERSE_CACHE_KEY } from '#shared/analytics/profileCodec.ts';
import { loadUniverse } from '#shared/analytics/universe.ts';
import { decodeEventStore, encodeEventStore, EVENT_STORE_FORMAT } from '#shared/behaviour/eventStoreCodec.ts';
import { EVENT_STORE_CACHE_KEY } from '#shared/behaviour/eventStoreLoad.ts';
import { cacheStamp, readColumnarCache, writeColumnarCache } from '#shared/analytics/columnarCache.ts';
import { dataVersion } from '#shared/analytics/dataVersion.ts';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { createEngine } from '#shared/engine.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { benchWorkspace, readLarge } from './segmentsWorkspace.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    events: { type: 'string' },
    customers: { type: 'string' },
    'import-events': { type: 'string' },
    'precision-customers': { type: 'string' },
    section: { type: 'string', multiple: true },
    'ws-customers': { type: 'string' },
    'ws-events': { type: 'string' },
  },
});
const quick = values.quick ?? false;
const nEvents = Number(values.events ?? (quick ? 1_000_000 : 10_000_000));
const nCustomers = Number(values.customers ?? (quick ? 100_000 : 1_000_000));
const nImport = Number(values['import-events'] ?? (quick ? 200_000 : 1_000_000));
const nPrecision = Number(values['precision-customers'] ?? (quick ? 10_000 : 50_000));
const sections = new Set(values.section ?? ['speed', 'import', 'precision', 'workspace']);
const AS_OF = '2024-06-30';
const NAMES = ['登录', '浏览首页', '浏览理财', '浏览基金', '购买理财', '购买基金', '查询余额', '转账', '退出', '领取权益'];
const WEIGHTS = [30, 20, 10, 8, 2, 2, 12, 8, 6, 2];
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function weightedPick(r: ReturnType<typeof createRandom>): number {
  return r.weighted(WEIGHTS);
}

/** Events spread over the 180 days before the as-of date; customers with Zipf-like activity. */
function* syntheticEvents(n: number, customers: number, seed: number): Generator<[number, number, number]> {
  const r = createRandom(seed);
  const end = parseEventTime(`${AS_OF} 23:59:59`);
  for (let k = 0; k < n; k++) {
    const c = Math.floor(customers * r.next() ** 2);
    const t = end - Math.floor(r.next() * 180 * 86_400);
    yield [c, t, weightedPick(r)];
  }
}

console.log(`behaviour bench: ${nEvents.toLocaleString()} events / ${nCustomers.toLocaleString()} customers; import ${nImport.toLocaleString()} events; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);

// ── Funnel and retention on the in-memory store ──
const dir = mkdtempSync(join(tmpdir(), 'kequn-behaviour-bench-'));
try {
  if (sections.has('speed')) await cacheRoundTrip(speed());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function speed(): EventStore {
  const oneIds = Array.from({ length: nCustomers }, (_, i) => `P${String(i).padStart(9, '0')}`);
  let t0 = performance.now();
  const b = new EventStoreBuilder(oneIds, dayNumber(AS_OF));
  const csvPath = join(dir, 'events.csv');
  const lines: string[] = ['c,t,e'];
  for (const [c, t, e] of syntheticEvents(nEvents, nCustomers, 7)) {
    b.add(c, formatEventTime(t), NAMES[e] ?? '', 'app');
    lines.push(`${c},${t},${e}`);
    if (lines.length >= 1_000_000) {
      writeFileSync(csvPath, `${lines.join('\n')}\n`, { flag: lines[0] === 'c,t,e' ? 'w' : 'a' });
      lines.length = 0;
    }
  }
  if (lines.length > 0) writeFileSync(csvPath, `${lines.join('\n')}\n`, { flag: lines[0] === 'c,t,e' ? 'w' : 'a' });
  const store = b.build();
  console.log(`event store built in ${s(performance.now() - t0)} (from generated rows; loading from a workspace reads about 1 µs a row more)`);

  const steps = ['登录', '浏览理财', '购买理财'];
  t0 = performance.now();
  const f = funnel(store, { steps, windowSeconds: 7 * 86_400, days: 90 });
  const funnelMs = performance.now() - t0;
  t0 = performance.now();
  const ret = retention(store, { period: 'week', cohorts: 8 });
  const retentionMs = performance.now() - t0;
  console.log(`kequn  funnel ${steps.join('→')} (7 d window, 90 d): ${f.steps.map((x) => x.customers).join(' → ')} in ${s(funnelMs)}`);
  console.log(`kequn  retention weekly × 8 cohorts: sizes ${ret.cohorts.map((c) => c.size).join(',')} in ${s(retentionMs)}`);

  const py = String.raw`
import sys, time
import numpy as np, pandas as pd
path, asof_end = sys.argv[1], int(sys.argv[2])
df = pd.read_csv(path, dtype={'c': np.int32, 't': np.int64, 'e': np.int8})
t0 = time.perf_counter()
start = asof_end - 90 * 86400
win = 7 * 86400
a = df[(df.e == 0) & (df.t >= start)][['c', 't']].sort_values('t')
counts = [a.c.nunique()]
prev = a.rename(columns={'t': 't0'}).assign(tp=lambda x: x.t0)
for code in (2, 4):
    nxt = df[df.e == code][['c', 't']].sort_values('t')
    m = pd.merge_asof(prev.sort_values('tp'), nxt, left_on='tp', right_on='t', by='c', direction='forward')
    m = m[(m.t.notna()) & (m.t - m.t0 <= win)]
    prev = m[['c', 't0']].assign(tp=m.t.astype(np.int64))
    counts.append(prev.c.nunique())
f_ms = (time.perf_counter() - t0) * 1000
t0 = time.perf_counter()
day = (asof_end - df.t) // 86400
q = day // 7
first = df.assign(q=q).groupby('c').q.max()
cohort = first[first < 8]
d = df.assign(q=q).merge(cohort.rename('cq'), left_on='c', right_index=True)
d = d[d.q < d.cq]
mat = d.assign(k=d.cq - d.q).groupby(['cq', 'k']).c.nunique()
r_ms = (time.perf_counter() - t0) * 1000
print(f"pandas funnel (merge_asof, greedy first start) {' → '.join(map(str, counts))} in {f_ms/1000:.2f} s; retention groupby in {r_ms/1000:.2f} s (read_csv excluded)")
`;
  const peer = spawnSync('python3', ['-c', py, csvPath, String(parseEventTime(`${AS_OF} 23:59:59`) + 1)], { env: { ...process.env, PYENV_VERSION: 'system' }, encoding: 'utf8' });
  console.log(peer.status === 0 ? peer.stdout.trim() : `pandas peer failed: ${peer.stderr.trim().split('\n').pop() ?? ''}`);
  console.log(`target at 10M events / 1M customers: ≤ 5 s each → funnel ${funnelMs <= 5000 ? 'ok' : 'MISSED'}, retention ${retentionMs <= 5000 ? 'ok' : 'MISSED'} at this size`);
  return store;
}

/**
 * The columnar cache at this size without building a workspace: the store encoded, written into a workspace's
 * `columnar_cache` through sql.js, read back and decoded (what a re-opened workspace does, minus the customer list).
 */
async function cacheRoundTrip(store: EventStore): Promise<void> {
  const db = await Db.open(createNodeHost());
  migrate(db);
  const enc = await measured(() => Promise.resolve(encodeEventStore(store)));
  const write = await measured(() => db.mutate(() => writeColumnarCache(db, EVENT_STORE_CACHE_KEY, EVENT_STORE_FORMAT, dataVersion(db), enc.value, new Date().toISOString())));
  const read = await measured(() => Promise.resolve(readColumnarCache(db, EVENT_STORE_CACHE_KEY, cacheStamp(EVENT_STORE_FORMAT, dataVersion(db)))));
  const blob = read.value;
  if (!write.value || !blob) throw new Error('the cache row was not written');
  const dec = await measured(() => Promise.resolve(decodeEventStore(blob, store.oneIds, store.asOfDay)));
  db.close();
  const steps = ['登录', '浏览理财', '购买理财'];
  const same = funnel(dec.value, { steps, windowSeconds: 7 * 86_400, days: 90 }).steps.map((x) => x.customers).join() === funnel(store, { steps, windowSeconds: 7 * 86_400, days: 90 }).steps.map((x) => x.customers).join();
  console.log(
    `columnar cache of this store: blob ${(enc.value.byteLength / 1e6).toFixed(0)} MB; encode ${enc.text}; write into the workspace ${write.text}; read back ${read.text}; decode ${dec.text}; funnel on the decoded store ${same ? 'identical' : 'DIFFERS'}`,
  );
}

// ── Incremental import against a full import ──
if (sections.has('import')) {
  const header = 'event_id,user_id,event_time,event_name,platform';
  const r = createRandom(11);
  const end = parseEventTime(`${AS_OF} 23:59:59`);
  const row = (k: number): string => `E${String(k).padStart(10, '0')},${100000 + (k % 50_000)},${formatEventTime(end - Math.floor(r.next() * 180 * 86_400))},${NAMES[weightedPick(r)] ?? ''},iOS`;
  const full = [header];
  for (let k = 0; k < nImport; k++) full.push(row(k));
  const nNew = Math.round(nImport / 100);
  const incremental = [header];
  for (let k = 0; k < nNew; k++) incremental.push(row(nImport + k));
  // As many rows again that were already imported (an overlapping export).
  for (let k = 0; k < nNew; k++) incremental.push(full[1 + ((k * 97) % nImport)] ?? '');
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'bench' });
  const blob = (lines: readonly string[]): Blob => new Blob([`${lines.join('\n')}\n`]);
  let t0 = performance.now();
  const a = await engine.call('ingest.run', { files: [{ file: { name: 'events.csv', blob: blob(full) }, kind: 'events' }] });
  const fullMs = performance.now() - t0;
  t0 = performance.now();
  const bytes = await engine.call('workspace.export', {});
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  const inc = await engine.call('ingest.run', { files: [{ file: { name: 'events-new.csv', blob: blob(incremental) }, kind: 'events' }] });
  const incMs = performance.now() - t0;
  const fa = a.files[0];
  const fi = inc.files[0];
  console.log(`full import ${nImport.toLocaleString()} events: ${s(fullMs)} (${fa?.newRows ?? 0} new); workspace save (export ${(bytes.length / 1e6).toFixed(0)} MB) ${s(saveMs)}, not counted`);
  console.log(`incremental import ${nNew.toLocaleString()} new + ${nNew.toLocaleString()} duplicate events: ${s(incMs)} (${fi?.newRows ?? 0} new, ${fi?.duplicateRows ?? 0} duplicate) = ${((100 * incMs) / fullMs).toFixed(1)} % of the full import (target ≤ 5 %)`);
}

// ── Planted influencers recovered at scale ──
if (sections.has('precision')) {
  const engine = createEngine(createNodeHost());
  let t0 = performance.now();
  const files = await engine.call('demo.generate', { customers: nPrecision, seed: 42 });
  const genMs = performance.now() - t0;
  await engine.call('workspace.create', { name: 'precision' });
  const wanted = new Set(['customers', 'identities', 'relations']);
  t0 = performance.now();
  await engine.call('ingest.run', {
    files: files
      .filter((f) => f.kind !== undefined && wanted.has(f.kind))
      .map((f) => ({ file: { name: f.path.split('/').pop() ?? f.path, blob: new Blob([new Uint8Array(f.bytes)]) }, kind: f.kind as 'customers' | 'identities' | 'relations' })),
  });
  await engine.call('identity.run', {});
  await engine.call('profile.build', {});
  const prepMs = performance.now() - t0;
  t0 = performance.now();
  const net = await engine.call('network.run', {}, { seed: 7 });
  const netMs = performance.now() - t0;
  const truthFile = files.find((f) => f.path === 'truth/influencers.csv');
  const truth = new Set(
    new TextDecoder()
      .decode(truthFile?.bytes ?? new Uint8Array())
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(',')[1] ?? ''),
  );
  const top = await engine.call('sql.query', {
    sql: 'SELECT p.cust_no FROM network_node n JOIN customer_profile p ON p.one_id = n.one_id WHERE n.run_id = ? ORDER BY n.pagerank DESC, n.node LIMIT 100',
    params: [net.runId],
    maxRows: 100,
  });
  const hits = top.rows.filter((r) => truth.has(String(r[0]))).length;
  console.log(`influencers: demo of ${nPrecision.toLocaleString()} customers (generated in ${s(genMs)}; import + ONE_ID + wide table ${s(prepMs)}), ${truth.size} planted; network run ${s(netMs)} over ${net.nodes.toLocaleString()} people; precision@100 = ${(hits / 100).toFixed(2)} (${hits} of the top 100 are planted${truth.size < 100 ? `, at most ${truth.size}` : ''})`);
}

// ── Through the engine on a synthetic workspace ──
if (sections.has('workspace')) {
  const size = { customers: Number(values['ws-customers'] ?? 100_000), events: Number(values['ws-events'] ?? 1_000_000) };
  const path = await benchWorkspace(size);
  const engine = createEngine(createNodeHost());
  const opened = await measured(() => engine.call('workspace.open', { bytes: readLarge(path), name: 'bench' }));
  console.log(`workspace opened in ${opened.text}`);
  const first = await measured(() => engine.call('behaviour.overview', {}));
  const ov = first.value;
  let t0 = performance.now();
  const f = await engine.call('behaviour.funnel', { steps: ['登录', '浏览贷款', '申请贷款'], windowSeconds: 7 * 86_400, days: 90 });
  const funnelMs = performance.now() - t0;
  t0 = performance.now();
  const r = await engine.call('behaviour.retention', { period: 'week', cohorts: 8 });
  const retentionMs = performance.now() - t0;
  console.log(
    `workspace ${size.customers.toLocaleString()} customers / ${size.events.toLocaleString()} events: event store loaded in ${s(ov.loadMs)} (first overview ${first.text}; ${ov.owned.toLocaleString()} of ${ov.rows.toLocaleString()} rows owned, ${ov.sessions.sessions.toLocaleString()} sessions); funnel ${f.steps.map((x) => x.customers).join(' → ')} in ${s(funnelMs)}; retention in ${s(retentionMs)} (${r.cohorts.length} cohorts)`,
  );

  // The segment behaviour index (day-level, every behaviour table) behind a behaviour condition, cold.
  const loggedIn: SegmentRule = { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 45, op: '>=', value: 1 };
  const segFirst = await measured(() => engine.call('segments.count', { rule: loggedIn, overlaps: false }));
  if (!segFirst.value.ok) throw new Error('behaviour rule rejected');
  console.log(`segment behaviour index built from rows: load ${s(segFirst.value.loadMs)} (count ${segFirst.text}; ${segFirst.value.count.toLocaleString()} customers)`);

  // A full group portrait (ten distributions + TGI): the customer list, the group's membership and ten columns.
  const churn = { kind: 'lifecycle', group: 'churn_risk' } as const;
  const portraitFirst = await measured(() => engine.call('portrait.describe', { group: churn }));
  console.log(`group portrait, cold from the tables: ${portraitFirst.text} (${portraitFirst.value.group.size.toLocaleString()} customers)`);

  // Re-opening: the first loads above built the structures from the rows and wrote them to columnar_cache; a
  // fresh engine on the saved file decodes them instead (the saved file is what autosave writes).
  const exported = await measured(() => engine.call('workspace.export', {}));
  const saved = exported.value;
  console.log(`workspace saved (export ${(saved.byteLength / 1e6).toFixed(0)} MB, includes the cached store) in ${exported.text}`);
  const reopened = createEngine(createNodeHost());
  const reopenedIn = await measured(() => reopened.call('workspace.open', { bytes: saved, name: 'bench' }));
  console.log(`re-opened in ${reopenedIn.text}`);
  const again = await measured(() => reopened.call('behaviour.overview', {}));
  t0 = performance.now();
  const f2 = await reopened.call('behaviour.funnel', { steps: ['登录', '浏览贷款', '申请贷款'], windowSeconds: 7 * 86_400, days: 90 });
  const funnel2Ms = performance.now() - t0;
  const same = f2.steps.map((x) => x.customers).join(',') === f.steps.map((x) => x.customers).join(',') && again.value.owned === ov.owned;
  const perM = (ms: number): string => `${((ms * 1000) / size.events).toFixed(2)} µs/event`;
  console.log(
    `cold load from rows ${s(ov.loadMs)} (${perM(ov.loadMs)}; first overview ${first.text}) vs from the columnar cache ${s(again.value.loadMs)} (${perM(again.value.loadMs)}; first overview ${again.text}); results ${same ? 'identical' : 'DIFFER'}; funnel after re-open ${s(funnel2Ms)}`,
  );
  const portraitAgain = await measured(() => reopened.call('portrait.describe', { group: churn }));
  console.log(
    `group portrait after re-open, from the columnar cache (customer list, membership, columns): ${portraitAgain.text} (${portraitAgain.value.group.size === portraitFirst.value.group.size ? 'same group' : 'DIFFERENT group'})`,
  );
  const segAgain = await measured(() => reopened.call('segments.count', { rule: loggedIn, overlaps: false }));
  if (!segAgain.value.ok) throw new Error('behaviour rule rejected');
  console.log(
    `segment behaviour index from the columnar cache: load ${s(segAgain.value.loadMs)} (count ${segAgain.text}; ${segAgain.value.count === segFirst.value.count ? 'same count' : 'DIFFERENT count'})`,
  );

  // The two parts of a load from the cache: reading the customer list (scales with customers) and decoding the
  // blob (scales with events).
  const db = await Db.open(createNodeHost(), saved);
  const universe = await measured(() => Promise.resolve(loadUniverse(db)));
  const cachedBytes = (key: string): Uint8Array => {
    const v = db.value('SELECT bytes FROM columnar_cache WHERE key = ?', [key]);
    if (!(v instanceof Uint8Array)) throw new Error(`the saved workspace has no cached ${key}`);
    return v;
  };
  const universeBlob = cachedBytes(UNIVERSE_CACHE_KEY);
  const universeDecoded = await measured(() => Promise.resolve(decodeUniverse(universeBlob)));
  const blob = cachedBytes(EVENT_STORE_CACHE_KEY);
  const decoded = await measured(() => Promise.resolve(decodeEventStore(blob, universe.value.oneIds, dayNumber(AS_OF))));
  db.close();
  console.log(
    `parts of a load: customer list (${size.customers.toLocaleString()}) from the wide table ${universe.text}, from the cache ${universeDecoded.text}; event store blob ${(blob.byteLength / 1e6).toFixed(1)} MB decoded in ${decoded.text} (${decoded.value.time.length.toLocaleString()} events)`,
  );
  const scale = 10_000_000 / size.events;
  const cScale = 1_000_000 / size.customers;
  console.log(
    `projection to 10M events / 1M customers (linear; rows also scale with events): from rows ≈ ${s(ov.loadMs * scale)}; from the cache ≈ ${s(again.value.loadMs * scale)} if all of it scaled with events, of which the blob decode ≈ ${s(decoded.wallMs * scale)} and the customer list ≈ ${s(universeDecoded.wallMs * cScale)} (from the wide table ≈ ${s(universe.wallMs * cScale)}); blob ≈ ${((blob.byteLength * scale) / 1e6).toFixed(0)} MB`,
  );
}

/** Wall and CPU time (user + system, all threads of this process) of one awaited call. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; text: string; wallMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { value, wallMs: wall, text: `${s(wall)} wall, ${s((used.user + used.system) / 1000)} CPU` };
}
