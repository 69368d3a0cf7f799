/**
 * Pure ECharts option builders for the pack's sections: static charts with their values printed on them, since
 * paper has no tooltip.
 */
import type { ChartOption } from './chartSvg.ts';

const PALETTE = ['#2f54eb', '#13c2c2', '#faad14', '#eb2f96', '#52c41a', '#722ed1', '#fa541c', '#1890ff', '#a0d911', '#8c8c8c'];

/** Vertical bars, one per category, values on top. */
export function barOption(categories: readonly string[], values: readonly number[], seriesName: string): ChartOption {
  return {
    color: PALETTE,
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: [...categories], axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: seriesName, data: [...values], label: { show: true, position: 'top' }, barMaxWidth: 48 }],
  };
}

/** Horizontal bars (long labels), the first category on top, values at the bar ends. */
export function horizontalBarOption(categories: readonly string[], values: readonly number[], seriesName: string): ChartOption {
  return {
    color: PALETTE,
    grid: { left: 8, right: 60, top: 10, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: [...categories].reverse(), axisLabel: { width: 260, overflow: 'truncate' } },
    series: [{ type: 'bar', name: seriesName, data: [...values].reverse(), label: { show: true, position: 'right' }, barMaxWidth: 22 }],
  };
}

/** A pie with names and shares as labels. */
export function pieOption(items: readonly { readonly name: string; readonly value: number }[]): ChartOption {
  return {
    color: PALETTE,
    series: [{ type: 'pie', radius: ['35%', '65%'], data: items.map((i) => ({ name: i.name, value: i.value })), label: { formatter: '{b}\n{c} ({d}%)' } }],
  };
}

/** Stacked vertical bars with a legend (e.g. sentiment per channel). */
export function stackedBarOption(categories: readonly string[], series: readonly { readonly name: string; readonly values: readonly number[]; readonly color: string }[]): ChartOption {
  return {
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: [...categories], axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', name: s.name, stack: 'all', data: [...s.values], itemStyle: { color: s.color }, barMaxWidth: 48 })),
  };
}

/**
 * A left-to-right Sankey of simulated flows between steps. Nodes are named by their labels (ECharts keys nodes by
 * name, so a label used twice gets its step id appended); links with no customers are dropped, since a zero-width
 * band prints as nothing but still claims a place.
 */
export function sankeyOption(
  steps: readonly { readonly id: string; readonly label: string; readonly entered: number }[],
  flows: readonly { readonly from: string; readonly to: string; readonly count: number }[],
): ChartOption {
  const seen = new Map<string, number>();
  for (const s of steps) seen.set(s.label, (seen.get(s.label) ?? 0) + 1);
  const name = new Map(steps.map((s) => [s.id, (seen.get(s.label) ?? 0) > 1 ? `${s.label} (${s.id})` : s.label]));
  const links = flows.filter((f) => f.count > 0 && name.has(f.from) && name.has(f.to)).map((f) => ({ source: name.get(f.from) ?? f.from, target: name.get(f.to) ?? f.to, value: f.count }));
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  return {
    color: PALETTE,
    series: [
      {
        type: 'sankey',
        left: 10,
        right: 140,
        top: 10,
        bottom: 10,
        nodeGap: 12,
        data: steps.filter((s) => used.has(name.get(s.id) ?? '')).map((s) => ({ name: name.get(s.id) ?? s.id, value: s.entered })),
        links,
        label: { show: true, formatter: '{b}: {c}' },
        lineStyle: { color: 'source', opacity: 0.35 },
      },
    ],
  };
}
