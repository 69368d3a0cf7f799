/**
 * Evaluation the way bank analysts read it: AUC, KS, gains and lift by decile, calibration, confusion matrices.
 * Scores are probabilities (0–1); labels 1 = positive, 0 = negative.
 */
import type { CalibrationBin, ConfusionAt, DecileRow, PredictMetrics } from '#shared/api/predictTypes.ts';

/** Row order by descending score (ties keep row order, so results are deterministic). */
function orderDesc(scores: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) statistic with average ranks for ties; 0.5 when one
 * class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]!] === 1) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** KS statistic and a ROC curve of at most `points` points. */
export function ksAndRoc(scores: ArrayLike<number>, labels: ArrayLike<number>, points = 100): { ks: number; roc: [number, number][] } {
  const idx = orderDesc(scores);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  const neg = labels.length - pos;
  const roc: [number, number][] = [[0, 0]];
  if (pos === 0 || neg === 0) return { ks: 0, roc: [[0, 0], [1, 1]] };
  let tp = 0;
  let fp = 0;
  let ks = 0;
  const step = Math.max(1, Math.floor(idx.length / points));
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k]!;
    if (labels[r] === 1) tp++;
    else fp++;
    // Only between tied scores is the curve undefined; measure where the score changes.
    const next = idx[k + 1];
    if (next === undefined || scores[next] !== scores[r]) {
      ks = Math.max(ks, Math.abs(tp / pos - fp / neg));
      if (k % step === 0 || next === undefined) roc.push([fp / neg, tp / pos]);
    }
  }
  return { ks, roc };
}

/** Gains and lift by decile of descending score (decile 1 = top 10 %). */
export function deciles(scores: ArrayLike<number>, labels: ArrayLike<number>): DecileRow[] {
  const n = scores.length;
  const idx = orderDesc(scores);
  let total = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) total++;
  const base = n > 0 ? total / n : 0;
  const out: DecileRow[] = [];
  let cumRows = 0;
  let cumPos = 0;
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    let p = 0;
    let minScore = Number.POSITIVE_INFINITY;
    for (let k = from; k < to; k++) {
      const r = idx[k]!;
      if (labels[r] === 1) p++;
      minScore = Math.min(minScore, scores[r]!);
    }
    const rows = to - from;
    cumRows += rows;
    cumPos += p;
    const rate = rows > 0 ? p / rows : 0;
    out.push({
      decile: d + 1,
      rows,
      positives: p,
      rate,
      lift: base > 0 ? rate / base : 0,
      cumGain: total > 0 ? cumPos / total : 0,
      cumLift: base > 0 && cumRows > 0 ? cumPos / cumRows / base : 0,
      minScore: Number.isFinite(minScore) ? minScore : 0,
    });
  }
  return out;
}

/** Calibration: rows in `bins` quantile bins of the predicted probability, mean predicted vs observed rate. */
export function calibration(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const n = scores.length;
  const idx = orderDesc(scores).reverse();
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    let pos = 0;
    for (let k = from; k < to; k++) {
      const r = idx[k]!;
      sp += scores[r]!;
      if (labels[r] === 1) pos++;
    }
    out.push({ bin: b + 1, rows: to - from, meanPredicted: sp / (to - from), observed: pos / (to - from) });
  }
  return out;
}

/** Confusion matrices at thresholds 0.01 … 0.99 (predicted positive when score ≥ threshold). */
export function confusionGrid(scores: ArrayLike<number>, labels: ArrayLike<number>): ConfusionAt[] {
  const posAt = new Float64Array(101);
  const negAt = new Float64Array(101);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < scores.length; i++) {
    // Bucket b holds scores in [b/100, (b+1)/100): predicted positive at threshold t/100 for every t ≤ b.
    const b = Math.min(100, Math.max(0, Math.floor(scores[i]! * 100 + 1e-7)));
    if (labels[i] === 1) {
      posAt[b]!++;
      pos++;
    } else {
      negAt[b]!++;
      neg++;
    }
  }
  const out: ConfusionAt[] = [];
  let tp = 0;
  let fp = 0;
  for (let b = 100; b >= 1; b--) {
    tp += posAt[b]!;
    fp += negAt[b]!;
    if (b <= 99) out.push({ threshold: b / 100, tp, fp, tn: neg - fp, fn: pos - tp });
  }
  return out.reverse();
}

export function logLoss(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return scores.length > 0 ? s / scores.length : 0;
}

/** Every validation metric of the model card. */
export function evaluate(scores: ArrayLike<number>, labels: ArrayLike<number>): PredictMetrics {
  const { ks, roc } = ksAndRoc(scores, labels);
  const dec = deciles(scores, labels);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  return {
    auc: auc(scores, labels),
    ks,
    logLoss: logLoss(scores, labels),
    baseRate: labels.length > 0 ? pos / labels.length : 0,
    liftTop10: dec[0]?.lift ?? 0,
    deciles: dec,
    calibration: calibration(scores, labels),
    roc,
    confusion: confusionGrid(scores, labels),
  };
}
