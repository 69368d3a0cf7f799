/**
 * Pure ECharts option builders of behaviour analysis: the funnel as horizontal bars with conversion labels,
 * paths as a Sankey, event trends as lines and a customer's interest drift as lines. Unit-tested in Node.
 */
import type { FunnelResult, InterestDrift, PathsResult, TrendsResult } from '#shared/api/behaviourTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

const COLOR = '#1f5fa0';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function funnelOption(f: FunnelResult): ECOption {
  const steps = [...f.steps].reverse();
  return {
    animation: false,
    grid: { left: 120, right: 80, top: 10, bottom: 20 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: steps.map((s) => s.event) },
    series: [
      {
        type: 'bar',
        data: steps.map((s) => ({ value: s.customers, itemStyle: { color: COLOR } })),
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => `${steps[p.dataIndex]?.customers ?? 0} · ${pct(steps[p.dataIndex]?.fromFirst ?? 0)}` },
      },
    ],
  };
}

export function sankeyOption(p: PathsResult): ECOption {
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        layoutIterations: 0,
        nodeGap: 6,
        emphasis: { focus: 'adjacency' },
        data: p.nodes.map((n) => ({ name: n.id, value: n.count, depth: n.level, label: { formatter: `${n.event} (${n.count})` } })),
        links: p.links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
        lineStyle: { color: 'gradient', opacity: 0.35 },
      },
    ],
  };
}

export function trendsOption(t: TrendsResult, measure: 'rows' | 'customers'): ECOption {
  return {
    animation: false,
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'category', data: [...t.buckets] },
    yAxis: { type: 'value' },
    series: t.series.map((s) => ({ type: 'line', name: s.event, showSymbol: false, data: [...(measure === 'rows' ? s.rows : s.customers)] })),
  };
}

export function driftOption(d: InterestDrift, en: boolean): ECOption {
  return {
    animation: false,
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'category', data: [...d.at] },
    yAxis: { type: 'value' },
    series: d.topics.filter((t) => t.scores.some((x) => x > 0)).map((t) => ({ type: 'line', name: en ? t.en : t.zh, data: [...t.scores] })),
  };
}
