/** Pure ECharts option builders of the customer 360 page. */
import type { Customer360 } from '#shared/api/tagTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

export interface MonthlyLabels {
  readonly inflow: string;
  readonly outflow: string;
  readonly txns: string;
}

/** Monthly inflow and outflow (yuan, bars) and transaction counts (line, right axis). */
export function monthlyFlowOption(monthly: Customer360['monthly'], l: MonthlyLabels): ECOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: monthly.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: '¥' },
      { type: 'value', name: l.txns, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: l.inflow, data: monthly.map((m) => Math.round(m.inFen / 100)), barMaxWidth: 14 },
      { type: 'bar', name: l.outflow, data: monthly.map((m) => -Math.round(m.outFen / 100)), barMaxWidth: 14 },
      { type: 'line', name: l.txns, yAxisIndex: 1, data: monthly.map((m) => m.txns), symbolSize: 4 },
    ],
  };
}

export interface RadarLabels {
  readonly r: string;
  readonly f: string;
  readonly m: string;
  readonly alive: string;
  readonly name: string;
}

/** R, F, M quintile scores and 5 × P(alive) on one 0–5 radar; null when the customer has no scores. */
export function scoreRadarOption(scores: Customer360['scores'], l: RadarLabels): ECOption | null {
  if (!scores) return null;
  const values = [scores.rfmR ?? 0, scores.rfmF ?? 0, scores.rfmM ?? 0, scores.pAlive === null ? 0 : Math.round(scores.pAlive * 50) / 10];
  return {
    animation: false,
    tooltip: {},
    radar: { indicator: [l.r, l.f, l.m, l.alive].map((name) => ({ name, max: 5 })), radius: '65%' },
    series: [{ type: 'radar', name: l.name, data: [{ value: values, name: l.name, areaStyle: { opacity: 0.25 } }] }],
  };
}
