/**
 * The semantics both evaluators share: how a rule's values become stored values (yuan → fen, dates → day
 * numbers, booleans → 0/1), how a behaviour window maps to days, and how a count comparison tests a number.
 * The columnar evaluator and the SQL compiler must agree to the customer; keeping these in one place is how.
 */
import type { AttrRule, BehaviorRule, CountOp, RuleScalar } from '#shared/api/segmentTypes.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';
import type { ProfileColumnType } from '#shared/profile/profileSchema.ts';

/** A rule value as the column stores it: fen for money, 0/1 for booleans, text for dates and text. */
export function storedSqlValue(type: ProfileColumnType, v: RuleScalar): string | number {
  if (type === 'money') return Math.round(Number(v) * 100);
  if (type === 'bool') return v === true ? 1 : 0;
  if (type === 'int' || type === 'real') return Number(v);
  return String(v);
}

/** A rule value as the columnar view holds it: numbers (day numbers for dates), or text for text columns. */
export function storedColumnValue(type: ProfileColumnType, v: RuleScalar): string | number {
  if (type === 'date') return dayNumber(String(v));
  return storedSqlValue(type, v);
}

/** The scalar and list parts of an attribute rule's value. */
export function attrValues(rule: AttrRule): { readonly one: RuleScalar | undefined; readonly list: readonly RuleScalar[] } {
  const v = rule.value;
  if (Array.isArray(v)) return { one: undefined, list: v as readonly RuleScalar[] };
  return { one: v as RuleScalar | undefined, list: [] };
}

/** Behaviour window (lo, hi] in day numbers for an as-of date: the `days` days ending on the as-of date. */
export function behaviorWindow(rule: Pick<BehaviorRule, 'days'>, asOfDate: string): { readonly lo: number; readonly hi: number } {
  const hi = dayNumber(asOfDate);
  return { lo: hi - rule.days, hi };
}

/** The same window as text bounds for SQL: `time >= from AND time < until`. */
export function behaviorWindowText(rule: Pick<BehaviorRule, 'days'>, asOfDate: string): { readonly from: string; readonly until: string } {
  const { lo, hi } = behaviorWindow(rule, asOfDate);
  return { from: dayString(lo + 1), until: dayString(hi + 1) };
}

/** A count comparison as a test on a number. */
export function countTest(op: CountOp, value: number | readonly [number, number]): (m: number) => boolean {
  if (op === 'between') {
    const [lo, hi] = Array.isArray(value) ? (value as readonly [number, number]) : [Number(value), Number(value)];
    return (m) => m >= lo && m <= hi;
  }
  const x = Number(value);
  switch (op) {
    case '=':
      return (m) => m === x;
    case '!=':
      return (m) => m !== x;
    case '>':
      return (m) => m > x;
    case '>=':
      return (m) => m >= x;
    case '<':
      return (m) => m < x;
    case '<=':
      return (m) => m <= x;
  }
}

/** The same comparison as SQL on expression `expr`, with its parameters. */
export function countSql(expr: string, op: CountOp, value: number | readonly [number, number]): { readonly sql: string; readonly params: number[] } {
  if (op === 'between') {
    const [lo, hi] = Array.isArray(value) ? (value as readonly [number, number]) : [Number(value), Number(value)];
    return { sql: `${expr} BETWEEN ? AND ?`, params: [lo, hi] };
  }
  return { sql: `${expr} ${op} ?`, params: [Number(value)] };
}
