import { describe, expect, it } from 'vitest';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { echarts } from './echarts.ts';
import { intersectionsFromMasks, labelWidth, upsetColumns, upsetHeight, upsetOption, type UpSetData } from './upset.ts';

// The app draws on canvas; server-side rendering to a string needs the SVG renderer.
echarts.use([SVGRenderer]);

const DATA: UpSetData = {
  sets: [
    { key: 'app', label: 'APP', size: 60 },
    { key: 'web', label: '网银', size: 45 },
    { key: 'branch', label: '网点', size: 30 },
  ],
  intersections: [
    { sets: [1], size: 20 },
    { sets: [0], size: 30 },
    { sets: [2, 0], size: 10 },
    { sets: [0, 1, 2], size: 5 },
    { sets: [], size: 99 },
    { sets: [1, 2], size: 0 },
    { sets: [0, 1], size: 15 },
  ],
};

function seriesOf(option: ReturnType<typeof upsetOption>): (BarSeriesOption | ScatterSeriesOption | LineSeriesOption)[] {
  const s = option.series;
  return (Array.isArray(s) ? s : [s]) as (BarSeriesOption | ScatterSeriesOption | LineSeriesOption)[];
}

describe('upsetColumns', () => {
  it('keeps non-empty intersections, largest first, with sorted set indexes', () => {
    const { columns, hidden } = upsetColumns(DATA);
    expect(columns).toEqual([
      { sets: [0], size: 30 },
      { sets: [1], size: 20 },
      { sets: [0, 1], size: 15 },
      { sets: [0, 2], size: 10 },
      { sets: [0, 1, 2], size: 5 },
    ]);
    expect(hidden).toBe(0);
  });

  it('draws at most maxColumns and counts the rest', () => {
    const r = upsetColumns(DATA, { maxColumns: 2 });
    expect(r.columns.map((c) => c.size)).toEqual([30, 20]);
    expect(r).toMatchObject({ hidden: 3, hiddenSize: 30 });
  });

  it('orders by degree when asked, still choosing the largest columns', () => {
    const r = upsetColumns(DATA, { sort: 'degree', maxColumns: 4 });
    expect(r.columns).toEqual([
      { sets: [0], size: 30 },
      { sets: [1], size: 20 },
      { sets: [0, 1], size: 15 },
      { sets: [0, 2], size: 10 },
    ]);
  });

  it('refuses an intersection naming a set that does not exist', () => {
    expect(() => upsetColumns({ sets: DATA.sets, intersections: [{ sets: [3], size: 1 }] })).toThrow(RangeError);
  });
});

describe('intersectionsFromMasks', () => {
  it('turns bit masks into set indexes', () => {
    expect(intersectionsFromMasks([{ mask: 0b101, size: 7 }, { mask: 0b010, size: 3 }], 3)).toEqual([
      { sets: [0, 2], size: 7 },
      { sets: [1], size: 3 },
    ]);
  });

  it('refuses bits beyond the sets given', () => {
    expect(() => intersectionsFromMasks([{ mask: 0b1000, size: 1 }], 3)).toThrow(RangeError);
  });
});

describe('upsetOption', () => {
  const option = upsetOption(DATA, { title: '渠道重叠', size: '人数', column: (names, n) => `${names.join('、')}：${n} 人` });
  const series = seriesOf(option);

  it('draws one bar per column over a dot matrix on the same categories', () => {
    const bars = series[0] as BarSeriesOption;
    expect(bars.data).toEqual([30, 20, 15, 10, 5]);
    const xAxes = option.xAxis as { data?: string[]; gridIndex: number }[];
    expect(xAxes[0]?.data).toEqual(xAxes[1]?.data);
    const grids = option.grid as { left: number; right: number }[];
    expect(grids[0]?.left).toBe(grids[1]?.left);
    expect(grids[0]?.right).toBe(grids[1]?.right);
  });

  it('marks members dark and non-members light, joining members of a column with a line', () => {
    const dark = series.find((s) => s.type === 'scatter' && !s.silent) as ScatterSeriesOption;
    const light = series.find((s) => s.type === 'scatter' && s.silent) as ScatterSeriesOption;
    // Column 3 is APP + 网点 (sets 0 and 2): dots at rows 0 and 2, none at row 1.
    expect(dark.data).toContainEqual([3, 0]);
    expect(dark.data).toContainEqual([3, 2]);
    expect(light.data).toContainEqual([3, 1]);
    expect((dark.data as unknown[]).length + (light.data as unknown[]).length).toBe(5 * 3);
    const lines = series.filter((s) => s.type === 'line') as LineSeriesOption[];
    // Columns with two or more sets: [0,1], [0,2], [0,1,2].
    expect(lines.map((l) => l.data)).toEqual([
      [[2, 0], [2, 1]],
      [[3, 0], [3, 2]],
      [[4, 0], [4, 2]],
    ]);
  });

  it('names the sets of a column in its tooltip', () => {
    const bars = series[0] as BarSeriesOption;
    const formatter = (bars.tooltip as { formatter: (p: { dataIndex: number }) => string }).formatter;
    expect(formatter({ dataIndex: 4 })).toBe('APP、网银、网点：5 人');
  });

  it('escapes set labels in tooltips, which are HTML', () => {
    const evil = upsetOption({ sets: [{ key: 's', label: '<img src=x onerror=alert(1)>', size: 1 }], intersections: [{ sets: [0], size: 1 }] }, { size: 'n' });
    const bars = seriesOf(evil)[0] as BarSeriesOption;
    const text = (bars.tooltip as { formatter: (p: { dataIndex: number }) => string }).formatter({ dataIndex: 0 });
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img');
  });

  it('shows set sizes left of the matrix unless turned off', () => {
    const setBars = series[series.length - 1] as BarSeriesOption;
    expect(setBars.data).toEqual([60, 45, 30]);
    const without = seriesOf(upsetOption(DATA, { size: '人数' }, { setSizes: false }));
    expect(without.filter((s) => s.type === 'bar')).toHaveLength(1);
  });

  it('renders in ECharts with the set labels', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 800, height: upsetHeight(3, { title: 'x' }) });
    try {
      chart.setOption(option);
      const svg = chart.renderToSVGString();
      for (const label of ['APP', '网银', '网点', '渠道重叠']) expect(svg).toContain(label);
    } finally {
      chart.dispose();
    }
  });
});

describe('layout helpers', () => {
  it('gives CJK characters a full em and others less', () => {
    expect(labelWidth('公众号', 12)).toBe(36);
    expect(labelWidth('APP', 10)).toBe(18);
  });

  it('grows with the number of sets', () => {
    expect(upsetHeight(8)).toBeGreaterThan(upsetHeight(3));
  });
});
