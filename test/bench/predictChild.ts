// Trains on synthetic data (shared/predict/synthetic.ts) in its own process, so its peak RSS is measured alone.
// Writes the arrays for the scikit-learn peer (x.f32 column-major, y.u8, valid.u8) into DIR, then prints one JSON
// line. With `cancel`, aborts the training after the third boosting round and reports how long stopping took.
// Usage: predictChild N D trees|logistic SEED DIR [cancel]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { auc, deciles } from '#shared/predict/metrics.ts';
import { encodeRows, probabilities, type FeatureColumn } from '#shared/predict/modelSpec.ts';
import { splitByKey } from '#shared/predict/split.ts';
import { syntheticBinary } from '#shared/predict/synthetic.ts';
import { fitModel } from '#shared/predict/train.ts';

const [nText, dText, algo, seedText, dir, mode] = process.argv.slice(2);
if (!nText || !dText || (algo !== 'trees' && algo !== 'logistic') || !dir) throw new Error('usage: predictChild N D trees|logistic SEED DIR [cancel]');
const n = Number(nText);
const d = Number(dText);
const seed = Number(seedText ?? 1);
const data = syntheticBinary(n, d, seed);
const y = Int8Array.from(data.y);
const split = splitByKey(y, null, seed, 0.2);
if (mode !== 'cancel') {
  const x = new Float32Array(n * d);
  data.x.forEach((col, f) => x.set(col, f * n));
  writeFileSync(join(dir, 'x.f32'), new Uint8Array(x.buffer));
  writeFileSync(join(dir, 'y.u8'), data.y);
  const valid = new Uint8Array(n);
  for (const r of split.valid) valid[r] = 1;
  writeFileSync(join(dir, 'valid.u8'), valid);
}
const features = data.x.map((values, f): FeatureColumn => ({ ref: { name: `x${f}`, zh: `x${f}`, en: `x${f}`, kind: 'numeric' }, money: false, values, codes: null, levels: [] }));
const anyMissing = features.map((f) => f.values?.some((v) => Number.isNaN(v)) ?? false);
const controller = new AbortController();
let progressEvents = 0;
let abortedAt = 0;
const ctx = createJobContext({
  seed,
  signal: controller.signal,
  onProgress: (p) => {
    progressEvents++;
    if (mode === 'cancel' && p.step === 'predict.trees' && p.current >= 3 && abortedAt === 0) {
      abortedAt = performance.now();
      controller.abort();
    }
  },
});
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
try {
  const fit = await fitModel(features, y, split, null, { target: 'y', algo, classWeight: 'balanced' }, createRandom(seed), ctx, anyMissing);
  const seconds = (performance.now() - t0) / 1000;
  const m = encodeRows(fit.spec, features, split.valid, n);
  const p = probabilities(fit.spec, m, split.valid.length);
  const labels = Uint8Array.from(split.valid, (r) => data.y[r]!);
  process.stdout.write(
    `${JSON.stringify({ seconds, auc: auc(p, labels), liftTop10: deciles(p, labels)[0]?.lift ?? 0, iterations: fit.iterations, progressEvents, rssBeforeFitBytes: rssBefore, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
} catch (e) {
  if (mode !== 'cancel' || abortedAt === 0) throw e;
  process.stdout.write(`${JSON.stringify({ cancelled: true, afterSeconds: (abortedAt - t0) / 1000, stopMs: performance.now() - abortedAt, error: e instanceof Error ? e.name : String(e) })}\n`);
}
