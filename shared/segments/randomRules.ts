/**
 * Test and benchmark support (not used by the engine): seeded random rules and random edits of a rule, drawn
 * from what a workspace offers (its catalog), for the property test "columnar count = SQL count" and for the
 * benchmark of counts after edits.
 */
import type { Engine } from '#shared/api/engineApi.ts';
import type { AttrOp, BehaviorSource, CountOp, SegmentRule } from '#shared/api/segmentTypes.ts';
import type { Random } from '#shared/jobs/random.ts';
import type { ProfileColumnType } from '#shared/profile/profileSchema.ts';
import { opsFor } from './ruleCheck.ts';

export interface RulePool {
  readonly columns: readonly { readonly name: string; readonly type: ProfileColumnType; readonly values: readonly string[]; readonly min: number | null; readonly max: number | null }[];
  readonly tags: readonly { readonly tag: string; readonly values: readonly string[] }[];
  readonly lifecycle: readonly string[];
  readonly clusterRun: { readonly run: number; readonly clusters: readonly number[] } | null;
  readonly segments: readonly number[];
  readonly behaviors: readonly { readonly source: BehaviorSource; readonly dims: readonly { readonly column: string; readonly values: readonly string[] }[] }[];
}

/** The pool of a workspace through the engine API (loads the behaviour index). */
export async function poolFromEngine(engine: Engine, tagValues: Readonly<Record<string, readonly string[]>> = {}): Promise<RulePool> {
  const cat = await engine.call('segments.catalog', { behavior: true });
  const columns = [];
  for (const c of cat.columns) {
    const v = await engine.call('segments.values', { column: c.name });
    columns.push({ name: c.name, type: c.type, values: v.values.map((x) => x.value), min: v.min, max: v.max });
  }
  const run = cat.clusterRuns[cat.clusterRuns.length - 1];
  return {
    columns,
    tags: cat.tags.map((t) => ({ tag: t.tag, values: tagValues[t.tag] ?? [] })),
    lifecycle: cat.lifecycle.map((l) => l.tag),
    clusterRun: run ? { run: run.runId, clusters: run.clusters.map((c) => c.cluster) } : null,
    segments: cat.segments.map((s) => s.segmentId),
    behaviors: cat.behaviors.map((b) => ({ source: b.source, dims: b.columns.map((c) => ({ column: c.column, values: c.values.map((v) => v.value) })) })),
  };
}

function some<T>(r: Random, items: readonly T[], max: number): T[] {
  const k = r.int(1, Math.max(1, Math.min(max, items.length)));
  const picked = new Set<T>();
  for (let i = 0; i < k * 3 && picked.size < k; i++) picked.add(r.pick(items));
  return [...picked];
}

function numberIn(r: Random, min: number, max: number, integer: boolean): number {
  const x = min + (max - min) * r.next();
  return integer ? Math.round(x) : Number(x.toFixed(2));
}

function attrCondition(r: Random, pool: RulePool): SegmentRule | null {
  const col = r.pick(pool.columns);
  const op = r.pick<AttrOp>(opsFor(col.type).filter((o) => o !== 'contains' || col.values.length > 0));
  if (op === 'is_null' || op === 'not_null') return { type: 'attr', column: col.name, op };
  if (col.type === 'text') {
    if (col.values.length === 0) return null;
    const v = r.pick(col.values);
    if (op === 'contains') return { type: 'attr', column: col.name, op, value: v.slice(0, Math.max(1, Math.floor(v.length / 2))) };
    if (op === 'in' || op === 'not_in') return { type: 'attr', column: col.name, op, value: some(r, col.values, 3) };
    return { type: 'attr', column: col.name, op, value: v };
  }
  if (col.type === 'bool') return { type: 'attr', column: col.name, op, value: r.chance(0.5) };
  if (col.type === 'date') {
    if (col.values.length < 2) return null;
    const [lo, hi] = [Date.parse(col.values[0] ?? ''), Date.parse(col.values[1] ?? '')];
    const day = (): string => new Date(lo + (hi - lo) * r.next()).toISOString().slice(0, 10);
    if (op === 'within_days') return { type: 'attr', column: col.name, op, value: r.int(1, 720) };
    if (op === 'between') {
      const [a, b] = [day(), day()].sort();
      return { type: 'attr', column: col.name, op, value: [a ?? '', b ?? ''] };
    }
    return { type: 'attr', column: col.name, op, value: day() };
  }
  if (col.min === null || col.max === null) return null;
  const integer = col.type === 'int' || col.type === 'money';
  const x = (): number => numberIn(r, col.min ?? 0, col.max ?? 0, integer);
  if (op === 'between') {
    const [a, b] = [x(), x()].sort((p, q) => p - q);
    return { type: 'attr', column: col.name, op, value: [a ?? 0, b ?? 0] };
  }
  if (op === 'in' || op === 'not_in') return { type: 'attr', column: col.name, op, value: [x(), x(), Math.round(col.min)] };
  return { type: 'attr', column: col.name, op, value: x() };
}

function condition(r: Random, pool: RulePool): SegmentRule {
  for (;;) {
    const kind = r.int(0, 9);
    if (kind <= 3) {
      const c = attrCondition(r, pool);
      if (c) return c;
    } else if (kind === 4 && pool.tags.length > 0) {
      const t = r.pick(pool.tags);
      return t.values.length > 0 && r.chance(0.5) ? { type: 'tag', tag: t.tag, values: some(r, t.values, 2) } : { type: 'tag', tag: t.tag };
    } else if (kind === 5 && pool.lifecycle.length > 0) {
      return { type: 'lifecycle', group: r.pick(pool.lifecycle) };
    } else if (kind === 6 && pool.clusterRun) {
      return { type: 'cluster', run: pool.clusterRun.run, clusters: some(r, pool.clusterRun.clusters, 2).sort((a, b) => a - b) };
    } else if (kind === 7 && pool.segments.length > 0) {
      return { type: 'segment', segment: r.pick(pool.segments) };
    } else if (kind >= 8 && pool.behaviors.length > 0) {
      const b = r.pick(pool.behaviors);
      const where: Record<string, readonly string[]> = {};
      for (const d of b.dims) if (d.values.length > 0 && r.chance(0.5)) where[d.column] = some(r, d.values, 2);
      const op = r.pick<CountOp>(['=', '!=', '>', '>=', '<', '<=', 'between']);
      const a = r.int(0, 4);
      return {
        type: 'behavior',
        source: b.source,
        where,
        days: r.pick([7, 30, 60, 90, 180]),
        measure: r.chance(0.3) ? 'days' : 'count',
        op,
        value: op === 'between' ? [a, a + r.int(0, 4)] : a,
      };
    }
  }
}

/** A random rule tree up to `depth` levels of groups. */
export function randomRule(r: Random, pool: RulePool, depth = 3): SegmentRule {
  if (depth <= 0 || r.chance(0.35)) return r.chance(0.15) ? { type: 'not', rule: condition(r, pool) } : condition(r, pool);
  const k = r.int(1, 4);
  const rules = Array.from({ length: k }, () => randomRule(r, pool, depth - 1));
  const group: SegmentRule = { type: r.chance(0.6) ? 'and' : 'or', rules };
  return r.chance(0.1) ? { type: 'not', rule: group } : group;
}

/** One builder edit: add a condition, remove one, or replace one (the tree's top level is a group). */
export function randomEdit(r: Random, pool: RulePool, rule: SegmentRule): SegmentRule {
  const top: SegmentRule[] = rule.type === 'and' || rule.type === 'or' ? [...rule.rules] : [rule];
  const type = rule.type === 'or' ? 'or' : 'and';
  const action = top.length <= 1 ? 0 : top.length >= 6 ? 1 : r.int(0, 2);
  if (action === 0) top.push(condition(r, pool));
  else if (action === 1) top.splice(r.int(0, top.length - 1), 1);
  else top[r.int(0, top.length - 1)] = condition(r, pool);
  return { type, rules: top };
}
