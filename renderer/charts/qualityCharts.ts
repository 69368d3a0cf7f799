/**
 * Pure builders from the quality report to chart options. Labels come in from the caller (already translated),
 * so these functions know nothing of i18n or the DOM and are unit-tested in Node.
 */
import type { FileQuality, KeyCoverage, TableQuality } from '#shared/api/qualityTypes.ts';
import type { ECOption } from './echarts.ts';

const ACCENT = '#2f6fb0';
const WARN = '#d9822b';
const BAD = '#c23b3b';

/** Rounds a 0–1 share to a percentage with one decimal. */
export function toPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** Bar colour by missing share: fine below 5 %, worth a look below 30 %, a problem above. */
export function missingColor(share: number): string {
  if (share < 0.05) return ACCENT;
  if (share < 0.3) return WARN;
  return BAD;
}

/** Horizontal bars of each column's missing share, worst first. */
export function missingShareOption(table: TableQuality, labels: { readonly title: string; readonly column: (c: TableQuality['columns'][number]) => string }): ECOption {
  const cols = [...table.columns].sort((a, b) => b.missingShare - a.missingShare || a.column.localeCompare(b.column));
  // ECharts draws the first category at the bottom of a horizontal bar chart; reverse so the worst is on top.
  const shown = cols.reverse();
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
    grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map(labels.column), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        data: shown.map((c) => ({ value: toPercent(c.missingShare), itemStyle: { color: missingColor(c.missingShare) } })),
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
        barMaxWidth: 14,
      },
    ],
  };
}

/** Rejected rows of all files summed by reason code; codes with no rows are left out. */
export function rejectsByCode(files: readonly FileQuality[]): { readonly code: string; readonly count: number }[] {
  const totals = new Map<string, number>();
  for (const f of files) for (const r of f.rejectsByCode) totals.set(r.code, (totals.get(r.code) ?? 0) + r.count);
  return [...totals]
    .filter(([, n]) => n > 0)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Donut of rejected rows by reason. */
export function rejectsByCodeOption(files: readonly FileQuality[], labels: { readonly title: string; readonly reason: (code: string) => string }): ECOption {
  const data = rejectsByCode(files).map((r) => ({ name: labels.reason(r.code), value: r.count }));
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'plain', orient: 'vertical', right: 0, top: 28, textStyle: { fontSize: 11 } },
    series: [{ type: 'pie', radius: ['40%', '70%'], center: ['35%', '55%'], data, label: { show: false }, avoidLabelOverlap: true }],
  };
}

/** Bars of key coverage per relation: the share of distinct keys, and of rows, found in the target table. */
export function keyCoverageOption(coverage: readonly KeyCoverage[], labels: { readonly title: string; readonly keys: string; readonly rows: string }): ECOption {
  const names = coverage.map((k) => `${k.fromTable}.${k.fromColumn} → ${k.toTable}.${k.toColumn}`);
  const color = (share: number): string => (share >= 0.95 ? ACCENT : share >= 0.7 ? WARN : BAD);
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
    legend: { top: 0, right: 0, data: [labels.keys, labels.rows], textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 48, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names, axisLabel: { fontSize: 11 } },
    series: [
      {
        name: labels.keys,
        type: 'bar',
        data: coverage.map((k) => ({ value: toPercent(k.coverage), itemStyle: { color: color(k.coverage) } })),
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
        barMaxWidth: 12,
      },
      {
        name: labels.rows,
        type: 'bar',
        data: coverage.map((k) => ({ value: toPercent(k.rowCoverage), itemStyle: { color: color(k.rowCoverage), opacity: 0.55 } })),
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
        barMaxWidth: 12,
      },
    ],
  };
}

/** Pixel height that fits one bar per category without crowding. */
export function barChartHeight(categories: number): number {
  return Math.max(120, 56 + categories * 22);
}
