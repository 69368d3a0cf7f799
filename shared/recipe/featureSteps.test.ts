import { describe, expect, it } from 'vitest';
import type { ModelCard } from '#shared/api/predictTypes.ts';
import { trainArgsOf } from './featureSteps.ts';

function card(over: Partial<ModelCard>): ModelCard {
  const base = {
    modelId: 3,
    name: '贷款倾向',
    createdAt: '2024-05-31T10:00:00.000Z',
    asOfDate: '2024-05-31',
    table: 'customer_profile',
    target: 'has_loan',
    positive: '1',
    algo: 'trees',
    seed: 9,
    classWeight: 'balanced',
    split: { by: 'customer', key: 'one_id', splitDate: null, validFraction: 0.25 },
    features: [
      { name: 'age', zh: '年龄', en: 'Age', kind: 'numeric' },
      { name: 'tag:reach_pref_wechat', zh: '微信习惯客户', en: 'Prefers WeChat', kind: 'tag' },
    ],
    params: { classWeight: 'balanced', maxIter: 50, learningRate: 0.05, maxLeafNodes: 15, maxDepth: null, minSamplesLeaf: 20, l2: 0, nIterNoChange: 10 },
  };
  return { ...base, ...over } as unknown as ModelCard;
}

describe('trainArgsOf', () => {
  it('gives back the settings a model was trained with: table, target, features, algorithm, hyper-parameters', () => {
    expect(trainArgsOf(card({}))).toEqual({
      table: 'customer_profile',
      target: 'has_loan',
      positive: '1',
      features: ['age', 'tag:reach_pref_wechat'],
      algo: 'trees',
      classWeight: 'balanced',
      validFraction: 0.25,
      maxIter: 50,
      learningRate: 0.05,
      maxLeafNodes: 15,
      minSamplesLeaf: 20,
      l2: 0,
      maxDepth: null,
      name: '贷款倾向',
    });
  });

  it('keeps a time split’s column but lets the new data choose the split date', () => {
    const args = trainArgsOf(card({ algo: 'logistic', split: { by: 'time', key: 'opened_on', splitDate: '2024-03-01', validFraction: 0.2 }, params: { classWeight: 'none', l2: 2 } }));
    expect(args).toMatchObject({ algo: 'logistic', timeColumn: 'opened_on', l2: 2, validFraction: 0.2 });
    expect(args).not.toHaveProperty('splitDate');
    expect(args).not.toHaveProperty('maxDepth');
  });

  it('keeps a point-in-time target but lets the new data choose the reference date', () => {
    const target = { kind: 'churn', amount: 3, unit: 'month' } as const;
    const pointInTime = { referenceDate: '2024-03-01', outcomeEnd: '2024-06-01', target, targetZh: '3个月内流失', targetEn: 'Churned within 3 months', customers: 10, excluded: [], latestFeatureDate: '2024-02-29' };
    const args = trainArgsOf(card({ table: 'point_in_time', target: 'churn_3m', pointInTime }));
    expect(args.pointInTime).toEqual({ target });
    expect(args).not.toHaveProperty('table');
    expect(args).not.toHaveProperty('target');
  });
});
