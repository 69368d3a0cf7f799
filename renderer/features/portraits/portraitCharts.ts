/**
 * Pure ECharts option builders of the portrait: a distribution as paired bars (group share against base share,
 * TGI over the group bar, bins below the minimum support greyed with no TGI), the radar of mean percentile
 * ranks, a side-by-side comparison of two groups, and the top-tags bars. Unit-tested in Node.
 */
import { format } from 'echarts/core';
import type { PortraitDistribution, RadarResult, TopTag } from '#shared/api/portraitTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

const GROUP_COLOR = '#1f5fa0';
const BASE_COLOR = '#b8c4d2';
const MUTED_COLOR = '#dde3ea';
const SIGNIFICANT_COLOR = '#b8640f';

export interface DistributionLabels {
  readonly title: string;
  readonly group: string;
  readonly base: string;
  /** Tooltip line for a bin whose TGI is hidden (below the minimum support). */
  readonly hidden: string;
}

function pct(x: number): number {
  return Math.round(x * 1000) / 10;
}

/** Paired bars per bin; the label above a group bar is its TGI, starred when significant. */
export function distributionOption(d: PortraitDistribution, labels: DistributionLabels): ECOption {
  const groupData = d.bins.map((b) => ({
    value: pct(b.groupShare),
    itemStyle: { color: b.supported ? GROUP_COLOR : MUTED_COLOR },
    label: {
      show: b.tgi !== null,
      formatter: b.tgi === null ? '' : `${Math.round(b.tgi)}${b.significant ? '*' : ''}`,
      color: b.significant ? SIGNIFICANT_COLOR : '#1f2933',
    },
  }));
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13 } },
    legend: { data: [labels.group, labels.base], right: 0, top: 22 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [params as { dataIndex: number }];
        const b = d.bins[list[0]?.dataIndex ?? 0];
        if (!b) return '';
        const tgi = b.tgi === null ? labels.hidden : `TGI ${Math.round(b.tgi)}${b.significant ? ' *' : ''}${b.p !== null ? ` (p=${b.p < 0.001 ? '<0.001' : b.p.toFixed(3)})` : ''}`;
        // Tooltips are HTML and bin labels come from imported data: escape them.
        const esc = format.encodeHTML;
        return `${esc(b.label)}<br/>${esc(labels.group)}: ${pct(b.groupShare)}% (${b.group.toLocaleString()})<br/>${esc(labels.base)}: ${pct(b.baseShare)}% (${b.base.toLocaleString()})<br/>${tgi}`;
      },
    },
    grid: { left: 40, right: 10, top: 60, bottom: 50 },
    xAxis: { type: 'category', data: d.bins.map((b) => b.label), axisLabel: { interval: 0, rotate: d.bins.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.group, type: 'bar', data: groupData, itemStyle: { color: GROUP_COLOR }, label: { show: true, position: 'top', fontSize: 11 }, barGap: '10%' },
      { name: labels.base, type: 'bar', data: d.bins.map((b) => pct(b.baseShare)), itemStyle: { color: BASE_COLOR } },
    ],
  };
}

export function radarOption(r: RadarResult, labels: { readonly title: string; readonly group: string; readonly base: string }, en: boolean): ECOption {
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13 } },
    legend: { data: [labels.group, labels.base], bottom: 0 },
    tooltip: {},
    radar: { indicator: r.axes.map((a) => ({ name: en ? a.en : a.zh, max: 100, min: 0 })), radius: '62%' },
    series: [
      {
        type: 'radar',
        data: [
          { name: labels.group, value: r.group.map((x) => Math.round(x)), itemStyle: { color: GROUP_COLOR }, areaStyle: { opacity: 0.2 } },
          { name: labels.base, value: r.base.map((x) => Math.round(x)), itemStyle: { color: '#7b8794' }, lineStyle: { type: 'dashed' } },
        ],
      },
    ],
  };
}

/** Two groups' shares side by side over the same bins (the bins are the same column's, so they align). */
export function compareOption(a: PortraitDistribution, b: PortraitDistribution, labels: { readonly title: string; readonly a: string; readonly b: string }): ECOption {
  const share = new Map(b.bins.map((x) => [x.label, x.groupShare]));
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13 } },
    legend: { data: [labels.a, labels.b], right: 0, top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
    grid: { left: 40, right: 10, top: 44, bottom: 50 },
    xAxis: { type: 'category', data: a.bins.map((x) => x.label), axisLabel: { interval: 0, rotate: a.bins.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.a, type: 'bar', data: a.bins.map((x) => pct(x.groupShare)), itemStyle: { color: GROUP_COLOR } },
      { name: labels.b, type: 'bar', data: a.bins.map((x) => pct(share.get(x.label) ?? 0)), itemStyle: { color: SIGNIFICANT_COLOR } },
    ],
  };
}

/** Horizontal TGI bars of the top tags, highest on top. */
export function topTagsOption(tags: readonly TopTag[], labels: { readonly title: string }, en: boolean): ECOption {
  const rows = [...tags].reverse();
  return {
    animation: false,
    title: { text: labels.title, left: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 140, right: 40, top: 36, bottom: 20 },
    xAxis: { type: 'value', name: 'TGI' },
    yAxis: { type: 'category', data: rows.map((t) => (en ? t.en : t.zh)), axisLabel: { fontSize: 11, width: 130, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.map((t) => Math.round(t.tgi ?? 0)), itemStyle: { color: GROUP_COLOR }, label: { show: true, position: 'right' } }],
  };
}

/** Height in pixels for a chart of `bins` categories (rotated labels need room). */
export function distributionHeight(bins: number): number {
  return bins > 6 ? 280 : 250;
}
