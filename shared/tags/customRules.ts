/**
 * The analyst's rule tags (自定义标签): conditions on wide-table columns, behaviours in a time window, and other
 * tags, combined with all/any, compiled to one SELECT over customer_profile that yields the members in ONE_ID
 * order with a reason built from each customer's own values. Money columns compare in yuan.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { CustomTagRule, TagCondition } from '#shared/api/tagTypes.ts';
import type { SqlParam } from '#shared/db/database.ts';
import { entityDef } from '#shared/model/entities.ts';
import { AsOfCalendar } from '#shared/profile/calendar.ts';
import { profileColumn } from '#shared/profile/profileSchema.ts';
import { yuanSql } from './builtinTags.ts';

const BEHAVIOURS: Readonly<Record<'transactions' | 'events' | 'touches' | 'notes', { readonly time: string; readonly zh: string }>> = {
  transactions: { time: 'txn_time', zh: '交易' },
  events: { time: 'event_time', zh: '行为事件' },
  touches: { time: 'touch_time', zh: '营销触达' },
  notes: { time: 'note_time', zh: '服务记录' },
};

export interface CompiledRule {
  /** SELECT one_id, value, reason FROM … WHERE …, members in ONE_ID order. */
  readonly sql: string;
  readonly params: readonly SqlParam[];
  /** The WHERE clause alone, for display. */
  readonly where: string;
}

const bad = (message: string, params: Record<string, string | number> = {}): never => {
  throw new ExpectedError('BAD_ARGUMENT', message, params);
};

interface Part {
  readonly cond: string;
  readonly params: readonly SqlParam[];
  readonly reason: string;
  readonly reasonParams: readonly SqlParam[];
  readonly join?: { readonly sql: string; readonly params: readonly SqlParam[] };
}

function columnPart(c: Extract<TagCondition, { kind: 'column' }>): Part {
  const col = profileColumn(c.column);
  if (!col || col.name === 'one_id') return bad(`Unknown wide-table column ${c.column}.`, { column: c.column });
  const ref = `p.${col.name}`;
  const money = col.type === 'money';
  const value = (v: string | number): SqlParam => {
    if (money) {
      const n = Number(v);
      if (!Number.isFinite(n)) return bad(`${col.zh} needs a number (yuan), got ${String(v)}.`, { column: col.name });
      return Math.round(n * 100);
    }
    return v;
  };
  const one = (): SqlParam => {
    if (c.value === undefined || Array.isArray(c.value)) return bad(`${col.zh} ${c.op} needs one value.`, { column: col.name });
    return value(c.value as string | number);
  };
  const shown = money ? yuanSql(ref) : `ifnull(${ref}, '空')`;
  const reason = `printf('%s=%s', ?, ${shown})`;
  const base = { reason, reasonParams: [col.zh] };
  switch (c.op) {
    case '=':
      return { cond: `${ref} = ?`, params: [one()], ...base };
    case '!=':
      return { cond: `(${ref} IS NULL OR ${ref} <> ?)`, params: [one()], ...base };
    case '>':
    case '>=':
    case '<':
    case '<=':
      return { cond: `${ref} ${c.op} ?`, params: [one()], ...base };
    case 'in': {
      const list = Array.isArray(c.value) ? (c.value as readonly (string | number)[]) : bad(`${col.zh} in needs a list.`, { column: col.name });
      if (list.length === 0) return bad(`${col.zh} in needs at least one value.`, { column: col.name });
      return { cond: `${ref} IN (${list.map(() => '?').join(', ')})`, params: list.map(value), ...base };
    }
    case 'contains':
      return { cond: `instr(${ref}, ?) > 0`, params: [String(one())], ...base };
    case 'empty':
      return { cond: `(${ref} IS NULL OR ${ref} = '')`, params: [], ...base };
    case 'notEmpty':
      return { cond: `(${ref} IS NOT NULL AND ${ref} <> '')`, params: [], ...base };
  }
}

function behaviourPart(c: Extract<TagCondition, { kind: 'behaviour' }>, k: number, cal: AsOfCalendar): Part {
  const b = BEHAVIOURS[c.table] as (typeof BEHAVIOURS)[keyof typeof BEHAVIOURS] | undefined;
  if (!b) return bad(`Unknown behaviour table ${String(c.table)}.`);
  if (!Number.isInteger(c.days) || c.days < 1 || c.days > 3650) return bad('The window must be 1–3650 days.', { days: c.days });
  if (!Number.isInteger(c.min) || c.min < 1) return bad('The minimum count must be a positive whole number.', { min: c.min });
  const fields = entityDef(c.table).fields;
  let filter = '';
  const filterParams: SqlParam[] = [];
  if (c.column !== undefined && c.contains !== undefined && c.contains !== '') {
    const field = fields.find((f) => f.name === c.column);
    if (!field || field.pii) return bad(`Column ${c.column} cannot filter ${c.table}.`, { column: c.column });
    filter = ` AND instr(t.${field.name}, ?) > 0`;
    filterParams.push(c.contains);
  }
  const alias = `b${k}`;
  // Rows reach their person through the customer number (rows without one are not counted).
  const join = {
    sql: `LEFT JOIN (SELECT im.one_id AS one_id, count(*) AS n FROM ${c.table} t JOIN identity_map im ON im.source = 'customer' AND im.record_id = t.cust_no
            WHERE t.${b.time} >= ? AND t.${b.time} < ?${filter} GROUP BY im.one_id) ${alias} ON ${alias}.one_id = p.one_id`,
    params: [cal.before(c.days - 1), `${cal.asOf}~`, ...filterParams],
  };
  const what = c.contains ? `${b.zh}(${c.column ?? ''}含"${c.contains}")` : b.zh;
  return {
    cond: `ifnull(${alias}.n, 0) >= ?`,
    params: [c.min],
    reason: `printf('近%d天%s %d 条', ?, ?, ifnull(${alias}.n, 0))`,
    reasonParams: [c.days, what],
    join,
  };
}

function tagPart(c: Extract<TagCondition, { kind: 'tag' }>, zh: string | null): Part {
  if (zh === null) return bad(`Unknown tag ${c.tag}.`, { tag: c.tag });
  const valueCond = c.value !== undefined ? ' AND ct.value = ?' : '';
  const exists = `EXISTS (SELECT 1 FROM customer_tag ct WHERE ct.tag = ? AND ct.run_id = (SELECT max(run_id) FROM customer_tag WHERE tag = ?) AND ct.one_id = p.one_id${valueCond})`;
  const label = `${c.negate ? '非' : ''}${zh}${c.value !== undefined ? `=${c.value}` : ''}`;
  return {
    cond: c.negate ? `NOT ${exists}` : exists,
    params: [c.tag, c.tag, ...(c.value !== undefined ? [c.value] : [])],
    reason: '?',
    reasonParams: [label],
  };
}

/**
 * Compiles a rule. `tagName` gives the Chinese name of a registered tag (null when unknown); the value every
 * member gets is '1'.
 */
export function compileCustomRule(rule: CustomTagRule, asOf: string, tagName: (key: string) => string | null): CompiledRule {
  if (rule.conditions.length === 0) bad('A rule needs at least one condition.');
  if (rule.conditions.length > 20) bad('A rule has at most 20 conditions.');
  const cal = new AsOfCalendar(asOf);
  const parts = rule.conditions.map((c, k) => (c.kind === 'column' ? columnPart(c) : c.kind === 'behaviour' ? behaviourPart(c, k, cal) : tagPart(c, tagName(c.tag))));
  const glue = rule.match === 'any' ? ' OR ' : ' AND ';
  const where = parts.map((p) => `(${p.cond})`).join(glue);
  const whereParams = parts.flatMap((p) => p.params);
  const reason = `rtrim(${parts.map((p) => `(CASE WHEN ${p.cond} THEN ${p.reason} || '; ' ELSE '' END)`).join(' || ')}, '; ')`;
  const reasonParams = parts.flatMap((p) => [...p.params, ...p.reasonParams]);
  const joins = parts.filter((p) => p.join).map((p) => p.join as NonNullable<Part['join']>);
  return {
    sql: `SELECT p.one_id, '1', ${reason} FROM customer_profile p ${joins.map((j) => j.sql).join(' ')} WHERE ${where}`,
    params: [...reasonParams, ...joins.flatMap((j) => j.params), ...whereParams],
    where,
  };
}
