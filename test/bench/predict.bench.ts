/**
 * Prediction benchmark, with scikit-learn 1.2 in the same run on the same data and the same validation rows:
 * 1. bank-marketing (45,211 rows, target y, `duration` excluded): validation AUC and top-decile lift of our
 *    gradient-boosted trees vs HistGradientBoostingClassifier and our logistic regression vs LogisticRegression
 *    (target: trees AUC within 0.01 of scikit-learn's);
 * 2. synthetic training (shared/predict/synthetic.ts: interaction, threshold, informative missing values) at
 *    N × D: time, peak RSS, AUC for both, and a cancel run that aborts after the third boosting round.
 * Options: `--quick` (synthetic 200,000 × 50), `--rows N`, `--features D`, `--algos trees,logistic`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { keyUniform } from '#shared/predict/split.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, rows: { type: 'string' }, features: { type: 'string' }, algos: { type: 'string' } } });
const rows = Number(values.rows ?? (values.quick ? 200_000 : 1_000_000));
const features = Number(values.features ?? 50);
const algos = (values.algos ?? 'trees,logistic').split(',') as ('trees' | 'logistic')[];
const SEED = 1;
const BANK = join(process.cwd(), '..', 'shared', 'data', 'bank-marketing', 'bank-full.csv');
const dir = mkdtempSync(join(tmpdir(), 'kequn-predict-bench-'));
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const env = { ...process.env, PYENV_VERSION: 'system' };

interface Peer {
  readonly auc: number;
  readonly lift_top10: number;
  readonly seconds: number;
  readonly iterations: number;
}

function python(args: readonly string[]): (Record<string, Peer> & { peakRssBytes: number }) | null {
  if (spawnSync('python3', ['-c', 'import sklearn, pandas'], { env }).status !== 0) return null;
  const script = new URL('./predictSklearn.py', import.meta.url).pathname;
  return JSON.parse(execFileSync('python3', [script, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 24 }).trim()) as Record<string, Peer> & { peakRssBytes: number };
}

function child(args: readonly string[]): Record<string, number | boolean | string> {
  const script = new URL('./predictChild.ts', import.meta.url).pathname;
  return JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=12288', '--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim()) as Record<string, number | boolean | string>;
}

try {
  console.log(`# Prediction benchmark (seed ${SEED})`);
  console.log('\n## bank-marketing, target y, duration excluded, 20 % validation rows (same rows for both)');
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'bench' });
  const imported = await engine.call('ingest.run', { files: [{ file: { name: 'bank-full.csv', blob: new Blob([readFileSync(BANK)]) }, kind: 'table' }] });
  const table = imported.files[0]?.table ?? '';
  const n = imported.files[0]?.accepted ?? 0;
  // The engine splits rows without a customer key by a seeded hash of the row position: the peer gets that mask.
  const mask: number[] = Array.from({ length: n }, (_, i) => (keyUniform(`#${i}`, SEED) < 0.2 ? 1 : 0));
  const validRows = mask.reduce((a, b) => a + b, 0);
  writeFileSync(join(dir, 'mask.txt'), `${mask.join('\n')}\n`);
  const peerBank = python(['bank', BANK, join(dir, 'mask.txt')]);
  for (const algo of ['trees', 'logistic'] as const) {
    const t0 = performance.now();
    const card = await engine.call('predict.train', { table, target: 'y', exclude: ['duration'], algo }, { seed: SEED });
    const seconds = (performance.now() - t0) / 1000;
    if (card.nValid !== validRows) throw new Error(`validation rows differ: ${card.nValid} vs ${validRows}`);
    const peer = peerBank?.[algo];
    const name = algo === 'trees' ? 'HistGradientBoostingClassifier' : 'LogisticRegression';
    console.log(
      `${algo.padEnd(8)} ours: AUC ${card.metrics.auc.toFixed(4)}, lift@10% ${card.metrics.liftTop10.toFixed(2)}, ${card.iterations} iterations, ${seconds.toFixed(1)} s (whole job: read, fit, evaluate, explain)` +
        (peer ? `\n${''.padEnd(9)}${name}: AUC ${peer.auc.toFixed(4)}, lift@10% ${peer.lift_top10.toFixed(2)}, ${peer.iterations} iterations, fit ${peer.seconds.toFixed(1)} s; AUC difference ${(card.metrics.auc - peer.auc).toFixed(4)}${algo === 'trees' ? (Math.abs(card.metrics.auc - peer.auc) <= 0.01 ? ' (within 0.01 ✓)' : ' (NOT within 0.01 ✗)') : ''}` : '\n         scikit-learn not available'),
    );
  }

  console.log(`\n## synthetic ${rows.toLocaleString()} × ${features} (interaction, threshold, 10 % informative missing), 20 % validation rows`);
  for (const algo of algos) {
    const ours = child([String(rows), String(features), algo, String(SEED), dir]);
    const peer = python(['arrays', dir, String(rows), String(features), algo]);
    const theirs = peer?.[algo];
    console.log(
      `${algo.padEnd(8)} ours: fit ${Number(ours['seconds']).toFixed(1)} s, AUC ${Number(ours['auc']).toFixed(4)}, lift@10% ${Number(ours['liftTop10']).toFixed(2)}, ${String(ours['iterations'])} iterations, ${String(ours['progressEvents'])} progress events, ` +
        `peak RSS ${mb(Number(ours['peakRssBytes']))} (data before fit ${mb(Number(ours['rssBeforeFitBytes']))})` +
        (theirs && peer ? `\n${''.padEnd(9)}scikit-learn: fit ${theirs.seconds.toFixed(1)} s, AUC ${theirs.auc.toFixed(4)}, lift@10% ${theirs.lift_top10.toFixed(2)}, ${theirs.iterations} iterations, peak RSS ${mb(peer.peakRssBytes)}; AUC difference ${(Number(ours['auc']) - theirs.auc).toFixed(4)}` : ''),
    );
  }
  if (algos.includes('trees')) {
    const c = child([String(rows), String(features), 'trees', String(SEED), dir, 'cancel']);
    console.log(`cancel   aborted after round 3 (${Number(c['afterSeconds']).toFixed(1)} s in): stopped in ${Number(c['stopMs']).toFixed(0)} ms with ${String(c['error'])}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
