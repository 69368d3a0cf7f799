/**
 * Explaining a model: permutation importance (drop of validation AUC when one feature's values are shuffled),
 * partial dependence (mean predicted probability as one feature sweeps its range), per-customer reasons, and the
 * leakage guard (a feature that predicts the target almost perfectly on its own is suspect).
 */
import type { FeatureRef, ImportanceRow, LeakageWarning, PartialDependence, Reason } from '#shared/api/predictTypes.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { Random } from '#shared/jobs/random.ts';
import { auc } from './metrics.ts';
import { columnCount, contributions, encodeValue, featureColumns, probabilities, type FeatureColumn, type ModelSpec } from './modelSpec.ts';

/** A single feature with a training AUC at or above this is reported as a possible leak. */
export const LEAK_AUC = 0.95;

/** Features whose own AUC (folded to ≥ 0.5) on the training rows reaches {@link LEAK_AUC}. */
export function leakageWarnings(features: readonly FeatureColumn[], y: Int8Array, rows: Uint32Array): LeakageWarning[] {
  const labels = new Uint8Array(rows.length);
  rows.forEach((r, k) => (labels[k] = y[r] === 1 ? 1 : 0));
  const out: LeakageWarning[] = [];
  for (const f of features) {
    const s = new Float64Array(rows.length);
    if (f.values) {
      // Missing sorts below every value: "has no value" can itself be the leak.
      rows.forEach((r, k) => (s[k] = Number.isNaN(f.values![r]!) ? Number.NEGATIVE_INFINITY : f.values![r]!));
    } else {
      const codes = f.codes!;
      const pos = new Float64Array(f.levels.length);
      const cnt = new Float64Array(f.levels.length);
      rows.forEach((r, k) => {
        cnt[codes[r]!]!++;
        pos[codes[r]!]! += labels[k]!;
      });
      rows.forEach((r, k) => (s[k] = pos[codes[r]!]! / cnt[codes[r]!]!));
    }
    const a = auc(s, labels);
    const folded = Math.max(a, 1 - a);
    if (folded >= LEAK_AUC) out.push({ feature: f.ref.name, auc: folded });
  }
  return out;
}

/** Shuffles the given rows' columns of one feature in place (same permutation for all its columns). */
function permuteColumns(m: Float32Array, d: number, n: number, first: number, width: number, rnd: Random): Float32Array {
  const saved = new Float32Array(n * width);
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) saved[r * width + j] = m[r * d + first + j]!;
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) m[r * d + first + j] = saved[perm[r]! * width + j]!;
  return saved;
}

function restoreColumns(m: Float32Array, d: number, n: number, first: number, width: number, saved: Float32Array): void {
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) m[r * d + first + j] = saved[r * width + j]!;
}

/**
 * Permutation importance on an encoded validation sample `m` (n rows) with labels: mean and standard deviation
 * of the AUC drop over `repeats` shuffles, highest first.
 */
export async function permutationImportance(spec: ModelSpec, refs: readonly FeatureRef[], m: Float32Array, n: number, labels: Uint8Array, rnd: Random, ctx: JobContext, repeats = 3): Promise<ImportanceRow[]> {
  const d = columnCount(spec);
  const base = auc(probabilities(spec, m, n), labels);
  const cols = featureColumns(spec);
  const out: ImportanceRow[] = [];
  for (let f = 0; f < cols.length; f++) {
    const [first, width] = cols[f]!;
    const drops: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const saved = permuteColumns(m, d, n, first, width, rnd);
      drops.push(base - auc(probabilities(spec, m, n), labels));
      restoreColumns(m, d, n, first, width, saved);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    const ref = refs[f]!;
    out.push({ feature: ref.name, zh: ref.zh, en: ref.en, drop: mean, std });
    ctx.progress('predict.importance', f + 1, cols.length);
    await ctx.checkpoint();
  }
  return out.sort((a, b) => b.drop - a.drop);
}

/** Grid of a feature for partial dependence: quantiles of its values, or its most frequent levels. */
export function pdGrid(col: FeatureColumn, rows: Uint32Array, points = 12): (number | string)[] {
  if (col.values) {
    const vals = Array.from(rows, (r) => col.values![r]!).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    if (vals.length === 0) return [];
    const grid: number[] = [];
    for (let q = 0; q < points; q++) {
      const v = vals[Math.min(vals.length - 1, Math.floor(((q + 0.5) * vals.length) / points))]!;
      if (grid[grid.length - 1] !== v) grid.push(v);
    }
    return grid;
  }
  const count = new Map<number, number>();
  for (const r of rows) count.set(col.codes![r]!, (count.get(col.codes![r]!) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1]).slice(0, points).map(([c]) => col.levels[c]!);
}

/** Mean predicted probability on the sample `m` (n rows) with feature f set to each grid value. */
export function partialDependence(spec: ModelSpec, ref: FeatureRef, f: number, grid: readonly (number | string)[], m: Float32Array, n: number): PartialDependence {
  const d = columnCount(spec);
  const [first, width] = featureColumns(spec)[f]!;
  const saved = new Float32Array(n * width);
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) saved[r * width + j] = m[r * d + first + j]!;
  const points = grid.map((x) => {
    const enc = encodeValue(spec, f, x);
    for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) m[r * d + first + j] = enc[j]!;
    const p = probabilities(spec, m, n);
    let s = 0;
    for (let r = 0; r < n; r++) s += p[r]!;
    return { x, p: n > 0 ? s / n : 0 };
  });
  restoreColumns(m, d, n, first, width, saved);
  return { feature: ref.name, zh: ref.zh, en: ref.en, kind: ref.kind, points };
}

/** How a customer's value of a feature reads in a reason: `近30天登录天数 高`, `职业=退休`, `年龄 缺失`. */
export function reasonLabel(col: FeatureColumn, row: number, medians: Readonly<Record<string, number>>): string {
  if (col.codes) return `${col.ref.zh}=${col.levels[col.codes[row]!] ?? ''}`;
  const v = col.values![row]!;
  if (Number.isNaN(v)) return `${col.ref.zh} 缺失`;
  if (col.ref.kind === 'tag') return v > 0 ? col.ref.zh : `非${col.ref.zh}`;
  const med = medians[col.ref.name] ?? 0;
  return `${col.ref.zh} ${v > med ? '高' : v < med ? '低' : '中'}`;
}

/**
 * The `limit` features that raise (then lower) this row's log-odds most. `m` holds the row's encoded values at
 * `at`; `data` the raw columns at `row`.
 */
export function topReasons(spec: ModelSpec, m: Float32Array, at: number, data: readonly FeatureColumn[], row: number, limit = 3): Reason[] {
  const contrib = new Float64Array(data.length);
  contributions(spec, m, at, contrib);
  return [...contrib.keys()]
    .filter((f) => Math.abs(contrib[f]!) > 1e-9)
    .sort((a, b) => contrib[b]! - contrib[a]!)
    .slice(0, limit)
    .map((f) => ({ label: reasonLabel(data[f]!, row, spec.medians), feature: data[f]!.ref.name, contribution: contrib[f]! }));
}

/** `近30天登录天数 高 +0.42；职业=退休 +0.31` */
export function reasonText(reasons: readonly Reason[]): string {
  return reasons.map((r) => `${r.label} ${r.contribution >= 0 ? '+' : '−'}${Math.abs(r.contribution).toFixed(2)}`).join('；');
}
