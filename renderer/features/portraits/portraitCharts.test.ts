import { describe, expect, it } from 'vitest';
import type { PortraitDistribution } from '#shared/api/portraitTypes.ts';
import { chartFileName, chartSvg } from './chartExport.ts';
import { compareOption, distributionOption, radarOption } from './portraitCharts.ts';

const bin = (label: string, group: number, base: number, tgi: number | null, supported: boolean, significant = false) => ({
  label,
  labelEn: label,
  group,
  base,
  groupShare: group / 100,
  baseShare: base / 1000,
  tgi,
  z: null,
  p: significant ? 0.001 : null,
  significant,
  supported,
});

const DIST: PortraitDistribution = {
  column: 'gender',
  zh: '性别',
  en: 'Gender',
  family: 'basic',
  kind: 'category',
  bins: [bin('男', 80, 500, 160, true, true), bin('女', 20, 500, null, false)],
  missingGroup: 0,
  missingBase: 0,
  groupMean: null,
  baseMean: null,
};

const LABELS = { title: '性别', group: '目标客群', base: '全部客户', hidden: '人数不足' };

describe('portrait charts', () => {
  it('labels a supported bin with its TGI (starred when significant) and greys an unsupported one', () => {
    const o = distributionOption(DIST, LABELS);
    const series = o.series as { data: { value: number; itemStyle: { color: string }; label: { show: boolean; formatter: string } }[] }[];
    const group = series[0]?.data ?? [];
    expect(group.map((d) => d.value)).toEqual([80, 20]);
    expect(group[0]?.label).toMatchObject({ show: true, formatter: '160*' });
    expect(group[1]?.label.show).toBe(false);
    expect(group[1]?.itemStyle.color).not.toBe(group[0]?.itemStyle.color);
  });

  it('renders to SVG with the Chinese labels, for export', () => {
    const svg = chartSvg(distributionOption(DIST, LABELS), 600, 300);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('目标客群');
    expect(svg).toContain('160*');
    const radar = chartSvg(radarOption({ axes: [{ key: 'value', zh: '价值', en: 'Value', columns: ['aum_fen'] }, { key: 'risk', zh: '风险', en: 'Risk', columns: [] }, { key: 'x', zh: '活跃', en: 'Activity', columns: [] }], group: [70, 40, 55], base: [50, 50, 50], ms: 1 }, { title: '雷达', group: 'A', base: 'B' }, false), 400, 300);
    expect(radar).toContain('价值');
    expect(chartFileName('性别: 分布/TGI', 'png')).toBe('性别_分布_TGI.png');
  });

  it('aligns two groups on the first group’s bins', () => {
    const other = { ...DIST, bins: [bin('女', 60, 500, 120, true), bin('男', 40, 500, 80, true)] };
    const o = compareOption(DIST, other, { title: 't', a: 'A', b: 'B' });
    const series = o.series as { data: number[] }[];
    expect(series[1]?.data).toEqual([40, 60]);
  });
});
