/**
 * One clustering run end to end: read and prepare the features, choose k (given, or scanned), cluster with the
 * chosen algorithm (seeded), order groups by size so the same seed and data give the same labels, measure
 * quality, explain and name the groups (keeping names of groups found again), place rows on the 2-D map, and
 * store `cluster_run` and `cluster_member`.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterAlgorithm, ClusterGroup, ClusterRunResult, ClusterSettings, KScanResult } from '#shared/api/clusterTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { PROFILE_TABLE } from './featureCatalog.ts';
import { buildModel, loadRaw, type ModelData, type RawData } from './featureMatrix.ts';
import { distinguishing, profileGroups } from './explain.ts';
import { kmeansSteps, type KMeansResult } from './kmeans.ts';
import { kmeansPlusPlus } from './kmeansPlusPlus.ts';
import { kprototypesSteps } from './kprototypes.ts';
import { miniBatchSteps } from './miniBatch.ts';
import { distinctNames, matchByProfile, matchGroups, nameWords } from './naming.ts';
import { fitPca2D, project2D } from './pca.ts';
import { calinskiHarabasz, clusterSizes, daviesBouldin, sampledSilhouette } from './quality.ts';
import { sampleIndices, takeRows } from './sampling.ts';
import { DEFAULT_SCAN, scanK } from './scanK.ts';
import { latestComparableRun, memberClusters, saveRun } from './clusterStore.ts';

/** Stored with every run; bump when a change to the algorithms can change results for the same seed and data. */
export const ALGORITHM_VERSION = 'kequn-cluster 2 (best of N greedy k-means++ + k-means on a sample of max(15k, 1k·k) rows, then Hamerly or mini-batch on all rows; k-prototypes; feature weights; k = auto scans with silhouette on 10k rows)';
/** Rows of the seeding sample (at least 1,000 per group): larger tables are seeded by clustering a seeded sample. */
export function seedSampleRows(k: number): number {
  return Math.max(15_000, 1_000 * k);
}
/** Iterations of each seeding restart on the sample: enough to rank the restarts; the run on all rows finishes the job. */
const SEED_ITERATIONS = 30;
/**
 * `auto` switches to mini-batch from this many rows. Not at 1M: after seeding on a sample, Hamerly k-means on
 * 1M × 16 converged in 2 passes and took about half the time of mini-batch (test/bench/cluster.bench.ts), whose
 * final full assignment alone costs a pass; mini-batch pays off only when full passes get too many or too slow.
 */
export const MINIBATCH_FROM = 5_000_000;
export const MANY_INITS_UP_TO = 100_000;
/** Rows the reported silhouette is measured on. */
export const SILHOUETTE_ROWS = 10_000;
/** Largest silhouette sample a scan accepts: the time grows with its square (about 50 s per k at 50,000 × 30). */
export const MAX_SILHOUETTE_ROWS = 50_000;
/** Rows used to fit the map axes. */
const PCA_ROWS = 200_000;
const MAX_K = 50;

export function normalizeSettings(s: ClusterSettings): Required<ClusterSettings> {
  return {
    table: s.table ?? PROFILE_TABLE,
    features: [...s.features],
    scale: s.scale ?? 'standard',
    logMoney: s.logMoney ?? true,
    categorical: s.categorical ?? 'onehot',
    missing: s.missing ?? 'impute',
    algorithm: s.algorithm ?? 'auto',
    inits: s.inits ?? 0,
    clip: s.clip ?? 5,
    weights: checkedWeights(s),
  };
}

/** The feature weights of the settings, each a finite number > 0 of a chosen feature (1 is left out). */
function checkedWeights(s: ClusterSettings): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [feature, w] of Object.entries(s.weights ?? {})) {
    if (!s.features.includes(feature)) throw new ExpectedError('BAD_ARGUMENT', `Weight given for ${feature}, which is not a chosen feature.`, { feature });
    if (!(Number.isFinite(w) && w > 0)) throw new ExpectedError('BAD_ARGUMENT', `The weight of ${feature} must be a number greater than 0; got ${w}.`, { feature, weight: w });
    if (w !== 1) out[feature] = w;
  }
  return out;
}

/** Seeding restarts: the setting, or by default 10 up to {@link MANY_INITS_UP_TO} rows (scikit-learn's classic n_init) and 4 above. */
export function initsFor(settings: Required<ClusterSettings>, rows: number): number {
  if (settings.inits > 0) return Math.min(20, Math.floor(settings.inits));
  return rows <= MANY_INITS_UP_TO ? 10 : 4;
}

export function resolveAlgorithm(settings: Required<ClusterSettings>, model: ModelData): Exclude<ClusterAlgorithm, 'auto'> {
  if (settings.algorithm === 'kprototypes' && !model.mixed) return 'kmeans';
  if (settings.algorithm !== 'auto') return settings.algorithm;
  if (settings.categorical === 'kprototypes' && model.mixed) return 'kprototypes';
  return model.n >= MINIBATCH_FROM ? 'minibatch' : 'kmeans';
}

export async function prepare(db: Db, settings: Required<ClusterSettings>, ctx: JobContext): Promise<{ raw: RawData; model: ModelData }> {
  const raw = await loadRaw(db, settings.table, settings.features, ctx);
  ctx.progress('cluster.prepare', 0, 1);
  const model = buildModel(raw, settings);
  ctx.progress('cluster.prepare', 1, 1);
  return { raw, model };
}

/**
 * Scans k for the settings (see scanK.ts). The scan always runs k-means on the model matrix (categories one-hot),
 * also when the run itself will use k-prototypes: the measures need one distance for all four.
 */
export async function scan(db: Db, settings: Required<ClusterSettings>, range: { kMin?: number; kMax?: number; sampleRows?: number }, ctx: JobContext, now: () => number): Promise<KScanResult> {
  const { model } = await prepare(db, settings, ctx);
  const t0 = now();
  const kMin = Math.max(2, range.kMin ?? DEFAULT_SCAN.kMin);
  const kMax = Math.min(MAX_K, Math.max(kMin, range.kMax ?? DEFAULT_SCAN.kMax));
  const r = await scanK(model.x, model.n, model.d, ctx.seed, { ...DEFAULT_SCAN, kMin, kMax, evalRows: Math.min(MAX_SILHOUETTE_ROWS, Math.max(100, range.sampleRows ?? DEFAULT_SCAN.evalRows)) }, ctx);
  return { points: r.points, recommendedK: r.recommendedK, scanRows: r.scanRows, silhouetteRows: r.evalRows, rows: model.n, seed: ctx.seed, seconds: (now() - t0) / 1000 };
}

interface Fit extends KMeansResult {
  /** Distance of each row to its group centre in the model space (the cost for k-prototypes). */
  readonly cost: (row: number) => number;
}

async function drive<S, R>(it: Generator<S, R, void>, ctx: JobContext, report: (s: S) => void): Promise<R> {
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    report(r.value);
    await ctx.checkpoint();
  }
}

async function fit(model: ModelData, k: number, algorithm: Exclude<ClusterAlgorithm, 'auto'>, seed: number, restarts: number, ctx: JobContext): Promise<Fit> {
  const { x, n, d } = model;
  const random = createRandom(seed);
  const sqDistTo = (centers: Float64Array, labels: Int32Array) => (row: number): number => {
    let acc = 0;
    const co = (labels[row] as number) * d;
    for (let t = 0; t < d; t++) acc += ((x[row * d + t] as number) - (centers[co + t] as number)) ** 2;
    return acc;
  };
  if (algorithm === 'kprototypes' && model.mixed) {
    const mixed = model.mixed;
    const gamma = 0.5 * model.numericSpread || 0.5;
    const r = await drive(kprototypesSteps(mixed, k, gamma, random), ctx, (s) => ctx.progress('cluster.iterate', s.iteration, 100, `${s.changed}`));
    // Centres in the one-hot space (for the map, silhouette and typical members): means of the members' rows.
    const centers = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const j = r.labels[i] as number;
      counts[j] = (counts[j] as number) + 1;
      for (let t = 0; t < d; t++) centers[j * d + t] = (centers[j * d + t] as number) + (x[i * d + t] as number);
    }
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) centers[j * d + t] = (centers[j * d + t] as number) / Math.max(1, counts[j] as number);
    return { ...r, centers, cost: sqDistTo(centers, r.labels) };
  }
  // Seeding: k-means++ then k-means on a seeded sample, restarted `restarts` times; the best sample solution
  // starts the run on all rows. Bad local optima are common with one k-means++ start (a third of the starts on
  // eight overlapping blobs), and finding them on a sample costs a fraction of one pass over a large table.
  const seedIdx = sampleIndices(n, seedSampleRows(k), random);
  const m = seedIdx.length;
  const seedRows = m === n ? x : takeRows(x, d, seedIdx);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const start = kmeansPlusPlus(seedRows, m, d, k, random);
    const res = await drive(kmeansSteps(seedRows, m, d, start, { maxIter: m === n ? 300 : SEED_ITERATIONS }), ctx, (st) => ctx.progress('cluster.seed', r, restarts, `${r + 1}/${restarts} · ${st.iteration}`));
    if (!best || res.inertia < best.inertia) best = res;
  }
  if (!best) throw new ExpectedError('BAD_ARGUMENT', 'inits must be at least 1.', {});
  if (m === n && algorithm === 'kmeans') return { ...best, cost: sqDistTo(best.centers, best.labels) };
  const r =
    algorithm === 'minibatch'
      ? await drive(miniBatchSteps(x, n, d, best.centers, random), ctx, (st) => ctx.progress('cluster.iterate', st.step, st.maxSteps))
      : await drive(kmeansSteps(x, n, d, best.centers), ctx, (st) => ctx.progress('cluster.iterate', st.iteration, 300, `${st.changed}`));
  return { ...r, cost: sqDistTo(r.centers, r.labels) };
}

/** Relabels groups by size, largest first (ties: the group whose first row comes first), so labels are reproducible. */
function canonicalOrder(labels: Int32Array, k: number): Int32Array {
  const sizes = clusterSizes(labels, k);
  const first = new Array<number>(k).fill(Number.MAX_SAFE_INTEGER);
  labels.forEach((l, i) => {
    if ((first[l] ?? 0) > i) first[l] = i;
  });
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0) || (first[a] ?? 0) - (first[b] ?? 0));
  const newOf = new Int32Array(k);
  order.forEach((old, i) => (newOf[old] = i));
  return newOf;
}

function permuteCenters(centers: Float64Array, d: number, newOf: Int32Array): Float64Array {
  const out = new Float64Array(centers.length);
  newOf.forEach((nw, old) => out.set(centers.subarray(old * d, old * d + d), nw * d));
  return out;
}

export interface RunArgs extends ClusterSettings {
  readonly k: number | 'auto';
}

export async function runClustering(db: Db, host: Pick<Host, 'now' | 'appVersion'>, args: RunArgs, ctx: JobContext): Promise<ClusterRunResult> {
  const settings = normalizeSettings(args);
  const { raw, model } = await prepare(db, settings, ctx);
  let k: number;
  if (args.k === 'auto') {
    const r = await scanK(model.x, model.n, model.d, ctx.seed, DEFAULT_SCAN, ctx);
    k = r.recommendedK;
  } else {
    k = args.k;
  }
  if (!Number.isInteger(k) || k < 2 || k > MAX_K) throw new ExpectedError('BAD_ARGUMENT', `k must be a whole number from 2 to ${MAX_K}.`, { k: String(k) });
  if (k > model.n) throw new ExpectedError('BAD_ARGUMENT', `k (${k}) is larger than the number of rows (${model.n}).`, { k, rows: model.n });
  const algorithm = resolveAlgorithm(settings, model);

  const inits = initsFor(settings, model.n);
  const t0 = host.now();
  let result: Fit | null = null;
  // k-prototypes has no sample seeding: its restarts are whole runs. k-means restarts happen on the seed sample.
  const wholeRuns = algorithm === 'kprototypes' ? inits : 1;
  for (let i = 0; i < wholeRuns; i++) {
    const r = await fit(model, k, algorithm, i === 0 ? ctx.seed : ctx.seed + 7919 * i, inits, ctx);
    if (!result || r.inertia < result.inertia) result = r;
  }
  if (!result) throw new ExpectedError('BAD_ARGUMENT', 'inits must be at least 1.', {});
  const seconds = (host.now() - t0) / 1000;

  const newOf = canonicalOrder(result.labels, k);
  const labels = result.labels.map((l) => newOf[l] as number);
  const centers = permuteCenters(result.centers, model.d, newOf);
  const sizes = clusterSizes(labels, k);

  const silIdx = sampleIndices(model.n, SILHOUETTE_ROWS, createRandom(ctx.seed ^ 0x5f3759df));
  const silhouette = sampledSilhouette(model.x, model.d, labels, k, silIdx, (done, total) => ctx.progress('cluster.silhouette', done, total));
  await ctx.checkpoint();
  const inertia = result.inertia;
  const ch = calinskiHarabasz(model.x, model.n, model.d, labels, centers, algorithm === 'kprototypes' ? inertiaIn(model, centers, labels) : inertia);
  const dbi = daviesBouldin(model.x, model.n, model.d, labels, centers);

  ctx.progress('cluster.explain', 0, 1);
  const profiles = profileGroups(raw, model, labels, k);
  const previous = latestComparableRun(db, settings);
  const matches = previous
    ? matchByProfile(
        profiles,
        previous.groups.map((g) => g.profile),
        matchToPrevious(db, previous.runId, previous.k, raw, model, labels, k),
      )
    : new Array<null>(k).fill(null);
  const names = distinctNames(
    profiles.map((p) => nameWords(distinguishing(p, 8))),
    profiles.map((_, j) => {
      const m = matches[j];
      const old = m && previous ? previous.groups.find((g) => g.cluster === m.cluster) : undefined;
      return old ? { zh: old.name, en: old.nameEn } : null;
    }),
  );
  const typical = typicalMembers(raw, model, labels, k, result.cost);
  const groups: ClusterGroup[] = profiles.map((p, j) => {
    const m = matches[j];
    return {
      cluster: j,
      name: names[j]?.zh ?? '',
      nameEn: names[j]?.en ?? '',
      size: sizes[j] ?? 0,
      share: (sizes[j] ?? 0) / model.n,
      profile: p,
      distinguishing: distinguishing(p),
      typical: typical[j] ?? [],
      matchedFrom: m && previous ? { runId: previous.runId, cluster: m.cluster, overlap: m.overlap, by: m.by } : null,
    };
  });

  ctx.progress('cluster.map', 0, 1);
  const pca = fitPca2D(model.x, model.d, sampleIndices(model.n, PCA_ROWS, createRandom(ctx.seed ^ 0x2545f491)));
  const xy = project2D(model.x, model.n, model.d, pca);
  await ctx.checkpoint();

  const run: Omit<ClusterRunResult, 'runId'> = {
    table: settings.table,
    keyKind: raw.keyKind,
    settings: { ...settings, inits },
    k,
    algorithm,
    seed: ctx.seed,
    versions: { app: host.appVersion, algorithm: ALGORITHM_VERSION },
    seconds,
    iterations: result.iterations,
    converged: result.converged,
    inertia,
    silhouette,
    silhouetteRows: silIdx.length,
    calinskiHarabasz: ch,
    daviesBouldin: dbi,
    rows: model.n,
    droppedRows: model.dropped,
    sizes,
    missing: model.missing,
    clipped: model.clipped,
    groups,
    mapExplained: pca.explained,
    createdAt: new Date(host.now()).toISOString(),
  };
  const runId = await saveRun(db, run, raw, model, labels, xy, ctx);
  return { runId, ...run };
}

function inertiaIn(model: ModelData, centers: Float64Array, labels: Int32Array): number {
  let total = 0;
  const { x, n, d } = model;
  for (let i = 0; i < n; i++) {
    const co = (labels[i] as number) * d;
    for (let t = 0; t < d; t++) total += ((x[i * d + t] as number) - (centers[co + t] as number)) ** 2;
  }
  return total;
}

const TYPICAL = 5;

function keyOf(raw: RawData, row: number): string {
  return raw.oneIds ? (raw.oneIds[row] ?? '') : String(raw.rowIds[row] ?? '');
}

function typicalMembers(raw: RawData, model: ModelData, labels: Int32Array, k: number, cost: (row: number) => number): ClusterGroup['typical'][] {
  const best: { row: number; dist: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < model.n; i++) {
    const j = labels[i] as number;
    const list = best[j] as { row: number; dist: number }[];
    const dist = Math.sqrt(cost(i));
    if (list.length < TYPICAL || dist < (list[list.length - 1]?.dist ?? Infinity)) {
      list.push({ row: i, dist });
      list.sort((a, b) => a.dist - b.dist || a.row - b.row);
      if (list.length > TYPICAL) list.pop();
    }
  }
  return best.map((list) => list.map((b) => ({ key: keyOf(raw, model.rows[b.row] as number), distance: b.dist })));
}

function matchToPrevious(db: Db, runId: number, oldK: number, raw: RawData, model: ModelData, labels: Int32Array, k: number): ReturnType<typeof matchGroups> {
  const old = memberClusters(db, runId, raw.keyKind);
  const contingency = new Float64Array(k * oldK);
  const newShared = new Array<number>(k).fill(0);
  const oldShared = new Array<number>(oldK).fill(0);
  for (let i = 0; i < model.n; i++) {
    const o = old.get(keyOf(raw, model.rows[i] as number));
    if (o === undefined || o >= oldK) continue;
    const j = labels[i] as number;
    contingency[j * oldK + o] = (contingency[j * oldK + o] as number) + 1;
    newShared[j] = (newShared[j] ?? 0) + 1;
    oldShared[o] = (oldShared[o] ?? 0) + 1;
  }
  // Only keys present in both runs count, so rows added or removed since do not break the match.
  return matchGroups(contingency, newShared, oldShared);
}
