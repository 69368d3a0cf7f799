/**
 * Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering"): each step assigns a random batch of rows
 * and moves their centres by a per-centre learning rate 1/count. For millions of rows it reaches nearly the
 * inertia of full k-means in a fraction of the passes; a final full pass gives every row its nearest centre.
 */
import type { Random } from '#shared/jobs/random.ts';
import { inertiaOf, type KMeansResult } from './kmeans.ts';

export interface MiniBatchOptions {
  /** Rows per batch (default 4096). */
  readonly batchSize?: number;
  /** Step cap (default: enough steps to see every row about 3 times, at least 100). */
  readonly maxSteps?: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia (default 20). */
  readonly patience?: number;
}

export interface MiniBatchStep {
  readonly step: number;
  readonly maxSteps: number;
  /** Exponentially weighted mean of the batch inertia per row. */
  readonly smoothedInertia: number;
}

/** Runs mini-batch k-means from `initial` (k × d, not modified); yields every 10 steps and before the final pass. */
export function* miniBatchSteps(
  x: Float64Array,
  n: number,
  d: number,
  initial: Float64Array,
  random: Random,
  options: MiniBatchOptions = {},
): Generator<MiniBatchStep, KMeansResult, void> {
  const k = initial.length / d;
  const batch = Math.min(n, options.batchSize ?? 4096);
  const maxSteps = options.maxSteps ?? Math.max(100, Math.ceil((3 * n) / Math.max(1, batch)));
  const patience = options.patience ?? 20;
  const c = Float64Array.from(initial);
  const counts = new Float64Array(k);
  const picked = new Int32Array(batch);
  const pickedLabel = new Int32Array(batch);
  let ewa = Infinity;
  let bestEwa = Infinity;
  let sinceBest = 0;
  const alpha = Math.min(1, (2 * batch) / (n + 1));
  let step = 0;
  while (step < maxSteps) {
    step++;
    const batchInertia = batchStep(x, n, d, k, c, counts, picked, pickedLabel, random);
    const perRow = batchInertia / batch;
    ewa = ewa === Infinity ? perRow : ewa * (1 - alpha) + perRow * alpha;
    if (ewa < bestEwa) {
      bestEwa = ewa;
      sinceBest = 0;
    } else if (++sinceBest >= patience) break;
    if (step % 10 === 0) yield { step, maxSteps, smoothedInertia: ewa };
  }
  yield { step, maxSteps, smoothedInertia: ewa };
  const labels = assignNearest(x, n, d, c);
  return { labels, centers: c, inertia: inertiaOf(x, n, d, c, labels), iterations: step, converged: step < maxSteps };
}

/**
 * One mini-batch step: draws `picked.length` rows, assigns them, moves their centres; returns the batch inertia.
 * A plain function, not inline in the generator: V8 optimises hot loops inside generator bodies poorly.
 */
function batchStep(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  counts: Float64Array,
  picked: Int32Array,
  pickedLabel: Int32Array,
  random: Random,
): number {
  const batch = picked.length;
  let batchInertia = 0;
  for (let b = 0; b < batch; b++) {
    const i = Math.min(n - 1, Math.floor(random.next() * n));
    picked[b] = i;
    const off = i * d;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let acc = 0;
      for (let t = 0; t < d; t++) {
        const diff = (x[off + t] as number) - (c[co + t] as number);
        acc += diff * diff;
      }
      if (acc < best) {
        best = acc;
        bestJ = j;
      }
    }
    pickedLabel[b] = bestJ;
    batchInertia += best;
  }
  for (let b = 0; b < batch; b++) {
    const j = pickedLabel[b] as number;
    const cnt = (counts[j] as number) + 1;
    counts[j] = cnt;
    const eta = 1 / cnt;
    const off = (picked[b] as number) * d;
    const co = j * d;
    for (let t = 0; t < d; t++) c[co + t] = (c[co + t] as number) + eta * ((x[off + t] as number) - (c[co + t] as number));
  }
  return batchInertia;
}

/** Nearest centre of every row (ties to the lower index). */
export function assignNearest(x: Float64Array, n: number, d: number, c: Float64Array): Int32Array {
  const k = c.length / d;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let acc = 0;
      for (let t = 0; t < d; t++) {
        const diff = (x[off + t] as number) - (c[co + t] as number);
        acc += diff * diff;
      }
      if (acc < best) {
        best = acc;
        bestJ = j;
      }
    }
    labels[i] = bestJ;
  }
  return labels;
}
