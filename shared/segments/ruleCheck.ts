/**
 * Checks a rule tree as it arrives (from the builder, a saved segment or a JSON file) against the current data
 * and returns a clean rule plus every problem found, each with its path in the tree and a message in Chinese
 * and English. A rule that refers to a deleted column, tag, lifecycle group, clustering run, cluster selection or segment is
 * reported here, never half-evaluated.
 */
import type { AttrOp, ConditionRule, CountOp, RuleProblem, RuleProblemCode, RuleScalar, SegmentRule } from '#shared/api/segmentTypes.ts';
import { BEHAVIOR_SOURCES } from '#shared/analytics/behaviorSources.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import { PROFILE_COLUMNS, type ProfileColumnType } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from './ruleEnv.ts';

/** Deepest nesting of groups accepted (a builder tree is 2–4 deep; this only stops runaway input). */
export const MAX_DEPTH = 12;
/** Longest behaviour window, days. */
export const MAX_WINDOW_DAYS = 3650;

export interface CheckedRule {
  /** The clean rule (segment names resolved to ids, the clustering run made explicit); null with problems. */
  readonly rule: SegmentRule | null;
  readonly problems: readonly RuleProblem[];
}

const TEXT_OPS: readonly AttrOp[] = ['=', '!=', 'in', 'not_in', 'contains', 'is_null', 'not_null'];
const NUMBER_OPS: readonly AttrOp[] = ['=', '!=', '>', '>=', '<', '<=', 'between', 'in', 'not_in', 'is_null', 'not_null'];
const DATE_OPS: readonly AttrOp[] = ['=', '!=', '>', '>=', '<', '<=', 'between', 'within_days', 'is_null', 'not_null'];
const BOOL_OPS: readonly AttrOp[] = ['=', '!=', 'is_null', 'not_null'];
const COUNT_OPS: readonly CountOp[] = ['=', '!=', '>', '>=', '<', '<=', 'between'];

export function opsFor(type: ProfileColumnType): readonly AttrOp[] {
  switch (type) {
    case 'text':
      return TEXT_OPS;
    case 'date':
      return DATE_OPS;
    case 'bool':
      return BOOL_OPS;
    default:
      return NUMBER_OPS;
  }
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly problems: RuleProblem[] = [];
  constructor(
    private readonly env: RuleEnv,
    private readonly selfId: number | undefined,
  ) {}

  problem(code: RuleProblemCode, path: string, message: string, zh: string, params: Record<string, string | number> = {}): null {
    this.problems.push({ code, path, message: path ? `${message} (at ${path})` : message, zh, params });
    return null;
  }

  node(raw: unknown, path: string, depth: number): SegmentRule | null {
    if (depth > MAX_DEPTH) return this.problem('TOO_DEEP', path, `Groups are nested more than ${MAX_DEPTH} deep.`, `条件组嵌套超过 ${MAX_DEPTH} 层`, { max: MAX_DEPTH });
    if (!isObj(raw)) return this.problem('SHAPE', path, 'Expected a rule object with a "type".', '规则格式不正确：应为带 type 的对象');
    const type = raw['type'];
    switch (type) {
      case 'and':
      case 'or': {
        const rules = raw['rules'];
        if (!Array.isArray(rules)) return this.problem('SHAPE', path, `An "${type}" group needs a "rules" list.`, `“${type === 'and' ? '且' : '或'}”条件组缺少 rules 列表`);
        if (rules.length === 0) return this.problem('EMPTY_GROUP', path, `The "${type}" group has no conditions.`, `“${type === 'and' ? '且' : '或'}”条件组是空的，请添加条件或删除该组`);
        const children = (rules as unknown[]).map((r, i) => this.node(r, `${path ? `${path}.` : ''}rules[${i}]`, depth + 1));
        return children.every((c): c is SegmentRule => c !== null) ? { type, rules: children } : null;
      }
      case 'not': {
        const child = this.node(raw['rule'], `${path ? `${path}.` : ''}rule`, depth + 1);
        return child ? { type: 'not', rule: child } : null;
      }
      case 'attr':
        return this.attr(raw, path);
      case 'tag':
        return this.tag(raw, path);
      case 'lifecycle':
        return this.lifecycle(raw, path);
      case 'cluster':
        return this.cluster(raw, path);
      case 'selection':
        return this.selection(raw, path);
      case 'segment':
        return this.segment(raw, path);
      case 'behavior':
        return this.behavior(raw, path);
      default:
        return this.problem('SHAPE', path, `Unknown rule type ${JSON.stringify(type)}; expected and, or, not, attr, tag, lifecycle, cluster, selection, segment or behavior.`, `未知的规则类型 ${JSON.stringify(type)}`, {
          type: String(type),
        });
    }
  }

  private attr(raw: Obj, path: string): ConditionRule | null {
    const column = raw['column'];
    if (typeof column !== 'string') return this.problem('SHAPE', path, 'An attribute condition needs a "column".', '属性条件缺少字段名 column');
    if (!this.env.profileBuilt) return this.problem('NO_PROFILE', path, 'The customer wide table (customer_profile) has not been built yet.', '客户宽表（customer_profile）尚未生成，请先生成再按属性圈选');
    const def = PROFILE_COLUMNS.find((c) => c.name === column);
    if (!def) {
      return this.problem('UNKNOWN_COLUMN', path, `Column "${column}" is not a column of the customer wide table (deleted or misspelt).`, `字段“${column}”不在客户宽表中（可能已被删除或拼写有误）`, { column });
    }
    if (def.pii || def.name === 'one_id') {
      return this.problem('PII_COLUMN', path, `Column "${column}" holds personal data or identifiers and cannot be used in a rule.`, `字段“${def.zh}”是个人信息或标识，不能用于圈选`, { column });
    }
    if (this.env.absentColumns.has(column)) {
      return this.problem('COLUMN_MISSING', path, `Column "${column}" (${def.en}) is missing from the current customer wide table: it was deleted, or the table was built by an older version. Rebuild the wide table or remove the condition.`, `字段“${def.zh}”（${column}）在当前客户宽表中不存在（已被删除或宽表版本较旧），请重新生成宽表或删除该条件`, { column });
    }
    const op = raw['op'];
    const ops = opsFor(def.type);
    if (typeof op !== 'string' || !ops.includes(op as AttrOp)) {
      return this.problem('BAD_OP', path, `Operator ${JSON.stringify(op)} does not apply to ${def.type} column "${column}"; use one of ${ops.join(', ')}.`, `字段“${def.zh}”不支持运算 ${JSON.stringify(op)}`, { column, op: String(op) });
    }
    if (op === 'within_days' && this.env.asOfDate === null) {
      return this.problem('NO_AS_OF', path, 'The workspace has no as-of date (数据截止日) to count "within the last N days" from.', '工作区没有数据截止日，无法计算“近N天内”', { column });
    }
    const value = this.attrValue(def.type, op as AttrOp, raw['value'], path, def.zh);
    if (value === undefined) return null;
    return value === null ? { type: 'attr', column, op: op as AttrOp } : { type: 'attr', column, op: op as AttrOp, value };
  }

  /** The checked value (null when the op takes none), or undefined after reporting a problem. */
  private attrValue(type: ProfileColumnType, op: AttrOp, v: unknown, path: string, label: string): RuleScalar | readonly RuleScalar[] | null | undefined {
    const bad = (what: string, zh: string): undefined => {
      this.problem('BAD_VALUE', path, `The value of "${label}" ${op} must be ${what}; got ${JSON.stringify(v) ?? 'nothing'}.`, `“${label}”的取值应为${zh}`, { op });
      return undefined;
    };
    const scalar = (x: unknown): RuleScalar | undefined => {
      switch (type) {
        case 'text':
          return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined;
        case 'date':
          return typeof x === 'string' && !Number.isNaN(dayNumber(x)) && x.length === 10 ? x : undefined;
        case 'bool':
          return typeof x === 'boolean' ? x : x === 1 || x === 0 ? x === 1 : undefined;
        default:
          return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
      }
    };
    const expect = type === 'text' ? ['text', '文本'] : type === 'date' ? ['a date YYYY-MM-DD', '日期（YYYY-MM-DD）'] : type === 'bool' ? ['true or false', '是/否'] : ['a number', '数字'];
    switch (op) {
      case 'is_null':
      case 'not_null':
        return null;
      case 'within_days':
        return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_WINDOW_DAYS ? v : bad(`a whole number of days 1–${MAX_WINDOW_DAYS}`, `1–${MAX_WINDOW_DAYS} 之间的天数`);
      case 'between': {
        if (!Array.isArray(v) || v.length !== 2) return bad(`[low, high] (${expect[0]})`, `[下限, 上限]（${expect[1]}）`);
        const lo = scalar(v[0]);
        const hi = scalar(v[1]);
        if (lo === undefined || hi === undefined) return bad(`[low, high] (${expect[0]})`, `[下限, 上限]（${expect[1]}）`);
        if (lo > hi) return bad('[low, high] with low ≤ high', '下限不大于上限的区间');
        return [lo, hi];
      }
      case 'in':
      case 'not_in': {
        if (!Array.isArray(v) || v.length === 0) return bad(`a non-empty list of ${expect[0]}`, `非空的${expect[1]}列表`);
        const out: RuleScalar[] = [];
        for (const x of v as unknown[]) {
          const s = scalar(x);
          if (s === undefined) return bad(`a list of ${expect[0]}`, `${expect[1]}列表`);
          out.push(s);
        }
        return out;
      }
      case 'contains':
        return typeof v === 'string' && v !== '' ? v : bad('non-empty text', '非空文本');
      default: {
        const s = scalar(v);
        return s === undefined ? bad(expect[0] ?? '', expect[1] ?? '') : s;
      }
    }
  }

  private tag(raw: Obj, path: string): ConditionRule | null {
    const tag = raw['tag'];
    if (typeof tag !== 'string' || tag === '') return this.problem('SHAPE', path, 'A tag condition needs a "tag".', '标签条件缺少标签 tag');
    if (!this.env.tags.has(tag)) {
      return this.problem('UNKNOWN_TAG', path, `Tag "${tag}" does not exist (deleted, or not computed in this workspace). Remove or replace the condition.`, `标签“${tag}”不存在（可能已被删除，或本工作区尚未计算），请删除或替换该条件`, { tag });
    }
    const values = raw['values'];
    if (values === undefined) return { type: 'tag', tag };
    if (!Array.isArray(values) || values.length === 0 || !(values as unknown[]).every((x) => typeof x === 'string' && x !== '')) {
      return this.problem('BAD_VALUE', path, `"values" of tag "${tag}" must be a non-empty list of texts.`, `标签“${this.env.tags.get(tag)?.zh ?? tag}”的取值应为非空文本列表`, { tag });
    }
    return { type: 'tag', tag, values: values as string[] };
  }

  private lifecycle(raw: Obj, path: string): ConditionRule | null {
    const group = raw['group'];
    if (typeof group !== 'string' || group === '') return this.problem('SHAPE', path, 'A lifecycle condition needs a "group".', '生命周期条件缺少分组 group');
    if (!this.env.lifecycle.has(group)) {
      return this.problem('UNKNOWN_LIFECYCLE', path, `Lifecycle group "${group}" does not exist (deleted, or lifecycle groups not computed yet).`, `生命周期分组“${group}”不存在（可能已被删除或尚未计算）`, { group });
    }
    return { type: 'lifecycle', group };
  }

  private cluster(raw: Obj, path: string): ConditionRule | null {
    const runArg = raw['run'];
    if (runArg !== undefined && (typeof runArg !== 'number' || !Number.isInteger(runArg))) return this.problem('SHAPE', path, '"run" must be a clustering run id.', '聚类批次 run 应为整数编号');
    const run = typeof runArg === 'number' ? runArg : this.env.latestClusterRun;
    if (run === null) return this.problem('UNKNOWN_CLUSTER_RUN', path, 'There is no clustering run over customers yet.', '还没有针对客户的聚类结果');
    const info = this.env.clusterRuns.get(run);
    if (!info) return this.problem('UNKNOWN_CLUSTER_RUN', path, `Clustering run ${run} does not exist (deleted?).`, `聚类批次 ${run} 不存在（可能已被删除）`, { run });
    const clusters = raw['clusters'];
    if (!Array.isArray(clusters) || clusters.length === 0 || !(clusters as unknown[]).every((c) => typeof c === 'number' && Number.isInteger(c))) {
      return this.problem('SHAPE', path, '"clusters" must be a non-empty list of cluster numbers.', '聚类条件应至少选择一个簇');
    }
    for (const c of clusters as number[]) {
      if (info.clusters.size > 0 && !info.clusters.has(c)) {
        return this.problem('UNKNOWN_CLUSTER', path, `Cluster ${c} is not a cluster of run ${run}.`, `聚类批次 ${run} 中没有第 ${c} 簇`, { run, cluster: c });
      }
    }
    return { type: 'cluster', run, clusters: [...(clusters as number[])].sort((a, b) => a - b) };
  }

  private selection(raw: Obj, path: string): ConditionRule | null {
    const id = raw['selection'];
    if (typeof id !== 'number' || !Number.isInteger(id)) return this.problem('SHAPE', path, '"selection" must be a cluster selection id.', '聚类选区 selection 应为整数编号');
    const info = this.env.selections.get(id);
    if (!info) {
      return this.problem('UNKNOWN_SELECTION', path, `Cluster selection #${id} no longer exists (deleted, or the workspace was replaced); lasso the region again on the clusters page or remove the condition.`, `聚类选区 #${id} 已不存在（可能已被删除或工作区已更换），请在“智能分群”页重新圈选或删除该条件`, {
        selection: id,
      });
    }
    if (!info.customers) {
      return this.problem('UNKNOWN_SELECTION', path, `Cluster selection #${id} ("${info.label}") holds rows of a table that is not customers (run ${info.runId}); only selections of a run over customers can define a segment.`, `聚类选区 #${id}（${info.label}）来自非客户表的聚类（批次 ${info.runId}），不能用于圈选客户`, {
        selection: id,
        run: info.runId,
      });
    }
    return { type: 'selection', selection: id };
  }

  private segment(raw: Obj, path: string): ConditionRule | null {
    const ref = raw['segment'];
    const id = typeof ref === 'number' ? ref : typeof ref === 'string' ? this.env.segmentByName.get(ref) : undefined;
    if (id === undefined || !this.env.segments.has(id)) {
      return this.problem('UNKNOWN_SEGMENT', path, `Saved segment ${JSON.stringify(ref)} does not exist (deleted or renamed?).`, `已保存的分群 ${JSON.stringify(ref)} 不存在（可能已被删除或改名）`, {
        segment: String(ref),
      });
    }
    if (this.selfId !== undefined && this.reaches(id, this.selfId, new Set())) {
      const name = this.env.segments.get(id)?.name ?? String(id);
      return this.problem('SEGMENT_CYCLE', path, `Segment "${name}" refers back to the segment being saved.`, `分群“${name}”又引用了正在保存的分群，形成循环`, { segment: name });
    }
    return { type: 'segment', segment: id };
  }

  /** True when segment `from` is `target` or refers to it, directly or through other segments. */
  private reaches(from: number, target: number, seen: Set<number>): boolean {
    if (from === target) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    const json = this.env.segments.get(from)?.ruleJson;
    if (!json) return false;
    return segmentRefs(JSON.parse(json) as unknown).some((id) => this.reaches(id, target, seen));
  }

  private behavior(raw: Obj, path: string): ConditionRule | null {
    const source = raw['source'];
    const def = BEHAVIOR_SOURCES.find((d) => d.source === source);
    if (!def) return this.problem('SHAPE', path, `"source" must be events, touches or transactions; got ${JSON.stringify(source)}.`, '行为条件的来源应为 行为事件/营销触达/交易');
    if (this.env.asOfDate === null) return this.problem('NO_AS_OF', path, 'The workspace has no as-of date (数据截止日) to count behaviour windows from.', '工作区没有数据截止日，无法计算“近N天”行为');
    const days = raw['days'];
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) {
      return this.problem('BAD_VALUE', path, `"days" must be a whole number 1–${MAX_WINDOW_DAYS}.`, `行为窗口天数应为 1–${MAX_WINDOW_DAYS} 的整数`, { days: String(days) });
    }
    const measure = raw['measure'] ?? 'count';
    if (measure !== 'count' && measure !== 'days') return this.problem('SHAPE', path, '"measure" must be count or days.', '行为度量应为 次数 或 天数');
    const op = raw['op'];
    if (typeof op !== 'string' || !COUNT_OPS.includes(op as CountOp)) return this.problem('BAD_OP', path, `Behaviour operator ${JSON.stringify(op)} is not one of ${COUNT_OPS.join(', ')}.`, `行为条件不支持运算 ${JSON.stringify(op)}`, { op: String(op) });
    const v = raw['value'];
    const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
    let value: number | readonly [number, number];
    if (op === 'between') {
      if (!Array.isArray(v) || v.length !== 2 || !isCount(v[0]) || !isCount(v[1]) || v[0] > v[1]) {
        return this.problem('BAD_VALUE', path, '"value" of between must be [low, high] whole numbers with low ≤ high.', '行为次数区间应为 [下限, 上限] 的非负整数');
      }
      value = [v[0], v[1]];
    } else {
      if (!isCount(v)) return this.problem('BAD_VALUE', path, '"value" must be a whole number ≥ 0.', '行为次数应为非负整数');
      value = v;
    }
    const whereRaw = raw['where'] ?? {};
    if (!isObj(whereRaw)) return this.problem('SHAPE', path, '"where" must map columns to lists of values.', '行为筛选 where 应为“字段 → 取值列表”');
    const where: Record<string, readonly string[]> = {};
    for (const [column, accepted] of Object.entries(whereRaw)) {
      if (!def.dims.some((d) => d.column === column)) {
        return this.problem('UNKNOWN_BEHAVIOR_COLUMN', path, `${def.en} cannot be filtered on "${column}"; use ${def.dims.map((d) => d.column).join(', ')}.`, `${def.zh}不能按“${column}”筛选`, { column, source: def.source });
      }
      if (!Array.isArray(accepted) || accepted.length === 0 || !(accepted as unknown[]).every((x) => typeof x === 'string' && x !== '')) {
        return this.problem('BAD_VALUE', path, `Values of "${column}" must be a non-empty list of texts.`, `“${column}”的取值应为非空文本列表`, { column });
      }
      where[column] = [...(accepted as string[])];
    }
    return { type: 'behavior', source: def.source, where, days, measure, op: op as CountOp, value };
  }
}

/** Ids of the saved segments a rule refers to (names are not resolved here). */
export function segmentRefs(rule: unknown): number[] {
  const out: number[] = [];
  const walk = (r: unknown): void => {
    if (!isObj(r)) return;
    if (r['type'] === 'segment' && typeof r['segment'] === 'number') out.push(r['segment']);
    if (Array.isArray(r['rules'])) (r['rules'] as unknown[]).forEach(walk);
    if (r['rule'] !== undefined) walk(r['rule']);
  };
  walk(rule);
  return out;
}

/**
 * Checks `raw` against `env`. `selfId` is the segment being saved, so a reference back to it is refused.
 */
export function checkRule(raw: unknown, env: RuleEnv, selfId?: number): CheckedRule {
  const c = new Checker(env, selfId);
  const rule = c.node(raw, '', 0);
  return c.problems.length > 0 ? { rule: null, problems: c.problems } : { rule, problems: [] };
}
