/**
 * Group portraits (客群画像) on the columnar view: per column the group's and the base's distribution over the
 * column's bins with TGI and a two-proportion test against the rest of the base, the tags that most set the
 * group apart, and a radar of mean percentile ranks. Only counts are produced; no customer row leaves here.
 */
import type { PortraitDistribution, PortraitOptions, PortraitResult, RadarAxis, RadarResult, TopTag } from '#shared/api/portraitTypes.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import type { CustomerSet } from '#shared/analytics/bitsets.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { ProfileColumn } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from '#shared/segments/ruleEnv.ts';
import { binColumn, type Binning } from './binning.ts';
import { binStats, tgi, twoProportionZ } from './stats.ts';

export const DEFAULT_MIN_SUPPORT = 30;
export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_TOP_CATEGORIES = 10;

/** Ten columns across basics, value, activity, channel, product and risk. */
export const DEFAULT_PORTRAIT_COLUMNS: readonly string[] = [
  'age_band',
  'gender',
  'city',
  'vip_level',
  'aum_fen',
  'product_count',
  'channel_count',
  'txn_recency_days',
  'risk_level',
  'occupation',
];

/** Risk columns rank upward: a higher risk score means more days overdue and more complaints. */
export const RADAR_AXES: readonly RadarAxis[] = [
  { key: 'value', zh: '价值', en: 'Value', columns: ['aum_fen', 'investment_fen', 'deposit_fen'] },
  { key: 'activity', zh: '活跃', en: 'Activity', columns: ['txn_count_90d', 'event_count_30d', 'login_days_30d'] },
  { key: 'channels', zh: '渠道', en: 'Channels', columns: ['channel_count'] },
  { key: 'products', zh: '产品', en: 'Products', columns: ['product_count'] },
  { key: 'response', zh: '营销响应', en: 'Response', columns: ['opens_90d'] },
  { key: 'risk', zh: '风险', en: 'Risk', columns: ['max_overdue_days', 'complaints_365d'] },
];

/** Counts of a set's members per bin, and how many have no value. A word-wise loop: this is the hot path. */
export function histogram(set: CustomerSet, codes: Int16Array, bins: number): { readonly counts: Int32Array; readonly known: number; readonly missing: number } {
  const counts = new Int32Array(bins);
  let missing = 0;
  const words = set.words;
  for (let k = 0; k < words.length; k++) {
    let w = words[k] ?? 0;
    while (w !== 0) {
      const t = w & -w;
      const c = codes[(k << 5) + 31 - Math.clz32(t)] ?? -1;
      if (c < 0) missing++;
      else counts[c] = (counts[c] ?? 0) + 1;
      w ^= t;
    }
  }
  let known = 0;
  for (const c of counts) known += c;
  return { counts, known, missing };
}

function meanOf(set: CustomerSet, values: Float64Array): number | null {
  let sum = 0;
  let n = 0;
  const words = set.words;
  for (let k = 0; k < words.length; k++) {
    let w = words[k] ?? 0;
    while (w !== 0) {
      const t = w & -w;
      const v = values[(k << 5) + 31 - Math.clz32(t)] ?? Number.NaN;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
      w ^= t;
    }
  }
  return n > 0 ? sum / n : null;
}

export interface PortraitInput {
  readonly snap: AnalyticsSnapshot;
  readonly env: RuleEnv;
  readonly group: { readonly label: string; readonly set: CustomerSet };
  readonly base: { readonly label: string; readonly set: CustomerSet };
}

function columnsFor(env: RuleEnv, requested: readonly string[] | undefined): ProfileColumn[] {
  const names = requested ?? DEFAULT_PORTRAIT_COLUMNS;
  return names.map((n) => env.columns.get(n)).filter((c): c is ProfileColumn => c !== undefined);
}

function binningOf(snap: AnalyticsSnapshot, def: ProfileColumn, top: number): Binning {
  return snap.derived(`bins:${def.name}:${top}`, () => binColumn(snap.column(def), def, top));
}

/** Distributions of the group against the base, with TGI and tests. */
export async function describe(input: PortraitInput, options: PortraitOptions, job: JobContext): Promise<PortraitResult> {
  const t0 = performance.now();
  const { snap, env, group, base } = input;
  const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const top = options.topCategories ?? DEFAULT_TOP_CATEGORIES;
  const rest = base.set.new_difference(group.set);
  const distributions: PortraitDistribution[] = [];
  const defs = columnsFor(env, options.columns);
  for (const [k, def] of defs.entries()) {
    job.progress('portrait.columns', k, defs.length, def.zh);
    await job.checkpoint();
    const bins = binningOf(snap, def, top);
    const g = histogram(group.set, bins.codes, bins.labels.length);
    const b = histogram(base.set, bins.codes, bins.labels.length);
    const r = histogram(rest, bins.codes, bins.labels.length);
    const col = snap.column(def);
    const scale = def.type === 'money' ? 100 : 1;
    const numericMean = col.kind === 'numeric' && def.type !== 'date' && def.type !== 'bool';
    const gm = numericMean ? meanOf(group.set, col.values) : null;
    const bm = numericMean ? meanOf(base.set, col.values) : null;
    distributions.push({
      column: def.name,
      zh: def.zh,
      en: def.en,
      family: def.family,
      kind: bins.kind,
      bins: bins.labels.map((label, j) => ({
        label,
        labelEn: bins.labelsEn[j] ?? label,
        group: g.counts[j] ?? 0,
        base: b.counts[j] ?? 0,
        ...binStats(g.counts[j] ?? 0, g.known, b.counts[j] ?? 0, b.known, r.counts[j] ?? 0, r.known, minSupport, alpha),
      })),
      missingGroup: g.missing,
      missingBase: b.missing,
      groupMean: gm === null ? null : gm / scale,
      baseMean: bm === null ? null : bm / scale,
    });
  }
  return {
    group: { label: group.label, size: group.set.size() },
    base: { label: base.label, size: base.set.size() },
    outsideBase: group.set.difference_size(base.set),
    minSupport,
    alpha,
    distributions,
    ms: performance.now() - t0,
  };
}

/** Tags with few values are split by value (an RFM grade reads better than "has an RFM grade"). */
const MAX_SPLIT_VALUES = 12;

/** Tags (and tag values) most over-represented in the group: supported, significant, highest TGI first. */
export async function topTags(input: PortraitInput, limit: number, minSupport: number, alpha: number, job: JobContext): Promise<TopTag[]> {
  const { snap, env, group, base } = input;
  const rest = base.set.new_difference(group.set);
  const gn = group.set.size();
  const bn = base.set.size();
  const rn = rest.size();
  const out: TopTag[] = [];
  const tags = [...env.tags.values()];
  for (const [k, t] of tags.entries()) {
    job.progress('portrait.tags', k, tags.length, t.zh);
    await job.checkpoint();
    const m = snap.tag(t.key);
    const items: { value: string | null; set: CustomerSet }[] =
      m.byValue.size > 0 && m.byValue.size <= MAX_SPLIT_VALUES ? [...m.byValue].map(([value, set]) => ({ value, set })) : [{ value: null, set: m.all }];
    for (const it of items) {
      const g = it.set.intersection_size(group.set);
      if (g < minSupport) continue;
      const b = it.set.intersection_size(base.set);
      const r = it.set.intersection_size(rest);
      const groupShare = gn > 0 ? g / gn : 0;
      const baseShare = bn > 0 ? b / bn : 0;
      const test = twoProportionZ(g, gn, r, rn);
      const index = tgi(groupShare, baseShare);
      const significant = test !== null && test.p < alpha;
      if (!significant || index === null || index <= 100) continue;
      out.push({ tag: t.key, value: it.value, zh: it.value ? `${t.zh}：${it.value}` : t.zh, en: it.value ? `${t.en}: ${it.value}` : t.en, family: t.family, group: g, groupShare, baseShare, tgi: index, z: test.z, significant });
    }
  }
  job.progress('portrait.tags', tags.length, tags.length);
  return out.sort((a, b) => (b.tgi ?? 0) - (a.tgi ?? 0) || b.group - a.group).slice(0, limit);
}

/**
 * Percentile rank (0–100, ties at their middle) of every customer on a column, NaN when missing; computed once
 * per column by sorting the known values and searching each customer's value in them.
 */
function percentileRanks(snap: AnalyticsSnapshot, def: ProfileColumn): Float32Array {
  return snap.derived(`ranks:${def.name}`, () => {
    const col = snap.column(def);
    const out = new Float32Array(snap.universe.n).fill(Number.NaN);
    if (col.kind !== 'numeric') return out;
    const sorted = col.values.filter((v) => !Number.isNaN(v)).sort();
    const m = sorted.length;
    if (m === 0) return out;
    const bound = (v: number, upper: boolean): number => {
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const s = sorted[mid] ?? 0;
        if (s < v || (upper && s === v)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i] ?? Number.NaN;
      if (Number.isNaN(v)) continue;
      out[i] = (100 * (bound(v, false) + bound(v, true))) / 2 / m;
    }
    return out;
  });
}

function meanRank(set: CustomerSet, ranks: Float32Array): number | null {
  let sum = 0;
  let n = 0;
  const words = set.words;
  for (let k = 0; k < words.length; k++) {
    let w = words[k] ?? 0;
    while (w !== 0) {
      const t = w & -w;
      const v = ranks[(k << 5) + 31 - Math.clz32(t)] ?? Number.NaN;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
      w ^= t;
    }
  }
  return n > 0 ? sum / n : null;
}

/** Mean percentile ranks per radar axis (axes whose columns are all missing from the profile are left out). */
export function radar(input: PortraitInput): RadarResult {
  const t0 = performance.now();
  const { snap, env, group, base } = input;
  const axes: RadarAxis[] = [];
  const g: number[] = [];
  const b: number[] = [];
  for (const axis of RADAR_AXES) {
    const defs = axis.columns.map((c) => env.columns.get(c)).filter((d): d is ProfileColumn => d !== undefined);
    if (defs.length === 0) continue;
    const score = (set: CustomerSet): number => {
      const parts = defs.map((d) => meanRank(set, percentileRanks(snap, d))).filter((x): x is number => x !== null);
      return parts.length === 0 ? 0 : parts.reduce((a, x) => a + x, 0) / parts.length;
    };
    axes.push({ key: axis.key, zh: axis.zh, en: axis.en, columns: defs.map((d) => d.name) });
    g.push(score(group.set));
    b.push(score(base.set));
  }
  return { axes, group: g, base: b, ms: performance.now() - t0 };
}
