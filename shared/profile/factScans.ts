/**
 * Scans of the fact tables (transactions, events, touches, notes, relations) into {@link ProfileFacts}: one pass
 * each, rows streamed in chunks and aggregated per person in typed arrays. A GROUP BY over ten million rows in
 * sql.js sorts at several microseconds a row; this streams at about one. Facts after the as-of date are ignored.
 */
import type { Db } from '#shared/db/database.ts';
import { channelOfLabel } from '#shared/identity/channels.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { loadMerchantRules } from '#shared/lexicon/lexiconStore.ts';
import { createMerchantCategorizer, DEFAULT_MERCHANT_RULES, type MerchantCategorizer } from '#shared/lexicon/merchantCategories.ts';
import type { AsOfCalendar } from './calendar.ts';
import { EVENT_TUPLE, FactOwners, NOTE_TUPLE, TOUCH_TUPLE } from './factOwners.ts';
import { CH_APP, CH_BRANCH, CH_WEB, CH_WECHAT, WINDOW_DAYS, type ProfileFacts } from './profileFacts.ts';
import type { Persons } from './persons.ts';
import { scanRows } from '#shared/db/rowScan.ts';

interface ScanEnv {
  readonly db: Db;
  readonly ctx: JobContext;
  readonly cal: AsOfCalendar;
  readonly persons: Persons;
  readonly facts: ProfileFacts;
}

/** Kind bits of a transaction, decided once per (type, channel, direction) text. */
const OUT = 1;
const IN = 2;
export const INITIATED = 4;
const SALARY = 8;
const PURCHASE = 16;
const OTHER_BANK = 32;

const SALARY_RE = /工资|代发|薪|payroll|salary/i;
const PURCHASE_RE = /理财购买|购买理财|基金申购|基金认购|申购|认购|保险缴费|保费|购买基金|购买保险|定投/;
const PASSIVE_TYPE_RE = /结息|利息|冲正|撤销|到期|贷款发放|贷款还款|放款|interest|reversal/i;
const PASSIVE_CHANNEL_RE = /^系统$|自动|批量|system|batch/i;
const CASH_IN_RE = /存款|存现|现金存入|cash ?deposit/i;
const OTHER_BANK_RE = /跨行|他行|转出至本人他行|interbank/i;

/** Kind bits of a transaction; exported for tests. */
export function transactionKind(type: string, channel: string, direction: string): number {
  let bits = 0;
  const d = direction.trim();
  if (/^(d|dr|debit|借|支|支出|出|付|转出|-)/i.test(d)) bits |= OUT;
  else if (/^(c|cr|credit|贷|收|收入|入|转入|\+)/i.test(d)) bits |= IN;
  if (SALARY_RE.test(type) || (SALARY_RE.test(channel) && !(bits & OUT))) bits |= SALARY;
  if (PURCHASE_RE.test(type)) bits |= PURCHASE;
  if (OTHER_BANK_RE.test(type)) bits |= OTHER_BANK;
  // Money arriving is something others did (a transfer in, a business receipt), except cash paid in by the
  // customer; only outgoing payments and cash deposits show the customer acting.
  const arrives = !(bits & OUT) && (bits & IN || /入账|汇入|收款|到账|转入/.test(`${type}${channel}`));
  const cashIn = CASH_IN_RE.test(type) || CASH_IN_RE.test(channel);
  if (!(bits & SALARY) && !PASSIVE_TYPE_RE.test(type) && !PASSIVE_CHANNEL_RE.test(channel) && (!arrives || cashIn)) bits |= INITIATED;
  return bits;
}

function merchantCategorizer(db: Db): MerchantCategorizer {
  const hasEdits = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'merchant_rule'") === 1;
  return createMerchantCategorizer(hasEdits ? loadMerchantRules(db) : DEFAULT_MERCHANT_RULES);
}

export async function scanTransactions(env: ScanEnv): Promise<void> {
  const { facts, persons, cal } = env;
  const kinds = new Map<string, number>();
  const categorizer = merchantCategorizer(env.db);
  const categories = new Map<string, string | null>();
  const f = facts;
  // Only the date part of the time is used (ago and monthsAgo read ten characters): a fifth less text to read.
  const columns = ['cust_no', 'substr(txn_time, 1, 10)', 'amount_fen', 'direction', 'txn_type', 'channel', 'merchant', 'mcc'];
  await scanRows(env.db, env.ctx, 'profile.read.transactions', 'transactions', columns, '1', [], (row) => {
    const time = row[1] ?? '';
    const ago = cal.ago(time);
    if (!(ago >= 0)) return;
    const p = persons.indexOfCustNo(row[0] ?? '');
    if (p < 0) return;
    const kindKey = `${row[4] ?? ''}\u001f${row[5] ?? ''}\u001f${row[3] ?? ''}`;
    let kind = kinds.get(kindKey);
    if (kind === undefined) {
      kind = transactionKind(row[4] ?? '', row[5] ?? '', row[3] ?? '');
      kinds.set(kindKey, kind);
    }
    const raw = Number(row[2] ?? '') || 0;
    const out = kind & OUT ? true : kind & IN ? false : raw < 0;
    const fen = Math.abs(raw);
    if (ago < 365) {
      f.txn365[p] = (f.txn365[p] as number) + 1;
      if (ago < 90) {
        f.txn90[p] = (f.txn90[p] as number) + 1;
        if (ago < 30) f.txn30[p] = (f.txn30[p] as number) + 1;
        if (out) {
          f.out90[p] = (f.out90[p] as number) + fen;
          if (kind & OTHER_BANK) f.otherBank90[p] = (f.otherBank90[p] as number) + fen;
        } else f.in90[p] = (f.in90[p] as number) + fen;
      } else if (ago < 180) f.txnPrev90[p] = (f.txnPrev90[p] as number) + 1;
    }
    if (ago > (f.firstTxnAgo[p] as number)) f.firstTxnAgo[p] = ago;
    if (ago < (f.lastTxnAgo[p] as number)) f.lastTxnAgo[p] = ago;
    const month = cal.monthsAgo(time);
    if (kind & SALARY) {
      if (month < 12) f.salaryMonths[p] = (f.salaryMonths[p] as number) | (1 << month);
      if (ago < (f.lastSalaryAgo[p] as number)) f.lastSalaryAgo[p] = ago;
    }
    if (kind & INITIATED) {
      if (month < 12) f.activeMonths[p] = (f.activeMonths[p] as number) | (1 << month);
      if (ago < WINDOW_DAYS) {
        f.markActiveDay(p, ago);
        f.activeAmountFen[p] = (f.activeAmountFen[p] as number) + fen;
      }
      if (ago < (f.lastActiveAgo[p] as number)) f.lastActiveAgo[p] = ago;
    }
    if (kind & PURCHASE && ago < 100_000) f.purchaseDays.add(p * 100_000 + ago);
    const merchant = row[6] ?? '';
    if (out && merchant !== '' && ago < 365 && !(kind & PURCHASE)) {
      const catKey = `${merchant}\u001f${row[7] ?? ''}`;
      let cat = categories.get(catKey);
      if (cat === undefined) {
        cat = categorizer.categorize(merchant, row[7] ?? null)?.category ?? null;
        categories.set(catKey, cat);
      }
      if (cat !== null) {
        const n = f.categoryCount.column(cat);
        n[p] = (n[p] as number) + 1;
        const s = f.categoryFen.column(cat);
        s[p] = (s[p] as number) + fen;
      }
    }
  });
}

/** Channel bit of an event, from its channel label, else from the identifiers it carries. */
function eventChannel(label: string, hasDevice: boolean, hasCookie: boolean, hasWechat: boolean): number {
  const c = channelOfLabel(label);
  if (c === 'app') return CH_APP;
  if (c === 'web') return CH_WEB;
  if (c === 'official_account' || c === 'mini_program') return CH_WECHAT;
  if (c === 'branch') return CH_BRANCH;
  if (hasDevice) return CH_APP;
  if (hasCookie) return CH_WEB;
  if (hasWechat) return CH_WECHAT;
  return CH_BRANCH;
}

/** Display names of the event channels (the keys of `eventChannelCount`). */
export const CHANNEL_NAMES: Readonly<Record<number, string>> = { [CH_APP]: '手机银行APP', [CH_WEB]: '网银/网页', [CH_WECHAT]: '微信', [CH_BRANCH]: '网点' };

const LOGIN_RE = /登录|登陆|login|sign ?in/i;
const WEALTH_RE = /理财|基金|存单|保险|wealth|fund/i;

export async function scanEvents(env: ScanEnv): Promise<void> {
  const { facts: f, persons, cal } = env;
  const owners = new FactOwners(env.db, persons, EVENT_TUPLE);
  const labels = new Map<string, number>();
  // Identifier columns first, in the tuple's order, so the owner lookup reads them in place.
  const cols = [...EVENT_TUPLE.columns, 'event_time', 'event_name', 'channel', 'page'];
  await scanRows(env.db, env.ctx, 'profile.read.events', 'events', cols, '1', [], (row) => {
    const time = row[7] ?? '';
    const ago = cal.ago(time);
    if (!(ago >= 0)) return;
    const p = owners.ownerOf(row, 0);
    if (p < 0) return;
    if (ago < (f.lastEventAgo[p] as number)) f.lastEventAgo[p] = ago;
    const month = cal.monthsAgo(time);
    if (month < 12) f.activeMonths[p] = (f.activeMonths[p] as number) | (1 << month);
    if (ago >= 365) return;
    const label = row[9] ?? '';
    const labelKey = `${label}\u001f${row[2] ? 1 : 0}${row[5] ? 1 : 0}${row[3] || row[4] ? 1 : 0}`;
    let ch = labels.get(labelKey);
    if (ch === undefined) {
      ch = eventChannel(label, (row[2] ?? '') !== '' || (row[1] ?? '') !== '', (row[5] ?? '') !== '', (row[3] ?? '') !== '' || (row[4] ?? '') !== '');
      labels.set(labelKey, ch);
    }
    f.channelMask[p] = (f.channelMask[p] as number) | ch;
    const perChannel = f.eventChannelCount.column(CHANNEL_NAMES[ch] ?? '');
    perChannel[p] = (perChannel[p] as number) + 1;
    if (ago < 90) {
      f.event90[p] = (f.event90[p] as number) + 1;
      const name = row[8] ?? '';
      if (WEALTH_RE.test(name) || WEALTH_RE.test(row[10] ?? '')) f.wealthBrowse90[p] = (f.wealthBrowse90[p] as number) + 1;
      if (ago < 30) {
        f.event30[p] = (f.event30[p] as number) + 1;
        if (LOGIN_RE.test(name)) f.loginDays[p] = (f.loginDays[p] as number) | (1 << ago);
      }
    } else if (ago < 180) f.eventPrev90[p] = (f.eventPrev90[p] as number) + 1;
  });
}

const SEND_RE = /发送|推送|下发|送达|send|deliver|push/i;
const FAILED_RE = /失败|退回|fail|bounce/i;
const RESPONSE_RE = /打开|点击|登录|转化|回复|响应|购买|open|click|login|convert|reply|respond/i;

/** How a touch-log action counts: a send, a response, or neither (a delivery receipt after its send). */
export function touchAction(action: string): 'send' | 'response' | null {
  if (FAILED_RE.test(action)) return null;
  if (/送达|deliver/i.test(action)) return null;
  if (SEND_RE.test(action)) return 'send';
  if (RESPONSE_RE.test(action)) return 'response';
  return null;
}

export async function scanTouches(env: ScanEnv): Promise<void> {
  const { facts: f, persons, cal } = env;
  const owners = new FactOwners(env.db, persons, TOUCH_TUPLE);
  const actions = new Map<string, 'send' | 'response' | null>();
  const cols = [...TOUCH_TUPLE.columns, 'touch_time', 'channel', 'action'];
  await scanRows(env.db, env.ctx, 'profile.read.touches', 'touches', cols, '1', [], (row) => {
    const ago = cal.ago(row[5] ?? '');
    if (!(ago >= 0) || ago >= 365) return;
    const p = owners.ownerOf(row, 0);
    if (p < 0) return;
    const action = row[7] ?? '';
    let kind = actions.get(action);
    if (kind === undefined) {
      kind = touchAction(action);
      actions.set(action, kind);
    }
    if (kind === null) return;
    const channel = row[6] || '未知渠道';
    if (kind === 'send') {
      const sends = f.touchSends.column(channel);
      sends[p] = (sends[p] as number) + 1;
      if (ago < 90) f.touches90[p] = (f.touches90[p] as number) + 1;
      if (ago < 30) f.touches30[p] = (f.touches30[p] as number) + 1;
    } else {
      const resp = f.touchResponses.column(channel);
      resp[p] = (resp[p] as number) + 1;
      f.responses365[p] = (f.responses365[p] as number) + 1;
      if (ago < 90 && /打开|点击|open|click/i.test(action)) f.opens90[p] = (f.opens90[p] as number) + 1;
    }
  });
}

const COMPLAINT_RE = /投诉|complain|12378|举报/i;

export async function scanNotes(env: ScanEnv): Promise<void> {
  const { facts: f, persons, cal } = env;
  const owners = new FactOwners(env.db, persons, NOTE_TUPLE);
  await scanRows(env.db, env.ctx, 'profile.read.notes', 'notes', [...NOTE_TUPLE.columns, 'note_time', 'category', 'channel', 'text'], '1', [], (row) => {
    const ago = cal.ago(row[2] ?? '');
    if (!(ago >= 0) || ago >= 365) return;
    const p = owners.ownerOf(row, 0);
    if (p < 0) return;
    f.notes365[p] = (f.notes365[p] as number) + 1;
    const category = row[3] ?? '';
    if (COMPLAINT_RE.test(category) || COMPLAINT_RE.test(row[4] ?? '') || (category === '' && COMPLAINT_RE.test(row[5] ?? ''))) {
      f.complaints365[p] = (f.complaints365[p] as number) + 1;
    }
  });
}

/** Relations between customers (transfers, invitations, shares) in 365 days; keys are customer numbers. */
export async function scanRelations(env: ScanEnv): Promise<void> {
  const { facts: f, persons, cal } = env;
  await scanRows(env.db, env.ctx, 'profile.read.relations', 'relations', ['from_key', 'to_key', 'event_time'], '1', [], (row) => {
    const time = row[2] ?? '';
    if (time !== '') {
      const ago = cal.ago(time);
      if (!(ago >= 0) || ago >= 365) return;
    }
    const a = persons.indexOfCustNo(row[0] ?? '');
    const b = persons.indexOfCustNo(row[1] ?? '');
    if (a < 0 || b < 0) return;
    f.addRelated(a, b);
    f.addRelated(b, a);
  });
}

/** WeChat presence from channel identity records (公众号 followers, 小程序 users) resolved to customers. */
export function markWechatIdentities(env: ScanEnv): void {
  const { facts: f, persons } = env;
  const sources = env.db.all<{ source: string }>("SELECT DISTINCT source FROM identity_map WHERE source NOT IN ('customer', 'event', 'touch', 'note')");
  for (const { source } of sources) {
    const c = channelOfLabel(source);
    if (c !== 'official_account' && c !== 'mini_program') continue;
    env.db.each('SELECT one_id FROM identity_map WHERE source = ?', [source], (r) => {
      const p = persons.indexOfOneId(String(r[0]));
      if (p >= 0) f.channelMask[p] = (f.channelMask[p] as number) | CH_WECHAT;
    });
  }
}
