/**
 * k-prototypes (Huang 1998) for mixed data: the cost of a row to a prototype is the squared Euclidean distance
 * on the numeric features plus `gamma` for every categorical feature whose value differs from the prototype's
 * mode. Prototypes are numeric means and categorical modes. Seeded D²-sampling initialisation on the same cost.
 */
import type { Random } from '#shared/jobs/random.ts';

export interface MixedData {
  readonly n: number;
  /** `n × dn` numeric features, row-major (already scaled). */
  readonly num: Float64Array;
  readonly dn: number;
  /** `n × dc` category codes, row-major; code `levels[f]-1` may stand for "missing". */
  readonly cat: Int32Array;
  readonly dc: number;
  /** Number of levels of each categorical feature. */
  readonly levels: Int32Array;
}

export interface KPrototypesResult {
  readonly labels: Int32Array;
  /** `k × dn` numeric means. */
  readonly centers: Float64Array;
  /** `k × dc` modal category codes. */
  readonly modes: Int32Array;
  /** Total cost (numeric squared distances plus gamma × mismatches). */
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface KPrototypesStep {
  readonly iteration: number;
  readonly changed: number;
}

function cost(m: MixedData, i: number, centers: Float64Array, modes: Int32Array, j: number, gamma: number): number {
  const { dn, dc, num, cat } = m;
  let acc = 0;
  const off = i * dn;
  const co = j * dn;
  for (let t = 0; t < dn; t++) {
    const diff = (num[off + t] as number) - (centers[co + t] as number);
    acc += diff * diff;
  }
  const oc = i * dc;
  const mo = j * dc;
  let miss = 0;
  for (let f = 0; f < dc; f++) if (cat[oc + f] !== modes[mo + f]) miss++;
  return acc + gamma * miss;
}

function setPrototype(m: MixedData, i: number, centers: Float64Array, modes: Int32Array, j: number): void {
  centers.set(m.num.subarray(i * m.dn, i * m.dn + m.dn), j * m.dn);
  modes.set(m.cat.subarray(i * m.dc, i * m.dc + m.dc), j * m.dc);
}

/** Seeded D² sampling of `k` prototypes on the k-prototypes cost. */
function seedPrototypes(m: MixedData, k: number, gamma: number, random: Random, centers: Float64Array, modes: Int32Array): void {
  const n = m.n;
  const closest = new Float64Array(n).fill(Infinity);
  if (n > 0) {
    setPrototype(m, Math.min(n - 1, Math.floor(random.next() * n)), centers, modes, 0);
    for (let j = 1; j < k; j++) {
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const v = cost(m, i, centers, modes, j - 1, gamma);
        if (v < (closest[i] as number)) closest[i] = v;
        pot += closest[i] as number;
      }
      let target = random.next() * pot;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= closest[i] as number;
        if (target < 0) {
          pick = i;
          break;
        }
      }
      setPrototype(m, pick, centers, modes, j);
    }
  }
}

/** Assigns every row to its cheapest prototype; returns how many rows changed (plain function: see miniBatch.ts). */
function assignAll(m: MixedData, k: number, centers: Float64Array, modes: Int32Array, gamma: number, labels: Int32Array): number {
  let changed = 0;
  for (let i = 0; i < m.n; i++) {
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      const v = cost(m, i, centers, modes, j, gamma);
      if (v < best) {
        best = v;
        bestJ = j;
      }
    }
    if (labels[i] !== bestJ) {
      labels[i] = bestJ;
      changed++;
    }
  }
  return changed;
}

/** Prototypes ← numeric means and categorical modes of their rows (an empty cluster keeps its prototype). */
function updatePrototypes(
  m: MixedData,
  k: number,
  labels: Int32Array,
  centers: Float64Array,
  modes: Int32Array,
  levelOffset: Int32Array,
  totalLevels: number,
  sums: Float64Array,
  counts: Float64Array,
  catCounts: Float64Array,
): void {
  const { n, dn, dc, num, cat, levels } = m;
  sums.fill(0);
  counts.fill(0);
  catCounts.fill(0);
  for (let i = 0; i < n; i++) {
    const j = labels[i] as number;
    counts[j] = (counts[j] as number) + 1;
    const off = i * dn;
    const so = j * dn;
    for (let t = 0; t < dn; t++) sums[so + t] = (sums[so + t] as number) + (num[off + t] as number);
    const oc = i * dc;
    const base = j * totalLevels;
    for (let f = 0; f < dc; f++) {
      const at = base + (levelOffset[f] as number) + (cat[oc + f] as number);
      catCounts[at] = (catCounts[at] as number) + 1;
    }
  }
  for (let j = 0; j < k; j++) {
    const cnt = counts[j] as number;
    if (cnt === 0) continue;
    for (let t = 0; t < dn; t++) centers[j * dn + t] = (sums[j * dn + t] as number) / cnt;
    for (let f = 0; f < dc; f++) {
      const base = j * totalLevels + (levelOffset[f] as number);
      let best = 0;
      for (let v = 1; v < (levels[f] as number); v++) if ((catCounts[base + v] as number) > (catCounts[base + best] as number)) best = v;
      modes[j * dc + f] = best;
    }
  }
}

/**
 * Runs k-prototypes with `k` clusters; `gamma` weighs a categorical mismatch against squared numeric distance
 * (Huang suggests about half the numeric standard deviation, i.e. 0.5 after standard scaling). Yields after each
 * iteration; stops when no row changes cluster or after `maxIter` (default 100).
 */
export function* kprototypesSteps(m: MixedData, k: number, gamma: number, random: Random, maxIter = 100): Generator<KPrototypesStep, KPrototypesResult, void> {
  const { n, dn, dc, levels } = m;
  const centers = new Float64Array(k * dn);
  const modes = new Int32Array(k * dc);
  seedPrototypes(m, k, gamma, random, centers, modes);
  const levelOffset = new Int32Array(dc + 1);
  for (let f = 0; f < dc; f++) levelOffset[f + 1] = (levelOffset[f] as number) + (levels[f] as number);
  const totalLevels = levelOffset[dc] as number;
  const catCounts = new Float64Array(k * totalLevels);
  const sums = new Float64Array(k * dn);
  const counts = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  let iteration = 0;
  let converged = false;
  while (iteration < maxIter) {
    iteration++;
    const changed = assignAll(m, k, centers, modes, gamma, labels);
    yield { iteration, changed };
    if (changed === 0) {
      converged = true;
      break;
    }
    updatePrototypes(m, k, labels, centers, modes, levelOffset, totalLevels, sums, counts, catCounts);
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += cost(m, i, centers, modes, labels[i] as number, gamma);
  return { labels, centers, modes, inertia, iterations: iteration, converged };
}
