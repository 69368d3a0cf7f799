/**
 * k-means (Lloyd's objective) with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): every row keeps
 * an upper bound on the distance to its centre and a lower bound on the distance to the second-closest one, so
 * after the first iterations most rows skip the k distance computations. Same fixed points as Lloyd; the saving
 * grows with n and with the number of iterations.
 *
 * Hand-written instead of ml-kmeans (evaluated, v7.0.1): it takes `number[][]` rows (an array object per row),
 * allocates per iteration and has no bound-based variant; on 300k × 16 it used 2.6 s of CPU for 4 iterations
 * from one k-means++ start, where this file plus the seeding in clusterRun.ts use about 0.5 s including four
 * seeding restarts. Here the rows are one row-major Float64Array (contiguous, no per-row objects) and the loops
 * allocate nothing. Float64, not Float32: the centre sums run over millions of rows and the inertia is compared
 * to 1 %, which 24-bit mantissas do not survive; the map coordinates, which only need to be drawn, are Float32.
 * The hot loops sit in plain functions because V8 optimises loops inside generator bodies poorly.
 *
 * Like ml-kmeans it is a generator, so the caller reports progress, yields to the event loop and cancels
 * between iterations.
 */

export interface KMeansOptions {
  /** Iteration cap (default 300, as scikit-learn). */
  readonly maxIter?: number;
  /**
   * Convergence tolerance relative to the data: stop when the sum of squared centre shifts is at most
   * `tol × mean per-feature variance` (scikit-learn's rule; default 1e-4). A pass with no reassignment always stops.
   */
  readonly tol?: number;
}

export interface KMeansStep {
  readonly iteration: number;
  /** Rows that changed cluster in this iteration. */
  readonly changed: number;
  /** Sum of squared centre shifts of this iteration. */
  readonly shift: number;
}

export interface KMeansResult {
  /** Cluster of each row, 0…k−1. */
  readonly labels: Int32Array;
  /** `k × d`, row-major. */
  readonly centers: Float64Array;
  /** Sum of squared distances of the rows to their centres. */
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Mean of the per-column variances of `x` (n × d), the scale scikit-learn's tolerance is relative to. */
export function meanVariance(x: Float64Array, n: number, d: number): number {
  if (n === 0 || d === 0) return 0;
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) + (x[off + t] as number);
  }
  for (let t = 0; t < d; t++) mean[t] = (mean[t] as number) / n;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let t = 0; t < d; t++) {
      const diff = (x[off + t] as number) - (mean[t] as number);
      m2[t] = (m2[t] as number) + diff * diff;
    }
  }
  let s = 0;
  for (let t = 0; t < d; t++) s += (m2[t] as number) / n;
  return s / d;
}

/**
 * Runs k-means from `initial` centres (k × d, not modified) over the `n × d` rows of `x`, yielding after every
 * iteration. The result's labels are the nearest centres of the final centres (ties go to the lower index).
 * Empty clusters are moved onto the row farthest from its centre, so every cluster keeps at least one row when
 * there are at least k distinct rows.
 */
export function* kmeansSteps(x: Float64Array, n: number, d: number, initial: Float64Array, options: KMeansOptions = {}): Generator<KMeansStep, KMeansResult, void> {
  const k = initial.length / d;
  const maxIter = options.maxIter ?? 300;
  const tolAbs = (options.tol ?? 1e-4) * meanVariance(x, n, d);
  const c = Float64Array.from(initial);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);

  initialAssign(x, n, d, k, c, labels, upper, lower, sums, counts);

  let iteration = 0;
  let converged = false;
  while (iteration < maxIter) {
    iteration++;
    const shift = moveCenters(x, n, d, k, c, sums, counts, labels, upper, moved);
    updateBounds(n, k, labels, upper, lower, moved);
    if (shift <= tolAbs) {
      converged = true;
      yield { iteration, changed: 0, shift };
      break;
    }
    const changed = assign(x, n, d, k, c, labels, upper, lower, sums, counts, half);
    yield { iteration, changed, shift };
    if (changed === 0) {
      converged = true;
      break;
    }
  }
  // The last centre move may have made some labels stale: one more bounded pass makes every label the nearest.
  assign(x, n, d, k, c, labels, upper, lower, sums, counts, half);
  return { labels, centers: c, inertia: inertiaOf(x, n, d, c, labels), iterations: iteration, converged };
}

/**
 * Exact first assignment: label, distance to the nearest and second-nearest centre, and the per-cluster sums.
 * Hot loops live in plain functions, not in the generator body, which V8 optimises poorly.
 */
function initialAssign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let best = Infinity;
    let second = Infinity;
    let bestJ = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let acc = 0;
      for (let t = 0; t < d; t++) {
        const diff = (x[off + t] as number) - (c[co + t] as number);
        acc += diff * diff;
      }
      if (acc < best) {
        second = best;
        best = acc;
        bestJ = j;
      } else if (acc < second) second = acc;
    }
    labels[i] = bestJ;
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
    const so = bestJ * d;
    for (let t = 0; t < d; t++) sums[so + t] = (sums[so + t] as number) + (x[off + t] as number);
    counts[bestJ] = (counts[bestJ] as number) + 1;
  }
}

/** Runs {@link kmeansSteps} to the end (for callers that need no progress). */
export function kmeans(x: Float64Array, n: number, d: number, initial: Float64Array, options: KMeansOptions = {}): KMeansResult {
  const it = kmeansSteps(x, n, d, initial, options);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** Centres ← means of their rows; returns the sum of squared shifts and fills `moved` with each shift's length. */
function moveCenters(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  moved: Float64Array,
): number {
  let total = 0;
  for (let j = 0; j < k; j++) {
    const co = j * d;
    const cnt = counts[j] as number;
    let acc = 0;
    if (cnt > 0) {
      for (let t = 0; t < d; t++) {
        const v = (sums[co + t] as number) / cnt;
        const diff = v - (c[co + t] as number);
        acc += diff * diff;
        c[co + t] = v;
      }
    } else {
      // Empty cluster: take over the row farthest from its centre (scikit-learn relocates the same way). The row
      // keeps its old label until the next assignment, when its bounds send it here.
      let far = -1;
      let farDist = -1;
      for (let i = 0; i < n; i++) {
        if ((upper[i] as number) > farDist && (counts[labels[i] as number] as number) > 1) {
          farDist = upper[i] as number;
          far = i;
        }
      }
      if (far >= 0) {
        const off = far * d;
        for (let t = 0; t < d; t++) {
          const diff = (x[off + t] as number) - (c[co + t] as number);
          acc += diff * diff;
          c[co + t] = x[off + t] as number;
        }
        upper[far] = Infinity;
      }
    }
    moved[j] = Math.sqrt(acc);
    total += acc;
  }
  return total;
}

/** After centres moved: upper bounds grow by their centre's shift, lower bounds shrink by the largest other shift. */
function updateBounds(n: number, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, moved: Float64Array): void {
  let r = 0;
  let maxMove = 0;
  let secondMove = 0;
  for (let j = 0; j < k; j++) {
    const m = moved[j] as number;
    if (m > maxMove) {
      secondMove = maxMove;
      maxMove = m;
      r = j;
    } else if (m > secondMove) secondMove = m;
  }
  if (maxMove === 0) return;
  for (let i = 0; i < n; i++) {
    const a = labels[i] as number;
    upper[i] = (upper[i] as number) + (moved[a] as number);
    lower[i] = (lower[i] as number) - (a === r ? secondMove : maxMove);
  }
}

/** One bounded assignment pass; moves rows' contributions between `sums`. Returns how many rows changed cluster. */
function assign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  c: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  half: Float64Array,
): number {
  for (let j = 0; j < k; j++) {
    let m = Infinity;
    const jo = j * d;
    for (let jj = 0; jj < k; jj++) {
      if (jj === j) continue;
      let acc = 0;
      const o = jj * d;
      for (let t = 0; t < d; t++) {
        const diff = (c[jo + t] as number) - (c[o + t] as number);
        acc += diff * diff;
      }
      if (acc < m) m = acc;
    }
    half[j] = 0.5 * Math.sqrt(m);
  }
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i] as number;
    const s = half[a] as number;
    const l = lower[i] as number;
    const bound = s > l ? s : l;
    if ((upper[i] as number) <= bound) continue;
    const off = i * d;
    let acc = 0;
    const ao = a * d;
    for (let t = 0; t < d; t++) {
      const diff = (x[off + t] as number) - (c[ao + t] as number);
      acc += diff * diff;
    }
    const u = Math.sqrt(acc);
    upper[i] = u;
    if (u <= bound) continue;
    let best = Infinity;
    let second = Infinity;
    let bestJ = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let dd = 0;
      for (let t = 0; t < d; t++) {
        const diff = (x[off + t] as number) - (c[co + t] as number);
        dd += diff * diff;
      }
      if (dd < best) {
        second = best;
        best = dd;
        bestJ = j;
      } else if (dd < second) second = dd;
    }
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
    if (bestJ !== a) {
      changed++;
      labels[i] = bestJ;
      const from = a * d;
      const to = bestJ * d;
      for (let t = 0; t < d; t++) {
        const v = x[off + t] as number;
        sums[from + t] = (sums[from + t] as number) - v;
        sums[to + t] = (sums[to + t] as number) + v;
      }
      counts[a] = (counts[a] as number) - 1;
      counts[bestJ] = (counts[bestJ] as number) + 1;
    }
  }
  return changed;
}

/** Sum of squared distances of rows to their labelled centres. */
export function inertiaOf(x: Float64Array, n: number, d: number, c: Float64Array, labels: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const co = (labels[i] as number) * d;
    for (let t = 0; t < d; t++) {
      const diff = (x[off + t] as number) - (c[co + t] as number);
      total += diff * diff;
    }
  }
  return total;
}
