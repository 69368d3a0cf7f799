import { describe, expect, it } from 'vitest';
import { horizontalBarOption } from './tagCharts.ts';

describe('tag charts', () => {
  it('draws the first item at the top of a horizontal bar chart', () => {
    const o = horizontalBarOption([{ label: '高价值潜力客户', value: 3 }, { label: '首购客户', value: 7 }], '客户数');
    expect(o.yAxis).toMatchObject({ type: 'category', data: ['首购客户', '高价值潜力客户'] });
    expect(o.series).toEqual([expect.objectContaining({ type: 'bar', name: '客户数', data: [7, 3] })]);
  });
});
