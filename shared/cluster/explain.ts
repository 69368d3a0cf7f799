/**
 * What makes each group different: per feature the group's mean (original units, money in yuan) or level share
 * against all rows, the standardised difference and the TGI (target-group index, group ÷ all × 100), and the
 * lines that distinguish the group most.
 */
import type { GroupFeatureStat } from '#shared/api/clusterTypes.ts';
import type { ModelData, RawData } from './featureMatrix.ts';

/** A distinguishing line needs |z| at least this (numeric) … */
const MIN_Z = 0.3;
/** … or, for a level, a TGI at least this and a share in the group at least {@link MIN_LEVEL_SHARE}. */
const MIN_TGI = 120;
const MIN_LEVEL_SHARE = 0.15;

function rawValue(raw: RawData, f: number, row: number): number {
  const feat = raw.features[f];
  const v = feat?.values?.[row] ?? Number.NaN;
  return feat?.info.money ? v / 100 : v;
}

/**
 * Profiles of `k` groups over the model rows (`labels` per model row). Missing numeric values are left out of
 * the means (they were imputed only for the distance computation).
 */
export function profileGroups(raw: RawData, model: ModelData, labels: Int32Array, k: number): GroupFeatureStat[][] {
  const out: GroupFeatureStat[][] = Array.from({ length: k }, () => []);
  const n = model.n;
  raw.features.forEach((feat, f) => {
    const { name, zh, en } = feat.info;
    if (feat.codes) {
      const levels = feat.levels.length;
      const counts = new Float64Array(k * levels);
      const all = new Float64Array(levels);
      const sizes = new Float64Array(k);
      for (let r = 0; r < n; r++) {
        const row = model.rows[r] as number;
        const j = labels[r] as number;
        const code = feat.codes[row] as number;
        counts[j * levels + code] = (counts[j * levels + code] as number) + 1;
        all[code] = (all[code] as number) + 1;
        sizes[j] = (sizes[j] as number) + 1;
      }
      for (let j = 0; j < k; j++) {
        for (let level = 0; level < levels; level++) {
          const p = (all[level] as number) / n;
          const share = (sizes[j] as number) > 0 ? (counts[j * levels + level] as number) / (sizes[j] as number) : 0;
          const sd = Math.sqrt(p * (1 - p));
          out[j]?.push({ feature: name, zh, en, level: feat.levels[level] ?? '', value: share, overall: p, z: sd > 0 ? (share - p) / sd : 0, tgi: p > 0 ? (share / p) * 100 : null });
        }
      }
      return;
    }
    const sum = new Float64Array(k);
    const cnt = new Float64Array(k);
    let total = 0;
    let totalN = 0;
    for (let r = 0; r < n; r++) {
      const v = rawValue(raw, f, model.rows[r] as number);
      if (Number.isNaN(v)) continue;
      const j = labels[r] as number;
      sum[j] = (sum[j] as number) + v;
      cnt[j] = (cnt[j] as number) + 1;
      total += v;
      totalN++;
    }
    const mean = totalN > 0 ? total / totalN : 0;
    let ss = 0;
    for (let r = 0; r < n; r++) {
      const v = rawValue(raw, f, model.rows[r] as number);
      if (!Number.isNaN(v)) ss += (v - mean) ** 2;
    }
    const sd = totalN > 1 ? Math.sqrt(ss / totalN) : 0;
    for (let j = 0; j < k; j++) {
      const m = (cnt[j] as number) > 0 ? (sum[j] as number) / (cnt[j] as number) : mean;
      out[j]?.push({
        feature: name,
        zh,
        en,
        level: feat.info.binary ? '1' : null,
        value: m,
        overall: mean,
        z: sd > 0 ? (m - mean) / sd : 0,
        tgi: mean !== 0 ? (m / mean) * 100 : null,
      });
    }
  });
  return out;
}

/** The lines that set a group apart, strongest first: numeric by |z|, levels by z among those over-represented. */
export function distinguishing(profile: readonly GroupFeatureStat[], limit = 5): GroupFeatureStat[] {
  const kept = profile.filter((s) =>
    s.level === null || s.level === '1' ? Math.abs(s.z) >= MIN_Z : (s.tgi ?? 0) >= MIN_TGI && s.value >= MIN_LEVEL_SHARE && s.z >= MIN_Z,
  );
  kept.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.feature.localeCompare(b.feature));
  const seen = new Set<string>();
  const out: GroupFeatureStat[] = [];
  for (const s of kept) {
    if (seen.has(s.feature)) continue;
    seen.add(s.feature);
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
}
