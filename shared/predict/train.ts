/**
 * One training run: read the features and target (from a table, or a point-in-time training set built from the
 * fact tables around a reference date), split by customer (or time), weigh the classes, check for
 * leaks, fit the chosen algorithm (seeded), and evaluate and explain on the validation customers. Returns the
 * fitted model and its card; storing is the caller's job (modelStore.ts).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Coefficient, MissingInfo, ModelCard, PointInTimeArgs, PointInTimeInfo, PredictAlgo, TrainArgs } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom, type Random } from '#shared/jobs/random.ts';
import { listFeatures, PROFILE_TABLE } from '#shared/cluster/featureCatalog.ts';
import { MISSING_LEVEL } from '#shared/cluster/featureMatrix.ts';
import { Persons } from '#shared/profile/persons.ts';
import { binCount, fitCategoricalBinning, fitNumericBinning, MISSING_BIN, type Binning } from './binning.ts';
import { binaryTarget, hasColumn, loadColumns, readTextColumn, type Dataset } from './dataset.ts';
import { leakageWarnings, partialDependence, pdGrid, permutationImportance } from './explain.ts';
import { DEFAULT_TREES, fitTrees, type TreesParams } from './hgb.ts';
import { fitLogistic } from './logistic.ts';
import { evaluate, auc } from './metrics.ts';
import { checkTarget, defaultReferenceDate, pitOutcome, targetLabel } from './pitTarget.ts';
import { PIT_TABLE, pointInTimeFeatures, subsetColumns } from './pointInTime.ts';
import { encodeRows, moneyLog, probabilities, type FeatureColumn, type LogisticFeature, type LogisticSpec, type ModelSpec, type TreesSpec } from './modelSpec.ts';
import { splitByKey, splitByTime, type Split } from './split.ts';

/** Validation rows the permutation importance is measured on (a seeded sample above this). */
export const IMPORTANCE_ROWS = 5_000;
/** Rows partial dependence averages over. */
export const PD_ROWS = 500;
/** Features with a partial-dependence curve (the most important ones). */
export const PD_FEATURES = 4;
/** Share of the training customers held back for early stopping of the trees. */
export const STOP_FRACTION = 0.1;

export type CardBody = Omit<ModelCard, 'modelId' | 'name' | 'createdAt' | 'scoreTag'>;

export interface TrainOutcome {
  readonly spec: ModelSpec;
  readonly card: CardBody;
}

function sampleOf(rows: Uint32Array, limit: number, rnd: Random): Uint32Array {
  if (rows.length <= limit) return rows;
  const copy = Uint32Array.from(rows);
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(rnd.next() * (copy.length - i));
    const t = copy[i]!;
    copy[i] = copy[j]!;
    copy[j] = t;
  }
  return copy.slice(0, limit).sort();
}

function isConstant(f: FeatureColumn, rows: Uint32Array): boolean {
  let first: number | null = null;
  for (const r of rows) {
    const v = f.values ? f.values[r]! : f.codes![r]!;
    if (f.values && Number.isNaN(v)) continue;
    if (first === null) first = v;
    else if (v !== first) return false;
  }
  return true;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const m = values.length;
  return m % 2 === 1 ? values[(m - 1) / 2]! : (values[m / 2 - 1]! + values[m / 2]!) / 2;
}

function numericMedian(f: FeatureColumn, rows: Uint32Array, transform: boolean): number {
  const vals: number[] = [];
  for (const r of rows) {
    const v = f.values![r]!;
    if (!Number.isNaN(v)) vals.push(transform && f.money ? moneyLog(v) : v);
  }
  return median(vals);
}

function fitLogisticFeatures(features: readonly FeatureColumn[], rows: Uint32Array, anyMissing: readonly boolean[]): LogisticFeature[] {
  return features.map((f, i): LogisticFeature => {
    if (f.codes) return { kind: 'categorical', name: f.ref.name, levels: [...f.levels] };
    const med = numericMedian(f, rows, true);
    let s = 0;
    let ss = 0;
    for (const r of rows) {
      const raw = f.values![r]!;
      const v = Number.isNaN(raw) ? med : f.money ? moneyLog(raw) : raw;
      s += v;
      ss += v * v;
    }
    const mean = rows.length > 0 ? s / rows.length : 0;
    const std = Math.sqrt(Math.max(0, ss / Math.max(1, rows.length) - mean * mean)) || 1;
    return { kind: 'numeric', name: f.ref.name, money: f.money, median: med, mean, std, indicator: anyMissing[i]! };
  });
}

function logisticColumns(feats: readonly LogisticFeature[], features: readonly FeatureColumn[]): string[] {
  const out: string[] = [];
  feats.forEach((f, i) => {
    if (f.kind === 'numeric') {
      out.push(f.name);
      if (f.indicator) out.push(`${f.name} ${MISSING_LEVEL}`);
    } else {
      for (const l of f.levels) out.push(`${features[i]!.ref.name}=${l}`);
    }
  });
  return out;
}

function treesParams(args: TrainArgs): TreesParams {
  return {
    ...DEFAULT_TREES,
    maxIter: args.maxIter ?? DEFAULT_TREES.maxIter,
    learningRate: args.learningRate ?? DEFAULT_TREES.learningRate,
    maxLeafNodes: args.maxLeafNodes ?? DEFAULT_TREES.maxLeafNodes,
    maxDepth: args.maxDepth === undefined ? DEFAULT_TREES.maxDepth : args.maxDepth,
    minSamplesLeaf: args.minSamplesLeaf ?? DEFAULT_TREES.minSamplesLeaf,
  };
}

/** Every feature a table offers for a target, unless the caller chose them. */
function chooseFeatures(db: Db, table: string, args: TrainArgs & { readonly target: string }): { names: string[]; excluded: { name: string; reason: string }[] } {
  const list = listFeatures(db, table);
  const target = list.features.find((f) => f.name === args.target);
  if (!target) {
    const why = list.excluded.find((e) => e.name === args.target)?.reason;
    throw new ExpectedError('BAD_ARGUMENT', why ? `Column ${args.target} cannot be a target (${why}).` : `Table ${table} has no column ${args.target}.`, { table, target: args.target });
  }
  const user = new Set(args.exclude ?? []);
  const excluded: { name: string; reason: string }[] = [...list.excluded.map((e) => ({ name: e.name, reason: e.reason })), { name: args.target, reason: 'target' }];
  for (const u of user) excluded.push({ name: u, reason: 'excluded' });
  if (args.timeColumn) excluded.push({ name: args.timeColumn, reason: 'time_column' });
  let names: string[];
  if (args.features && args.features.length > 0) {
    names = args.features.filter((f) => f !== args.target && !user.has(f));
  } else {
    // Tags are offered but not chosen by default: earlier score tags of this very target would leak it back in.
    names = list.features.filter((f) => f.kind !== 'tag' && f.name !== args.target && !user.has(f.name) && f.name !== args.timeColumn).map((f) => f.name);
  }
  if (names.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'Choose at least one feature.', { table });
  return { names, excluded };
}

function splitRows(db: Db, data: Dataset, y: Int8Array, args: TrainArgs, seed: number, validFraction: number): { split: Split; by: 'customer' | 'time' | 'row'; key: string | null; keys: readonly (string | null)[] | null } {
  let keys: readonly (string | null)[] | null = data.oneIds;
  let key: string | null = data.oneIds ? 'one_id' : null;
  if (!keys && hasColumn(db, data.table, 'cust_no')) {
    keys = readTextColumn(db, data.table, 'cust_no', data.rowIds);
    key = 'cust_no';
  }
  if (args.timeColumn) {
    if (!hasColumn(db, data.table, args.timeColumn)) throw new ExpectedError('BAD_ARGUMENT', `Table ${data.table} has no column ${args.timeColumn}.`, { table: data.table, column: args.timeColumn });
    const dates = readTextColumn(db, data.table, args.timeColumn, data.rowIds);
    return { split: splitByTime(y, dates, validFraction, args.splitDate), by: 'time', key: args.timeColumn, keys };
  }
  return { split: splitByKey(y, keys, seed, validFraction), by: keys ? 'customer' : 'row', key, keys };
}

function labelsOf(y: Int8Array, rows: Uint32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  rows.forEach((r, k) => (out[k] = y[r] === 1 ? 1 : 0));
  return out;
}

export interface FitResult {
  readonly spec: ModelSpec;
  readonly iterations: number;
  readonly params: Record<string, number | string | null>;
}

/**
 * Fits the chosen algorithm on the training rows of `split` (labels `y`: 1, 0, or −1 for none). Class weights
 * `balanced` give each class half the total weight; the prior correction in `spec.offset` undoes it in the scores.
 * Trees hold back {@link STOP_FRACTION} of the training customers (by `keys`) for early stopping.
 */
export async function fitModel(
  features: readonly FeatureColumn[],
  y: Int8Array,
  split: Split,
  keys: readonly (string | null)[] | null,
  args: TrainArgs & { readonly algo: PredictAlgo; readonly classWeight: 'none' | 'balanced' },
  rnd: Random,
  ctx: JobContext,
  anyMissing: readonly boolean[],
): Promise<FitResult> {
  const n = y.length;
  const nTrain = split.train.length;
  let posTrain = 0;
  for (const r of split.train) if (y[r] === 1) posTrain++;
  const balanced = args.classWeight === 'balanced';
  const wPos = balanced ? nTrain / (2 * posTrain) : 1;
  const wNeg = balanced ? nTrain / (2 * (nTrain - posTrain)) : 1;
  const w = new Float64Array(n);
  const yy = new Uint8Array(n);
  for (const rows of [split.train, split.valid]) {
    for (const r of rows) {
      yy[r] = y[r] === 1 ? 1 : 0;
      w[r] = y[r] === 1 ? wPos : wNeg;
    }
  }
  // Prior correction: weighting multiplies the fitted odds by wPos / wNeg; subtracting its log gives probabilities.
  const offset = -Math.log(wPos / wNeg);
  const medians: Record<string, number> = {};
  features.forEach((f) => {
    if (f.values) medians[f.ref.name] = numericMedian(f, split.train, false);
  });
  const params: Record<string, number | string | null> = { classWeight: args.classWeight };
  if (args.algo === 'trees') {
    const p = treesParams(args);
    Object.assign(params, { maxIter: p.maxIter, learningRate: p.learningRate, maxLeafNodes: p.maxLeafNodes, maxDepth: p.maxDepth, minSamplesLeaf: p.minSamplesLeaf, l2: p.l2, nIterNoChange: p.nIterNoChange });
    const inner = nTrain >= 1_000 ? splitByKey(Int8Array.from(split.train, (r) => y[r]!), keys ? Array.from(split.train, (r) => keys[r] ?? null) : null, rnd.int(0, 2 ** 31), STOP_FRACTION, 1) : null;
    const stopRows = inner ? Uint32Array.from(inner.valid, (k) => split.train[k]!) : new Uint32Array(0);
    const fitRows = inner ? Uint32Array.from(inner.train, (k) => split.train[k]!) : split.train;
    const binnings: (Binning & { name: string })[] = features.map((f) =>
      f.values ? { ...fitNumericBinning(f.values, fitRows, rnd), name: f.ref.name } : { ...fitCategoricalBinning(f.codes!, f.levels, yy, fitRows), name: f.ref.name },
    );
    const partial: TreesSpec = { algo: 'trees', features: binnings, booster: { baseline: 0, trees: [] }, medians, offset };
    // Column-major bytes for the histograms: bins[f * n + r], encoded in chunks so memory stays at n × d bytes.
    const d = features.length;
    const bins = new Uint8Array(d * n);
    const CHUNK = 65_536;
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      const rows = new Uint32Array(count).map((_, k) => start + k);
      const m = encodeRows(partial, features, rows, n);
      for (let k = 0; k < count; k++) for (let f = 0; f < d; f++) bins[f * n + start + k] = m[k * d + f]!;
      ctx.progress('predict.bin', start + count, n);
      await ctx.checkpoint();
    }
    const fit = await fitTrees({ data: { n, d, bins, binCounts: binnings.map((b) => Math.min(binCount(b), MISSING_BIN)) }, y: yy, w, trainRows: fitRows, stopRows }, p, ctx);
    return { spec: { ...partial, booster: fit.booster }, iterations: fit.booster.trees.length, params };
  }
  const l2 = args.l2 ?? 1;
  params['l2'] = l2;
  const feats = fitLogisticFeatures(features, split.train, anyMissing);
  const columns = logisticColumns(feats, features);
  if (columns.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'No feature column to fit.', {});
  const zeros = new Array<number>(columns.length).fill(0);
  const partial: LogisticSpec = { algo: 'logistic', features: feats, columns, intercept: 0, coef: zeros, columnMeans: zeros, medians, offset };
  const x = encodeRows(partial, features, null, n);
  const d = columns.length;
  const means = new Float64Array(d);
  for (const r of split.train) for (let j = 0; j < d; j++) means[j]! += x[r * d + j]!;
  for (let j = 0; j < d; j++) means[j] = means[j]! / nTrain;
  const fit = await fitLogistic(x, d, yy, w, split.train, l2, ctx);
  return { spec: { ...partial, intercept: fit.intercept, coef: fit.coef, columnMeans: Array.from(means) }, iterations: fit.iterations, params };
}

export interface Explained {
  readonly metrics: ModelCard['metrics'];
  readonly trainAuc: number;
  readonly importance: ModelCard['importance'];
  readonly partialDependence: ModelCard['partialDependence'];
  readonly coefficients: Coefficient[] | null;
}

/** Validation metrics, training AUC (on up to 50,000 rows), permutation importance, partial dependence, coefficients. */
export async function explainModel(spec: ModelSpec, features: readonly FeatureColumn[], y: Int8Array, split: Split, rnd: Random, ctx: JobContext): Promise<Explained> {
  const n = y.length;
  const mValid = encodeRows(spec, features, split.valid, n);
  const metrics = evaluate(probabilities(spec, mValid, split.valid.length), labelsOf(y, split.valid));
  const trainSample = sampleOf(split.train, 50_000, rnd);
  const trainAuc = auc(probabilities(spec, encodeRows(spec, features, trainSample, n), trainSample.length), labelsOf(y, trainSample));
  const impRows = sampleOf(split.valid, IMPORTANCE_ROWS, rnd);
  const mImp = encodeRows(spec, features, impRows, n);
  const refs = features.map((f) => f.ref);
  const importance = await permutationImportance(spec, refs, mImp, impRows.length, labelsOf(y, impRows), rnd, ctx);
  const pdRows = sampleOf(split.valid, PD_ROWS, rnd);
  const mPd = encodeRows(spec, features, pdRows, n);
  const pd = importance.slice(0, PD_FEATURES).map((imp) => {
    const f = features.findIndex((x) => x.ref.name === imp.feature);
    return partialDependence(spec, refs[f]!, f, pdGrid(features[f]!, split.train), mPd, pdRows.length);
  });
  let coefficients: Coefficient[] | null = null;
  if (spec.algo === 'logistic') {
    const owner: string[] = [];
    spec.features.forEach((f) => {
      const width = f.kind === 'numeric' ? (f.indicator ? 2 : 1) : f.levels.length;
      for (let j = 0; j < width; j++) owner.push(f.name);
    });
    coefficients = spec.columns.map((c, j) => ({ column: c, feature: owner[j]!, coef: spec.coef[j]!, oddsRatio: Math.exp(spec.coef[j]!) })).sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
  }
  return { metrics, trainAuc, importance, partialDependence: pd, coefficients };
}

interface Prepared {
  readonly table: string;
  readonly target: string;
  readonly positive: string;
  readonly rows: number;
  /** Candidate features, over the same rows as `y`. */
  readonly candidates: readonly FeatureColumn[];
  readonly y: Int8Array;
  readonly split: Split;
  readonly by: 'customer' | 'time' | 'row';
  readonly key: string | null;
  readonly keys: readonly (string | null)[] | null;
  readonly excluded: { name: string; reason: string }[];
  readonly pointInTime?: PointInTimeInfo;
}

async function prepareTable(db: Db, args: TrainArgs, ctx: JobContext, validFraction: number): Promise<Prepared> {
  const table = args.table ?? PROFILE_TABLE;
  const targetName = args.target;
  if (targetName === undefined || targetName === '') throw new ExpectedError('BAD_ARGUMENT', 'Choose a target column (or a point-in-time target).', { table });
  const chosen = chooseFeatures(db, table, { ...args, target: targetName });
  const data = await loadColumns(db, table, [...chosen.names, targetName], ctx);
  const targetCol = data.features[data.features.length - 1]!;
  const target = binaryTarget(targetCol, args.positive);
  const { split, by, key, keys } = splitRows(db, data, target.y, args, ctx.seed, validFraction);
  return { table, target: targetName, positive: target.positive, rows: data.n, candidates: data.features.slice(0, -1), y: target.y, split, by, key, keys, excluded: [...chosen.excluded] };
}

/** Training rows of a point-in-time target: features before the reference date, the outcome on/after it. */
async function preparePointInTime(db: Db, args: TrainArgs & { readonly pointInTime: PointInTimeArgs }, ctx: JobContext, asOfDate: string | null, validFraction: number): Promise<Prepared> {
  if (args.timeColumn) throw new ExpectedError('BAD_ARGUMENT', 'A point-in-time model is split by customer; a time column does not apply.', { timeColumn: args.timeColumn });
  const t = args.pointInTime.target;
  const given = args.pointInTime.referenceDate;
  if (given === undefined && asOfDate === null) throw new ExpectedError('BAD_ARGUMENT', 'The workspace has no as-of date: give the reference date.', {});
  const referenceDate = given ?? defaultReferenceDate(asOfDate!, t);
  const end = checkTarget(t, referenceDate, asOfDate);
  const persons = Persons.load(db);
  if (persons.size === 0) throw new ExpectedError('BAD_ARGUMENT', 'The workspace has no customers with a ONE_ID: import customers first.', {});
  const f = await pointInTimeFeatures(db, persons, referenceDate, ctx);
  const outcome = await pitOutcome(db, persons, f, t, end, ctx);
  const label = targetLabel(t);
  const user = new Set(args.exclude ?? []);
  const wanted = args.features && args.features.length > 0 ? new Set(args.features) : null;
  const excluded: { name: string; reason: string }[] = [];
  const kept = f.features.filter((c) => {
    if (!user.has(c.ref.name)) return !wanted || wanted.has(c.ref.name);
    excluded.push({ name: c.ref.name, reason: 'excluded' });
    return false;
  });
  if (kept.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'Choose at least one feature.', {});
  const keys = Array.from(outcome.rows, (p) => f.oneIds[p] ?? null);
  return {
    table: PIT_TABLE,
    target: label.key,
    positive: '1',
    rows: outcome.rows.length,
    candidates: subsetColumns(kept, outcome.rows),
    y: outcome.y,
    split: splitByKey(outcome.y, keys, ctx.seed, validFraction),
    by: 'customer',
    key: 'one_id',
    keys,
    excluded,
    pointInTime: {
      referenceDate,
      outcomeEnd: end,
      target: t,
      targetZh: label.zh,
      targetEn: label.en,
      customers: outcome.rows.length,
      excluded: outcome.excluded,
      latestFeatureDate: f.latestFeatureDate,
    },
  };
}

/** Trains and evaluates; `asOfDate` goes into the card, `now` (ms) times the run. */
export async function trainModel(db: Db, args: TrainArgs, ctx: JobContext, asOfDate: string | null, now: () => number): Promise<TrainOutcome> {
  const started = now();
  const algo: PredictAlgo = args.algo ?? 'trees';
  const classWeight = args.classWeight ?? 'balanced';
  const validFraction = args.validFraction ?? 0.2;
  if (!(validFraction > 0 && validFraction < 1)) throw new ExpectedError('BAD_ARGUMENT', 'validFraction must be between 0 and 1.', { validFraction });
  const seed = ctx.seed;
  const rnd = createRandom(seed);
  const pit = args.pointInTime;
  const prep = pit ? await preparePointInTime(db, { ...args, pointInTime: pit }, ctx, asOfDate, validFraction) : await prepareTable(db, args, ctx, validFraction);
  const { table, y, split, by, key, keys } = prep;
  const count = (rows: Uint32Array): number => rows.reduce((s, r) => s + (y[r] === 1 ? 1 : 0), 0);
  const posTrain = count(split.train);
  const posValid = count(split.valid);
  if (posTrain === 0 || posTrain === split.train.length || posValid === 0 || posValid === split.valid.length) {
    throw new ExpectedError('BAD_ARGUMENT', `Both target values must occur in training and validation (training ${posTrain}/${split.train.length}, validation ${posValid}/${split.valid.length} positive).`, { target: prep.target });
  }
  const excluded = [...prep.excluded];
  const features = prep.candidates.filter((f) => {
    if (isConstant(f, split.train)) {
      excluded.push({ name: f.ref.name, reason: 'constant' });
      return false;
    }
    return true;
  });
  if (features.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'Every chosen feature is constant on the training rows.', { table });
  const missing: MissingInfo[] = [];
  const anyMissing = features.map((f) => {
    let miss = 0;
    if (f.values) {
      for (let i = 0; i < prep.rows; i++) if (Number.isNaN(f.values[i]!)) miss++;
    } else {
      const mc = f.levels.indexOf(MISSING_LEVEL);
      if (mc >= 0) for (let i = 0; i < prep.rows; i++) if (f.codes![i] === mc) miss++;
    }
    if (miss > 0) missing.push({ feature: f.ref.name, missing: miss, handling: f.codes ? 'level' : algo === 'trees' ? 'own-bin' : 'median+indicator' });
    return miss > 0 && f.values !== null;
  });
  const leakage = leakageWarnings(features, y, split.train);
  const fitted = await fitModel(features, y, split, keys, { ...args, algo, classWeight }, rnd, ctx, anyMissing);
  const spec = fitted.spec;
  const ev = await explainModel(spec, features, y, split, rnd, ctx);
  return {
    spec,
    card: {
      asOfDate,
      table,
      target: prep.target,
      positive: prep.positive,
      algo,
      seed,
      classWeight,
      split: { by, key, splitDate: split.splitDate, validFraction },
      rows: prep.rows,
      unlabelled: y.reduce((s, v) => s + (v < 0 ? 1 : 0), 0),
      nTrain: split.train.length,
      nValid: split.valid.length,
      positivesTrain: posTrain,
      features: features.map((f) => f.ref),
      params: { ...fitted.params, validFraction },
      iterations: fitted.iterations,
      trainSeconds: (now() - started) / 1000,
      metrics: ev.metrics,
      trainAuc: ev.trainAuc,
      importance: ev.importance,
      partialDependence: ev.partialDependence,
      coefficients: ev.coefficients,
      leakage,
      missing,
      excluded,
      ...(prep.pointInTime ? { pointInTime: prep.pointInTime } : {}),
    },
  };
}
