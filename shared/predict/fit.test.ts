import { describe, expect, it } from 'vitest';
import { CancelledError } from '#shared/api/errors.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { boosterContributions } from './hgb.ts';
import { auc } from './metrics.ts';
import { encodeRows, probabilities, rawScores, type FeatureColumn } from './modelSpec.ts';
import { splitByKey } from './split.ts';
import { syntheticBinary } from './synthetic.ts';
import { explainModel, fitModel } from './train.ts';

function columns(n: number, d: number, seed: number): { features: FeatureColumn[]; y: Int8Array; truth: Float64Array } {
  const s = syntheticBinary(n, d, seed);
  const features = s.x.map((values, f): FeatureColumn => ({ ref: { name: `x${f}`, zh: `特征${f}`, en: `x${f}`, kind: 'numeric' }, money: false, values, codes: null, levels: [] }));
  // The oracle: the true log-odds without the noise of the draw (missing x1 adds +1).
  const truth = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const x = (f: number): number => s.x[f]![r]!;
    let z = -2 + 0.8 * x(0) + (Number.isNaN(x(1)) ? 1 : -0.6 * x(1)) + (x(2) > 0.5 ? 1.2 : 0) + 0.9 * x(0) * x(3);
    for (let f = 4; f < d; f += 5) z += 0.1 * x(f);
    truth[r] = z;
  }
  return { features, y: Int8Array.from(s.y), truth };
}

const ctx = () => createJobContext({ seed: 5 });
const n = 20_000;
const data = columns(n, 6, 11);
const split = splitByKey(data.y, null, 5, 0.2);
const anyMissing = data.features.map((f) => f.values?.some((v) => Number.isNaN(v)) ?? false);
const validLabels = Uint8Array.from(split.valid, (r) => data.y[r]!);
const oracleAuc = auc(Array.from(split.valid, (r) => data.truth[r]!), validLabels);

describe('fitting on synthetic data with an interaction, a threshold and informative missing values', () => {
  it('gradient-boosted trees come close to the true model and beat a linear one', async () => {
    const trees = await fitModel(data.features, data.y, split, null, { target: 'y', algo: 'trees', classWeight: 'balanced' }, createRandom(1), ctx(), anyMissing);
    const logit = await fitModel(data.features, data.y, split, null, { target: 'y', algo: 'logistic', classWeight: 'balanced' }, createRandom(1), ctx(), anyMissing);
    const score = (spec: typeof trees.spec): number => auc(probabilities(spec, encodeRows(spec, data.features, split.valid, n), split.valid.length), validLabels);
    const aTrees = score(trees.spec);
    const aLogit = score(logit.spec);
    expect(aTrees).toBeGreaterThan(oracleAuc - 0.02);
    expect(aTrees).toBeGreaterThan(aLogit + 0.01);
    // Early stopping ends well before the 200-round cap at learning rate 0.1 on this little signal.
    expect(trees.iterations).toBeLessThan(200);
  });

  it('logistic coefficients read the right way, with a visible missing-value column', async () => {
    const fit = await fitModel(data.features, data.y, split, null, { target: 'y', algo: 'logistic', classWeight: 'none' }, createRandom(1), ctx(), anyMissing);
    const spec = fit.spec;
    if (spec.algo !== 'logistic') throw new Error('expected logistic');
    const coef = (c: string): number => spec.coef[spec.columns.indexOf(c)]!;
    expect(spec.columns).toContain('x1 (缺失)');
    expect(coef('x0')).toBeGreaterThan(0.3);
    expect(coef('x1')).toBeLessThan(-0.3);
    expect(coef('x1 (缺失)')).toBeGreaterThan(0.5);
    expect(Math.abs(coef('x5'))).toBeLessThan(0.1);
  });

  it('balanced class weights still give probabilities at the real base rate (prior correction)', async () => {
    const fit = await fitModel(data.features, data.y, split, null, { target: 'y', algo: 'logistic', classWeight: 'balanced' }, createRandom(1), ctx(), anyMissing);
    const p = probabilities(fit.spec, encodeRows(fit.spec, data.features, split.valid, n), split.valid.length);
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const rate = validLabels.reduce((a, b) => a + b, 0) / validLabels.length;
    expect(Math.abs(meanP - rate)).toBeLessThan(0.03);
  });

  it('is reproducible from the seed and can be cancelled', async () => {
    const args = { target: 'y', algo: 'trees' as const, classWeight: 'none' as const, maxIter: 5 };
    const a = await fitModel(data.features, data.y, split, null, args, createRandom(3), ctx(), anyMissing);
    const b = await fitModel(data.features, data.y, split, null, args, createRandom(3), ctx(), anyMissing);
    expect(JSON.stringify(a.spec)).toBe(JSON.stringify(b.spec));
    const controller = new AbortController();
    controller.abort();
    await expect(fitModel(data.features, data.y, split, null, args, createRandom(3), createJobContext({ signal: controller.signal }), anyMissing)).rejects.toBeInstanceOf(CancelledError);
  });

  it('tree reasons add up to the score, and the explanation ranks the true drivers first', async () => {
    const fit = await fitModel(data.features, data.y, split, null, { target: 'y', algo: 'trees', classWeight: 'none', maxIter: 40 }, createRandom(2), ctx(), anyMissing);
    if (fit.spec.algo !== 'trees') throw new Error('expected trees');
    const m = encodeRows(fit.spec, data.features, split.valid.subarray(0, 50), n);
    const raw = rawScores(fit.spec, m, 50);
    const out = new Float64Array(6);
    for (let r = 0; r < 50; r++) {
      const bias = boosterContributions(fit.spec.booster, m, 6, r, out);
      expect(bias + out.reduce((a, b) => a + b, 0)).toBeCloseTo(raw[r]!, 6);
    }
    const ex = await explainModel(fit.spec, data.features, data.y, split, createRandom(4), ctx());
    // x3 matters through its interaction with x0; x4 and x5 are noise.
    expect(ex.importance.slice(0, 4).map((i) => i.feature).sort()).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(ex.metrics.liftTop10).toBeGreaterThan(2);
    const pd = ex.partialDependence.find((p) => p.feature === 'x2');
    const first = pd?.points[0]?.p ?? 1;
    const last = pd?.points[pd.points.length - 1]?.p ?? 0;
    expect(last).toBeGreaterThan(first);
  });
});
