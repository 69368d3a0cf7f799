/**
 * Pure option builders of the 智能分群 page: the k scan curves, group radar and parallel coordinates, and the
 * 2-D map as a large-mode scatter (one Float32Array series per group, ../shared/STYLE.md §14).
 */
import type { ClusterGroup, ClusterMap, GroupFeatureStat, KScanResult } from '#shared/api/clusterTypes.ts';
import type { LineSeriesOption } from 'echarts/charts';
import type { ECOption } from '#renderer/charts/echarts.ts';

export interface ScanLabels {
  readonly silhouette: string;
  readonly calinskiHarabasz: string;
  readonly daviesBouldin: string;
  readonly stability: string;
}

/** The four measures over k on one 0–1-ish axis: CH and DB divided by their maximum so their shapes compare. */
export function scanOption(scan: KScanResult, labels: ScanLabels): ECOption {
  const ks = scan.points.map((p) => String(p.k));
  const maxCh = Math.max(...scan.points.map((p) => p.calinskiHarabasz), 1e-12);
  const maxDb = Math.max(...scan.points.map((p) => p.daviesBouldin), 1e-12);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  const line = (name: string, data: number[]): LineSeriesOption => ({ type: 'line', name, data, symbolSize: 7, smooth: false });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: ks, name: 'k' },
    yAxis: { type: 'value' },
    series: [
      line(labels.silhouette, scan.points.map((p) => round(p.silhouette))),
      line(labels.calinskiHarabasz, scan.points.map((p) => round(p.calinskiHarabasz / maxCh))),
      line(labels.daviesBouldin, scan.points.map((p) => round(p.daviesBouldin / maxDb))),
      line(labels.stability, scan.points.map((p) => round(p.stability))),
    ],
  };
}

/** Profile lines drawn per group: numeric features and tags (not category levels), at most `limit`. */
export function numericLines(group: ClusterGroup, limit = 12): GroupFeatureStat[] {
  return group.profile.filter((s) => s.level === null || s.level === '1').slice(0, limit);
}

const Z_LIMIT = 2;

/** One polygon per group over the numeric features: the standardised difference, clipped to ±2. */
export function radarOption(groups: readonly ClusterGroup[], label: (s: GroupFeatureStat) => string): ECOption {
  const first = groups[0];
  const lines = first ? numericLines(first) : [];
  return {
    animation: false,
    tooltip: {},
    legend: { top: 0, type: 'scroll' },
    radar: { indicator: lines.map((s) => ({ name: label(s), min: -Z_LIMIT, max: Z_LIMIT })), radius: '62%', center: ['50%', '56%'] },
    series: [
      {
        type: 'radar',
        data: groups.map((g) => ({
          name: g.name,
          value: numericLines(g).map((s) => Math.round(Math.max(-Z_LIMIT, Math.min(Z_LIMIT, s.z)) * 100) / 100),
        })),
      },
    ],
  };
}

/** One line per group through the group means of the numeric features (original units, money in yuan). */
export function parallelOption(groups: readonly ClusterGroup[], label: (s: GroupFeatureStat) => string): ECOption {
  const first = groups[0];
  const lines = first ? numericLines(first) : [];
  return {
    animation: false,
    legend: { top: 0, type: 'scroll' },
    parallel: { left: 48, right: 64, top: 48, bottom: 28 },
    parallelAxis: lines.map((s, i) => ({ dim: i, name: label(s), nameTextStyle: { fontSize: 11 } })),
    series: groups.map((g) => ({
      type: 'parallel' as const,
      name: g.name,
      lineStyle: { width: 2 },
      data: [numericLines(g).map((s) => Math.round(s.value * 100) / 100)],
    })),
  };
}

/** The points of either map (PCA for every member or a sample; UMAP on a sample). */
export type MapPoints = Pick<ClusterMap, 'xy' | 'cluster'>;

/** Splits the map points by group: one flat `[x0, y0, x1, y1, …]` Float32Array per group. */
export function pointsByGroup(map: MapPoints, k: number): Float32Array[] {
  const counts = new Int32Array(k);
  for (const c of map.cluster) if (c < k) counts[c] = (counts[c] ?? 0) + 1;
  const out = Array.from(counts, (n) => new Float32Array(2 * n));
  const at = new Int32Array(k);
  for (let i = 0; i < map.cluster.length; i++) {
    const c = map.cluster[i] ?? 0;
    const target = out[c];
    if (!target) continue;
    const j = at[c] ?? 0;
    target[2 * j] = map.xy[2 * i] ?? 0;
    target[2 * j + 1] = map.xy[2 * i + 1] ?? 0;
    at[c] = j + 1;
  }
  return out;
}

/**
 * The map: a large-mode scatter per group (typed arrays, no animation) with zoom and a polygon brush for the
 * lasso; smooth at 100,000 points.
 */
export function mapOption(map: MapPoints, groups: readonly ClusterGroup[]): ECOption {
  const parts = pointsByGroup(map, groups.length);
  return {
    animation: false,
    legend: { top: 0, type: 'scroll' },
    tooltip: { show: false },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'value', scale: true, splitLine: { show: false }, axisLine: { onZero: false } },
    yAxis: { type: 'value', scale: true, splitLine: { show: false }, axisLine: { onZero: false } },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0 },
      { type: 'inside', yAxisIndex: 0 },
    ],
    brush: { xAxisIndex: 0, yAxisIndex: 0, brushType: 'polygon', throttleType: 'debounce', throttleDelay: 200, transformable: false, brushMode: 'single' },
    series: groups.map((g, j) => ({
      type: 'scatter' as const,
      name: g.name,
      dimensions: ['x', 'y'],
      data: parts[j] ?? new Float32Array(0),
      large: true,
      largeThreshold: 2000,
      symbolSize: map.xy.length / 2 > 20_000 ? 2 : 4,
      itemStyle: { opacity: 0.6 },
    })),
  };
}
