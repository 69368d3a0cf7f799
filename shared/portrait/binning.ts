/**
 * Bins of a profile column for a portrait, computed once per column over all customers: categories (the most
 * frequent ones, the rest folded into 其他; ordinal columns keep their order), numeric ranges on the edges a
 * bank reads (AUM tiers 1万/5万/20万/50万/100万/600万, recency 7/30/90/180/365 days) or, for other columns,
 * rounded quantiles, years for dates, 是/否 for flags. Each customer gets a bin code (−1 when missing).
 */
import type { Column } from '#shared/analytics/profileColumns.ts';
import { dayString } from '#shared/analytics/days.ts';
import type { ProfileColumn } from '#shared/profile/profileSchema.ts';

export interface Binning {
  readonly kind: 'category' | 'numeric';
  readonly labels: readonly string[];
  readonly labelsEn: readonly string[];
  /** Bin of each customer, −1 when the value is missing. */
  readonly codes: Int16Array;
}

/** Categories whose natural order is not by frequency. */
const ORDINAL: Readonly<Record<string, readonly string[]>> = {
  age_band: ['<25', '25-34', '35-44', '45-54', '55-64', '65+'],
  risk_level: ['C1', 'C2', 'C3', 'C4', 'C5'],
};

/** Edges in display units (yuan for money): bins are (−∞, e0), [e0, e1), …, [ek, ∞). */
const EDGES: Readonly<Record<string, readonly number[]>> = {
  aum_fen: [1e4, 5e4, 2e5, 5e5, 1e6, 6e6],
  deposit_fen: [1e4, 5e4, 2e5, 5e5, 1e6],
  investment_fen: [1, 5e4, 2e5, 1e6],
  loan_balance_fen: [1, 1e5, 5e5, 1e6],
  income_fen: [5e4, 1e5, 2e5, 5e5, 1e6],
  age: [25, 35, 45, 55, 65],
  tenure_months: [12, 36, 60, 120, 240],
  txn_recency_days: [8, 31, 91, 181, 366],
  event_recency_days: [8, 31, 91, 181, 366],
  max_overdue_days: [1, 31, 61, 91],
};

const COUNT_EDGES = [1, 2, 4, 7, 11, 21, 51];

function shortYuan(y: number): string {
  if (Math.abs(y) >= 1e8) return `${Number((y / 1e8).toFixed(2))}亿`;
  if (Math.abs(y) >= 1e4) return `${Number((y / 1e4).toFixed(2))}万`;
  return `${Number(y.toFixed(2))}`;
}

function shortYuanEn(y: number): string {
  if (Math.abs(y) >= 1e6) return `${Number((y / 1e6).toFixed(2))}M`;
  if (Math.abs(y) >= 1e3) return `${Number((y / 1e3).toFixed(2))}k`;
  return `${Number(y.toFixed(2))}`;
}

/** Rounds to two significant digits, so quantile edges read like 1,200 rather than 1,187.5. */
function nice(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const p = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  return Math.round(x / p) * p;
}

function categoryBins(col: Extract<Column, { kind: 'text' }>, name: string, top: number): Binning {
  const counts = new Int32Array(col.dict.length);
  for (const c of col.codes) if (c >= 0) counts[c] = (counts[c] ?? 0) + 1;
  const ordinal = ORDINAL[name];
  let chosen: number[];
  if (ordinal) {
    const rank = (v: string): number => {
      const k = ordinal.indexOf(v);
      return k < 0 ? ordinal.length : k;
    };
    chosen = col.dict.map((_, c) => c).filter((c) => (counts[c] ?? 0) > 0);
    chosen.sort((a, b) => rank(col.dict[a] ?? '') - rank(col.dict[b] ?? '') || ((col.dict[a] ?? '') < (col.dict[b] ?? '') ? -1 : 1));
  } else {
    chosen = col.dict
      .map((_, c) => c)
      .filter((c) => (counts[c] ?? 0) > 0)
      .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
  }
  const shown = chosen.slice(0, top);
  const rest = chosen.length > shown.length;
  const binOf = new Int16Array(col.dict.length).fill(rest ? shown.length : -1);
  shown.forEach((c, b) => (binOf[c] = b));
  const labels = shown.map((c) => col.dict[c] ?? '');
  const codes = new Int16Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i] ?? -1;
    codes[i] = c < 0 ? -1 : (binOf[c] ?? -1);
  }
  return { kind: 'category', labels: rest ? [...labels, '其他'] : labels, labelsEn: rest ? [...labels, 'Other'] : labels, codes };
}

function rangeLabels(edges: readonly number[], money: boolean, integer: boolean, unit: { zh: string; en: string }): { zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  const fz = (x: number): string => (money ? shortYuan(x) : String(x));
  const fe = (x: number): string => (money ? shortYuanEn(x) : String(x));
  for (let b = 0; b <= edges.length; b++) {
    const lo = edges[b - 1];
    const hi = edges[b];
    if (lo === undefined && hi !== undefined) {
      zh.push(integer && !money ? (hi - 1 <= 0 ? `${hi - 1}${unit.zh}` : `≤${hi - 1}${unit.zh}`) : `<${fz(hi)}${unit.zh}`);
      en.push(integer && !money ? `≤ ${hi - 1}${unit.en}` : `< ${fe(hi)}${unit.en}`);
    } else if (lo !== undefined && hi === undefined) {
      zh.push(`≥${fz(lo)}${unit.zh}`);
      en.push(`≥ ${fe(lo)}${unit.en}`);
    } else if (lo !== undefined && hi !== undefined) {
      if (integer && !money) {
        zh.push(hi - 1 === lo ? `${lo}${unit.zh}` : `${lo}–${hi - 1}${unit.zh}`);
        en.push(hi - 1 === lo ? `${lo}${unit.en}` : `${lo}–${hi - 1}${unit.en}`);
      } else {
        zh.push(`${fz(lo)}–${fz(hi)}${unit.zh}`);
        en.push(`${fe(lo)}–${fe(hi)}${unit.en}`);
      }
    }
  }
  return { zh, en };
}

function quantileEdges(values: Float64Array, scale: number): number[] {
  const known = values.filter((v) => !Number.isNaN(v));
  if (known.length === 0) return [];
  known.sort();
  const edges = new Set<number>();
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const v = nice((known[Math.min(known.length - 1, Math.floor(q * known.length))] ?? 0) / scale);
    if (v > (known[0] ?? 0) / scale) edges.add(v);
  }
  return [...edges].sort((a, b) => a - b);
}

function numericBins(col: Extract<Column, { kind: 'numeric' }>, def: ProfileColumn): Binning {
  const values = col.values;
  if (def.type === 'bool') {
    const codes = new Int16Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? Number.NaN;
      codes[i] = Number.isNaN(v) ? -1 : v === 1 ? 0 : 1;
    }
    return { kind: 'category', labels: ['是', '否'], labelsEn: ['Yes', 'No'], codes };
  }
  if (def.type === 'date') {
    const years = new Map<number, number>();
    const yearOf = (v: number): number => Number(dayString(v).slice(0, 4));
    for (const v of values) if (!Number.isNaN(v)) years.set(yearOf(v), 0);
    const sorted = [...years.keys()].sort((a, b) => a - b);
    sorted.forEach((y, b) => years.set(y, b));
    const codes = new Int16Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? Number.NaN;
      codes[i] = Number.isNaN(v) ? -1 : (years.get(yearOf(v)) ?? -1);
    }
    return { kind: 'numeric', labels: sorted.map((y) => `${y}年`), labelsEn: sorted.map(String), codes };
  }
  const money = def.type === 'money';
  const scale = money ? 100 : 1;
  const integer = def.type === 'int';
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  let edges: readonly number[];
  const spec = EDGES[def.name];
  if (spec) edges = spec;
  else if (integer && max <= 10) edges = Array.from({ length: Math.max(0, max) }, (_, k) => k + 1);
  else if (integer) edges = COUNT_EDGES;
  else edges = quantileEdges(values, scale);
  const unit = def.name.endsWith('_days') ? { zh: '天', en: ' d' } : def.name.endsWith('_months') ? { zh: '个月', en: ' mo' } : money ? { zh: '元', en: '' } : { zh: '', en: '' };
  const labels = rangeLabels(edges, money, integer, unit);
  const scaled = edges.map((e) => e * scale);
  const codes = new Int16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let b = 0;
    while (b < scaled.length && v >= (scaled[b] ?? 0)) b++;
    codes[i] = b;
  }
  return { kind: 'numeric', labels: labels.zh, labelsEn: labels.en, codes };
}

/** Bins of `col` over all customers. */
export function binColumn(col: Column, def: ProfileColumn, topCategories: number): Binning {
  return col.kind === 'text' ? categoryBins(col, def.name, topCategories) : numericBins(col, def);
}
