/**
 * Evaluates a checked rule on the columnar view: every condition becomes a customer bitset from typed columns,
 * membership sets or the behaviour index, and groups combine them with AND / OR / NOT. A missing value matches
 * no comparison (only `is_null`), and NOT is the complement within all customers, exactly as the SQL
 * compilation (compileSql.ts) counts.
 */
import type { AttrRule, BehaviorRule, ConditionRule, SegmentRule } from '#shared/api/segmentTypes.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { behaviorSet, kindMask } from '#shared/analytics/behaviorIndex.ts';
import { behaviorSource } from '#shared/analytics/behaviorSources.ts';
import { complementOf, emptySet, setWhere, type CustomerSet } from '#shared/analytics/bitsets.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import type { Column } from '#shared/analytics/profileColumns.ts';
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from './ruleEnv.ts';
import { loadSelection } from './selectionMembers.ts';
import { attrValues, behaviorWindow, countTest, storedColumnValue } from './ruleValues.ts';

export interface EvalContext {
  readonly snap: AnalyticsSnapshot;
  readonly env: RuleEnv;
  readonly job: JobContext;
}

/** The customers matching `rule` (a new set the caller may change). */
export async function evaluateRule(rule: SegmentRule, ctx: EvalContext): Promise<CustomerSet> {
  const n = ctx.snap.universe.n;
  switch (rule.type) {
    case 'and':
    case 'or': {
      let acc: CustomerSet | null = null;
      for (const child of rule.rules) {
        const s = await evaluateRule(child, ctx);
        if (acc === null) acc = s;
        else if (rule.type === 'and') acc.intersection(s);
        else acc.union(s);
        // An AND that is already empty stays empty; skip the remaining conditions.
        if (rule.type === 'and' && acc.isEmpty()) break;
      }
      return acc ?? emptySet(n);
    }
    case 'not':
      return complementOf(await evaluateRule(rule.rule, ctx), n);
    default: {
      await ctx.job.checkpoint();
      const key = cacheKey(rule, ctx.env);
      const hit = key === null ? null : ctx.snap.cachedCondition(key);
      if (hit) return hit;
      const set = await evaluateCondition(rule, ctx);
      if (key !== null) ctx.snap.cacheCondition(key, set);
      return set;
    }
  }
}

/**
 * The cache key of a condition that takes a scan over every customer (attribute, cluster, behaviour window) or
 * a read of a table (cluster selection), or
 * null for those that are a copy of a stored membership set (tag, lifecycle, saved segment — a segment's
 * members change when it is saved, which keeps the data version). Everything the result depends on besides the
 * snapshot's data is in the key.
 */
function cacheKey(rule: ConditionRule, env: RuleEnv): string | null {
  switch (rule.type) {
    case 'attr':
    case 'behavior':
      return JSON.stringify([rule, env.asOfDate]);
    case 'cluster':
      return JSON.stringify([rule, rule.run ?? env.latestClusterRun]);
    case 'selection': {
      // A selection never changes, but its id could be reused after a deletion; its creation time tells them apart.
      const info = env.selections.get(rule.selection);
      return info ? JSON.stringify([rule, info.createdAt]) : null;
    }
    default:
      return null;
  }
}

/** One condition's customers (a new set). */
export async function evaluateCondition(rule: ConditionRule, ctx: EvalContext): Promise<CustomerSet> {
  const { snap, env } = ctx;
  const n = snap.universe.n;
  switch (rule.type) {
    case 'attr': {
      const col = snap.columnByName(rule.column);
      if (!col) throw new BugIndicatingError(`column ${rule.column} passed the rule check but is not loadable`);
      return attrSet(col, rule, env.asOfDate, n);
    }
    case 'tag': {
      const m = snap.tag(rule.tag);
      if (!rule.values) return m.all.clone();
      const out = emptySet(n);
      for (const v of rule.values) {
        const s = m.byValue.get(v);
        if (s) out.union(s);
      }
      return out;
    }
    case 'lifecycle':
      return snap.tag(rule.group).all.clone();
    case 'cluster': {
      const run = rule.run ?? env.latestClusterRun;
      if (run === null) return emptySet(n);
      const codes = snap.cluster(run).codes;
      const wanted = new Set(rule.clusters);
      return setWhere(n, (i) => wanted.has(codes[i] ?? -1));
    }
    case 'selection':
      return env.selections.has(rule.selection) ? loadSelection(snap.db, snap.universe, rule.selection) : emptySet(n);
    case 'segment': {
      const id = typeof rule.segment === 'number' ? rule.segment : env.segmentByName.get(rule.segment);
      return id === undefined ? emptySet(n) : snap.segment(id).clone();
    }
    case 'behavior':
      return behaviorCustomers(rule, ctx);
  }
}

async function behaviorCustomers(rule: BehaviorRule, ctx: EvalContext): Promise<CustomerSet> {
  const asOf = ctx.env.asOfDate;
  if (asOf === null) throw new BugIndicatingError('behaviour rule passed the check without an as-of date');
  const ix = await ctx.snap.behavior(ctx.job);
  const { lo, hi } = behaviorWindow(rule, asOf);
  const mask = kindMask(ix, behaviorSource(rule.source), rule.where ?? {});
  return behaviorSet(ix, { kindMask: mask, lo, hi, measure: rule.measure ?? 'count' }, countTest(rule.op, rule.value));
}

/** Customers of `col` matching an attribute comparison. */
export function attrSet(col: Column, rule: AttrRule, asOfDate: string | null, n: number): CustomerSet {
  const def = PROFILE_COLUMNS.find((c) => c.name === rule.column);
  const type = def?.type ?? col.type;
  const { one, list } = attrValues(rule);
  if (col.kind === 'text') {
    const codes = col.codes;
    const dictIndex = new Map(col.dict.map((v, i) => [v, i]));
    const mask = new Uint8Array(col.dict.length);
    const mark = (values: readonly string[]): void => {
      for (const v of values) {
        const c = dictIndex.get(v);
        if (c !== undefined) mask[c] = 1;
      }
    };
    switch (rule.op) {
      case 'is_null':
        return setWhere(n, (i) => (codes[i] ?? -1) < 0);
      case 'not_null':
        return setWhere(n, (i) => (codes[i] ?? -1) >= 0);
      case 'contains': {
        const needle = String(one);
        col.dict.forEach((v, c) => {
          if (v.includes(needle)) mask[c] = 1;
        });
        return setWhere(n, (i) => mask[codes[i] ?? -1] === 1);
      }
      case '=':
      case 'in':
        mark(rule.op === '=' ? [String(one)] : list.map(String));
        return setWhere(n, (i) => mask[codes[i] ?? -1] === 1);
      case '!=':
      case 'not_in':
        mark(rule.op === '!=' ? [String(one)] : list.map(String));
        return setWhere(n, (i) => {
          const c = codes[i] ?? -1;
          return c >= 0 && mask[c] !== 1;
        });
      default:
        throw new BugIndicatingError(`operator ${rule.op} on text column ${rule.column}`);
    }
  }
  const values = col.values;
  const num = (v: unknown): number => Number(storedColumnValue(type, v as string | number | boolean));
  switch (rule.op) {
    case 'is_null':
      return setWhere(n, (i) => Number.isNaN(values[i] ?? Number.NaN));
    case 'not_null':
      return setWhere(n, (i) => !Number.isNaN(values[i] ?? Number.NaN));
    case '=': {
      const x = num(one);
      return setWhere(n, (i) => values[i] === x);
    }
    case '!=': {
      const x = num(one);
      return setWhere(n, (i) => {
        const v = values[i] ?? Number.NaN;
        return !Number.isNaN(v) && v !== x;
      });
    }
    case '>': {
      const x = num(one);
      return setWhere(n, (i) => (values[i] ?? Number.NaN) > x);
    }
    case '>=': {
      const x = num(one);
      return setWhere(n, (i) => (values[i] ?? Number.NaN) >= x);
    }
    case '<': {
      const x = num(one);
      return setWhere(n, (i) => (values[i] ?? Number.NaN) < x);
    }
    case '<=': {
      const x = num(one);
      return setWhere(n, (i) => (values[i] ?? Number.NaN) <= x);
    }
    case 'between': {
      const lo = num(list[0]);
      const hi = num(list[1]);
      return setWhere(n, (i) => {
        const v = values[i] ?? Number.NaN;
        return v >= lo && v <= hi;
      });
    }
    case 'in':
    case 'not_in': {
      const set = new Set(list.map(num));
      if (rule.op === 'in') return setWhere(n, (i) => set.has(values[i] ?? Number.NaN));
      return setWhere(n, (i) => {
        const v = values[i] ?? Number.NaN;
        return !Number.isNaN(v) && !set.has(v);
      });
    }
    case 'within_days': {
      if (asOfDate === null) return emptySet(n);
      const hi = dayNumber(asOfDate);
      const lo = hi - Number(one);
      return setWhere(n, (i) => {
        const v = values[i] ?? Number.NaN;
        return v > lo && v <= hi;
      });
    }
    case 'contains':
      throw new BugIndicatingError(`operator contains on numeric column ${rule.column}`);
  }
}
