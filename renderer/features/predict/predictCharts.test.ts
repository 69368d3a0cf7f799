import { describe, expect, it } from 'vitest';
import type { DecileRow, PartialDependence } from '#shared/api/predictTypes.ts';
import { calibrationOption, gainsOption, importanceOption, pdOption, rocOption } from './predictCharts.ts';

const deciles: DecileRow[] = Array.from({ length: 10 }, (_, i) => ({ decile: i + 1, rows: 10, positives: 10 - i, rate: (10 - i) / 10, lift: (10 - i) / 5.5, cumGain: (i + 1) / 10, cumLift: 1, minScore: 1 - i / 10 }));

describe('prediction chart options', () => {
  it('draws one ROC line per model and the chance diagonal', () => {
    const o = rocOption(
      [
        { name: 'A', roc: [[0, 0], [0.2, 0.6], [1, 1]] },
        { name: 'B', roc: [[0, 0], [1, 1]] },
      ],
      { fpr: 'FPR', tpr: 'TPR', chance: '随机' },
    );
    const series = o.series as { name: string; data: number[][] }[];
    expect(series.map((s) => s.name)).toEqual(['A', 'B', '随机']);
    expect(series[0]?.data[1]).toEqual([0.2, 0.6]);
  });

  it('puts lift bars and the cumulative gain line on two axes', () => {
    const o = gainsOption(deciles, { lift: '提升度', cumGain: '累计捕获率', decile: '十分位' });
    const series = o.series as { type: string; data: number[]; yAxisIndex?: number }[];
    expect(series[0]?.type).toBe('bar');
    expect(series[0]?.data[0]).toBeCloseTo(1.82, 2);
    expect(series[1]?.yAxisIndex).toBe(1);
    expect(series[1]?.data[9]).toBe(1);
  });

  it('scales the calibration plot to the largest rate and draws the diagonal', () => {
    const o = calibrationOption([{ bin: 1, rows: 5, meanPredicted: 0.1, observed: 0.12 }, { bin: 2, rows: 5, meanPredicted: 0.3, observed: 0.28 }], { predicted: 'p', observed: 'o', perfect: '理想' });
    expect((o.xAxis as { max: number }).max).toBe(0.3);
    expect((o.series as { data: number[][] }[])[1]?.data).toEqual([[0, 0], [0.3, 0.3]]);
  });

  it('lists importance with the most important feature on top, and bars for categorical partial dependence', () => {
    const o = importanceOption(
      [
        { feature: 'a', zh: '甲', en: 'a', drop: 0.1, std: 0 },
        { feature: 'b', zh: '乙', en: 'b', drop: 0.01, std: 0 },
      ],
      (r) => r.zh,
    );
    expect((o.yAxis as { data: string[] }).data).toEqual(['乙', '甲']);
    const pd: PartialDependence = { feature: 'job', zh: '职业', en: 'job', kind: 'categorical', points: [{ x: 'retired', p: 0.2 }, { x: 'student', p: 0.3 }] };
    expect((pdOption(pd, '职业').series as { type: string }[])[0]?.type).toBe('bar');
  });
});
