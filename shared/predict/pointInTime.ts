/**
 * Point-in-time features: what was known about each customer the day before a reference date R. Every fact row
 * (transactions, events, touches, notes and their text topics, holdings, loans, accounts) counts only when its
 * date is before R, so a model trained on these features with a target observed on/after R cannot see its own
 * outcome. Windows are "the w days before R" ([R − w, R)), and each feature's name and label carry its window
 * (`txn_count_90d`, 近90天交易次数) so model cards and reasons say what was counted. Static customer columns
 * (gender, region, occupation …) come from the customer master; balances, levels and tags are left out because
 * they are snapshots taken at the as-of date, after R.
 */
import type { FeatureRef } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { MISSING_LEVEL } from '#shared/cluster/featureMatrix.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { AsOfCalendar, dayNumber, dayText, wholeMonths, wholeYears } from '#shared/profile/calendar.ts';
import { INITIATED, touchAction, transactionKind } from '#shared/profile/factScans.ts';
import { EVENT_TUPLE, FactOwners, NOTE_TUPLE, TOUCH_TUPLE } from '#shared/profile/factOwners.ts';
import type { Persons } from '#shared/profile/persons.ts';
import type { FeatureColumn } from './modelSpec.ts';

/** `ModelCard.table` of point-in-time models: their rows are built, not read from one table. */
export const PIT_TABLE = 'point_in_time';

/** Windows (days before R) of the transaction and event counts and amounts. */
export const ACTIVITY_WINDOWS = [30, 90, 180] as const;
/** Windows of the touch counts. */
export const TOUCH_WINDOWS = [90, 180] as const;
/** Window of the service-note, complaint and text-topic counts. */
export const NOTE_WINDOW = 365;
/** Text topics of the latest text run counted as features, at most (the largest topics). */
export const MAX_TOPICS = 12;

const COMPLAINT_RE = /投诉|complain|12378|举报/i;
/** Static master-data columns offered as categorical features. */
const STATIC_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['gender', '性别', 'Gender'],
  ['province', '省份', 'Province'],
  ['city', '城市', 'City'],
  ['occupation', '职业', 'Occupation'],
  ['education', '学历', 'Education'],
  ['marital', '婚姻状况', 'Marital status'],
  ['channel_reg', '注册渠道', 'Registration channel'],
];

export interface PitFeatures {
  readonly referenceDate: string;
  /** One row per person, in {@link Persons.oneIds} order. */
  readonly oneIds: readonly string[];
  readonly features: readonly FeatureColumn[];
  /** Person has a dated record before R (open date, transaction or event) and did not open on/after R. */
  readonly startedBefore: Uint8Array;
  /** Customer-initiated transactions plus events in the 180 days before R, per person (the churn population's activity). */
  readonly active180: Float64Array;
  /** Loans started before R, per person. */
  readonly loansBefore: Float64Array;
  /** Latest date (YYYY-MM-DD) of any fact row read into a feature, null when none. */
  readonly latestFeatureDate: string | null;
}

class Numeric {
  readonly values: Float64Array;
  constructor(
    readonly ref: FeatureRef,
    readonly money: boolean,
    n: number,
    fill: number,
  ) {
    this.values = new Float64Array(n).fill(fill);
  }
  add(p: number, v: number): void {
    this.values[p] = this.values[p]! + v;
  }
  column(): FeatureColumn {
    return { ref: this.ref, money: this.money, values: this.values, codes: null, levels: [] };
  }
}

function num(name: string, zh: string, en: string, n: number, money = false, fill = 0): Numeric {
  return new Numeric({ name, zh, en, kind: 'numeric' }, money, n, fill);
}

/** Days before R of a date text (1 = the day before R); NaN for text that is not a date. */
class BeforeR {
  private readonly cal: AsOfCalendar;
  latest: string | null = null;
  constructor(readonly referenceDate: string) {
    const r = dayNumber(referenceDate);
    if (Number.isNaN(r)) throw new RangeError(`reference date ${referenceDate} is not YYYY-MM-DD`);
    this.cal = new AsOfCalendar(dayText(r - 1));
  }
  /** Days before R (≥ 1) of a row dated before R, else NaN; records the latest date read. */
  daysBefore(text: string): number {
    const ago = this.cal.ago(text);
    if (!(ago >= 0)) return Number.NaN;
    const day = text.slice(0, 10);
    if (this.latest === null || day > this.latest) this.latest = day;
    return ago + 1;
  }
}

/** The latest completed text run's topics, largest first, and each note's dominant topic. */
function noteTopics(db: Db): { topics: { topic: number; name: string }[]; byNote: Map<number, number> } {
  const run = db.value("SELECT max(run_id) FROM text_run WHERE status = 'done'");
  const byNote = new Map<number, number>();
  if (typeof run !== 'number') return { topics: [], byNote };
  const topics = db
    .all<{ topic: number; name: string }>('SELECT topic, name FROM text_topic WHERE run_id = ? ORDER BY notes DESC, topic LIMIT ?', [run, MAX_TOPICS])
    .map((t) => ({ topic: Number(t.topic), name: String(t.name) }));
  const weight = new Map<number, number>();
  db.each('SELECT note_row_id, topic, weight FROM note_topic WHERE run_id = ?', [run], (r) => {
    const note = Number(r[0]);
    const w = Number(r[2]);
    if (w > (weight.get(note) ?? Number.NEGATIVE_INFINITY)) {
      weight.set(note, w);
      byNote.set(note, Number(r[1]));
    }
  });
  return { topics, byNote };
}

/** Whether a transaction shows the customer acting (not interest, salary or a scheduled debit), memoised per kind text. */
export function initiated(memo: Map<string, boolean>, type: string, channel: string, direction: string): boolean {
  const key = `${type}\u001f${channel}\u001f${direction}`;
  let v = memo.get(key);
  if (v === undefined) memo.set(key, (v = (transactionKind(type, channel, direction) & INITIATED) !== 0));
  return v;
}

/** Counts per person of a SQL query returning (cust_no, count). */
function countsByCustomer(db: Db, persons: Persons, sql: string, params: readonly string[], into: Numeric): void {
  db.each(sql, params, (r) => {
    const p = persons.indexOfCustNo(r[0] === null ? '' : String(r[0]));
    if (p >= 0) into.add(p, Number(r[1]) || 0);
  });
}

/**
 * Features of every person as known before `referenceDate` (YYYY-MM-DD). Reads each fact table once, filtered
 * to rows dated before R in SQL and checked again per row (a date text that does not parse is not counted).
 */
export async function pointInTimeFeatures(db: Db, persons: Persons, referenceDate: string, ctx: JobContext): Promise<PitFeatures> {
  const n = persons.size;
  const when = new BeforeR(referenceDate);
  const R = referenceDate;
  const started = new Uint8Array(n);
  const active180 = new Float64Array(n);

  const txnCount = ACTIVITY_WINDOWS.map((w) => num(`txn_count_${w}d`, `近${w}天交易次数`, `Transactions, last ${w} days`, n));
  const txnAmount = ACTIVITY_WINDOWS.map((w) => num(`txn_amount_${w}d_fen`, `近${w}天交易金额`, `Transaction amount, last ${w} days`, n, true));
  const activeCount = ACTIVITY_WINDOWS.map((w) => num(`active_txn_count_${w}d`, `近${w}天主动交易次数`, `Customer-initiated transactions, last ${w} days`, n));
  const txnRecency = num('txn_recency_days', '距参考日最近交易天数', 'Days since last transaction', n, false, Number.NaN);
  const kinds = new Map<string, boolean>();
  await scanRows(db, ctx, 'predict.pit.transactions', 'transactions', ['cust_no', 'txn_time', 'amount_fen', 'txn_type', 'channel', 'direction'], 'txn_time < ?', [R], (row) => {
    const ago = when.daysBefore(row[1] ?? '');
    if (Number.isNaN(ago)) return;
    const p = persons.indexOfCustNo(row[0] ?? '');
    if (p < 0) return;
    started[p] = 1;
    const amount = Math.abs(Number(row[2] ?? '') || 0);
    const active = initiated(kinds, row[3] ?? '', row[4] ?? '', row[5] ?? '');
    ACTIVITY_WINDOWS.forEach((w, k) => {
      if (ago <= w) {
        txnCount[k]!.add(p, 1);
        txnAmount[k]!.add(p, amount);
        if (active) activeCount[k]!.add(p, 1);
      }
    });
    if (ago <= 180 && active) active180[p] = active180[p]! + 1;
    const prev = txnRecency.values[p]!;
    if (Number.isNaN(prev) || ago < prev) txnRecency.values[p] = ago;
  });

  const eventCount = ACTIVITY_WINDOWS.map((w) => num(`event_count_${w}d`, `近${w}天行为次数`, `Events, last ${w} days`, n));
  const eventRecency = num('event_recency_days', '距参考日最近行为天数', 'Days since last event', n, false, Number.NaN);
  const eventOwners = new FactOwners(db, persons, EVENT_TUPLE);
  await scanRows(db, ctx, 'predict.pit.events', 'events', [...EVENT_TUPLE.columns, 'event_time'], 'event_time < ?', [R], (row) => {
    const ago = when.daysBefore(row[EVENT_TUPLE.columns.length] ?? '');
    if (Number.isNaN(ago)) return;
    const p = eventOwners.ownerOf(row, 0);
    if (p < 0) return;
    started[p] = 1;
    ACTIVITY_WINDOWS.forEach((w, k) => {
      if (ago <= w) eventCount[k]!.add(p, 1);
    });
    if (ago <= 180) active180[p] = active180[p]! + 1;
    const prev = eventRecency.values[p]!;
    if (Number.isNaN(prev) || ago < prev) eventRecency.values[p] = ago;
  });

  const touchSends = TOUCH_WINDOWS.map((w) => num(`touch_count_${w}d`, `近${w}天营销触达次数`, `Marketing touches, last ${w} days`, n));
  const touchResponses = TOUCH_WINDOWS.map((w) => num(`touch_response_${w}d`, `近${w}天触达响应次数`, `Touch responses (open/click/convert), last ${w} days`, n));
  const touchOwners = new FactOwners(db, persons, TOUCH_TUPLE);
  const actions = new Map<string, 'send' | 'response' | null>();
  const tc = TOUCH_TUPLE.columns.length;
  await scanRows(db, ctx, 'predict.pit.touches', 'touches', [...TOUCH_TUPLE.columns, 'touch_time', 'action'], 'touch_time < ?', [R], (row) => {
    const ago = when.daysBefore(row[tc] ?? '');
    if (Number.isNaN(ago)) return;
    const action = row[tc + 1] ?? '';
    let kind = actions.get(action);
    if (kind === undefined) actions.set(action, (kind = touchAction(action)));
    if (kind === null) return;
    const p = touchOwners.ownerOf(row, 0);
    if (p < 0) return;
    TOUCH_WINDOWS.forEach((w, k) => {
      if (ago <= w) (kind === 'send' ? touchSends : touchResponses)[k]!.add(p, 1);
    });
  });

  const notes = num(`note_count_${NOTE_WINDOW}d`, `近${NOTE_WINDOW}天服务记录数`, `Service notes, last ${NOTE_WINDOW} days`, n);
  const complaints = num(`complaint_count_${NOTE_WINDOW}d`, `近${NOTE_WINDOW}天投诉次数`, `Complaints, last ${NOTE_WINDOW} days`, n);
  const { topics, byNote } = noteTopics(db);
  const topicAt = new Map(topics.map((t, k) => [t.topic, k]));
  const topicCounts = topics.map((t) => num(`topic_${t.topic}_count_${NOTE_WINDOW}d`, `近${NOTE_WINDOW}天文本主题“${t.name}”条数`, `Notes on topic "${t.name}", last ${NOTE_WINDOW} days`, n));
  const noteOwners = new FactOwners(db, persons, NOTE_TUPLE);
  const nc = NOTE_TUPLE.columns.length;
  await scanRows(db, ctx, 'predict.pit.notes', 'notes', [...NOTE_TUPLE.columns, 'note_time', 'category', 'text', 'row_id'], 'note_time < ?', [R], (row) => {
    const ago = when.daysBefore(row[nc] ?? '');
    if (Number.isNaN(ago) || ago > NOTE_WINDOW) return;
    const p = noteOwners.ownerOf(row, 0);
    if (p < 0) return;
    notes.add(p, 1);
    const category = row[nc + 1] ?? '';
    if (COMPLAINT_RE.test(category) || (category === '' && COMPLAINT_RE.test(row[nc + 2] ?? ''))) complaints.add(p, 1);
    const topic = byNote.get(Number(row[nc + 3]));
    const k = topic === undefined ? undefined : topicAt.get(topic);
    if (k !== undefined) topicCounts[k]!.add(p, 1);
  });

  const holdings = num('holding_count_before', '参考日前购买产品笔数', 'Products bought before the reference date', n);
  countsByCustomer(db, persons, "SELECT cust_no, count(DISTINCT product_code || '|' || ifnull(account_no, '') || '|' || buy_date) FROM holdings WHERE buy_date < ? GROUP BY cust_no", [R], holdings);
  const loans = num('loan_count_before', '参考日前贷款笔数', 'Loans started before the reference date', n);
  countsByCustomer(db, persons, 'SELECT cust_no, count(DISTINCT loan_no) FROM loans WHERE start_date < ? GROUP BY cust_no', [R], loans);
  const accounts = num('account_count_before', '参考日前开立账户数', 'Accounts opened before the reference date', n);
  countsByCustomer(db, persons, 'SELECT cust_no, count(DISTINCT account_no) FROM accounts WHERE open_date < ? GROUP BY cust_no', [R], accounts);
  // The SQL filters above compare date texts; their latest dates join the record of what was read.
  for (const [table, col] of [['holdings', 'buy_date'], ['loans', 'start_date'], ['accounts', 'open_date']] as const) {
    const latest = db.value(`SELECT max(substr(${col}, 1, 10)) FROM ${table} WHERE ${col} < ?`, [R]);
    if (typeof latest === 'string') when.daysBefore(latest);
  }

  const age = num('age_at_reference', '参考日年龄', 'Age at the reference date', n, false, Number.NaN);
  const tenure = num('tenure_months_at_reference', '参考日客户年限(月)', 'Tenure at the reference date (months)', n, false, Number.NaN);
  const statics = STATIC_COLUMNS.map(() => new Array<string | null>(n).fill(null));
  const openDate = new Array<string | null>(n).fill(null);
  // Ordered by snapshot date so the newest master row's static values win; the open date keeps the earliest.
  db.each(`SELECT cust_no, birth_date, open_date, ${STATIC_COLUMNS.map(([c]) => c).join(', ')} FROM customers ORDER BY as_of, row_id`, [], (r) => {
    const p = persons.indexOfCustNo(r[0] === null ? '' : String(r[0]));
    if (p < 0) return;
    const birth = typeof r[1] === 'string' && !Number.isNaN(dayNumber(r[1])) ? r[1] : null;
    if (birth !== null && birth < R) age.values[p] = wholeYears(birth, R);
    const open = typeof r[2] === 'string' && !Number.isNaN(dayNumber(r[2])) ? r[2].slice(0, 10) : null;
    if (open !== null && (openDate[p] === null || open < openDate[p]!)) openDate[p] = open;
    STATIC_COLUMNS.forEach((_, k) => {
      const v = r[3 + k];
      if (v !== null && v !== undefined && String(v).trim() !== '') statics[k]![p] = String(v);
    });
  });
  for (let p = 0; p < n; p++) {
    const open = openDate[p];
    if (open === null || open === undefined) continue;
    if (open >= R) started[p] = 0;
    else {
      started[p] = 1;
      tenure.values[p] = wholeMonths(open, R);
    }
  }
  // A customer who opened on/after R has facts only from R on: already 0 above; one with no open date keeps
  // the mark of a fact before R.

  const categorical = STATIC_COLUMNS.map(([name, zh, en], k): FeatureColumn => {
    const levels: string[] = [];
    const at = new Map<string, number>();
    const codes = new Int32Array(n);
    statics[k]!.forEach((v, p) => {
      const key = v ?? MISSING_LEVEL;
      let c = at.get(key);
      if (c === undefined) {
        c = levels.length;
        at.set(key, c);
        levels.push(key);
      }
      codes[p] = c;
    });
    return { ref: { name, zh, en, kind: 'categorical' }, money: false, values: null, codes, levels };
  });

  const numeric = [...txnCount, ...txnAmount, ...activeCount, txnRecency, ...eventCount, eventRecency, ...touchSends, ...touchResponses, notes, complaints, ...topicCounts, holdings, loans, accounts, age, tenure];
  return {
    referenceDate,
    oneIds: persons.oneIds,
    features: [...numeric.map((f) => f.column()), ...categorical],
    startedBefore: started,
    active180,
    loansBefore: loans.values,
    latestFeatureDate: when.latest,
  };
}

/** The rows `rows` of each feature (same order), for a population cut out of every person. */
export function subsetColumns(features: readonly FeatureColumn[], rows: Uint32Array): FeatureColumn[] {
  return features.map((f) => ({
    ...f,
    values: f.values ? Float64Array.from(rows, (r) => f.values![r]!) : null,
    codes: f.codes ? Int32Array.from(rows, (r) => f.codes![r]!) : null,
  }));
}
