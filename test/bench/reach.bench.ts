/**
 * Reach benchmark: a demo bank of `--customers` (default 20,000; `--quick` 3,000) imported and resolved, then
 * timed: the channel habit tags (`reach.tags`, reading every touch row), a deterministic replay of the first-loan
 * template over every customer, 200 seeded Monte-Carlo replays, and one step export. The Python peer in the same
 * run: numpy replays the same journey 200 times from the propensities the engine stored (vectorised over
 * customers), the core loop of a simulation.
 *
 *   node --import tsx test/bench/reach.bench.ts [--customers N] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReachPlan } from '#shared/api/reachTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const { values } = parseArgs({ options: { customers: { type: 'string' }, quick: { type: 'boolean' } } });
const customers = values.customers ? Number(values.customers) : values.quick ? 3000 : 20_000;
const RUNS = 200;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** numpy replay of the first-loan journey (entry: every customer) from reach_propensity. */
const NUMPY_PEER = String.raw`
import sqlite3, sys, time, json
import numpy as np
con = sqlite3.connect(sys.argv[1])
run = con.execute('SELECT run_id, priors FROM reach_run ORDER BY run_id DESC LIMIT 1').fetchone()
priors = {p['channel']: p['mean'] for p in json.loads(run[1])}
ids = [r[0] for r in con.execute("SELECT DISTINCT one_id FROM identity_map WHERE source = 'customer' ORDER BY one_id")]
ix = {o: i for i, o in enumerate(ids)}
n = len(ids)
ch = ['push', 'sms', 'wechat']
rate = {c: np.full(n, priors.get(c, 0.0)) for c in ch}
unreach = {c: np.zeros(n, bool) for c in ch}
recent = np.zeros(n)
for one_id, c, m, failed, rec, r in con.execute('SELECT one_id, channel, messages, failed, recent, rate FROM reach_propensity WHERE run_id = ?', (run[0],)):
    i = ix.get(one_id)
    if i is None or c not in rate: continue
    rate[c][i] = r; unreach[c][i] = m > 0 and failed == m; recent[i] += rec
t0 = time.perf_counter()
rng = np.random.default_rng(1)
out = []
for _ in range(${RUNS}):
    alive = ~unreach['push'] & (recent + 1 <= 6)
    opened1 = alive & (rng.random(n) < rate['push'])
    s2 = alive & ~opened1
    s2 &= recent + 2 <= 6
    opened2 = s2 & (rng.random(n) < rate['push'])
    s3 = s2 & ~opened2 & ~unreach['sms'] & (recent + 3 <= 6)
    s4 = s3 & ~unreach['wechat'] & (recent + 4 <= 6)
    wx = s4 & (rng.random(n) < rate['wechat'])
    sm = s4 & (rng.random(n) < rate['sms'])
    out.append((opened1.sum() + opened2.sum(), wx.sum(), (s4 & ~wx & ~sm).sum()))
print(json.dumps({'customers': n, 'ms': (time.perf_counter() - t0) * 1000, 'meanWechat': float(np.mean([o[1] for o in out]))}))
`;

const engine = createEngine(createNodeHost());
let t = performance.now();
await engine.call('workspace.createDemo', { customers, seed: 11 });
await engine.call('identity.run', {});
console.log(`reach bench: demo of ${customers} customers imported and resolved in ${secs(performance.now() - t)}`);

t = performance.now();
const tags = await engine.call('reach.tags', {});
const tagsMs = performance.now() - t;
console.log(`reach.tags: ${secs(tagsMs)} for ${tags.touchRows} touch rows, ${tags.customersWithHistory} customers with history; tags ${JSON.stringify(tags.tagCounts)}`);

const template = await engine.call('reach.template', {});
const plan: ReachPlan = { ...template, entry: { type: 'all' } };
t = performance.now();
const det = await engine.call('reach.simulate', { plan });
const detMs = performance.now() - t;
console.log(`reach.simulate deterministic: ${secs(detMs)} for ${det.entry} customers (${det.steps.map((s) => `${s.id} ${s.entered}`).join(', ')})`);

t = performance.now();
const mc = await engine.call('reach.simulate', { plan, mode: 'monte_carlo', runs: RUNS }, { seed: 1 });
const mcMs = performance.now() - t;
const wechatMean = mc.steps.find((s) => s.id === 'tagWechat')?.mean ?? 0;
console.log(`reach.simulate Monte Carlo ×${RUNS}: ${secs(mcMs)} (${((mcMs / RUNS / det.entry) * 1e6).toFixed(0)} ns per customer-replay); WeChat-tag mean ${wechatMean.toFixed(1)}`);

t = performance.now();
const exp = await engine.call('reach.exportStep', { plan, step: 'sms' });
console.log(`reach.exportStep sms: ${secs(performance.now() - t)} for ${exp.stepSize} customers (${exp.manifest.counts.exported} rows written)`);

const dir = mkdtempSync(join(tmpdir(), 'kequn-reach-bench-'));
try {
  const ws = join(dir, 'ws.sqlite');
  writeFileSync(ws, await engine.call('workspace.export', {}));
  const py = spawnSync('python3', ['-c', NUMPY_PEER, ws], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: 'system' } });
  if (py.status === 0) {
    const r = JSON.parse(py.stdout) as { customers: number; ms: number; meanWechat: number };
    console.log(`numpy peer ×${RUNS} replays: ${secs(r.ms)} for ${r.customers} customers (vectorised, no per-step bookkeeping); WeChat mean ${r.meanWechat.toFixed(1)}`);
  } else console.log(`numpy peer failed: ${py.stderr.trim().split('\n').pop() ?? ''}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
