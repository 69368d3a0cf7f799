/**
 * Tag benchmark: `--customers` synthetic customers (default 1,000,000) with ten transactions each, two events,
 * half a touch and a few loans and holdings, written straight into a workspace; then, in a child process whose
 * peak memory is its own, the customer wide table (`profile.build`) and every tag and lifecycle group
 * (`tags.run`), each timed in wall-clock and CPU seconds. The Python peer in the same run: pandas reads the same
 * transactions from the workspace and computes per-customer RFM quintiles (the core aggregation of a tag run).
 *
 *   node --import tsx test/bench/tags.bench.ts [--customers N] [--quick]
 *
 * `--quick` is 100,000 customers. KEQUN_BENCH_DIR=DIR keeps the generated workspace in DIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ExpectedError } from '#shared/api/errors.ts';
import { Db, WORKSPACE_LIMIT_BYTES } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { setMeta } from '#shared/workspace/workspaceService.ts';

const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Workspaces past 2 GiB do not fit one fs read or write call. */
function readBig(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const n = fstatSync(fd).size;
    const bytes = new Uint8Array(n);
    for (let o = 0; o < n; ) o += readSync(fd, bytes, o, Math.min(1 << 28, n - o), o);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function writeBig(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    for (let o = 0; o < bytes.byteLength; o += 1 << 28) writeSync(fd, bytes, o, Math.min(1 << 28, bytes.byteLength - o));
  } finally {
    closeSync(fd);
  }
}

/** A deterministic hash of `expr` into [0, m), in SQL (no random(): the same workspace every run). */
const h = (expr: string, salt: number, m: number): string => `((((${expr}) * 2654435761 + ${salt}) % 4294967296) % ${m})`;
const series = (n: number): string => `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1})`;
const custNo = (expr: string): string => `printf('%010d', 6000000000 + (${expr}))`;

/** Writes the synthetic workspace with SQL (the fact tables' secondary indexes are built after the rows). */
async function generate(path: string, customers: number): Promise<number> {
  const db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  const t0 = performance.now();
  db.exec('BEGIN');
  setMeta(db, 'as_of_date', '2024-06-30');
  setMeta(db, 'as_of_source', 'data');
  setMeta(db, 'workspace_id', 'bench');
  setMeta(db, 'name', 'tags bench');
  db.exec("INSERT INTO import_batch (batch_id, started_at, status) VALUES (1, '2024-07-01', 'done')");
  db.exec("INSERT INTO import_file (file_id, batch_id, file_name, status, started_at) VALUES (1, 1, 'bench', 'done', '2024-07-01')");
  db.exec(`${series(customers)} INSERT INTO customers (cust_no, name, gender, birth_date, province, city, occupation, income_fen, open_date, channel_reg, vip_level,
      aum_fen, balance_fen, risk_level, risk_expiry, address, phone, as_of, row_key, src_file, src_batch, src_row)
    SELECT ${custNo('i')}, '客户' || i, CASE ${h('i', 1, 2)} WHEN 0 THEN '男' ELSE '女' END, date('1950-01-01', '+' || ${h('i', 2, 18000)} || ' days'), '浙江省',
      CASE ${h('i', 3, 4)} WHEN 0 THEN '杭州市' WHEN 1 THEN '宁波市' WHEN 2 THEN '温州市' ELSE '绍兴市' END,
      CASE ${h('i', 4, 5)} WHEN 0 THEN '企业职员' WHEN 1 THEN '教师' WHEN 2 THEN '退休人员' WHEN 3 THEN '个体工商户' ELSE '学生' END,
      ${h('i', 5, 300000)} * 100, date('2005-01-01', '+' || ${h('i', 6, 7000)} || ' days'), CASE ${h('i', 7, 3)} WHEN 0 THEN '柜面' WHEN 1 THEN '手机银行' ELSE '网上银行' END,
      '普通', ${h('i', 8, 1000000)} * ${h('i', 9, 100)} * 10, ${h('i', 10, 500000)} * 100, 'C' || (1 + ${h('i', 11, 5)}), date('2023-01-01', '+' || ${h('i', 20, 900)} || ' days'),
      '杭州市某路' || (i / 3) || '号', printf('139%08d', i / 2), '2024-06-30', ${custNo('i')}, 1, 1, i + 2 FROM s`);
  db.exec(`INSERT INTO identity_map (source, record_id, one_id, method, run_id, row_ref) SELECT 'customer', cust_no, printf('P%09d', row_id), 'source_key', 0, row_id FROM customers`);
  db.exec(`${series(Math.round(customers * 1.5))} INSERT INTO accounts (account_no, cust_no, account_type, balance_fen, as_of, row_key, src_file, src_batch, src_row)
    SELECT printf('A%012d', i), ${custNo('i % ' + String(customers))}, CASE WHEN i < ${customers} THEN 'I类户-借记卡' ELSE '信用卡账户' END, ${h('i', 21, 100000)} * 100, '2024-06-30', printf('A%012d', i), 1, 1, i + 2 FROM s`);
  db.exec(`${series(Math.round(customers * 0.3))} INSERT INTO holdings (cust_no, product_code, balance_fen, buy_date, as_of, row_key, src_file, src_batch, src_row)
    SELECT ${custNo(h('i', 22, customers))}, 'WM1030', ${h('i', 23, 500000)} * 100, date('2022-07-01', '+' || ${h('i', 24, 730)} || ' days'), '2024-06-30', 'H' || i, 1, 1, i + 2 FROM s`);
  db.exec(`${series(Math.round(customers * 0.1))} INSERT INTO loans (loan_no, cust_no, amount_fen, balance_fen, overdue_days, pre_approved, as_of, row_key, src_file, src_batch, src_row)
    SELECT 'L' || i, ${custNo(h('i', 25, customers))}, 10000000, ${h('i', 26, 10000000)}, CASE WHEN ${h('i', 27, 20)} = 0 THEN ${h('i', 28, 120)} ELSE 0 END, 0, '2024-06-30', 'L' || i, 1, 1, i + 2 FROM s`);
  db.exec("INSERT INTO products (product_code, product_name, category, row_key, src_file, src_batch, src_row) VALUES ('WM1030', '稳盈30天', '理财', 'WM1030', 1, 1, 2)");
  // Fact tables without their secondary indexes during the bulk insert (sql.js inserts into a random-keyed
  // index at microseconds a row), created afterwards as a real import leaves them.
  db.exec('DROP INDEX transactions_cust; DROP INDEX transactions_time; DROP INDEX events_cust; DROP INDEX events_time; DROP INDEX touches_cust; DROP INDEX touches_time');
  db.exec(`${series(customers * 10)} INSERT INTO transactions (txn_id, cust_no, txn_time, amount_fen, direction, channel, txn_type, merchant, mcc, row_key, src_file, src_batch, src_row)
    SELECT printf('T%010d', i), ${custNo('i / 10')}, date('2024-06-30', '-' || ${h('i', 12, 730)} || ' days') || ' 12:00:00', ${h('i', 13, 200000)} + 100,
      CASE WHEN ${h('i', 14, 10)} < 7 THEN 'D' ELSE 'C' END,
      CASE ${h('i', 15, 7)} WHEN 0 THEN 'POS' WHEN 1 THEN '快捷支付' WHEN 2 THEN '手机银行' WHEN 3 THEN '批量代发' WHEN 4 THEN '系统' WHEN 5 THEN '手机银行' ELSE '柜面' END,
      CASE ${h('i', 15, 7)} WHEN 3 THEN '工资代发' WHEN 4 THEN '结息' WHEN 2 THEN '转账' WHEN 5 THEN CASE WHEN ${h('i', 29, 30)} = 0 THEN '理财购买' ELSE '跨行转账' END ELSE '消费' END,
      CASE ${h('i', 16, 8)} WHEN 0 THEN '美团外卖' WHEN 1 THEN '滴滴出行' WHEN 2 THEN '京东商城' WHEN 3 THEN '携程旅行' WHEN 4 THEN '盒马鲜生' ELSE NULL END,
      NULL, printf('T%010d', i), 1, 1, i + 2 FROM s`);
  db.exec(`${series(customers * 2)} INSERT INTO events (event_id, cust_no, event_time, event_name, channel, row_key, src_file, src_batch, src_row)
    SELECT printf('E%010d', i), ${custNo(h('i', 30, customers))}, date('2024-06-30', '-' || ${h('i', 31, 365)} || ' days') || ' 20:00:00',
      CASE ${h('i', 32, 4)} WHEN 0 THEN '登录' WHEN 1 THEN '浏览理财' WHEN 2 THEN '查询余额' ELSE '转账' END, CASE ${h('i', 33, 3)} WHEN 0 THEN 'iOS' WHEN 1 THEN 'Android' ELSE 'H5' END,
      printf('E%010d', i), 1, 1, i + 2 FROM s`);
  db.exec(`${series(Math.round(customers / 2))} INSERT INTO touches (touch_id, campaign_id, cust_no, channel, action, touch_time, row_key, src_file, src_batch, src_row)
    SELECT printf('M%010d', i), 'CMP1', ${custNo(h('i', 34, customers))}, CASE ${h('i', 35, 3)} WHEN 0 THEN '短信' WHEN 1 THEN 'APP推送' ELSE '微信模板消息' END,
      CASE WHEN ${h('i', 36, 5)} = 0 THEN '打开' ELSE '发送' END, date('2024-06-30', '-' || ${h('i', 37, 200)} || ' days') || ' 10:00:00', printf('M%010d', i), 1, 1, i + 2 FROM s`);
  db.exec(`${series(Math.round(customers / 20))} INSERT INTO notes (note_id, cust_no, note_time, category, text, row_key, src_file, src_batch, src_row)
    SELECT printf('N%08d', i), ${custNo(h('i', 38, customers))}, date('2024-06-30', '-' || ${h('i', 39, 365)} || ' days') || ' 09:00:00', CASE WHEN ${h('i', 40, 3)} = 0 THEN '投诉' ELSE '咨询' END, '客户来电', printf('N%08d', i), 1, 1, i + 2 FROM s`);
  db.exec('COMMIT');
  db.exec(
    'CREATE INDEX transactions_cust ON transactions(cust_no); CREATE INDEX transactions_time ON transactions(txn_time); CREATE INDEX events_cust ON events(cust_no); CREATE INDEX events_time ON events(event_time); CREATE INDEX touches_cust ON touches(cust_no); CREATE INDEX touches_time ON touches(touch_time)',
  );
  const bytes = db.export();
  db.close();
  writeBig(path, bytes);
  console.log(`generated ${customers.toLocaleString('en-US')} customers, ${(customers * 10).toLocaleString('en-US')} transactions, ${(customers * 2).toLocaleString('en-US')} events: ${mb(bytes.byteLength)} workspace in ${secs(performance.now() - t0)}`);
  return bytes.byteLength;
}

interface StepResult {
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface ChildResult {
  readonly profile: StepResult & { readonly steps: Readonly<Record<string, number>> };
  readonly tags: StepResult & { readonly steps: Readonly<Record<string, number>>; readonly rows: number; readonly lifecycle: Readonly<Record<string, number>> };
  readonly peakRssBytes: number;
  /** Size of the workspace file after the run (sql.js keeps it in memory as one Uint8Array). */
  readonly workspaceBytes: number;
}

/** A run the workspace's size limit stopped (WORKSPACE_TOO_LARGE): where, when and how large. */
interface StoppedResult {
  readonly stopped: { readonly step: string; readonly afterMs: number; readonly cpuMs: number; readonly sizeMb: number; readonly limitMb: number; readonly message: string };
  readonly peakRssBytes: number;
}

/** Child: opens the workspace, builds the wide table, runs the tags; prints one JSON line. */
async function child(path: string): Promise<void> {
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.open', { bytes: readBig(path) });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let step = 'profile.build';
  const measure = async <T>(fn: () => Promise<T>): Promise<[T, StepResult]> => {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await fn();
    const used = process.cpuUsage(c);
    return [r, { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 }];
  };
  try {
    const [p, pt] = await measure(() => engine.call('profile.build', {}));
    step = 'tags.run';
    const [r, rt] = await measure(() => engine.call('tags.run', {}));
    // Peak memory is taken before the export below, which copies the whole file once more.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const out: ChildResult = {
      profile: { ...pt, steps: p.steps },
      tags: { ...rt, steps: r.steps, rows: r.rows, lifecycle: r.lifecycle },
      peakRssBytes,
      workspaceBytes: (await engine.call('workspace.export', {})).byteLength,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } catch (e) {
    if (!(e instanceof ExpectedError) || e.code !== 'WORKSPACE_TOO_LARGE') throw e;
    const used = process.cpuUsage(c0);
    const out: StoppedResult = {
      stopped: {
        step,
        afterMs: performance.now() - t0,
        cpuMs: (used.user + used.system) / 1000,
        sizeMb: Number(e.params.sizeMb),
        limitMb: Number(e.params.limitMb),
        message: e.message,
      },
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

const PANDAS_PEER = `
import sqlite3, sys, time, resource, pandas as pd
t = time.time()
con = sqlite3.connect(sys.argv[1])
tx = pd.read_sql_query("SELECT cust_no, substr(txn_time, 1, 10) AS day, amount_fen, direction FROM transactions", con)
read = time.time() - t
t = time.time()
tx['day'] = pd.to_datetime(tx['day'])
asof = pd.Timestamp('2024-06-30')
g = tx.groupby('cust_no').agg(last=('day', 'max'), days=('day', 'nunique'), amount=('amount_fen', 'sum'), n=('amount_fen', 'size'))
g['recency'] = (asof - g['last']).dt.days
score = lambda s: pd.qcut(s.rank(method='first'), 5, labels=False) + 1
g['r'] = score(-g['recency']); g['f'] = score(g['days']); g['m'] = score(g['amount'])
g['rfm'] = g['r'] * 100 + g['f'] * 10 + g['m']
agg = time.time() - t
print(f"pandas: read_sql {read:.1f} s + groupby/RFM quintiles {agg:.1f} s = {read + agg:.1f} s for {len(tx):,} transactions, {len(g):,} customers; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { customers: { type: 'string' }, quick: { type: 'boolean' }, child: { type: 'string' }, generate: { type: 'string' } } });
  if (values.child) {
    await child(values.child);
    return;
  }
  if (values.generate) {
    process.stdout.write(`${String(await generate(values.generate, Number(values.customers)))}\n`);
    return;
  }
  const customers = Number(values.customers ?? (values.quick ? 100_000 : 1_000_000));
  const keep = process.env.KEQUN_BENCH_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'kequn-tags-bench-'));
  const path = join(dir, `tags-${customers}.sqlite`);
  try {
    console.log(`# Tag benchmark: ${customers.toLocaleString('en-US')} customers, ${(customers * 10).toLocaleString('en-US')} transactions`);
    const self = new URL(import.meta.url).pathname;
    // Generated in a process of its own: the memory it used (several times the workspace at 1M customers) is
    // given back before the measured child starts, instead of staying with this process while the child runs.
    const generated = execFileSync(process.execPath, ['--max-old-space-size=16000', '--import', 'tsx', self, '--generate', path, '--customers', String(customers)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim().split('\n');
    for (const line of generated.slice(0, -1)) console.log(line);
    const generatedBytes = Number(generated.at(-1));
    const json = execFileSync(process.execPath, ['--max-old-space-size=16000', '--import', 'tsx', self, '--child', path], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const result = JSON.parse(json.trim().split('\n').pop() ?? '{}') as ChildResult | StoppedResult;
    if ('stopped' in result) {
      const st = result.stopped;
      console.log(
        `kequn: stopped in ${st.step} after ${secs(st.afterMs)} wall (${secs(st.cpuMs)} CPU), peak RSS ${mb(result.peakRssBytes)}: WORKSPACE_TOO_LARGE, ` +
          `the workspace reached ${String(st.sizeMb)} MB of the ${String(st.limitMb)} MB an in-memory workspace holds; target at 1M ≤ 60 s: MISSED (does not fit)`,
      );
      return;
    }
    const r = result;
    const total = r.profile.wallMs + r.tags.wallMs;
    const steps = (s: Readonly<Record<string, number>>): string =>
      Object.entries(s)
        .map(([k, v]) => `${k} ${secs(v)}`)
        .join(', ');
    console.log(`kequn: profile.build ${secs(r.profile.wallMs)} wall (${secs(r.profile.cpuMs)} CPU) [${steps(r.profile.steps)}]`);
    console.log(`kequn: tags.run ${secs(r.tags.wallMs)} wall (${secs(r.tags.cpuMs)} CPU) [${steps(r.tags.steps)}], ${r.tags.rows.toLocaleString('en-US')} tag rows`);
    // The target is for 1M customers / 10M transactions; a smaller run is projected linearly (every step is
    // a scan or a per-customer loop), which is a floor, not a promise.
    const at1M = (total * 1_000_000) / customers;
    const verdict = at1M <= 60_000 ? 'met' : 'MISSED';
    const scale = customers === 1_000_000 ? '' : ` (projected linearly to 1M customers: ${secs(at1M)} wall, ${secs(((r.profile.cpuMs + r.tags.cpuMs) * 1_000_000) / customers)} CPU)`;
    console.log(`kequn: wide table + tags ${secs(total)} wall (${secs(r.profile.cpuMs + r.tags.cpuMs)} CPU); peak RSS ${mb(r.peakRssBytes)}${scale}; target at 1M ≤ 60 s: ${verdict}`);
    console.log(`lifecycle groups: ${JSON.stringify(r.tags.lifecycle)}`);
    // sql.js keeps the database file in Emscripten's in-memory file system as ONE Uint8Array, which Node caps at
    // 4 GiB; the engine stops writes at 3.5 GiB (WORKSPACE_TOO_LARGE, shared/db/fileRoom.ts): the size limits the scale.
    const grownAt1M = ((r.workspaceBytes - generatedBytes) * 1_000_000) / customers;
    const sizeAt1M = (r.workspaceBytes * 1_000_000) / customers;
    console.log(
      `workspace: ${mb(generatedBytes)} generated, ${mb(r.workspaceBytes)} after wide table + tags (+${mb(r.workspaceBytes - generatedBytes)})${customers === 1_000_000 ? '' : `; at 1M customers about ${(sizeAt1M / 2 ** 30).toFixed(1)} GiB (+${(grownAt1M / 2 ** 30).toFixed(1)} GiB)`}; a workspace holds at most ${(WORKSPACE_LIMIT_BYTES / 2 ** 30).toFixed(1)} GiB`,
    );
    const py = spawnSync('python3', ['-c', PANDAS_PEER, path], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: 'system' } });
    console.log(py.status === 0 ? py.stdout.trim() : `pandas: not available (${py.stderr.trim().split('\n').pop() ?? ''})`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${path}`);
  }
}

await main();
