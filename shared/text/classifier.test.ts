import { describe, expect, it } from 'vitest';
import { createPredictor, evaluate, features, stratifiedSplit, trainAndEvaluate, trainClassifier } from './classifier.ts';
import type { SentimentLabel } from './sentimentLexicon.ts';

const POS = [['很', '好用'], ['方便', '快捷'], ['服务', '好'], ['满意'], ['很', '方便']];
const NEG = [['闪退'], ['很', '差'], ['垃圾'], ['打不开'], ['不', '好用']];
const NEU = [['请问', '开通'], ['怎么', '办理'], ['咨询', '利率'], ['请问', '利率'], ['如何', '开通']];

function dataset(n: number): { docs: string[][]; labels: SentimentLabel[] } {
  const docs: string[][] = [];
  const labels: SentimentLabel[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(features(POS[i % 5] ?? []), features(NEG[i % 5] ?? []), features(NEU[i % 5] ?? []));
    labels.push('positive', 'negative', 'neutral');
  }
  return { docs, labels };
}

describe('sentiment classifier', () => {
  it('builds word and word-pair features without punctuation or numbers', () => {
    expect(features(['不', '好用', '！', '123', 'APP'])).toEqual(['不', '好用', 'app', '不_好用', '好用_app']);
  });

  it.each(['nb', 'lr'] as const)('learns separable labels (%s) and predicts held-out notes', (kind) => {
    const { docs, labels } = dataset(20);
    const r = trainAndEvaluate(kind, docs, labels, 7);
    expect(r.trainSize + r.testSize).toBe(60);
    expect(r.evaluation.accuracy).toBeGreaterThan(0.9);
    const predict = createPredictor(trainClassifier(kind, docs, labels, 7));
    expect(predict(features(['垃圾', '闪退'])).label).toBe('negative');
    expect(predict(features(['很', '满意'])).label).toBe('positive');
  });

  it('refuses too few labels with an expected error', () => {
    const { docs, labels } = dataset(3);
    expect(() => trainAndEvaluate('nb', docs, labels, 1)).toThrow(/At least 30/);
  });

  it('measures accuracy, macro-F1 and the confusion matrix', () => {
    const e = evaluate(['positive', 'negative', 'negative', 'neutral'], ['positive', 'negative', 'neutral', 'neutral']);
    expect(e.accuracy).toBe(0.75);
    expect(e.confusion).toEqual([[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
    expect(e.macroF1).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 10);
  });

  it('splits every label into train and test, the same way for the same seed', () => {
    const labels: SentimentLabel[] = [...Array<SentimentLabel>(10).fill('positive'), ...Array<SentimentLabel>(5).fill('negative'), 'neutral'];
    const a = stratifiedSplit(labels, 0.2, 3);
    expect(a).toEqual(stratifiedSplit(labels, 0.2, 3));
    expect(a.test.filter((i) => labels[i] === 'positive')).toHaveLength(2);
    expect(a.test.filter((i) => labels[i] === 'negative')).toHaveLength(1);
    expect(a.train.length + a.test.length).toBe(16);
  });
});
