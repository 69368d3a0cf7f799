/**
 * ONE_ID benchmark (kept out of the test run; the lead wires it into `npm run bench`).
 *
 *   node --import tsx test/bench/identity.bench.ts [--customers 100000] [--records 3000000] [--skip-quality] [--skip-speed] [--quick]
 *
 * 1. Quality: the demo generator's drop at `--customers`, imported (identity-bearing files), resolved, scored
 *    against `truth/persons.csv` (pairwise precision/recall; recall also over linkable pairs).
 * 2. Speed: `--records` synthetic identity records (customers and four channel systems, with family phones,
 *    shared devices and placeholder phones) written straight into a workspace, then a full run, then 5 % new
 *    records and an incremental run. Each run happens in a child process so its peak memory is its own.
 *
 * 3. Floor: on the resolved workspace, what sql.js alone costs a full run with nothing computed: scanning the
 *    identifier columns of every source row (the reader's scanner, callback empty) and rewriting the whole
 *    `identity_map`, empty as before a first run, with its indexes (the writer a full run uses). No resolution can
 *    take less.
 *
 * KEQUN_BENCH_DIR=DIR keeps the generated workspace in DIR instead of a removed temp folder, with a copy taken before
 * the first run (`speed-before-run.sqlite`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import initSqlJs, { type Database } from 'sql.js';
import type { DemoFile } from '#shared/api/engineApi.ts';
import { Db } from '#shared/db/database.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import { createEngine } from '#shared/engine.ts';
import { type MapRow, rewriteMap } from '#shared/identity/identityStore.ts';
import { SCANNED_COLUMNS } from '#shared/identity/sourceReader.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { createRandom, type Random } from '#shared/jobs/random.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { mod11CheckChar } from '#shared/values/idNumbers.ts';
import { IDENTITY_KINDS, importIdentityFiles, scoresAgainstTruth } from '#test/support/identityTruth.ts';

const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface ChildResult {
  readonly ms: number;
  /** CPU seconds of the run (user + system, all threads), which a busy machine inflates less than wall time. */
  readonly cpuMs: number;
  readonly peakRssBytes: number;
  readonly records: number;
  readonly persons: number;
  readonly timings: Readonly<Record<string, number>>;
  readonly history: Readonly<Record<string, number>>;
  readonly pending: number;
}

/** Child: opens the workspace, runs resolution, saves it back, prints a JSON line. */
async function child(path: string, mode: 'full' | 'incremental'): Promise<void> {
  const engine = createEngine(createNodeHost({ workspacePath: path }));
  await engine.call('workspace.open', { bytes: new Uint8Array(readFileSync(path)) });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s = await engine.call('identity.run', { mode });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  writeFileSync(path, await engine.call('workspace.export', {}));
  const out: ChildResult = {
    ms,
    cpuMs: (c.user + c.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    records: s.records,
    persons: s.persons,
    timings: s.timings,
    history: s.history,
    pending: s.review.pending,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild<T = ChildResult>(path: string, mode: 'full' | 'incremental' | 'floor'): T {
  const self = new URL(import.meta.url).pathname;
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', self, '--child', mode, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

interface Cost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface FloorResult {
  readonly scannedRows: number;
  readonly scan: Cost;
  readonly mapRows: number;
  readonly mapWrite: Cost;
}

async function cost(fn: () => Promise<void> | void): Promise<Cost> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

/** Child: the sql.js floor of a full run on a resolved workspace (read everything, write the map); not saved. */
async function floorChild(path: string): Promise<void> {
  const db = await Db.open({ sqlJsConfig: {} }, new Uint8Array(readFileSync(path)));
  const ctx = createJobContext();
  let scannedRows = 0;
  const scan = await cost(async () => {
    for (const [table, columns] of Object.entries(SCANNED_COLUMNS)) scannedRows += await scanRows(db, ctx, 'floor', table, columns, '1', [], () => undefined);
  });
  const rows = db
    .all<{ source: string; record_id: string; one_id: string; method: string; weight: number | null; row_ref: number | null }>('SELECT source, record_id, one_id, method, weight, row_ref FROM identity_map')
    .map((r): MapRow => ({ source: r.source, recordId: r.record_id, oneId: r.one_id, method: r.method, weight: r.weight, rowRef: r.row_ref }));
  // A first run writes into an empty map: emptying it is not part of the floor.
  db.transaction(() => db.exec('DELETE FROM identity_map'));
  const mapWrite = await cost(() =>
    db.transaction(() =>
      rewriteMap(db, (emit) => {
        for (const r of rows) emit(r, 1);
      }),
    ),
  );
  const out: FloorResult = { scannedRows, scan, mapRows: rows.length, mapWrite };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  db.close();
}

async function quality(customers: number): Promise<void> {
  console.log(`\n## Quality: demo drop, ${customers.toLocaleString('en-US')} customers`);
  let t = performance.now();
  // Only the identity-bearing files and the truth are kept: a million-customer drop's transactions and events
  // would otherwise stay in memory through the run and the scoring.
  const { identityFiles, truth } = await generateIdentityDrop(customers);
  console.log(`generated in ${secs(performance.now() - t)}`);
  const bytes = await resolveDrop(identityFiles);
  identityFiles.length = 0;
  t = performance.now();
  const { all, linkable } = await scoresAgainstTruth(bytes, truth);
  console.log(`scored in ${secs(performance.now() - t)}`);
  console.log(`pairwise precision ${all.precision.toFixed(4)} (target ≥ 0.995: ${all.precision >= 0.995 ? 'met' : 'MISSED'})`);
  console.log(`pairwise recall ${linkable.recall.toFixed(4)} over linkable pairs (target ≥ 0.98: ${linkable.recall >= 0.98 ? 'met' : 'MISSED'}); ${all.recall.toFixed(4)} over all true pairs`);
  console.log(`(truth records ${all.records}, true pairs ${all.truePairs}, linkable pairs ${linkable.truePairs}, predicted pairs ${all.predictedPairs})`);
}

async function generateIdentityDrop(customers: number): Promise<{ identityFiles: DemoFile[]; truth: Uint8Array }> {
  const engine = createEngine(createNodeHost());
  const files = await engine.call('demo.generate', { customers, seed: 20240630 });
  const truth = files.find((f) => f.path === 'truth/persons.csv')?.bytes;
  if (!truth) throw new Error('no truth/persons.csv');
  return { identityFiles: files.filter((f) => f.kind !== undefined && IDENTITY_KINDS.has(f.kind)), truth };
}

/** Imports the files into a new workspace, resolves it and returns the workspace file (the engine is let go). */
async function resolveDrop(files: readonly DemoFile[]): Promise<Uint8Array> {
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'identity-bench' });
  let t = performance.now();
  await importIdentityFiles(engine, files);
  console.log(`imported identity files in ${secs(performance.now() - t)}`);
  t = performance.now();
  const c0 = process.cpuUsage();
  const s = await engine.call('identity.run', {});
  const c = process.cpuUsage(c0);
  console.log(
    `resolved ${s.records.toLocaleString('en-US')} records → ${s.persons.toLocaleString('en-US')} persons in ${secs(performance.now() - t)} ` +
      `(${secs((c.user + c.system) / 1000)} CPU) (${JSON.stringify(s.timings)})`,
  );
  console.log(`review pending ${s.review.pending}; issues ${s.issues.map((i) => `${i.kind}/${i.idType ?? '-'} ${i.count}`).join(', ')}`);
  return engine.call('workspace.export', {});
}

/** A valid 身份证 number. */
function idNo(birth: string, order: number): string {
  const body = `330106${birth}${String(order % 1000).padStart(3, '0')}`;
  return body + mod11CheckChar(body);
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英建华晓东海燕秀兰玉珍凤玲志国文斌鹏飞宇浩然子涵梓萱欣怡思远嘉豪婷雪梅春'];
const DISTRICTS = ['西湖区', '上城区', '拱墅区', '滨江区', '萧山区', '余杭区', '临平区', '钱塘区', '富阳区', '临安区'];

const hex = (r: Random, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'.charAt(r.int(0, 15))).join('');
const wx = (r: Random, prefix: string): string => prefix + Array.from({ length: 28 - prefix.length }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.charAt(r.int(0, 63))).join('');

/**
 * Writes synthetic identity records into a workspace: per person a customer record and, by chance, an app user,
 * official-account fans, a mini-program user and a CRM contact, until `records` records exist. Persons from
 * `firstPerson` on; rows carry import batch `batch`.
 */
function writeSynthetic(db: Database, records: number, firstPerson: number, batch: number, seed: number): { persons: number; records: number } {
  const r = createRandom(seed);
  const cust = db.prepare(
    'INSERT INTO customers (cust_no, name, birth_date, id_type, id_no, phone, email, city, district, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const ident = db.prepare(
    'INSERT INTO identities (source_system, record_id, cust_no, app_user_id, device_id, openid, unionid, phone, email, name, birth_date, address, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let n = 0;
  let p = firstPerson;
  let lastPhone = '';
  let lastDevice = '';
  db.exec('BEGIN');
  try {
    while (n < records) {
      const custNo = String(6_000_000_000 + p);
      const birth = `${r.int(1940, 2004)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
      const birthText = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`;
      const name = `${r.pick(SURNAMES)}${r.pick(GIVEN)}${r.chance(0.7) ? r.pick(GIVEN) : ''}`;
      const own = `1${r.pick(['3', '5', '7', '8', '9'])}${String(p * 7919 % 1_000_000_000).padStart(9, '0')}`;
      const phone = r.chance(0.01) ? '13800138000' : r.chance(0.02) && lastPhone ? lastPhone : own;
      const district = r.pick(DISTRICTS);
      const email = r.chance(0.3) ? `u${p}@example.com` : null;
      cust.run([custNo, name, birthText, '居民身份证', idNo(birth, p), phone, email, '杭州市', district, custNo, 1, batch, n + 1]);
      n++;
      lastPhone = own;
      const union = wx(r, 'o6_bm');
      if (r.chance(0.6) && n < records) {
        const device = r.chance(0.01) && lastDevice ? lastDevice : `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`.toUpperCase();
        lastDevice = device;
        ident.run(['手机银行', `A${p}`, r.chance(0.9) ? custNo : null, `U${p}`, device, null, null, own, null, null, null, null, `A${p}`, 2, batch, n]);
        n++;
      }
      if (r.chance(0.7) && n < records) {
        ident.run(['微信公众号', `W${p}`, r.chance(0.3) ? custNo : null, null, null, wx(r, 'oCcQ'), r.chance(0.85) ? union : null, r.chance(0.45) ? own : null, null, null, null, null, `W${p}`, 3, batch, n]);
        n++;
      }
      if (r.chance(0.3) && n < records) {
        const form = r.chance(0.4);
        ident.run(['微信小程序', `M${p}`, null, null, null, wx(r, 'oMp9'), r.chance(0.75) ? union : null, r.chance(0.5) ? own : null, null, form ? name : null, form ? birthText : null, form ? `浙江省杭州市${district}` : null, `M${p}`, 4, batch, n]);
        n++;
      }
      if (r.chance(0.4) && n < records) {
        ident.run(['CRM', `K${p}`, r.chance(0.95) ? `00${custNo}` : null, null, null, null, null, r.chance(0.85) ? own : null, email, name, birthText, `杭州市${district}某路${r.int(1, 999)}号`, `K${p}`, 5, batch, n]);
        n++;
      }
      p++;
    }
    // Customers get their ONE_ID at import; do the same.
    const seq = Number(db.exec("SELECT value FROM meta WHERE key = 'one_id_seq'")[0]?.values[0]?.[0] ?? 0);
    db.run(
      `INSERT INTO identity_map (source, record_id, one_id, method) SELECT 'customer', cust_no, printf('P%09d', ? + ROW_NUMBER() OVER (ORDER BY row_id)), 'source_key' FROM customers WHERE src_batch = ?`,
      [seq, batch],
    );
    const added = Number(db.exec(`SELECT count(*) FROM customers WHERE src_batch = ${batch}`)[0]?.values[0]?.[0] ?? 0);
    db.run("INSERT INTO meta (key, value) VALUES ('one_id_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [String(seq + added)]);
    db.exec('COMMIT');
  } finally {
    cust.free();
    ident.free();
  }
  return { persons: p - firstPerson, records: n };
}

async function speed(records: number, dir: string): Promise<void> {
  console.log(`\n## Speed: ${records.toLocaleString('en-US')} synthetic identity records`);
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'identity-speed' });
  const SQL = await initSqlJs();
  const db = new SQL.Database(await engine.call('workspace.export', {}));
  let t = performance.now();
  const base = writeSynthetic(db, records, 0, 1, 7);
  const path = join(dir, 'speed.sqlite');
  writeFileSync(path, db.export());
  // A copy of the workspace before any run, to profile a first full run again (`--child full FILE`).
  if (process.env.KEQUN_BENCH_DIR) writeFileSync(join(dir, 'speed-before-run.sqlite'), readFileSync(path));
  console.log(`wrote ${base.records.toLocaleString('en-US')} records of ${base.persons.toLocaleString('en-US')} persons in ${secs(performance.now() - t)}`);
  const full = runChild(path, 'full');
  console.log(
    `full run: ${secs(full.ms)} (${secs(full.cpuMs)} CPU) for ${full.records.toLocaleString('en-US')} records → ${full.persons.toLocaleString('en-US')} persons ` +
      `(target ≤ 20 s: ${full.ms <= 20_000 ? 'met' : 'MISSED'}), peak RSS ${mb(full.peakRssBytes)}, review pending ${full.pending}`,
  );
  console.log(`  steps: ${Object.entries(full.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  const floor = runChild<FloorResult>(path, 'floor');
  const floorMs = floor.scan.wallMs + floor.mapWrite.wallMs;
  console.log(
    `sql.js floor (nothing computed): scanning ${floor.scannedRows.toLocaleString('en-US')} source rows ${secs(floor.scan.wallMs)} (${secs(floor.scan.cpuMs)} CPU) + ` +
      `rewriting ${floor.mapRows.toLocaleString('en-US')} map rows with indexes ${secs(floor.mapWrite.wallMs)} (${secs(floor.mapWrite.cpuMs)} CPU) = ${secs(floorMs)}, ` +
      `${((100 * floorMs) / 20_000).toFixed(0)} % of the 20 s target before any resolution`,
  );
  const again = runChild(path, 'full');
  console.log(`second full run (nothing new): ${secs(again.ms)} (${secs(again.cpuMs)} CPU), history ${JSON.stringify(again.history)}`);

  const db2 = new SQL.Database(readFileSync(path));
  t = performance.now();
  const add = writeSynthetic(db2, Math.round(records * 0.05), base.persons, 2, 8);
  writeFileSync(path, db2.export());
  console.log(`added ${add.records.toLocaleString('en-US')} records (5 %) in ${secs(performance.now() - t)}`);
  const inc = runChild(path, 'incremental');
  console.log(
    `incremental run: ${secs(inc.ms)} (${secs(inc.cpuMs)} CPU; ${((100 * inc.ms) / full.ms).toFixed(0)} % of the full run), peak RSS ${mb(inc.peakRssBytes)}, ` +
      `${inc.records.toLocaleString('en-US')} records → ${inc.persons.toLocaleString('en-US')} persons`,
  );
  console.log(`  steps: ${Object.entries(inc.timings).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  db.close();
  db2.close();
}

const { values } = parseArgs({
  options: {
    customers: { type: 'string' },
    records: { type: 'string' },
    'skip-quality': { type: 'boolean' },
    'skip-speed': { type: 'boolean' },
    child: { type: 'string' },
    quick: { type: 'boolean' },
  },
  allowPositionals: true,
});

if (values.child) {
  const path = process.argv[process.argv.length - 1] ?? '';
  if (values.child === 'floor') await floorChild(path);
  else await child(path, values.child === 'incremental' ? 'incremental' : 'full');
} else {
  const dir = process.env.KEQUN_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'kequn-identity-bench-'));
  try {
    console.log('# ONE_ID benchmark');
    if (!values['skip-quality']) await quality(Number(values.customers ?? (values.quick ? 5_000 : 100_000)));
    if (!values['skip-speed']) await speed(Number(values.records ?? (values.quick ? 100_000 : 3_000_000)), dir);
  } finally {
    if (!process.env.KEQUN_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
  }
}
