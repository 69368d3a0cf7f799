/**
 * Clustering benchmark: k-means with k = 8 on planted clusters of 300k × 16 and 1M × 16 (generated, seeded),
 * imported into a workspace and clustered by the engine (`cluster.run`, scale none, one init), compared in the
 * same run with scikit-learn `KMeans(n_clusters=8, n_init=1, algorithm="lloyd")` on the same file. Targets: time
 * ratio ≤ 1.0 (clustering time alone: seeding + iterations), inertia within 1 % of scikit-learn's best of 10
 * inits, adjusted Rand index ≥ 0.9 against the planted clusters. Also reports mini-batch k-means and peak memory.
 * Options: `--quick` (50k and 100k rows), `--sizes 300000,1000000`, `--keep`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom } from '#shared/jobs/random.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, sizes: { type: 'string' }, keep: { type: 'boolean' } } });
const sizes = (values.sizes ?? (values.quick ? '50000,100000' : '300000,1000000')).split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'kequn-cluster-bench-'));
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const SEED = 1;

interface Ours {
  importSeconds: number;
  seconds: number;
  /** CPU time of the clustering (null when the progress events did not bracket it). */
  cpuSeconds: number | null;
  runSeconds: number;
  iterations: number;
  inertia: number;
  silhouette: number;
  ari: number;
  rssBeforeClusterBytes: number;
  peakRssBytes: number;
}
interface Theirs {
  seconds: number;
  /** Process CPU time of the n_init=1 fit, all threads. */
  cpuSeconds: number;
  iterations: number;
  inertia: number;
  ari: number;
  bestOf10Inertia: number;
  bestOf10Seconds: number;
  peakRssBytes: number;
}

/** Eight planted Gaussian clusters in 16 dimensions: centres N(0, 1.5²), rows N(centre, 1); overlapping enough to need iterations. */
async function writePlanted(rows: number, csv: string, truthFile: string): Promise<void> {
  const r = createRandom(20240630 + rows);
  const d = 16;
  const k = 8;
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => r.normal() * 1.5));
  const out = createWriteStream(csv);
  const truth: number[] = [];
  out.write(`${Array.from({ length: d }, (_, i) => `f${i + 1}`).join(',')}\n`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const c = r.int(0, k - 1);
    truth.push(c);
    const centre = centers[c] ?? [];
    buf += `${centre.map((m) => (m + r.normal()).toFixed(5)).join(',')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  writeFileSync(truthFile, `${truth.join('\n')}\n`);
}

function pythonAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import sklearn, pandas'], { env: { ...process.env, PYENV_VERSION: 'system' } }).status === 0;
}

function ours(csv: string, truth: string, algorithm: 'kmeans' | 'minibatch'): Ours {
  const child = new URL('./clusterChild.ts', import.meta.url).pathname;
  return JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', child, csv, truth, algorithm, String(SEED)], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim()) as Ours;
}

try {
  const python = pythonAvailable();
  console.log(`# Clustering benchmark: k-means, k = 8, planted clusters × 16 features (seed ${SEED})`);
  for (const rows of sizes) {
    const csv = join(dir, `planted_${rows}.csv`);
    const truth = join(dir, `planted_${rows}.truth`);
    await writePlanted(rows, csv, truth);
    console.log(`\n## ${rows.toLocaleString('en-US')} × 16`);
    const km = ours(csv, truth, 'kmeans');
    console.log(
      `kequn k-means:    ${km.seconds.toFixed(3)} s clustering (CPU ${km.cpuSeconds?.toFixed(3) ?? '?'} s; seeding on a sample, then ${km.iterations} iterations on all rows), inertia ${km.inertia.toFixed(1)}, ARI ${km.ari.toFixed(4)}, ` +
        `silhouette ${km.silhouette.toFixed(3)}; whole run incl. explain/map/store ${km.runSeconds.toFixed(2)} s; import ${km.importSeconds.toFixed(1)} s; ` +
        `RSS before clustering ${mb(km.rssBeforeClusterBytes)}, peak ${mb(km.peakRssBytes)}`,
    );
    const mbk = ours(csv, truth, 'minibatch');
    console.log(`kequn mini-batch: ${mbk.seconds.toFixed(3)} s clustering (seeding, then ${mbk.iterations} steps), inertia ${mbk.inertia.toFixed(1)}, ARI ${mbk.ari.toFixed(4)}, peak ${mb(mbk.peakRssBytes)}`);
    if (!python) {
      console.log('scikit-learn: not installed (apt-get install python3-sklearn python3-pandas; PYENV_VERSION=system) — no ratio');
      continue;
    }
    const py = JSON.parse(
      execFileSync('python3', [new URL('./clusterSklearn.py', import.meta.url).pathname, csv, truth, String(SEED)], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: 'system' } }).trim(),
    ) as Theirs;
    console.log(
      `scikit-learn:     ${py.seconds.toFixed(3)} s (CPU ${py.cpuSeconds.toFixed(3)} s, all threads; n_init=1, lloyd, ${py.iterations} iterations), inertia ${py.inertia.toFixed(1)}, ARI ${py.ari.toFixed(4)}; ` +
        `best of 10 inits ${py.bestOf10Inertia.toFixed(1)} (${py.bestOf10Seconds.toFixed(2)} s); peak RSS ${mb(py.peakRssBytes)}`,
    );
    const ratio = km.seconds / py.seconds;
    const gap = km.inertia / py.bestOf10Inertia - 1;
    const mbGap = mbk.inertia / py.bestOf10Inertia - 1;
    console.log(`time ratio kequn/scikit-learn: ${ratio.toFixed(2)} (target ≤ 1.0: ${ratio <= 1 ? 'met' : 'MISSED'})${km.cpuSeconds !== null ? `; CPU-time ratio ${(km.cpuSeconds / py.cpuSeconds).toFixed(2)}` : ''}`);
    console.log(`inertia vs best of 10: ${(100 * gap).toFixed(3)} % (target within 1 %: ${Math.abs(gap) <= 0.01 ? 'met' : 'MISSED'}); mini-batch ${(100 * mbGap).toFixed(3)} %`);
    console.log(`ARI vs planted: ${km.ari.toFixed(4)} (target ≥ 0.9: ${km.ari >= 0.9 ? 'met' : 'MISSED'})`);
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
