/**
 * Compiles a checked rule to one parameterised SQL query over the workspace tables: `customer_profile` for
 * attributes, `customer_tag` (index on tag, run), `cluster_member` (index on run, cluster),
 * `cluster_selection_member` (index on selection), `segment_member`
 * (primary key) and the behaviour tables through their time index. Every condition compiles to an expression
 * that is 0 or 1, never NULL (a missing value matches no comparison), so NOT is the complement, as in the
 * columnar evaluator (evaluate.ts); the two are checked against each other on random rules.
 *
 * Behaviour rows are tied to customers through `temp.seg_owner` (raw identifier key → ONE_ID), which the
 * analytics layer fills from the same resolution the columnar index used (rowOwners.ts): resolution needs the
 * identifier normalisers, which SQL does not have.
 */
import type { AttrRule, BehaviorRule, ConditionRule, SegmentRule } from '#shared/api/segmentTypes.ts';
import { BugIndicatingError } from '#shared/api/errors.ts';
import { behaviorSource, rawKeySql } from '#shared/analytics/behaviorSources.ts';
import { PROFILE_TABLE } from '#shared/analytics/universe.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from './ruleEnv.ts';
import { attrValues, behaviorWindowText, countSql, storedSqlValue } from './ruleValues.ts';

export const OWNER_TABLE = 'temp.seg_owner';

export interface CompiledSql {
  readonly sql: string;
  readonly params: (string | number)[];
}

/** Lookups the compiler needs that are not in the rule environment. */
export interface SqlRefs {
  /** The run a tag's current members come from, null when the tag has no rows. */
  tagRun(tag: string): number | null;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

class Compiler {
  readonly params: (string | number)[] = [];
  constructor(
    private readonly env: RuleEnv,
    private readonly refs: SqlRefs,
  ) {}

  node(rule: SegmentRule): string {
    switch (rule.type) {
      case 'and':
      case 'or':
        return `(${rule.rules.map((r) => this.node(r)).join(rule.type === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.node(rule.rule)})`;
      default:
        return this.condition(rule);
    }
  }

  private p(v: string | number): string {
    this.params.push(v);
    return '?';
  }

  condition(rule: ConditionRule): string {
    switch (rule.type) {
      case 'attr':
        return this.attr(rule);
      case 'tag':
      case 'lifecycle': {
        const tag = rule.type === 'tag' ? rule.tag : rule.group;
        const run = this.refs.tagRun(tag);
        if (run === null) return '0';
        // Parameters are pushed in the order their placeholders appear.
        const head = `p.one_id IN (SELECT one_id FROM customer_tag WHERE tag = ${this.p(tag)} AND run_id = ${this.p(run)}`;
        const values = rule.type === 'tag' && rule.values ? ` AND value IN (${rule.values.map((v) => this.p(v)).join(', ')})` : '';
        return `${head}${values})`;
      }
      case 'cluster': {
        const run = rule.run ?? this.env.latestClusterRun;
        if (run === null) return '0';
        return `p.one_id IN (SELECT one_id FROM cluster_member WHERE run_id = ${this.p(run)} AND cluster IN (${rule.clusters.map((c) => this.p(c)).join(', ')}))`;
      }
      case 'selection': {
        if (!this.env.selections.has(rule.selection)) return '0';
        return `p.one_id IN (SELECT one_id FROM cluster_selection_member WHERE selection_id = ${this.p(rule.selection)})`;
      }
      case 'segment': {
        const id = typeof rule.segment === 'number' ? rule.segment : this.env.segmentByName.get(rule.segment);
        const info = id === undefined ? undefined : this.env.segments.get(id);
        if (!info) return '0';
        return `p.one_id IN (SELECT one_id FROM segment_member WHERE segment_id = ${this.p(info.segmentId)} AND version = ${this.p(info.version)})`;
      }
      case 'behavior':
        return this.behavior(rule);
    }
  }

  private attr(rule: AttrRule): string {
    const def = PROFILE_COLUMNS.find((c) => c.name === rule.column);
    if (!def) throw new BugIndicatingError(`column ${rule.column} passed the rule check but is not in the schema`);
    const col = `p.${quoteIdent(rule.column)}`;
    const { one, list } = attrValues(rule);
    const v = (x: unknown): string => this.p(storedSqlValue(def.type, x as string | number | boolean));
    const guarded = (expr: string): string => `IFNULL(${expr}, 0)`;
    switch (rule.op) {
      case 'is_null':
        return `(${col} IS NULL)`;
      case 'not_null':
        return `(${col} IS NOT NULL)`;
      case 'between':
        return guarded(`${col} BETWEEN ${v(list[0])} AND ${v(list[1])}`);
      case 'in':
        return guarded(`${col} IN (${list.map(v).join(', ')})`);
      case 'not_in':
        return guarded(`${col} NOT IN (${list.map(v).join(', ')})`);
      case 'contains':
        return guarded(`instr(${col}, ${this.p(String(one))}) > 0`);
      case 'within_days': {
        const asOf = this.env.asOfDate;
        if (asOf === null) return '0';
        const hi = dayNumber(asOf);
        return guarded(`${col} > ${this.p(dayString(hi - Number(one)))} AND ${col} <= ${this.p(asOf)}`);
      }
      default:
        return guarded(`${col} ${rule.op} ${v(one)}`);
    }
  }

  private behavior(rule: BehaviorRule): string {
    const asOf = this.env.asOfDate;
    if (asOf === null) return '0';
    const def = behaviorSource(rule.source);
    const { from, until } = behaviorWindowText(rule, asOf);
    const time = `e.${def.timeColumn}`;
    const measure = rule.measure === 'days' ? `count(DISTINCT substr(${time}, 1, 10))` : 'count(*)';
    // Parameters are pushed in the order their placeholders appear.
    let matchers = `SELECT o.one_id AS one_id, ${measure} AS m FROM ${def.table} e JOIN ${OWNER_TABLE} o ON o.src = ${this.p(def.source)} AND o.k = ${rawKeySql(def, 'e')}`;
    matchers += ` WHERE ${time} >= ${this.p(from)} AND ${time} < ${this.p(until)}`;
    for (const [column, values] of Object.entries(rule.where ?? {})) matchers += ` AND e.${quoteIdent(column)} IN (${values.map((x) => this.p(x)).join(', ')})`;
    matchers += ' GROUP BY o.one_id';
    const test = countSql('m', rule.op, rule.value);
    const zeroPasses = countTestAtZero(rule);
    // Customers without a matching row have measure 0: when 0 passes, keep everyone except those whose
    // (non-zero) measure fails.
    const where = zeroPasses ? `NOT (${test.sql})` : test.sql;
    for (const x of test.params) this.params.push(x);
    return `p.one_id ${zeroPasses ? 'NOT IN' : 'IN'} (SELECT one_id FROM (${matchers}) WHERE ${where})`;
  }
}

function countTestAtZero(rule: BehaviorRule): boolean {
  const v = rule.value;
  if (rule.op === 'between') {
    const [lo] = Array.isArray(v) ? (v as readonly [number, number]) : [Number(v)];
    return lo === 0;
  }
  const x = Number(v);
  switch (rule.op) {
    case '=':
      return x === 0;
    case '!=':
      return x !== 0;
    case '>':
      return 0 > x;
    case '>=':
      return 0 >= x;
    case '<':
      return 0 < x;
    case '<=':
      return 0 <= x;
  }
}

/** True when the rule has a behaviour condition (the SQL needs the owner table). */
export function usesBehavior(rule: SegmentRule): boolean {
  switch (rule.type) {
    case 'and':
    case 'or':
      return rule.rules.some(usesBehavior);
    case 'not':
      return usesBehavior(rule.rule);
    default:
      return rule.type === 'behavior';
  }
}

/** `SELECT <select> FROM customer_profile p WHERE <rule>`, with parameters in order. */
export function compileRule(rule: SegmentRule, env: RuleEnv, refs: SqlRefs, select = 'count(*)'): CompiledSql {
  const c = new Compiler(env, refs);
  const where = c.node(rule);
  return { sql: `SELECT ${select} FROM ${PROFILE_TABLE} p WHERE ${where}`, params: c.params };
}
