/**
 * The value of every `customer_profile` column for one person, from the accumulated facts: text attributes
 * copied unchanged from the primary customers row ({@link COPIED_COLUMNS}, copied by SQL), every other column by
 * a getter here. A column with neither is a bug caught when the build starts.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';
import { merchantCategoryLabel } from '#shared/lexicon/merchantCategories.ts';
import { ageBand } from './attributes.ts';
import { wholeMonths, type AsOfCalendar } from './calendar.ts';
import { NEVER, CH_APP, CH_BRANCH, CH_WEB, CH_WECHAT, PR_CREDIT_CARD, PR_FUND, PR_INSURANCE, PR_WEALTH, type ProfileFacts } from './profileFacts.ts';
import { PROFILE_COLUMNS } from './profileSchema.ts';
import type { Persons } from './persons.ts';

export type ProfileValue = string | number | null;

/** Profile columns taken unchanged from the same-named column of the primary `customers` row. */
export const COPIED_COLUMNS: ReadonlySet<string> = new Set([
  'cust_no', 'name', 'province', 'city', 'district', 'occupation', 'education', 'marital', 'branch', 'channel_reg', 'vip_level', 'status',
]);
type Getter = (p: number) => ProfileValue;

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Per-person figures derived once before the rows are written (households, purchases, active days). */
interface Derived {
  readonly householdSize: Int32Array;
  readonly purchases: Int32Array;
  readonly firstPurchaseAgo: Int32Array;
  readonly lastPurchaseAgo: Int32Array;
  /** From the active-day bitmap: days in 365, all days in the window, gap before the last, oldest day (−1: none). */
  readonly activeDays365: Int32Array;
  readonly activeDaysAll: Int32Array;
  readonly gapBeforeLast: Int32Array;
  readonly oldestActiveAgo: Int32Array;
}

function derive(facts: ProfileFacts): Derived {
  const n = facts.size;
  const roots = new Int32Array(n);
  const counts = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const r = facts.householdOf(p);
    roots[p] = r;
    counts[r] = (counts[r] as number) + 1;
  }
  const householdSize = new Int32Array(n);
  for (let p = 0; p < n; p++) householdSize[p] = counts[roots[p] as number] as number;
  const purchases = new Int32Array(n);
  const firstPurchaseAgo = new Int32Array(n).fill(-1);
  const lastPurchaseAgo = new Int32Array(n).fill(NEVER);
  for (const key of facts.purchaseDays) {
    const p = Math.floor(key / 100_000);
    const ago = key - p * 100_000;
    purchases[p] = (purchases[p] as number) + 1;
    if (ago > (firstPurchaseAgo[p] as number)) firstPurchaseAgo[p] = ago;
    if (ago < (lastPurchaseAgo[p] as number)) lastPurchaseAgo[p] = ago;
  }
  // Without purchase transactions (an export of balances only), the holdings' purchase dates stand in.
  for (let p = 0; p < n; p++) {
    if (purchases[p] === 0 && (facts.holdingLots[p] as number) > 0) {
      purchases[p] = facts.holdingLots[p] as number;
      firstPurchaseAgo[p] = facts.firstHoldingAgo[p] as number;
      lastPurchaseAgo[p] = facts.lastHoldingAgo[p] as number;
    }
  }
  const activeDays365 = new Int32Array(n);
  const activeDaysAll = new Int32Array(n);
  const gapBeforeLast = new Int32Array(n).fill(-1);
  const oldestActiveAgo = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const list = facts.activeDayList(p);
    if (list.length === 0) continue;
    activeDaysAll[p] = list.length;
    let in365 = 0;
    for (const ago of list) if (ago < 365) in365++;
    activeDays365[p] = in365;
    if (list.length >= 2) gapBeforeLast[p] = (list[1] as number) - (list[0] as number);
    oldestActiveAgo[p] = list[list.length - 1] as number;
  }
  return { householdSize, purchases, firstPurchaseAgo, lastPurchaseAgo, activeDays365, activeDaysAll, gapBeforeLast, oldestActiveAgo };
}

export interface ComputedColumn {
  readonly name: string;
  readonly get: Getter;
}

/** Getters of every profile column not in {@link COPIED_COLUMNS}, in {@link PROFILE_COLUMNS} order. */
export function profileGetters(facts: ProfileFacts, persons: Persons, cal: AsOfCalendar): ComputedColumn[] {
  const d = derive(facts);
  const dates = new Map<number, string>();
  const date = (ago: number): string | null => {
    if (!(ago >= 0 && ago < NEVER)) return null;
    let text = dates.get(ago);
    if (text === undefined) dates.set(ago, (text = cal.before(ago)));
    return text;
  };
  const days = (ago: number): number | null => (ago >= 0 && ago < NEVER ? ago : null);
  const bool = (x: boolean): number => (x ? 1 : 0);
  const openDate = (p: number): string | null => {
    const ago = facts.openAgo[p] as number;
    return ago === -NEVER ? null : ago >= 0 ? date(ago) : cal.before(ago);
  };
  const age = (p: number): number | null => ((facts.age[p] as number) >= 0 ? (facts.age[p] as number) : null);
  const aum = (p: number): number => (facts.hasAum[p] ? (facts.aumFen[p] as number) : deposit(p) + (facts.investmentFen[p] as number));
  const deposit = (p: number): number =>
    facts.hasDepositAccount[p] ? (facts.depositFen[p] as number) : facts.hasCustBalance[p] ? (facts.custBalanceFen[p] as number) : 0;
  const categories = facts.categoryFen.keys.map((key) => [key, facts.categoryCount.column(key), facts.categoryFen.column(key)] as const);
  let spendP = -1;
  let spend: [string, number, number][] = [];
  const categorySpend = (p: number): [string, number, number][] => {
    if (spendP === p) return spend;
    spendP = p;
    spend = [];
    for (const [key, counts, fens] of categories) {
      const fen = fens[p] ?? 0;
      if (fen > 0) spend.push([key, counts[p] ?? 0, fen]);
    }
    return spend.sort((x, y) => y[2] - x[2] || x[0].localeCompare(y[0]));
  };
  const touchChannels = [...new Set([...facts.touchSends.keys, ...facts.touchResponses.keys])]
    .sort()
    .map((key) => [key, facts.touchSends.column(key), facts.touchResponses.column(key)] as const);
  let statsP = -1;
  let stats: [string, number, number][] = [];
  const channelStats = (p: number): [string, number, number][] => {
    if (statsP === p) return stats;
    statsP = p;
    stats = [];
    for (const [key, sends, responses] of touchChannels) {
      const s = sends[p] ?? 0;
      const r = responses[p] ?? 0;
      if (s > 0 || r > 0) stats.push([key, s, r]);
    }
    return stats;
  };
  const eventChannels = facts.eventChannelCount.keys.map((key) => [key, facts.eventChannelCount.column(key)] as const);

  const getters: Record<string, Getter> = {
    one_id: (p) => persons.oneIds[p] ?? null,
    gender: (p) => (facts.gender[p] === 1 ? '男' : facts.gender[p] === 2 ? '女' : null),
    age,
    age_band: (p) => ageBand(age(p)),
    open_date: openDate,
    tenure_months: (p) => {
      const o = openDate(p);
      return o && o <= cal.asOf ? wholeMonths(o, cal.asOf) : null;
    },
    is_staff: (p) => ((facts.isStaff[p] as number) >= 0 ? (facts.isStaff[p] as number) : null),
    aum_fen: (p) => Math.round(aum(p)),
    deposit_fen: (p) => Math.round(deposit(p)),
    investment_fen: (p) => Math.round(facts.investmentFen[p] as number),
    loan_balance_fen: (p) => Math.round(facts.loanBalanceFen[p] as number),
    income_fen: (p) => (Number.isNaN(facts.incomeFen[p]) ? null : Math.round(facts.incomeFen[p] as number)),
    aum_change_90d_fen: (p) => (facts.hasAum[p] ? Math.round((facts.aumFen[p] as number) - (facts.aumPastFen[p] as number)) : 0),
    txn_count_30d: (p) => facts.txn30[p] as number,
    txn_count_90d: (p) => facts.txn90[p] as number,
    txn_count_365d: (p) => facts.txn365[p] as number,
    txn_in_90d_fen: (p) => Math.round(facts.in90[p] as number),
    txn_out_90d_fen: (p) => Math.round(facts.out90[p] as number),
    first_txn_date: (p) => date(facts.firstTxnAgo[p] as number),
    last_txn_date: (p) => date(facts.lastTxnAgo[p] as number),
    txn_recency_days: (p) => days(facts.lastTxnAgo[p] as number),
    active_months_12m: (p) => popcount((facts.activeMonths[p] as number) & 0xfff),
    event_count_30d: (p) => facts.event30[p] as number,
    login_days_30d: (p) => popcount(facts.loginDays[p] as number),
    last_event_date: (p) => date(facts.lastEventAgo[p] as number),
    event_recency_days: (p) => days(facts.lastEventAgo[p] as number),
    channel_count: (p) => popcount(facts.channelMask[p] as number),
    uses_app: (p) => bool(((facts.channelMask[p] as number) & CH_APP) !== 0),
    uses_web: (p) => bool(((facts.channelMask[p] as number) & CH_WEB) !== 0),
    uses_wechat: (p) => bool(((facts.channelMask[p] as number) & CH_WECHAT) !== 0),
    uses_branch: (p) => bool(((facts.channelMask[p] as number) & CH_BRANCH) !== 0),
    product_count: (p) => popcount(facts.productMask[p] as number),
    account_count: (p) => facts.accountCount[p] as number,
    has_wealth: (p) => bool(((facts.productMask[p] as number) & PR_WEALTH) !== 0),
    has_fund: (p) => bool(((facts.productMask[p] as number) & PR_FUND) !== 0),
    has_insurance: (p) => bool(((facts.productMask[p] as number) & PR_INSURANCE) !== 0),
    has_loan: (p) => bool((facts.loanBalanceFen[p] as number) > 0),
    pre_approved: (p) => bool(facts.preApproved[p] === 1 && facts.loanDrawn[p] === 0),
    risk_level: (p) => ((facts.riskLevel[p] as number) > 0 ? `C${facts.riskLevel[p] as number}` : null),
    risk_expired: (p) => (facts.riskExpiredAgo[p] === NEVER ? null : bool((facts.riskExpiredAgo[p] as number) > 0)),
    max_overdue_days: (p) => facts.maxOverdueDays[p] as number,
    complaints_365d: (p) => facts.complaints365[p] as number,
    notes_365d: (p) => facts.notes365[p] as number,
    touches_90d: (p) => facts.touches90[p] as number,
    opens_90d: (p) => facts.opens90[p] as number,
    as_of: () => cal.asOf,
    household_size: (p) => d.householdSize[p] as number,
    related_count: (p) => facts.related.get(p)?.size ?? 0,
    has_credit_card: (p) => bool(((facts.productMask[p] as number) & PR_CREDIT_CARD) !== 0),
    salary_months_12m: (p) => popcount((facts.salaryMonths[p] as number) & 0xfff),
    last_salary_date: (p) => date(facts.lastSalaryAgo[p] as number),
    txn_count_prev_90d: (p) => facts.txnPrev90[p] as number,
    active_txn_days_365d: (p) => d.activeDays365[p] as number,
    last_active_txn_date: (p) => date(facts.lastActiveAgo[p] as number),
    active_txn_recency_days: (p) => days(facts.lastActiveAgo[p] as number),
    gap_before_last_txn_days: (p) => ((d.gapBeforeLast[p] as number) >= 0 ? (d.gapBeforeLast[p] as number) : null),
    repeat_txn_days: (p) => ((d.activeDaysAll[p] as number) > 0 ? (d.activeDaysAll[p] as number) - 1 : null),
    txn_span_days: (p) => ((d.activeDaysAll[p] as number) > 0 ? (d.oldestActiveAgo[p] as number) - (facts.lastActiveAgo[p] as number) : null),
    txn_age_days: (p) => ((d.activeDaysAll[p] as number) > 0 ? (d.oldestActiveAgo[p] as number) : null),
    avg_txn_day_fen: (p) => ((d.activeDaysAll[p] as number) > 0 ? Math.round((facts.activeAmountFen[p] as number) / (d.activeDaysAll[p] as number)) : null),
    purchase_count: (p) => d.purchases[p] as number,
    first_purchase_date: (p) => ((d.purchases[p] as number) > 0 ? date(d.firstPurchaseAgo[p] as number) : null),
    last_purchase_date: (p) => ((d.purchases[p] as number) > 0 ? date(d.lastPurchaseAgo[p] as number) : null),
    outflow_other_bank_90d_fen: (p) => Math.round(facts.otherBank90[p] as number),
    event_count_90d: (p) => facts.event90[p] as number,
    event_count_prev_90d: (p) => facts.eventPrev90[p] as number,
    wealth_browse_90d: (p) => facts.wealthBrowse90[p] as number,
    top_categories: (p) => {
      const top = categorySpend(p).slice(0, 3);
      return top.length > 0 ? top.map(([key]) => merchantCategoryLabel(key)).join('|') : null;
    },
    category_spend_365d: (p) => {
      const all = categorySpend(p);
      return all.length > 0 ? JSON.stringify(Object.fromEntries(all.map(([key, n, fen]) => [key, [n, Math.round(fen)]]))) : null;
    },
    touches_30d: (p) => facts.touches30[p] as number,
    responses_365d: (p) => facts.responses365[p] as number,
    preferred_channel: (p) => {
      let best: string | null = null;
      let bestRate = -1;
      for (const [key, sends, resp] of channelStats(p)) {
        if (resp === 0) continue;
        const rate = resp / Math.max(sends, resp);
        if (rate > bestRate) {
          best = key;
          bestRate = rate;
        }
      }
      if (best !== null) return best;
      let most = 0;
      for (const [key, counts] of eventChannels) {
        const n = counts[p] ?? 0;
        if (n > most) {
          most = n;
          best = key;
        }
      }
      return best;
    },
    channel_response: (p) => {
      const stats = channelStats(p);
      return stats.length > 0 ? JSON.stringify(Object.fromEntries(stats.map(([key, s, r]) => [key, [s, r]]))) : null;
    },
  };
  return PROFILE_COLUMNS.filter((col) => !COPIED_COLUMNS.has(col.name)).map((col) => {
    const get = getters[col.name];
    if (!get) throw new BugIndicatingError(`customer_profile column ${col.name} has no value getter`);
    return { name: col.name, get };
  });
}

