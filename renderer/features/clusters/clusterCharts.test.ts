import { describe, expect, it } from 'vitest';
import type { ClusterGroup, ClusterMap, GroupFeatureStat, KScanResult } from '#shared/api/clusterTypes.ts';
import { mapOption, parallelOption, pointsByGroup, radarOption, scanOption } from './clusterCharts.ts';

const stat = (feature: string, z: number, value: number, level: string | null = null): GroupFeatureStat => ({ feature, zh: feature, en: feature, level, value, overall: 1, z, tgi: 100 });
const group = (cluster: number, z: number): ClusterGroup => ({
  cluster,
  name: `g${cluster}`,
  nameEn: `g${cluster}`,
  size: 10,
  share: 0.5,
  profile: [stat('age', z, 40 + z), stat('job', 1, 0.5, 'retired'), stat('aum_fen', -z, 1000)],
  distinguishing: [],
  typical: [],
  matchedFrom: null,
});

describe('cluster chart options', () => {
  it('scan: four curves over k, CH and DB scaled to their maximum', () => {
    const scan: KScanResult = {
      points: [
        { k: 2, inertia: 1, silhouette: 0.4, calinskiHarabasz: 50, daviesBouldin: 2, stability: 0.9 },
        { k: 3, inertia: 1, silhouette: 0.6, calinskiHarabasz: 100, daviesBouldin: 1, stability: 1 },
      ],
      recommendedK: 3,
      scanRows: 10,
      silhouetteRows: 10,
      rows: 10,
      seed: 1,
      seconds: 1,
    };
    const o = scanOption(scan, { silhouette: 's', calinskiHarabasz: 'ch', daviesBouldin: 'db', stability: 'st' });
    const series = o.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(['s', 'ch', 'db', 'st']);
    expect(series[1]?.data).toEqual([0.5, 1]);
    expect(series[2]?.data).toEqual([1, 0.5]);
  });

  it('radar and parallel use numeric lines only, radar values clipped to ±2', () => {
    const groups = [group(0, 3), group(1, -0.5)];
    const r = radarOption(groups, (s) => s.feature);
    expect((r.radar as { indicator: { name: string }[] }).indicator.map((i) => i.name)).toEqual(['age', 'aum_fen']);
    const data = (r.series as { data: { value: number[] }[] }[])[0]?.data;
    expect(data?.[0]?.value).toEqual([2, -2]);
    const p = parallelOption(groups, (s) => s.feature);
    expect((p.series as { data: number[][] }[])[1]?.data).toEqual([[39.5, 1000]]);
  });

  it('map: one large Float32Array scatter per group with the lasso brush', () => {
    const map: ClusterMap = { runId: 1, total: 3, xy: Float32Array.from([0, 1, 2, 3, 4, 5]), cluster: Uint16Array.from([1, 0, 1]), explained: [0.5, 0.2] };
    const parts = pointsByGroup(map, 2);
    expect(Array.from(parts[0] ?? [])).toEqual([2, 3]);
    expect(Array.from(parts[1] ?? [])).toEqual([0, 1, 4, 5]);
    const o = mapOption(map, [group(0, 1), group(1, 1)]);
    const series = o.series as { large: boolean; data: Float32Array }[];
    expect(series.every((s) => s.large && s.data instanceof Float32Array)).toBe(true);
    expect((o.brush as { brushType: string }).brushType).toBe('polygon');
  });
});
