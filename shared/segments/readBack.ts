/**
 * The read-back sentence of a rule, in Chinese for the manager who signs it off ("近30天在APP登录≥3次 且 不属于
 * “易流失客户”") and in English. Negations of single conditions read as their negative ("近60天未打开APP推送",
 * "不属于…"), nested groups are bracketed, money reads in 元/万元/亿元.
 */
import type { AttrRule, BehaviorRule, ConditionRule, ReadBack, RuleScalar, SegmentRule } from '#shared/api/segmentTypes.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from './ruleEnv.ts';

const OP_SIGN: Readonly<Record<string, string>> = { '=': '=', '!=': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤' };

function trimNumber(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

/** Yuan as a manager writes it: 3,000元, 50万元, 1.2亿元. */
export function yuanZh(y: number): string {
  const a = Math.abs(y);
  if (a >= 1e8) return `${trimNumber(y / 1e8, 2)}亿元`;
  if (a >= 1e4) return `${trimNumber(y / 1e4, 2)}万元`;
  return `${trimNumber(y, 2)}元`;
}

export function yuanEn(y: number): string {
  return `¥${y.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

function quoteZh(s: string): string {
  return `“${s}”`;
}

function listZh(values: readonly string[]): string {
  return values.map(quoteZh).join('、');
}

function listEn(values: readonly string[], joiner = 'or'): string {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ${joiner} ${q[q.length - 1] ?? ''}`;
}

interface Phrase {
  readonly zh: string;
  readonly en: string;
}

class Reader {
  constructor(private readonly env: RuleEnv) {}

  read(rule: SegmentRule, nested: boolean): Phrase {
    switch (rule.type) {
      case 'and':
      case 'or': {
        const parts = rule.rules.map((r) => this.read(r, true));
        if (parts.length === 1 && parts[0]) return parts[0];
        const zh = parts.map((p) => p.zh).join(rule.type === 'and' ? ' 且 ' : ' 或 ');
        const en = parts.map((p) => p.en).join(rule.type === 'and' ? ' AND ' : ' OR ');
        return nested ? { zh: `（${zh}）`, en: `(${en})` } : { zh, en };
      }
      case 'not':
        return this.negated(rule.rule);
      default:
        return this.condition(rule, false);
    }
  }

  private negated(rule: SegmentRule): Phrase {
    if (rule.type === 'and' || rule.type === 'or') {
      const inner = this.read(rule, false);
      return { zh: `并非（${inner.zh}）`, en: `NOT (${inner.en})` };
    }
    if (rule.type === 'not') return this.read(rule.rule, true);
    return this.condition(rule, true);
  }

  condition(rule: ConditionRule, neg: boolean): Phrase {
    switch (rule.type) {
      case 'attr':
        return this.attr(rule, neg);
      case 'tag': {
        const t = this.env.tags.get(rule.tag);
        const zhName = t?.zh ?? rule.tag;
        const enName = t?.en ?? rule.tag;
        if (rule.values) {
          return neg
            ? { zh: `标签${quoteZh(zhName)}不为${listZh(rule.values)}`, en: `tag "${enName}" is not ${listEn(rule.values)}` }
            : { zh: `标签${quoteZh(zhName)}为${listZh(rule.values)}`, en: `tag "${enName}" is ${listEn(rule.values)}` };
        }
        return neg ? { zh: `没有标签${quoteZh(zhName)}`, en: `does not have tag "${enName}"` } : { zh: `有标签${quoteZh(zhName)}`, en: `has tag "${enName}"` };
      }
      case 'lifecycle': {
        const g = this.env.lifecycle.get(rule.group);
        const zh = g?.zh ?? rule.group;
        const en = g?.en ?? rule.group;
        return neg ? { zh: `不属于${quoteZh(zh)}`, en: `not in lifecycle group "${en}"` } : { zh: `属于${quoteZh(zh)}`, en: `in lifecycle group "${en}"` };
      }
      case 'cluster': {
        const run = rule.run ?? this.env.latestClusterRun;
        const info = run === null ? undefined : this.env.clusterRuns.get(run);
        const zhNames = rule.clusters.map((c) => info?.clusters.get(c)?.name ?? `第${c}簇`);
        const enNames = rule.clusters.map((c) => info?.clusters.get(c)?.nameEn ?? `cluster ${c}`);
        const runZh = run === null ? '' : `（聚类批次${run}）`;
        const runEn = run === null ? '' : ` (clustering run ${run})`;
        return neg
          ? { zh: `不属于聚类${listZh(zhNames)}${runZh}`, en: `not in cluster ${listEn(enNames)}${runEn}` }
          : { zh: `属于聚类${listZh(zhNames)}${runZh}`, en: `in cluster ${listEn(enNames)}${runEn}` };
      }
      case 'selection': {
        const label = this.env.selections.get(rule.selection)?.label;
        const zh = `聚类选区${label === undefined ? '' : quoteZh(label)}（#${rule.selection}）`;
        const en = `cluster selection ${label === undefined ? '' : `"${label}" `}(#${rule.selection})`;
        return neg ? { zh: `不在${zh}中`, en: `not in ${en}` } : { zh: `在${zh}中`, en: `in ${en}` };
      }
      case 'segment': {
        const id = typeof rule.segment === 'number' ? rule.segment : this.env.segmentByName.get(rule.segment);
        const name = (id !== undefined ? this.env.segments.get(id)?.name : undefined) ?? String(rule.segment);
        return neg ? { zh: `不在分群${quoteZh(name)}中`, en: `not in segment "${name}"` } : { zh: `在分群${quoteZh(name)}中`, en: `in segment "${name}"` };
      }
      case 'behavior':
        return this.behavior(rule, neg);
    }
  }

  private attr(rule: AttrRule, neg: boolean): Phrase {
    const def = PROFILE_COLUMNS.find((c) => c.name === rule.column);
    const zhL = def?.zh ?? rule.column;
    const enL = def?.en ?? rule.column;
    const type = def?.type ?? 'text';
    const fmtZh = (v: RuleScalar): string => {
      if (type === 'money' && typeof v === 'number') return yuanZh(v);
      if (type === 'bool') return v === true ? '是' : '否';
      if (type === 'text') return quoteZh(String(v));
      return String(v);
    };
    const fmtEn = (v: RuleScalar): string => {
      if (type === 'money' && typeof v === 'number') return yuanEn(v);
      if (type === 'bool') return v === true ? 'yes' : 'no';
      if (type === 'text') return `"${String(v)}"`;
      return String(v);
    };
    const value = rule.value;
    const list = Array.isArray(value) ? (value as readonly RuleScalar[]) : [];
    const one = Array.isArray(value) ? undefined : (value as RuleScalar | undefined);
    let zh: string;
    let en: string;
    switch (rule.op) {
      case 'is_null':
        [zh, en] = [`${zhL}${neg ? '不为空' : '为空'}`, `${enL} is ${neg ? 'known' : 'missing'}`];
        return { zh, en };
      case 'not_null':
        [zh, en] = [`${zhL}${neg ? '为空' : '不为空'}`, `${enL} is ${neg ? 'missing' : 'known'}`];
        return { zh, en };
      case 'in':
        zh = `${zhL}为${list.map(fmtZh).join('、')}${list.length > 1 ? '之一' : ''}`;
        en = `${enL} is ${list.map(fmtEn).join(', ')}`;
        break;
      case 'not_in':
        zh = `${zhL}不为${list.map(fmtZh).join('、')}`;
        en = `${enL} is not ${list.map(fmtEn).join(', ')}`;
        break;
      case 'between':
        zh = `${zhL}在${fmtZh(list[0] ?? '')}至${fmtZh(list[1] ?? '')}之间`;
        en = `${enL} between ${fmtEn(list[0] ?? '')} and ${fmtEn(list[1] ?? '')}`;
        break;
      case 'within_days':
        zh = `${zhL}在近${String(one)}天内`;
        en = `${enL} within the last ${String(one)} days`;
        break;
      case 'contains':
        zh = `${zhL}包含${quoteZh(String(one))}`;
        en = `${enL} contains "${String(one)}"`;
        break;
      case '=':
        zh = type === 'text' ? `${zhL}为${fmtZh(one ?? '')}` : `${zhL}=${fmtZh(one ?? '')}`;
        en = `${enL} = ${fmtEn(one ?? '')}`;
        break;
      case '!=':
        zh = type === 'text' ? `${zhL}不为${fmtZh(one ?? '')}` : `${zhL}≠${fmtZh(one ?? '')}`;
        en = `${enL} ≠ ${fmtEn(one ?? '')}`;
        break;
      default:
        zh = `${zhL}${OP_SIGN[rule.op] ?? rule.op}${fmtZh(one ?? '')}`;
        en = `${enL} ${OP_SIGN[rule.op] ?? rule.op} ${fmtEn(one ?? '')}`;
    }
    return neg ? { zh: `并非（${zh}）`, en: `NOT (${en})` } : { zh, en };
  }

  private behavior(rule: BehaviorRule, neg: boolean): Phrase {
    const where = rule.where ?? {};
    const vals = (c: string): readonly string[] => where[c] ?? [];
    const or = (v: readonly string[]): string => v.join('或');
    let actZh: string;
    let actEn: string;
    // A noun ("行为事件") reads 有/无; a verb ("登录") reads 有/未.
    let noun = false;
    if (rule.source === 'events') {
      const ev = vals('event_name');
      const ch = vals('channel');
      actZh = `${ch.length ? `在${or(ch)}` : ''}${ev.length ? or(ev) : '行为事件'}`;
      noun = ev.length === 0;
      actEn = `${ev.length ? listEn(ev) : 'any event'}${ch.length ? ` on ${listEn(ch)}` : ''}`;
    } else if (rule.source === 'touches') {
      const ch = vals('channel');
      const act = vals('action');
      const camp = vals('campaign_name');
      actZh = `${act.length ? or(act) : '收到'}${ch.length ? or(ch) : '营销消息'}${camp.length ? `（活动：${camp.join('、')}）` : ''}`;
      actEn = `${act.length ? listEn(act) : 'touched'}${ch.length ? ` via ${listEn(ch)}` : ''}${camp.length ? ` (campaign ${listEn(camp)})` : ''}`;
    } else {
      const ty = vals('txn_type');
      const ch = vals('channel');
      const dir = vals('direction');
      actZh = `${ch.length ? `通过${or(ch)}` : ''}${ty.length ? or(ty) : ''}交易${dir.length ? `（${or(dir)}）` : ''}`;
      actEn = `${ty.length ? `${listEn(ty)} ` : ''}transactions${ch.length ? ` via ${listEn(ch)}` : ''}${dir.length ? ` (${listEn(dir)})` : ''}`;
    }
    const unitZh = rule.measure === 'days' ? '天' : '次';
    const unitEn = rule.measure === 'days' ? 'days' : 'times';
    const win = `近${rule.days}天`;
    const winEn = `in the last ${rule.days} days`;
    // "At least once" and "never" are how managers say it; other counts keep the comparison.
    const never = (rule.op === '=' && rule.value === 0) || (rule.op === '<' && rule.value === 1) || (rule.op === '<=' && rule.value === 0);
    const once = (rule.op === '>=' && rule.value === 1) || (rule.op === '>' && rule.value === 0) || (rule.op === '!=' && rule.value === 0);
    if ((never && !neg) || (once && neg)) return { zh: `${win}${noun ? '无' : '未'}${actZh}`, en: `no ${actEn} ${winEn}` };
    if ((once && !neg) || (never && neg)) return { zh: `${win}有${actZh}`, en: `${actEn} ${winEn}` };
    const measureZh = rule.measure === 'days' ? `${actZh}天数` : actZh;
    let cmpZh: string;
    let cmpEn: string;
    if (rule.op === 'between' && Array.isArray(rule.value)) {
      const [lo, hi] = rule.value as readonly [number, number];
      cmpZh = `${lo}至${hi}${unitZh}`;
      cmpEn = `between ${lo} and ${hi} ${unitEn}`;
    } else {
      cmpZh = `${OP_SIGN[rule.op] ?? rule.op}${String(rule.value)}${unitZh}`;
      cmpEn = `${OP_SIGN[rule.op] ?? rule.op} ${String(rule.value)} ${unitEn}`;
    }
    const zh = `${win}${measureZh}${cmpZh}`;
    const en = `${actEn} ${cmpEn} ${winEn}`;
    return neg ? { zh: `并非（${zh}）`, en: `NOT (${en})` } : { zh, en };
  }
}

/** The read-back of a whole rule. */
export function readBack(rule: SegmentRule, env: RuleEnv): ReadBack {
  const p = new Reader(env).read(rule, false);
  return { zh: p.zh, en: p.en };
}

/** The read-back of one condition (why-trace lines). */
export function readCondition(rule: ConditionRule, env: RuleEnv): ReadBack {
  return new Reader(env).condition(rule, false);
}
