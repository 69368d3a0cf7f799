/**
 * Pure ECharts option builders of the 文本 page (unit-tested in Node): keyword bars, sentiment by group and topics
 * over time, plus the word list the word cloud draws.
 */
import type { BreakdownRow, KeywordRow, TopicsResult } from '#shared/api/textTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

export const SENTIMENT_COLORS = { positive: '#2e9d5b', neutral: '#9aa5b1', negative: '#d0453a' } as const;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

/** Horizontal bars, the strongest keyword on top. */
export function keywordBarOption(rows: readonly KeywordRow[], title: string): ECOption {
  const shown = [...rows].reverse();
  return {
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map((r) => r.word) },
    series: [{ type: 'bar', name: title, data: shown.map((r) => Math.round(r.score * 100) / 100), itemStyle: { color: '#3b6fb6' } }],
  };
}

/** One stacked bar per group: positive, neutral, negative counts. */
export function sentimentBarOption(rows: readonly BreakdownRow[], labels: Readonly<Record<(typeof SENTIMENTS)[number], string>>, groupLabel: (g: string) => string, title: string): ECOption {
  return {
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => groupLabel(r.group)), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: SENTIMENTS.map((s) => ({ type: 'bar' as const, name: labels[s], stack: 'sentiment', data: rows.map((r) => r[s]), itemStyle: { color: SENTIMENT_COLORS[s] } })),
  };
}

/** Notes per month stacked by strongest topic. */
export function topicTimeOption(result: TopicsResult, title: string): ECOption {
  return {
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: result.overTime.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: result.topics.map((t, k) => ({ type: 'bar' as const, name: t.name, stack: 'topics', data: result.overTime.map((m) => m.counts[k] ?? 0) })),
  };
}

/** Word-cloud entries `[word, size in px]`, sizes scaled between 12 and 56 by score. */
export function wordCloudList(rows: readonly KeywordRow[]): [string, number][] {
  const scores = rows.map((r) => Math.max(0, r.score));
  const max = Math.max(...scores, 0);
  const min = Math.min(...scores, max);
  return rows.map((r, i) => [r.word, max === min ? 32 : Math.round(12 + (44 * ((scores[i] ?? 0) - min)) / (max - min))]);
}
