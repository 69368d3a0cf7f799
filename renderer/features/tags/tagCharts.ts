/** Pure ECharts option builders of the 标签 page. */
import type { ECOption } from '#renderer/charts/echarts.ts';

export interface BarDatum {
  readonly label: string;
  readonly value: number;
}

/** Horizontal bars, largest first kept in the given order (the lifecycle order reads top-down). */
export function horizontalBarOption(data: readonly BarDatum[], seriesName: string): ECOption {
  const rows = [...data].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((d) => d.label) },
    series: [{ type: 'bar', name: seriesName, data: rows.map((d) => d.value), label: { show: true, position: 'right' }, barMaxWidth: 22 }],
  };
}
