import { describe, expect, it } from 'vitest';
import type { FunnelResult, Neighbourhood, PathsResult } from '#shared/api/behaviourTypes.ts';
import { communityColor, graphOption } from '#renderer/features/network/networkCharts.ts';
import { funnelOption, sankeyOption } from './behaviourCharts.ts';

describe('behaviour chart options', () => {
  it('draws the funnel first step at the top with counts and conversion', () => {
    const f: FunnelResult = {
      steps: [
        { event: 'a', customers: 10, fromPrevious: 1, fromFirst: 1, medianSeconds: null },
        { event: 'b', customers: 4, fromPrevious: 0.4, fromFirst: 0.4, medianSeconds: 60 },
      ],
      groups: [],
      windowSeconds: 60,
      from: '2024-01-01',
      until: '2024-01-31',
      ms: 1,
    };
    const o = funnelOption(f) as { yAxis: { data: string[] }; series: { label: { formatter: (p: { dataIndex: number }) => string } }[] };
    expect(o.yAxis.data).toEqual(['b', 'a']);
    expect(o.series[0]?.label.formatter({ dataIndex: 0 })).toBe('4 · 40.0%');
  });

  it('keeps Sankey node ids unique per level and labels them with the event', () => {
    const p: PathsResult = {
      nodes: [
        { id: '0:a', event: 'a', level: 0, count: 3 },
        { id: '1:a', event: 'a', level: 1, count: 2 },
      ],
      links: [{ source: '0:a', target: '1:a', value: 2 }],
      paths: 3,
      ms: 0,
    };
    const o = sankeyOption(p) as { series: { data: { name: string; depth: number; label: { formatter: string } }[] }[] };
    expect(o.series[0]?.data.map((d) => [d.name, d.depth, d.label.formatter])).toEqual([
      ['0:a', 0, 'a (3)'],
      ['1:a', 1, 'a (2)'],
    ]);
  });

  it('rings the centre of a neighbourhood graph and colours by community', () => {
    const nb: Neighbourhood = {
      centre: 'P1',
      nodes: [
        { id: 'P1', label: '张*', isCustomer: true, community: 1, pagerank: 0.2, hop: 0 },
        { id: 'P2', label: '潜客', isCustomer: false, community: null, pagerank: 0, hop: 1 },
      ],
      edges: [{ source: 'P1', target: 'P2', kind: 'invite', count: 1, amountFen: 0 }],
      truncated: false,
    };
    const o = graphOption(nb, (k) => k) as { series: { data: { itemStyle: { borderWidth: number; color: string } }[] }[] };
    expect(o.series[0]?.data[0]?.itemStyle.borderWidth).toBe(3);
    expect(o.series[0]?.data[1]?.itemStyle.color).toBe(communityColor(null));
  });
});
