/**
 * The target of a point-in-time training set, observed in the outcome window [R, end) after the reference date
 * R, and the population it is defined on (see {@link PitTarget}). Reads only rows dated in the window; features
 * come from rows before R (pointInTime.ts).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { PitExclusion, PitTarget } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { dayNumber, dayText } from '#shared/profile/calendar.ts';
import { touchAction } from '#shared/profile/factScans.ts';
import { EVENT_TUPLE, FactOwners, TOUCH_TUPLE } from '#shared/profile/factOwners.ts';
import type { Persons } from '#shared/profile/persons.ts';
import { initiated, type PitFeatures } from './pointInTime.ts';

/** Transactions plus events in the 180 days before R that make a customer part of the churn population. */
export const CHURN_MIN_ACTIVITY = 1;

/** `YYYY-MM-DD` moved by whole months; the day is clamped to the target month's length (01-31 + 1 month = 02-28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return dayText(Date.UTC(ty, tm, Math.min(d, last)) / 86_400_000);
}

/** First day after the outcome window that starts on `referenceDate`. */
export function outcomeEnd(referenceDate: string, target: PitTarget): string {
  return target.unit === 'month' ? addMonths(referenceDate, target.amount) : dayText(dayNumber(referenceDate) + target.amount);
}

/** The default reference date: the outcome window ends on the as-of date (inclusive). */
export function defaultReferenceDate(asOfDate: string, target: PitTarget): string {
  const after = dayText(dayNumber(asOfDate) + 1);
  return target.unit === 'month' ? addMonths(after, -target.amount) : dayText(dayNumber(after) - target.amount);
}

/** Feature-style key and labels of a target: `churn_3m`, 3个月内流失. */
export function targetLabel(t: PitTarget): { key: string; zh: string; en: string } {
  const span = `${t.amount}${t.unit === 'month' ? 'm' : 'd'}`;
  const zhSpan = `${t.amount}${t.unit === 'month' ? '个月' : '天'}内`;
  const enSpan = `within ${t.amount} ${t.unit === 'month' ? 'months' : 'days'}`;
  const cat = t.category ? `(${t.category})` : '';
  switch (t.kind) {
    case 'churn':
      return { key: `churn_${span}`, zh: `${zhSpan}流失`, en: `Churned ${enSpan}` };
    case 'response':
      return { key: `response_${span}`, zh: `${zhSpan}响应营销`, en: `Responded to a campaign ${enSpan}` };
    case 'first_loan':
      return { key: `first_loan_${span}`, zh: `${zhSpan}首次贷款`, en: `First loan ${enSpan}` };
    case 'product':
      return { key: `product_${span}`, zh: `${zhSpan}购买产品${cat}`, en: `Bought a product${cat} ${enSpan}` };
  }
}

/** Checks a target's window and the date layout; throws ExpectedError with what is wrong. */
export function checkTarget(t: PitTarget, referenceDate: string, asOfDate: string | null): string {
  if (!['churn', 'response', 'first_loan', 'product'].includes(t.kind)) throw new ExpectedError('BAD_ARGUMENT', `Unknown point-in-time target ${String(t.kind)}.`, { kind: String(t.kind) });
  if (!Number.isInteger(t.amount) || t.amount < 1 || (t.unit !== 'month' && t.unit !== 'day')) {
    throw new ExpectedError('BAD_ARGUMENT', `The outcome window must be a whole number of months or days ≥ 1, got ${t.amount} ${t.unit}.`, { amount: t.amount, unit: t.unit });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || Number.isNaN(dayNumber(referenceDate))) {
    throw new ExpectedError('BAD_ARGUMENT', `Reference date ${referenceDate} is not a date (YYYY-MM-DD).`, { referenceDate });
  }
  const end = outcomeEnd(referenceDate, t);
  if (asOfDate !== null && end > dayText(dayNumber(asOfDate) + 1)) {
    throw new ExpectedError('BAD_ARGUMENT', `The outcome window ${referenceDate} … ${dayText(dayNumber(end) - 1)} ends after the as-of date ${asOfDate}: the outcome is not observed yet. Choose a reference date on or before ${defaultReferenceDate(asOfDate, t)}.`, { referenceDate, asOfDate });
  }
  return end;
}

export interface PitOutcome {
  /** Persons (indices into {@link PitFeatures.oneIds}) in the training set, ascending. */
  readonly rows: Uint32Array;
  /** 1 positive, 0 negative, per entry of `rows`. */
  readonly y: Int8Array;
  readonly excluded: { reason: PitExclusion; customers: number }[];
}

/** Product codes matching a category text (catalogue category, name or code); null = every product. */
function productCodes(db: Db, category: string | undefined): Set<string> | null {
  if (category === undefined || category.trim() === '') return null;
  const c = category.trim();
  const codes = db.all<{ product_code: string }>('SELECT product_code FROM products WHERE category = ? OR product_name = ? OR product_code = ?', [c, c, c]).map((r) => String(r.product_code));
  if (codes.length === 0) {
    const holdings = Number(db.value('SELECT count(*) FROM holdings WHERE product_code = ?', [c]));
    if (holdings === 0) throw new ExpectedError('BAD_ARGUMENT', `No product category, name or code "${c}" in the product catalogue or holdings.`, { category: c });
    return new Set([c]);
  }
  return new Set(codes);
}

/**
 * Reads the outcome of every person in [referenceDate, end) and cuts the population: persons without data
 * before R are left out first, then those the target does not apply to (see {@link PitTarget}).
 */
export async function pitOutcome(db: Db, persons: Persons, f: PitFeatures, t: PitTarget, end: string, ctx: JobContext): Promise<PitOutcome> {
  const n = persons.size;
  const R = f.referenceDate;
  const hit = new Uint8Array(n);
  /** Response: touched in the window. */
  const eligible = new Uint8Array(n).fill(1);
  const inWindow = (text: string): boolean => {
    const day = text.slice(0, 10);
    return day >= R && day < end && !Number.isNaN(dayNumber(day));
  };
  if (t.kind === 'churn') {
    const kinds = new Map<string, boolean>();
    await scanRows(db, ctx, 'predict.pit.outcome', 'transactions', ['cust_no', 'txn_time', 'txn_type', 'channel', 'direction'], 'txn_time >= ? AND txn_time < ?', [R, end], (row) => {
      if (!inWindow(row[1] ?? '') || !initiated(kinds, row[2] ?? '', row[3] ?? '', row[4] ?? '')) return;
      const p = persons.indexOfCustNo(row[0] ?? '');
      if (p >= 0) hit[p] = 1;
    });
    const owners = new FactOwners(db, persons, EVENT_TUPLE);
    await scanRows(db, ctx, 'predict.pit.outcome', 'events', [...EVENT_TUPLE.columns, 'event_time'], 'event_time >= ? AND event_time < ?', [R, end], (row) => {
      if (!inWindow(row[EVENT_TUPLE.columns.length] ?? '')) return;
      const p = owners.ownerOf(row, 0);
      if (p >= 0) hit[p] = 1;
    });
  } else if (t.kind === 'response') {
    eligible.fill(0);
    const owners = new FactOwners(db, persons, TOUCH_TUPLE);
    const tc = TOUCH_TUPLE.columns.length;
    await scanRows(db, ctx, 'predict.pit.outcome', 'touches', [...TOUCH_TUPLE.columns, 'touch_time', 'action'], 'touch_time >= ? AND touch_time < ?', [R, end], (row) => {
      if (!inWindow(row[tc] ?? '')) return;
      const kind = touchAction(row[tc + 1] ?? '');
      if (kind === null) return;
      const p = owners.ownerOf(row, 0);
      if (p < 0) return;
      eligible[p] = 1;
      if (kind === 'response') hit[p] = 1;
    });
  } else if (t.kind === 'first_loan') {
    db.each('SELECT cust_no, start_date FROM loans WHERE start_date >= ? AND start_date < ?', [R, end], (r) => {
      const p = persons.indexOfCustNo(r[0] === null ? '' : String(r[0]));
      if (p >= 0 && inWindow(String(r[1]))) hit[p] = 1;
    });
  } else {
    const codes = productCodes(db, t.category);
    db.each('SELECT cust_no, product_code, buy_date FROM holdings WHERE buy_date >= ? AND buy_date < ?', [R, end], (r) => {
      if (codes && !codes.has(String(r[1]))) return;
      const p = persons.indexOfCustNo(r[0] === null ? '' : String(r[0]));
      if (p >= 0 && inWindow(String(r[2]))) hit[p] = 1;
    });
  }
  const counts = new Map<PitExclusion, number>();
  const out = (reason: PitExclusion): void => {
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  };
  const rows: number[] = [];
  const y: number[] = [];
  for (let p = 0; p < n; p++) {
    if (!f.startedBefore[p]) out('no_data_before_reference');
    else if (t.kind === 'churn' && f.active180[p]! < CHURN_MIN_ACTIVITY) out('inactive_before_reference');
    else if (t.kind === 'response' && !eligible[p]) out('not_touched_in_window');
    else if (t.kind === 'first_loan' && f.loansBefore[p]! > 0) out('loan_before_reference');
    else {
      rows.push(p);
      // Churn is the absence of activity in the window; the other targets are its presence.
      y.push(t.kind === 'churn' ? (hit[p] ? 0 : 1) : hit[p] ? 1 : 0);
    }
  }
  return { rows: Uint32Array.from(rows), y: Int8Array.from(y), excluded: [...counts.entries()].map(([reason, customers]) => ({ reason, customers })) };
}
