import { describe, expect, it } from 'vitest';
import type { ClusterFeatureInfo, ClusterSettings } from '#shared/api/clusterTypes.ts';
import { buildModel, MISSING_LEVEL, type RawData } from './featureMatrix.ts';

const info = (name: string, kind: ClusterFeatureInfo['kind'], money = false): ClusterFeatureInfo => ({ name, kind, zh: name, en: name, money, binary: false, missing: 0, distinct: null, family: null });

function raw(): RawData {
  const n = 20;
  const spend = new Float64Array(n).map((_, i) => (i === 19 ? 1e9 : 100 * (i + 1)));
  const visits = new Float64Array(n).map((_, i) => (i % 5 === 0 ? Number.NaN : i));
  const codes = new Int32Array(n).map((_, i) => (i % 4 === 0 ? 1 : 0));
  return {
    table: 't',
    keyKind: 'rowid',
    n,
    rowIds: new Float64Array(n).map((_, i) => i + 1),
    oneIds: null,
    features: [
      { info: info('spend_fen', 'numeric', true), values: spend, codes: null, levels: [] },
      { info: info('visits', 'numeric'), values: visits, codes: null, levels: [] },
      { info: info('job', 'categorical'), values: null, codes, levels: ['a', MISSING_LEVEL] },
    ],
  };
}

const settings = (over: Partial<ClusterSettings> = {}): Required<ClusterSettings> => ({
  table: 't',
  features: ['spend_fen', 'visits', 'job'],
  scale: 'standard',
  logMoney: false,
  categorical: 'onehot',
  missing: 'impute',
  algorithm: 'auto',
  inits: 1,
  clip: 3,
  weights: {},
  ...over,
});

describe('buildModel', () => {
  it('imputes and reports missing values, one-hot encodes at distance 1, and clips extreme scaled values visibly', () => {
    const m = buildModel(raw(), settings());
    expect(m.n).toBe(20);
    expect(m.d).toBe(4);
    expect(m.missing).toContainEqual({ feature: 'visits', missing: 4, action: 'imputed', fill: 10 });
    expect(m.missing).toContainEqual({ feature: 'job', missing: 5, action: 'category', fill: null });
    expect(m.clipped).toEqual([{ feature: 'spend_fen', values: 1 }]);
    expect(m.x[19 * 4]).toBe(3);
    // Two rows with different categories differ by √(½ + ½) = 1 over the one-hot columns.
    const oneHot = (r: number): number[] => [m.x[r * 4 + 2] as number, m.x[r * 4 + 3] as number];
    const [a0, a1] = oneHot(0);
    const [b0, b1] = oneHot(1);
    expect(Math.hypot((a0 ?? 0) - (b0 ?? 0), (a1 ?? 0) - (b1 ?? 0))).toBeCloseTo(1, 12);
    expect(m.mixed?.dc).toBe(1);
  });

  it('drops rows with missing numeric values when asked, and logs money (sign-preserving) before scaling', () => {
    const m = buildModel(raw(), settings({ missing: 'drop', scale: 'none', logMoney: true }));
    expect(m.dropped).toBe(4);
    expect(m.n).toBe(16);
    expect(m.missing).toContainEqual({ feature: 'visits', missing: 4, action: 'dropped', fill: null });
    expect(m.clipped).toEqual([]);
    // Row 1 (the first kept): 200 fen = 2 yuan → ln(3).
    expect(m.x[0]).toBeCloseTo(Math.log(3), 12);
  });

  it('multiplies a weighted feature\'s scaled column (and a categorical feature\'s one-hot columns) by its weight', () => {
    const plain = buildModel(raw(), settings());
    const weighted = buildModel(raw(), settings({ weights: { visits: 2, job: 3 } }));
    for (let r = 0; r < 20; r++) {
      expect(weighted.x[r * 4]).toBe(plain.x[r * 4]);
      expect(weighted.x[r * 4 + 1]).toBeCloseTo(2 * (plain.x[r * 4 + 1] as number), 12);
      expect(weighted.x[r * 4 + 2]).toBeCloseTo(3 * (plain.x[r * 4 + 2] as number), 12);
    }
  });
});
