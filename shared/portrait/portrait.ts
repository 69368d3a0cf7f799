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
import { BINNING_CACHE_FORMAT, binningCacheKey, decodeBinning, encodeBinning } from './binningCodec.ts';
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
  // All customers (the usual base): every code counts, so read them straight through instead of bit by bit.
  if (set.size() === codes.length) {
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] ?? -1;
      if (c < 0) missing++;
      else counts[c] = (counts[c] ?? 0) + 1;
    }
    return { counts, known: codes.length - missing, missing };
  }
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
  if (set.size() === values.length) {
    // Same order of additions as the bitwise loop below (increasing index), so the same sum to the last bit.
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n > 0 ? sum / n : null;
  }
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

type Histogram = ReturnType<typeof histogram>;

/** The counts of `whole` minus those of `part`, for `part` ⊆ `whole` (the rest of a base around its group). */
function minus(whole: Histogram, part: Histogram): Histogram {
  const counts = whole.counts.map((c, j) => c - (part.counts[j] ?? 0));
  return { counts, known: whole.known - part.known, missing: whole.missing - part.missing };
}

/**
 * A base's histogram and mean per column, kept per binning (so per snapshot) and per base set: comparing several
 * groups with the same base (all customers, a clustering run) counts the base once.
 */
const baseStats = new WeakMap<Binning, WeakMap<CustomerSet, { readonly hist: Histogram; readonly mean: number | null }>>();

function baseStatsOf(set: CustomerSet, bins: Binning, values: Float64Array | null): { readonly hist: Histogram; readonly mean: number | null } {
  let bySet = baseStats.get(bins);
  if (!bySet) baseStats.set(bins, (bySet = new WeakMap()));
  let st = bySet.get(set);
  if (!st) {
    st = { hist: histogram(set, bins.codes, bins.labels.length), mean: values ? meanOf(set, values) : null };
    bySet.set(set, st);
  }
  return st;
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

/** A column's bins for `top` categories, computed once per data version (kept in the workspace's columnar cache). */
export function binningOf(snap: AnalyticsSnapshot, def: ProfileColumn, top: number): Binning {
  return snap.derivedCached(
    binningCacheKey(def.name, top),
    BINNING_CACHE_FORMAT,
    () => binColumn(snap.column(def), def, top),
    (b) => encodeBinning(b, def.name, top),
    (blob) => decodeBinning(blob, def.name, top, snap.universe.n),
  );
}

/** Distributions of the group against the base, with TGI and tests. */
export async function describe(input: PortraitInput, options: PortraitOptions, job: JobContext): Promise<PortraitResult> {
  const t0 = performance.now();
  const { snap, env, group, base } = input;
  const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const top = options.topCategories ?? DEFAULT_TOP_CATEGORIES;
  const outsideBase = group.set.difference_size(base.set);
  // Inside its base (the usual case) the rest's counts are the base's minus the group's: one pass fewer.
  const rest = outsideBase === 0 ? null : base.set.new_difference(group.set);
  const distributions: PortraitDistribution[] = [];
  const defs = columnsFor(env, options.columns);
  for (const [k, def] of defs.entries()) {
    job.progress('portrait.columns', k, defs.length, def.zh);
    await job.checkpoint();
    const bins = binningOf(snap, def, top);
    const scale = def.type === 'money' ? 100 : 1;
    // Only a mean needs the column itself; a text column's portrait is its bins alone.
    const numericMean = def.type !== 'text' && def.type !== 'date' && def.type !== 'bool';
    const col = numericMean ? snap.column(def) : null;
    const values = col?.kind === 'numeric' ? col.values : null;
    const g = histogram(group.set, bins.codes, bins.labels.length);
    const baseSt = baseStatsOf(base.set, bins, values);
    const b = baseSt.hist;
    const r = rest ? histogram(rest, bins.codes, bins.labels.length) : minus(b, g);
    const gm = values ? meanOf(group.set, values) : null;
    const bm = baseSt.mean;
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
    outsideBase,
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
