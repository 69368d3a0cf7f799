/**
 * Histogram gradient-boosted trees for a binary target (log loss), after LightGBM and scikit-learn's
 * HistGradientBoostingClassifier: features binned to bytes, per-node gradient/hessian histograms (the larger
 * child by subtraction from its parent), leaf-wise growth up to a leaf and depth limit, shrinkage, L2 on leaf
 * values, and early stopping on a held-back part of the training rows.
 *
 * Written by hand on purpose: npm has no maintained JavaScript gradient-boosting library that trains 1M × 50
 * with sample weights and missing values (ml-random-forest / ml-cart build exact-split CART trees by sorting at
 * every node and take neither weights nor missing values; ml-xgboost is an old emscripten build without
 * cancellation or progress). The amendment allows this, checked against scikit-learn in
 * test/bench/predict.bench.ts.
 */
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { MISSING_BIN } from './binning.ts';

export interface TreesParams {
  /** Boosting rounds at most (default 200). */
  readonly maxIter: number;
  readonly learningRate: number;
  readonly maxLeafNodes: number;
  /** Depth limit (root = 0), or null for none. */
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  readonly l2: number;
  /** Stop when the early-stopping loss has not improved by `tol` for this many rounds. */
  readonly nIterNoChange: number;
  readonly tol: number;
}

export const DEFAULT_TREES: TreesParams = { maxIter: 200, learningRate: 0.1, maxLeafNodes: 31, maxDepth: null, minSamplesLeaf: 20, l2: 0, nIterNoChange: 10, tol: 1e-7 };

/** One tree as flat node arrays (JSON-friendly). A node is a leaf when `left[i]` is −1. */
export interface Tree {
  readonly feature: number[];
  /** Rows with bin ≤ threshold go left. */
  readonly threshold: number[];
  /** 1: missing values (and unknown levels) go left. */
  readonly missingLeft: number[];
  readonly left: number[];
  readonly right: number[];
  /** Leaf value, and for inner nodes the value the node would have as a leaf (for per-customer reasons). */
  readonly value: number[];
}

export interface Booster {
  /** Log-odds every tree adds to. */
  readonly baseline: number;
  readonly trees: readonly Tree[];
}

/** Binned training data: `bins[f * n + r]` is the bin of feature f in row r. */
export interface BinnedData {
  readonly n: number;
  readonly d: number;
  readonly bins: Uint8Array;
  /** Non-missing bins per feature. */
  readonly binCounts: readonly number[];
}

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly missingLeft: boolean;
  readonly gain: number;
}

interface Node {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly g: number;
  readonly h: number;
  readonly depth: number;
  hist: Float64Array | null;
  split: Split | null;
}

const HB = 256;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Histogram of one node: for each feature and bin, [sum g, sum h, rows]. */
function buildHistogram(data: BinnedData, idx: Uint32Array, start: number, end: number, g: Float64Array, h: Float64Array): Float64Array {
  const hist = new Float64Array(data.d * HB * 3);
  const n = data.n;
  for (let f = 0; f < data.d; f++) {
    const off = f * n;
    const base = f * HB * 3;
    for (let k = start; k < end; k++) {
      const r = idx[k]!;
      const at = base + data.bins[off + r]! * 3;
      hist[at]! += g[r]!;
      hist[at + 1]! += h[r]!;
      hist[at + 2]! += 1;
    }
  }
  return hist;
}

function gainTerm(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

function bestSplit(data: BinnedData, hist: Float64Array, G: number, H: number, rows: number, p: TreesParams): Split | null {
  const minHess = 1e-3;
  const l2 = p.l2;
  const minLeaf = p.minSamplesLeaf;
  const parent = gainTerm(G, H, l2);
  let bestGain = 1e-12;
  let bestF = -1;
  let bestBin = 0;
  let bestLeft = false;
  for (let f = 0; f < data.d; f++) {
    const base = f * HB * 3;
    const mAt = base + MISSING_BIN * 3;
    const gm = hist[mAt]!;
    const hm = hist[mAt + 1]!;
    const cm = hist[mAt + 2]!;
    const nb = data.binCounts[f]!;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // b = nb − 1 puts every non-missing row left: only a split when some rows are missing (they go right).
    for (let b = 0; b < nb; b++) {
      const at = base + b * 3;
      gl += hist[at]!;
      hl += hist[at + 1]!;
      cl += hist[at + 2]!;
      // Missing values to the right.
      if (cl >= minLeaf && rows - cl >= minLeaf && hl >= minHess && H - hl >= minHess) {
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          bestLeft = false;
        }
      }
      // Missing values to the left.
      if (cm > 0) {
        const GL = gl + gm;
        const HL = hl + hm;
        const CL = cl + cm;
        if (CL >= minLeaf && rows - CL >= minLeaf && HL >= minHess && H - HL >= minHess) {
          const gr = G - GL;
          const hr = H - HL;
          const gain = (GL * GL) / (HL + l2) + (gr * gr) / (hr + l2) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestBin = b;
            bestLeft = true;
          }
        }
      }
    }
  }
  return bestF < 0 ? null : { feature: bestF, bin: bestBin, missingLeft: bestLeft, gain: bestGain };
}

/** Stable in-place partition of idx[start, end) by the split; returns the first index of the right part. */
function partition(data: BinnedData, idx: Uint32Array, tmp: Uint32Array, start: number, end: number, s: Split): number {
  const off = s.feature * data.n;
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const row = idx[k]!;
    const b = data.bins[off + row]!;
    const left = b === MISSING_BIN ? s.missingLeft : b <= s.bin;
    if (left) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}

function growTree(data: BinnedData, idx: Uint32Array, tmp: Uint32Array, g: Float64Array, h: Float64Array, p: TreesParams): { tree: Tree; leaves: Node[] } {
  const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
  const addNode = (G: number, H: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + p.l2)) * p.learningRate);
    return tree.value.length - 1;
  };
  const total = idx.length;
  let G = 0;
  let H = 0;
  for (let k = 0; k < total; k++) {
    G += g[idx[k]!]!;
    H += h[idx[k]!]!;
  }
  const canSplit = (node: Node): boolean => node.end - node.start >= 2 * p.minSamplesLeaf && (p.maxDepth === null || node.depth < p.maxDepth);
  const root: Node = { id: addNode(G, H), start: 0, end: total, g: G, h: H, depth: 0, hist: null, split: null };
  if (canSplit(root)) {
    root.hist = buildHistogram(data, idx, 0, total, g, h);
    root.split = bestSplit(data, root.hist, G, H, total, p);
  }
  const open: Node[] = [root];
  const leaves: Node[] = [];
  let leafCount = 1;
  while (leafCount < p.maxLeafNodes) {
    let pick = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i]!.split;
      if (s && (pick < 0 || s.gain > open[pick]!.split!.gain)) pick = i;
    }
    if (pick < 0) break;
    const node = open.splice(pick, 1)[0]!;
    const s = node.split!;
    const mid = partition(data, idx, tmp, node.start, node.end, s);
    let gl = 0;
    let hl = 0;
    for (let k = node.start; k < mid; k++) {
      gl += g[idx[k]!]!;
      hl += h[idx[k]!]!;
    }
    const left: Node = { id: addNode(gl, hl), start: node.start, end: mid, g: gl, h: hl, depth: node.depth + 1, hist: null, split: null };
    const right: Node = { id: addNode(node.g - gl, node.h - hl), start: mid, end: node.end, g: node.g - gl, h: node.h - hl, depth: node.depth + 1, hist: null, split: null };
    tree.feature[node.id] = s.feature;
    tree.threshold[node.id] = s.bin;
    tree.missingLeft[node.id] = s.missingLeft ? 1 : 0;
    tree.left[node.id] = left.id;
    tree.right[node.id] = right.id;
    leafCount++;
    const wantL = canSplit(left);
    const wantR = canSplit(right);
    if ((wantL || wantR) && node.hist) {
      // Histogram of the smaller child by a pass over its rows, the larger one by subtraction from the parent.
      const smallIsLeft = mid - node.start <= node.end - mid;
      const small = smallIsLeft ? left : right;
      const large = smallIsLeft ? right : left;
      small.hist = buildHistogram(data, idx, small.start, small.end, g, h);
      const lh = node.hist;
      const sh = small.hist;
      for (let i = 0; i < lh.length; i++) lh[i] = lh[i]! - sh[i]!;
      large.hist = lh;
      for (const c of [left, right]) {
        if (canSplit(c) && c.hist) c.split = bestSplit(data, c.hist, c.g, c.h, c.end - c.start, p);
      }
    }
    node.hist = null;
    for (const c of [left, right]) {
      if (!c.split) c.hist = null;
      open.push(c);
    }
  }
  for (const node of open) {
    node.hist = null;
    leaves.push(node);
  }
  return { tree, leaves };
}

export interface FitInput {
  readonly data: BinnedData;
  /** 1 = positive. */
  readonly y: Uint8Array;
  /** Sample weight of every row (class weights). */
  readonly w: Float64Array;
  readonly trainRows: Uint32Array;
  /** Rows of the training part held back for early stopping (may be empty: then all `maxIter` rounds run). */
  readonly stopRows: Uint32Array;
}

export interface FitResult {
  readonly booster: Booster;
  /** Early-stopping loss per round. */
  readonly stopLoss: readonly number[];
}

/** Fits the booster; reports `predict.trees` progress per round and can be cancelled between rounds. */
export async function fitTrees(input: FitInput, p: TreesParams, ctx: JobContext): Promise<FitResult> {
  const { data, y, w, trainRows, stopRows } = input;
  let sw = 0;
  let swy = 0;
  for (const r of trainRows) {
    sw += w[r]!;
    swy += w[r]! * y[r]!;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, sw > 0 ? swy / sw : 0.5));
  const baseline = Math.log(prior / (1 - prior));
  const raw = new Float64Array(data.n).fill(baseline);
  const g = new Float64Array(data.n);
  const h = new Float64Array(data.n);
  const idx = new Uint32Array(trainRows.length);
  const tmp = new Uint32Array(trainRows.length);
  const trees: Tree[] = [];
  const stopLoss: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestIter = 0;
  for (let iter = 0; iter < p.maxIter; iter++) {
    for (const r of trainRows) {
      const pr = sigmoid(raw[r]!);
      g[r] = w[r]! * (pr - y[r]!);
      h[r] = Math.max(1e-16, w[r]! * pr * (1 - pr));
    }
    idx.set(trainRows);
    const { tree, leaves } = growTree(data, idx, tmp, g, h, p);
    trees.push(tree);
    for (const leaf of leaves) {
      const v = tree.value[leaf.id]!;
      for (let k = leaf.start; k < leaf.end; k++) raw[idx[k]!]! += v;
    }
    if (stopRows.length > 0) {
      let loss = 0;
      let ws = 0;
      for (const r of stopRows) {
        let i = 0;
        while (tree.left[i]! >= 0) {
          const b = data.bins[tree.feature[i]! * data.n + r]!;
          i = (b === MISSING_BIN ? tree.missingLeft[i] === 1 : b <= tree.threshold[i]!) ? tree.left[i]! : tree.right[i]!;
        }
        raw[r]! += tree.value[i]!;
        const pr = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(raw[r]!)));
        loss -= w[r]! * (y[r] === 1 ? Math.log(pr) : Math.log(1 - pr));
        ws += w[r]!;
      }
      loss /= ws || 1;
      stopLoss.push(loss);
      if (loss < best - p.tol) {
        best = loss;
        bestIter = iter + 1;
      } else if (iter + 1 - bestIter >= p.nIterNoChange) {
        break;
      }
    } else {
      bestIter = iter + 1;
    }
    ctx.progress('predict.trees', iter + 1, p.maxIter);
    await ctx.checkpoint();
  }
  return { booster: { baseline, trees: trees.slice(0, Math.max(1, bestIter)) }, stopLoss };
}

/** Log-odds of every row of a row-major bin matrix (`m[r * d + f]`). */
export function boosterRaw(b: Booster, m: Float32Array, d: number, rows: number): Float64Array {
  const out = new Float64Array(rows).fill(b.baseline);
  for (const t of b.trees) {
    const { feature, threshold, missingLeft, left, right, value } = t;
    for (let r = 0; r < rows; r++) {
      const base = r * d;
      let i = 0;
      while (left[i]! >= 0) {
        const bin = m[base + feature[i]!]!;
        i = (bin === MISSING_BIN ? missingLeft[i] === 1 : bin <= threshold[i]!) ? left[i]! : right[i]!;
      }
      out[r]! += value[i]!;
    }
  }
  return out;
}

/**
 * Per-feature contributions to one row's log-odds (Saabas path attribution): along the row's path in every tree,
 * the change of node value at a split is credited to the split's feature. Contributions plus the baseline and
 * the root values sum to the row's log-odds.
 */
export function boosterContributions(b: Booster, m: Float32Array, d: number, row: number, out: Float64Array): number {
  out.fill(0);
  let bias = b.baseline;
  const base = row * d;
  for (const t of b.trees) {
    let i = 0;
    bias += t.value[0]!;
    while (t.left[i]! >= 0) {
      const f = t.feature[i]!;
      const bin = m[base + f]!;
      const goLeft = bin === MISSING_BIN ? t.missingLeft[i] === 1 : bin <= t.threshold[i]!;
      const next = goLeft ? t.left[i]! : t.right[i]!;
      out[f]! += t.value[next]! - t.value[i]!;
      i = next;
    }
  }
  return bias;
}
