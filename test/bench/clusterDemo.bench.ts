/**
 * Planted segments of the demo generator (truth/clusters.csv, read only here): adjusted Rand index of the engine's
 * k-means (k = 6) and of scikit-learn `KMeans(n_clusters=6, n_init=10)` on the same features and preprocessing, in
 * the same run, for preprocessing an analyst would choose without the truth:
 *   - `mix`: age, log AUM, log transactions (weight 2) and the spending mix (merchant-category and transaction-kind
 *     shares, shrunk towards the overall mix), standard scaling (the features of test/integration/cluster.test.ts);
 *   - `profile`: every numeric column of customer_profile with the workbench defaults (log of money, standard
 *     scaling, clip ±5), and the same with robust scaling.
 * It also prints the ceiling any k-means can reach on those features: the ARI of assigning every customer to the
 * nearest *true* segment centre (computed with the truth, so a bound, never a setting). Options: `--customers N`
 * (default 3000), `--seed S` (demo seed, default 7).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import type { ClusterSettings } from '#shared/api/clusterTypes.ts';
import type { Engine } from '#shared/api/engineApi.ts';
import { adjustedRandIndex } from '#shared/cluster/quality.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { spendingMixCsv } from '#test/support/demoSpendingMix.ts';

const { values } = parseArgs({ options: { customers: { type: 'string' }, seed: { type: 'string' }, quick: { type: 'boolean' } } });
const customers = Number(values.customers ?? 3000);
const demoSeed = Number(values.seed ?? 7);
const K = 6;
const RUN_SEED = 3;
const dir = mkdtempSync(join(tmpdir(), 'kequn-cluster-demo-'));

type Cell = string | number | null;
async function rows(engine: Engine, sql: string): Promise<{ columns: string[]; rows: Cell[][] }> {
  const r = await engine.call('sql.query', { sql, maxRows: 1e7, unmask: { reason: 'benchmark' } });
  return { columns: [...r.columns], rows: r.rows.map((x) => [...x]) };
}

interface Variant {
  readonly name: string;
  readonly table: string;
  readonly settings: ClusterSettings;
  /** Columns the Python peer logs as money (sign-preserving log1p of yuan). */
  readonly money: readonly string[];
}

interface Theirs {
  readonly ari: number;
  readonly ceiling: number;
  readonly seconds: number;
}

try {
  const engine = createEngine(createNodeHost());
  const files = await engine.call('demo.generate', { customers, seed: demoSeed });
  const truthCsv = new TextDecoder().decode(files.find((f) => f.path === 'truth/clusters.csv')?.bytes);
  const truth = new Map(Papa.parse<Record<string, string>>(truthCsv, { header: true, skipEmptyLines: true }).data.map((r) => [r['cust_no'] ?? '', Number(r['cluster_id'])]));
  await engine.call('workspace.createDemo', { customers, seed: demoSeed });
  await engine.call('profile.build', {});

  const mix = await spendingMixCsv(async (sql) => (await rows(engine, sql)).rows);
  const imported = await engine.call('ingest.run', { files: [{ file: { name: 'demo_features.csv', blob: new Blob([mix.csv]) }, kind: 'table' }] });
  const mixTable = imported.files[0]?.table ?? '';
  const profileList = await engine.call('cluster.features', { table: 'customer_profile' });
  const numeric = profileList.features.filter((f) => f.kind === 'numeric');
  const money = numeric.filter((f) => f.money).map((f) => f.name);
  const variants: Variant[] = [
    { name: 'mix (age, log AUM, log txn ×2 + spending mix; standard)', table: mixTable, settings: { features: mix.features, weights: Object.fromEntries(mix.base.map((f) => [f, 2])), clip: 0 }, money: [] },
    { name: `profile, ${numeric.length} numeric columns (log money, standard, clip 5)`, table: 'customer_profile', settings: { features: numeric.map((f) => f.name) }, money },
    { name: `profile, ${numeric.length} numeric columns (log money, robust, clip 5)`, table: 'customer_profile', settings: { features: numeric.map((f) => f.name), scale: 'robust' }, money },
  ];
  const python = spawnSync('python3', ['-c', 'import sklearn, pandas'], { env: { ...process.env, PYENV_VERSION: 'system' } }).status === 0;
  console.log(`# Demo planted segments: ${customers.toLocaleString('en-US')} customers (demo seed ${demoSeed}), k = ${K}, run seed ${RUN_SEED}`);
  for (const v of variants) {
    const t0 = performance.now();
    const run = await engine.call('cluster.run', { table: v.table, ...v.settings, k: K }, { seed: RUN_SEED });
    const wall = (performance.now() - t0) / 1000;
    const labelled = (await rows(engine, `SELECT t.cust_no, m.cluster FROM cluster_member m JOIN "${v.table}" t ON t.rowid = m.row_id WHERE m.run_id = ${run.runId} ORDER BY m.row_id`)).rows;
    const found: number[] = [];
    const planted: number[] = [];
    for (const [cust, cluster] of labelled) {
      const p = truth.get(String(cust));
      if (p === undefined) continue;
      found.push(Number(cluster));
      planted.push(p);
    }
    const ours = adjustedRandIndex(found, planted);
    console.log(`\n## ${v.name}`);
    console.log(`kequn:        ARI ${ours.toFixed(3)} on ${found.length} customers; clustering ${run.seconds.toFixed(2)} s (whole run ${wall.toFixed(1)} s)`);
    if (!python) {
      console.log('scikit-learn: not installed (PYENV_VERSION=system python3 with sklearn, pandas) — no comparison');
      continue;
    }
    // The same columns and rows to scikit-learn, raw; the Python side applies the same preprocessing.
    const cols = ['cust_no', ...v.settings.features];
    const data = await rows(engine, `SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${v.table}" ORDER BY rowid`);
    const csv = join(dir, 'features.csv');
    writeFileSync(csv, Papa.unparse({ fields: [...cols, '__truth'], data: data.rows.map((r) => [...r, truth.get(String(r[0])) ?? '']) }));
    const spec = { csv, k: K, seed: RUN_SEED, scale: v.settings.scale ?? 'standard', clip: v.settings.clip ?? 5, weights: v.settings.weights ?? {}, money: v.money };
    const py = JSON.parse(execFileSync('python3', [new URL('./clusterDemoSklearn.py', import.meta.url).pathname, JSON.stringify(spec)], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: 'system' } }).trim()) as Theirs;
    console.log(`scikit-learn: ARI ${py.ari.toFixed(3)} (KMeans n_init=10, same features and preprocessing; ${py.seconds.toFixed(2)} s)`);
    console.log(`ceiling:      ARI ${py.ceiling.toFixed(3)} assigning each customer to the nearest true segment centre in the same space`);
    console.log(`target ARI ≥ 0.9: kequn ${ours >= 0.9 ? 'met' : 'MISSED'}, scikit-learn ${py.ari >= 0.9 ? 'met' : 'MISSED'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
