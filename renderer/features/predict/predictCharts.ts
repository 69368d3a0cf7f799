/**
 * Pure option builders of the 预测建模 page: ROC curves (several models on one chart to compare), gains and lift
 * by decile, calibration, permutation importance and partial dependence.
 */
import type { CalibrationBin, DecileRow, ImportanceRow, PartialDependence } from '#shared/api/predictTypes.ts';
import type { LineSeriesOption } from 'echarts/charts';
import type { ECOption } from '#renderer/charts/echarts.ts';

const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** One ROC line per model plus the chance diagonal. */
export function rocOption(models: readonly { readonly name: string; readonly roc: readonly (readonly [number, number])[] }[], labels: { readonly fpr: string; readonly tpr: string; readonly chance: string }): ECOption {
  const lines: LineSeriesOption[] = models.map((m) => ({ type: 'line', name: m.name, data: m.roc.map(([x, y]) => [round(x), round(y)]), showSymbol: false }));
  lines.push({ type: 'line', name: labels.chance, data: [[0, 0], [1, 1]], showSymbol: false, lineStyle: { type: 'dashed', color: '#999' } });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'value', min: 0, max: 1, name: labels.fpr, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 1, name: labels.tpr },
    series: lines,
  };
}

/** Lift per decile as bars, cumulative gain as a line on a second axis. */
export function gainsOption(deciles: readonly DecileRow[], labels: { readonly lift: string; readonly cumGain: string; readonly decile: string }): ECOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: deciles.map((d) => String(d.decile)), name: labels.decile, nameLocation: 'middle', nameGap: 24 },
    yAxis: [
      { type: 'value', name: labels.lift },
      { type: 'value', name: labels.cumGain, min: 0, max: 1 },
    ],
    series: [
      { type: 'bar', name: labels.lift, data: deciles.map((d) => round(d.lift, 2)) },
      { type: 'line', name: labels.cumGain, yAxisIndex: 1, data: deciles.map((d) => round(d.cumGain)) },
    ],
  };
}

/** Mean predicted against observed rate per bin, with the perfect-calibration diagonal. */
export function calibrationOption(bins: readonly CalibrationBin[], labels: { readonly predicted: string; readonly observed: string; readonly perfect: string }): ECOption {
  const max = Math.max(0.05, ...bins.map((b) => Math.max(b.meanPredicted, b.observed)));
  const top = Math.min(1, Math.ceil(max * 10) / 10);
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'value', min: 0, max: top, name: labels.predicted, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: top, name: labels.observed },
    series: [
      { type: 'line', name: labels.observed, data: bins.map((b) => [round(b.meanPredicted), round(b.observed)]), symbolSize: 8 },
      { type: 'line', name: labels.perfect, data: [[0, 0], [top, top]], showSymbol: false, lineStyle: { type: 'dashed', color: '#999' } },
    ],
  };
}

/** Horizontal bars of the AUC drop, most important on top. */
export function importanceOption(rows: readonly ImportanceRow[], name: (r: ImportanceRow) => string, limit = 15): ECOption {
  const shown = rows.slice(0, limit).reverse();
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 140, right: 24, top: 12, bottom: 24 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map(name) },
    series: [{ type: 'bar', data: shown.map((r) => round(r.drop, 4)) }],
  };
}

/** Mean predicted probability over the feature's grid: a line for numbers, bars for categories. */
export function pdOption(pd: PartialDependence, title: string): ECOption {
  const categorical = pd.points.some((p) => typeof p.x === 'string');
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: pd.points.map((p) => (typeof p.x === 'number' ? String(round(p.x, 2)) : p.x)) },
    yAxis: { type: 'value', min: 0 },
    series: [categorical ? { type: 'bar', data: pd.points.map((p) => round(p.p)) } : { type: 'line', data: pd.points.map((p) => round(p.p)) }],
  };
}
