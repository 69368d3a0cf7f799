/**
 * A sentiment classifier the analyst trains in the app from a few hundred labelled notes: multinomial naive
 * Bayes (Laplace smoothing) or multinomial logistic regression (L2, mini-batch gradient descent with a seeded
 * shuffle) on words and adjacent word pairs. A seeded stratified hold-out measures accuracy and macro-F1 before
 * the analyst decides to use it.
 *
 * Hand-written: the JavaScript ML packages that have these models either need dense matrices or no longer run
 * in a worker without Node shims; both models are small.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import { createRandom } from '#shared/jobs/random.ts';
import type { SentimentLabel } from './sentimentLexicon.ts';

export const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export type ClassifierKind = 'nb' | 'lr';

/** Serialisable model: stored as JSON in the workspace. */
export interface ClassifierModel {
  readonly kind: ClassifierKind;
  readonly labels: readonly SentimentLabel[];
  readonly features: readonly string[];
  /** NB: log P(feature | label), labels × features. LR: weights, labels × features. */
  readonly weights: readonly (readonly number[])[];
  /** NB: log prior; LR: bias. */
  readonly bias: readonly number[];
}

export interface Evaluation {
  readonly accuracy: number;
  readonly macroF1: number;
  /** confusion[actual][predicted] in LABELS order. */
  readonly confusion: readonly (readonly number[])[];
  readonly perLabel: readonly { readonly label: SentimentLabel; readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }[];
}

const PUNCT = /^[\p{P}\p{S}\s\d]+$/u;

/** Words (lower case, punctuation and numbers out) and adjacent pairs, so `不 好用` becomes a feature of its own. */
export function features(tokens: readonly string[]): string[] {
  const words = tokens.map((t) => t.trim().toLowerCase()).filter((t) => t !== '' && !PUNCT.test(t));
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i] ?? ''}_${words[i + 1] ?? ''}`);
  return out;
}

function vocabulary(docs: readonly (readonly string[])[], minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const f of new Set(d)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts].filter(([, c]) => c >= minCount).map(([f]) => f).sort();
  return new Map(names.map((f, i) => [f, i]));
}

function encode(doc: readonly string[], vocab: ReadonlyMap<string, number>): Map<number, number> {
  const x = new Map<number, number>();
  for (const f of doc) {
    const j = vocab.get(f);
    if (j !== undefined) x.set(j, (x.get(j) ?? 0) + 1);
  }
  return x;
}

/**
 * Trains a classifier on feature lists (from {@link features}) and labels.
 *
 * @param minCount features seen in fewer training notes are dropped (default 2)
 * @param seed shuffles the logistic regression's mini-batches
 */
export function trainClassifier(kind: ClassifierKind, docs: readonly (readonly string[])[], labels: readonly SentimentLabel[], seed: number, minCount = 2): ClassifierModel {
  const vocab = vocabulary(docs, minCount);
  const names = [...vocab.keys()];
  const V = names.length;
  const L = LABELS.length;
  const y = labels.map((l) => LABELS.indexOf(l));
  const xs = docs.map((d) => encode(d, vocab));
  if (kind === 'nb') {
    const counts = Array.from({ length: L }, () => new Float64Array(V));
    const docsPer = new Array<number>(L).fill(0);
    xs.forEach((x, i) => {
      const c = y[i] ?? 0;
      docsPer[c] = (docsPer[c] ?? 0) + 1;
      for (const [j, v] of x) (counts[c] as Float64Array)[j] = ((counts[c] as Float64Array)[j] ?? 0) + v;
    });
    const weights = counts.map((row) => {
      let total = 0;
      for (const v of row) total += v;
      return Array.from(row, (v) => Math.log((v + 1) / (total + V)));
    });
    const bias = docsPer.map((n) => Math.log((n + 1) / (xs.length + L)));
    return { kind, labels: LABELS, features: names, weights, bias };
  }
  const w = Array.from({ length: L }, () => new Float64Array(V));
  const b = new Float64Array(L);
  const rnd = createRandom(seed);
  const order = Array.from({ length: xs.length }, (_, i) => i);
  const epochs = 40;
  const lambda = 1e-4;
  const batch = 16;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd.next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const rate = 0.5 / (1 + epoch * 0.1);
    for (let start = 0; start < order.length; start += batch) {
      const gradW = new Map<number, Float64Array>();
      const gradB = new Float64Array(L);
      const end = Math.min(order.length, start + batch);
      for (let n = start; n < end; n++) {
        const idx = order[n] as number;
        const x = xs[idx] as Map<number, number>;
        const p = softmax(x, w, b);
        for (let c = 0; c < L; c++) {
          const g = (p[c] ?? 0) - (c === y[idx] ? 1 : 0);
          gradB[c] = (gradB[c] ?? 0) + g;
          for (const [j, v] of x) {
            let gj = gradW.get(j);
            if (!gj) gradW.set(j, (gj = new Float64Array(L)));
            gj[c] = (gj[c] ?? 0) + g * v;
          }
        }
      }
      const m = end - start;
      for (const [j, gj] of gradW) {
        for (let c = 0; c < L; c++) {
          const row = w[c] as Float64Array;
          row[j] = (row[j] ?? 0) - rate * ((gj[c] ?? 0) / m + lambda * (row[j] ?? 0));
        }
      }
      for (let c = 0; c < L; c++) b[c] = (b[c] ?? 0) - (rate * (gradB[c] ?? 0)) / m;
    }
  }
  return { kind, labels: LABELS, features: names, weights: w.map((row) => Array.from(row)), bias: Array.from(b) };
}

function softmax(x: ReadonlyMap<number, number>, w: readonly (ArrayLike<number>)[], b: ArrayLike<number>): number[] {
  const z = Array.from({ length: w.length }, (_, c) => {
    let s = b[c] ?? 0;
    const row = w[c] as ArrayLike<number>;
    for (const [j, v] of x) s += (row[j] ?? 0) * v;
    return s;
  });
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** A trained model as a fast predictor. */
export function createPredictor(model: ClassifierModel): (featureList: readonly string[]) => { label: SentimentLabel; confidence: number } {
  const vocab = new Map(model.features.map((f, i) => [f, i]));
  return (featureList) => {
    const x = encode(featureList, vocab);
    let scores: number[];
    if (model.kind === 'nb') {
      scores = model.labels.map((_, c) => {
        let s = model.bias[c] ?? 0;
        const row = model.weights[c] ?? [];
        for (const [j, v] of x) s += (row[j] ?? 0) * v;
        return s;
      });
      const max = Math.max(...scores);
      const e = scores.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      scores = e.map((v) => v / sum);
    } else scores = softmax(x, model.weights, model.bias);
    let best = 0;
    for (let c = 1; c < scores.length; c++) if ((scores[c] ?? 0) > (scores[best] ?? 0)) best = c;
    return { label: model.labels[best] ?? 'neutral', confidence: scores[best] ?? 0 };
  };
}

/** Accuracy, macro-F1 (mean F1 over labels present in truth or prediction) and the confusion matrix. */
export function evaluate(truth: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): Evaluation {
  const L = LABELS.length;
  const confusion = Array.from({ length: L }, () => new Array<number>(L).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const a = LABELS.indexOf(t);
    const p = LABELS.indexOf(predicted[i] ?? 'neutral');
    (confusion[a] as number[])[p] = ((confusion[a] as number[])[p] ?? 0) + 1;
    if (a === p) correct++;
  });
  const perLabel = LABELS.map((label, c) => {
    const tp = confusion[c]?.[c] ?? 0;
    const support = (confusion[c] ?? []).reduce((s, v) => s + v, 0);
    const predictedN = confusion.reduce((s, row) => s + (row[c] ?? 0), 0);
    const precision = predictedN > 0 ? tp / predictedN : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support, predictedN };
  });
  const present = perLabel.filter((p) => p.support > 0 || p.predictedN > 0);
  return {
    accuracy: truth.length > 0 ? correct / truth.length : 0,
    macroF1: present.length > 0 ? present.reduce((s, p) => s + p.f1, 0) / present.length : 0,
    confusion,
    perLabel: perLabel.map(({ label, precision, recall, f1, support }) => ({ label, precision, recall, f1, support })),
  };
}

/** Seeded stratified split: `testShare` of each label's notes are held out (at least one when a label has two). */
export function stratifiedSplit(labels: readonly SentimentLabel[], testShare: number, seed: number): { train: number[]; test: number[] } {
  const rnd = createRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of LABELS) {
    const idx = labels.flatMap((l, i) => (l === label ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    const nTest = idx.length >= 2 ? Math.max(1, Math.round(idx.length * testShare)) : 0;
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Minimum labelled notes to train; below it a hold-out says nothing. */
export const MIN_TRAINING_NOTES = 30;

/** Trains on a stratified 80 % and evaluates on the held-out 20 %. */
export function trainAndEvaluate(kind: ClassifierKind, docs: readonly (readonly string[])[], labels: readonly SentimentLabel[], seed: number): { model: ClassifierModel; evaluation: Evaluation; trainSize: number; testSize: number } {
  if (docs.length < MIN_TRAINING_NOTES) {
    throw new ExpectedError('TOO_FEW_LABELS', `At least ${MIN_TRAINING_NOTES} labelled notes are needed to train and test a classifier; ${docs.length} given.`, { min: MIN_TRAINING_NOTES, given: docs.length });
  }
  if (new Set(labels).size < 2) throw new ExpectedError('TOO_FEW_LABELS', 'The labelled notes need at least two different labels.', { min: 2, given: new Set(labels).size });
  const { train, test } = stratifiedSplit(labels, 0.2, seed);
  const model = trainClassifier(kind, train.map((i) => docs[i] ?? []), train.map((i) => labels[i] ?? 'neutral'), seed);
  const predict = createPredictor(model);
  const evaluation = evaluate(test.map((i) => labels[i] ?? 'neutral'), test.map((i) => predict(docs[i] ?? []).label));
  return { model, evaluation, trainSize: train.length, testSize: test.length };
}
