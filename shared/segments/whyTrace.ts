/**
 * "Why is this customer in (or out of) the segment": every condition of the rule with the customer's own value
 * and the verdict, and every group's verdict, in tree order. Verdicts come from the same evaluation as the
 * count, so the trace can never disagree with it.
 */
import type { ConditionRule, SegmentRule, WhyCondition, WhyTrace } from '#shared/api/segmentTypes.ts';
import { behaviorMeasure, kindMask } from '#shared/analytics/behaviorIndex.ts';
import { behaviorSource } from '#shared/analytics/behaviorSources.ts';
import { dayString } from '#shared/analytics/days.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import { evaluateCondition, type EvalContext } from './evaluate.ts';
import { readCondition, yuanZh } from './readBack.ts';
import { behaviorWindow } from './ruleValues.ts';

async function actualValue(rule: ConditionRule, i: number, ctx: EvalContext, matched: boolean): Promise<string> {
  const { snap, env } = ctx;
  switch (rule.type) {
    case 'attr': {
      const col = snap.columnByName(rule.column);
      if (!col) return '';
      if (col.kind === 'text') {
        const c = col.codes[i] ?? -1;
        return c < 0 ? '（空）' : (col.dict[c] ?? '');
      }
      const v = col.values[i] ?? Number.NaN;
      if (Number.isNaN(v)) return '（空）';
      const type = PROFILE_COLUMNS.find((p) => p.name === rule.column)?.type;
      if (type === 'money') return yuanZh(v / 100);
      if (type === 'date') return dayString(v);
      if (type === 'bool') return v === 1 ? '是' : '否';
      return String(v);
    }
    case 'tag': {
      const m = snap.tag(rule.tag);
      const values = [...m.byValue].filter(([, s]) => s.has(i)).map(([v]) => v);
      if (values.length > 0) return values.join('、');
      return m.all.has(i) ? '有' : '无';
    }
    case 'cluster': {
      const run = rule.run ?? env.latestClusterRun;
      if (run === null) return '';
      const c = snap.cluster(run).codes[i] ?? -1;
      return c < 0 ? '未参与聚类' : (env.clusterRuns.get(run)?.clusters.get(c)?.name ?? `第${c}簇`);
    }
    case 'selection': {
      const label = env.selections.get(rule.selection)?.label ?? `#${rule.selection}`;
      return matched ? `在选区“${label}”内` : `不在选区“${label}”内`;
    }
    case 'behavior': {
      if (env.asOfDate === null) return '';
      const ix = await snap.behavior(ctx.job);
      const { lo, hi } = behaviorWindow(rule, env.asOfDate);
      const q = { kindMask: kindMask(ix, behaviorSource(rule.source), rule.where ?? {}), lo, hi, measure: rule.measure ?? 'count' };
      return `${behaviorMeasure(ix, q, i)}${rule.measure === 'days' ? '天' : '次'}`;
    }
    default:
      return matched ? '是' : '否';
  }
}

/** The trace of customer `i` (universe index) through a checked rule. */
export async function whyTrace(rule: SegmentRule, i: number, custNo: string | null, ctx: EvalContext): Promise<WhyTrace> {
  const conditions: WhyCondition[] = [];
  const groups: { path: string; type: 'and' | 'or' | 'not'; matched: boolean }[] = [];
  const walk = async (r: SegmentRule, path: string): Promise<boolean> => {
    const sub = (p: string): string => (path ? `${path}.${p}` : p);
    switch (r.type) {
      case 'and':
      case 'or': {
        const verdicts: boolean[] = [];
        for (const [k, child] of r.rules.entries()) verdicts.push(await walk(child, sub(`rules[${k}]`)));
        const matched = r.type === 'and' ? verdicts.every(Boolean) : verdicts.some(Boolean);
        groups.push({ path, type: r.type, matched });
        return matched;
      }
      case 'not': {
        const matched = !(await walk(r.rule, sub('rule')));
        groups.push({ path, type: 'not', matched });
        return matched;
      }
      default: {
        const matched = (await evaluateCondition(r, ctx)).has(i);
        conditions.push({ path, readBack: readCondition(r, ctx.env), matched, actual: await actualValue(r, i, ctx, matched) });
        return matched;
      }
    }
  };
  const inSegment = await walk(rule, '');
  return { oneId: ctx.snap.universe.oneIds[i] ?? '', custNo, inSegment, conditions, groups };
}
