import { describe, expect, it } from 'vitest';
import { monthlyFlowOption, scoreRadarOption } from './customer360Charts.ts';

describe('customer 360 charts', () => {
  it('plots inflow up, outflow down in yuan and counts on the right axis', () => {
    const o = monthlyFlowOption([{ month: '2024-05', inFen: 1_000_000, outFen: 250_050, txns: 4, events: 1 }], { inflow: '流入', outflow: '流出', txns: '笔数' });
    expect(o.xAxis).toMatchObject({ data: ['2024-05'] });
    expect(o.series).toEqual([
      expect.objectContaining({ name: '流入', data: [10_000] }),
      expect.objectContaining({ name: '流出', data: [-2_501] }),
      expect.objectContaining({ type: 'line', yAxisIndex: 1, data: [4] }),
    ]);
  });

  it('puts R, F, M and 5 × P(alive) on a 0–5 radar, or nothing without scores', () => {
    const labels = { r: 'R', f: 'F', m: 'M', alive: 'P', name: 'x' };
    const o = scoreRadarOption({ rfmR: 5, rfmF: 3, rfmM: 1, rfmScore: 531, expTxn12m: 2, pAlive: 0.42, clv12mFen: 100, contributionFen: 1 }, labels);
    expect(o?.series).toEqual([expect.objectContaining({ data: [expect.objectContaining({ value: [5, 3, 1, 2.1] })] })]);
    expect(scoreRadarOption(null, labels)).toBeNull();
  });
});
