/**
 * Scans of the snapshot tables (customers, accounts, holdings, loans) into {@link ProfileFacts}: the newest
 * snapshot of each row on or before the as-of date. Most workspaces hold one snapshot date per table; only when
 * a table holds several is a first pass made to find each row's newest date (the `_latest` views answer the
 * same with a correlated subquery that costs microseconds a row).
 */
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { isMobile, normalizePhone } from '#shared/values/phone.ts';
import { hash53 } from '#shared/identity/hash53.ts';
import { ageAt, flag, normalizeGender, normalizeRiskLevel } from './attributes.ts';
import type { AsOfCalendar } from './calendar.ts';
import { NEVER, PR_CREDIT_CARD, PR_DEPOSIT, PR_FUND, PR_INSURANCE, PR_LOAN, PR_WEALTH, type ProfileFacts } from './profileFacts.ts';
import type { Persons } from './persons.ts';
import { scanRows } from '#shared/db/rowScan.ts';

interface ScanEnv {
  readonly db: Db;
  readonly ctx: JobContext;
  readonly cal: AsOfCalendar;
  readonly persons: Persons;
  readonly facts: ProfileFacts;
}

const num = (s: string): number => (s === '' ? 0 : Number(s) || 0);

/**
 * The snapshot date each row key is read from: its newest on or before the as-of date, else (a key first seen
 * later) its oldest. Null when the table holds one snapshot date, so every row is read.
 */
async function snapshotPerKey(env: ScanEnv, table: string): Promise<Map<string, string> | null> {
  const range = env.db.get<{ lo: string | null; hi: string | null }>(`SELECT min(as_of) AS lo, max(as_of) AS hi FROM ${table}`);
  if (!range || range.lo === range.hi) return null;
  const asOf = env.cal.asOf;
  const chosen = new Map<string, string>();
  await scanRows(env.db, env.ctx, `profile.read.${table}`, table, ['row_key', 'as_of'], 'as_of IS NOT NULL', [], (f) => {
    const [key, date] = f as [string, string];
    const seen = chosen.get(key);
    const better = seen === undefined || (date <= asOf ? seen > asOf || date > seen : seen > asOf && date < seen);
    if (better) chosen.set(key, date);
  });
  return chosen;
}

/**
 * Calls `onRow` with the fields of the snapshot of every row key chosen by {@link snapshotPerKey} (rows without
 * an as-of date always count). Fields start after `row_key` and `as_of`.
 */
async function scanLatest(env: ScanEnv, table: string, columns: readonly string[], onRow: (f: readonly string[]) => void): Promise<void> {
  const chosen = await snapshotPerKey(env, table);
  await scanRows(env.db, env.ctx, `profile.read.${table}`, table, ['row_key', 'as_of', ...columns], '1', [], (f) => {
    if (chosen !== null && f[1] !== '' && chosen.get(f[0] as string) !== f[1]) return;
    onRow(f.slice(2));
  });
}

const CUSTOMER_COLUMNS = [
  'row_id', 'cust_no', 'gender', 'birth_date', 'age', 'id_no', 'income_fen', 'open_date', 'is_staff', 'risk_level', 'risk_expiry', 'aum_fen', 'balance_fen', 'address', 'phone',
] as const;

/**
 * Customers: the primary snapshot row of each person (the oldest customer number by 开户日期, then the first
 * imported; its text attributes are copied by SQL when the table is written), the attributes that need
 * normalising, AUM and deposits summed over all of the person's numbers, households joined by address and phone.
 */
export async function scanCustomers(env: ScanEnv): Promise<void> {
  const { facts, persons, cal } = env;
  const byAddress = new Map<number, number>();
  const byPhone = new Map<string, number>();
  const joinOn = <K>(map: Map<K, number>, key: K, p: number): void => {
    const other = map.get(key);
    if (other === undefined) map.set(key, p);
    else facts.joinHousehold(other, p);
  };
  const risks = new Map<string, number>();
  await scanLatest(env, 'customers', CUSTOMER_COLUMNS, (f) => {
    const [rowId, custNo, gender, birth, age, idNo, income, openDate, staff, risk, riskExpiry, aum, balance, address, phone] = f as [
      string, string, string, string, string, string, string, string, string, string, string, string, string, string, string,
    ];
    const p = persons.indexOfCustNo(custNo);
    if (p < 0) return;
    if (aum !== '') {
      facts.aumFen[p] = (facts.aumFen[p] as number) + num(aum);
      facts.hasAum[p] = 1;
    }
    if (balance !== '') {
      facts.custBalanceFen[p] = (facts.custBalanceFen[p] as number) + num(balance);
      facts.hasCustBalance[p] = 1;
    }
    // Addresses are keyed by a 53-bit hash: a million distinct address strings would cost far more memory.
    if (address.length >= 6) joinOn(byAddress, hash53(address.replace(/\s+/g, '')), p);
    const mobile = phone === '' ? null : normalizePhone(phone);
    if (mobile?.ok && isMobile(mobile.value)) joinOn(byPhone, mobile.value, p);
    const openAgo = openDate === '' ? -NEVER : cal.ago(openDate);
    const row = Number(rowId);
    const currentRow = facts.custRow[p] as number;
    if (currentRow >= 0) {
      const currentOpen = facts.openAgo[p] as number;
      if (currentOpen > openAgo || (currentOpen === openAgo && currentRow < row)) return;
    }
    facts.custRow[p] = row;
    facts.openAgo[p] = Number.isNaN(openAgo) ? -NEVER : openAgo;
    const g = normalizeGender(gender, idNo);
    facts.gender[p] = g === '男' ? 1 : g === '女' ? 2 : 0;
    facts.age[p] = ageAt(cal.asOf, birth, idNo, age) ?? -1;
    facts.isStaff[p] = flag(staff) ?? -1;
    facts.incomeFen[p] = income === '' ? Number.NaN : num(income);
    let level = risks.get(risk);
    if (level === undefined) {
      level = Number(normalizeRiskLevel(risk)?.slice(1) ?? 0);
      risks.set(risk, level);
    }
    facts.riskLevel[p] = level;
    const expired = riskExpiry === '' ? Number.NaN : cal.ago(riskExpiry);
    facts.riskExpiredAgo[p] = Number.isNaN(expired) ? NEVER : expired;
  });
  await scanPastAum(env);
}

/**
 * AUM at the customer snapshot nearest to 90 days before the as-of date (older than the newest), summed per
 * person; persons with a single snapshot keep their current AUM, so their change is 0.
 */
async function scanPastAum(env: ScanEnv): Promise<void> {
  const { facts, persons, cal, db } = env;
  facts.aumPastFen.set(facts.aumFen);
  const dates = db.all<{ as_of: string }>('SELECT DISTINCT as_of FROM customers WHERE as_of <= ? ORDER BY as_of', [cal.asOf]).map((r) => r.as_of);
  if (dates.length < 2) return;
  const target = cal.asOfDay - 90;
  const older = dates.slice(0, -1);
  const past = older.reduce((best, d) => (Math.abs(cal.asOfDay - cal.ago(d) - target) < Math.abs(cal.asOfDay - cal.ago(best) - target) ? d : best), older[0] as string);
  const seen = new Uint8Array(persons.size);
  await scanRows(db, env.ctx, 'profile.read.customers', 'customers', ['cust_no', 'aum_fen'], 'as_of = ?', [past], (f) => {
    const p = persons.indexOfCustNo(f[0] ?? '');
    if (p < 0 || f[1] === '') return;
    if (!seen[p]) {
      seen[p] = 1;
      facts.aumPastFen[p] = 0;
    }
    facts.aumPastFen[p] = (facts.aumPastFen[p] as number) + num(f[1] ?? '');
  });
}

/** Product category bits of a category or account-type text (存款, 理财, 基金, 保险, 贷款, 信用卡 and the like). */
export function categoryBits(text: string): number {
  let bits = 0;
  if (/信用卡|贷记卡|credit/i.test(text)) bits |= PR_CREDIT_CARD;
  else if (/存款|储蓄|借记|活期|定期|存单|电子账户|deposit|saving/i.test(text)) bits |= PR_DEPOSIT;
  if (/理财|wealth/i.test(text)) bits |= PR_WEALTH;
  if (/基金|fund/i.test(text)) bits |= PR_FUND;
  if (/保险|insurance/i.test(text)) bits |= PR_INSURANCE;
  if (/贷款|loan/i.test(text)) bits |= PR_LOAN;
  return bits;
}

function productCategories(db: Db): Map<string, number> {
  const out = new Map<string, number>();
  db.each('SELECT product_code, category, product_name FROM products', [], (r) => {
    if (typeof r[0] !== 'string') return;
    const bits = categoryBits(typeof r[1] === 'string' ? r[1] : '') || categoryBits(typeof r[2] === 'string' ? r[2] : '');
    out.set(r[0], bits);
  });
  return out;
}

const CLOSED = /销户|关闭|closed|注销/i;

/** Accounts, holdings and loans: balances, products held, overdue history and pre-approved credit lines. */
export async function scanProducts(env: ScanEnv): Promise<void> {
  const { facts, persons, cal } = env;
  const products = productCategories(env.db);
  await scanLatest(env, 'accounts', ['cust_no', 'account_type', 'product_code', 'close_date', 'status', 'balance_fen'], (f) => {
    const [custNo, type, code, closeDate, status, balance] = f as [string, string, string, string, string, string];
    const p = persons.indexOfCustNo(custNo);
    if (p < 0) return;
    if ((closeDate !== '' && closeDate <= cal.asOf) || CLOSED.test(status)) return;
    facts.accountCount[p] = (facts.accountCount[p] as number) + 1;
    const bits = categoryBits(type) || (products.get(code) ?? 0) || PR_DEPOSIT;
    facts.productMask[p] = (facts.productMask[p] as number) | bits;
    if (bits & PR_DEPOSIT) {
      facts.depositFen[p] = (facts.depositFen[p] as number) + num(balance);
      facts.hasDepositAccount[p] = 1;
    }
  });
  await scanLatest(env, 'holdings', ['cust_no', 'product_code', 'balance_fen', 'buy_date'], (f) => {
    const [custNo, code, balance, buyDate] = f as [string, string, string, string];
    const p = persons.indexOfCustNo(custNo);
    if (p < 0) return;
    facts.investmentFen[p] = (facts.investmentFen[p] as number) + num(balance);
    const bits = products.get(code) ?? 0;
    facts.productMask[p] = (facts.productMask[p] as number) | (bits & (PR_WEALTH | PR_FUND | PR_INSURANCE)) | (bits === 0 ? PR_WEALTH : 0);
    const ago = buyDate === '' ? Number.NaN : cal.ago(buyDate);
    if (ago >= 0) {
      facts.holdingLots[p] = (facts.holdingLots[p] as number) + 1;
      if (ago > (facts.firstHoldingAgo[p] as number)) facts.firstHoldingAgo[p] = ago;
      if (ago < (facts.lastHoldingAgo[p] as number)) facts.lastHoldingAgo[p] = ago;
    }
  });
  await scanLatest(env, 'loans', ['cust_no', 'balance_fen', 'amount_fen', 'pre_approved', 'status'], (f) => {
    const [custNo, balance, amount, pre, status] = f as [string, string, string, string, string];
    const p = persons.indexOfCustNo(custNo);
    if (p < 0) return;
    const owed = num(balance);
    facts.loanBalanceFen[p] = (facts.loanBalanceFen[p] as number) + owed;
    if (owed > 0) facts.productMask[p] = (facts.productMask[p] as number) | PR_LOAN;
    if (flag(pre) !== 1) return;
    if (num(amount) === 0 && !/已用信|已放款/.test(status)) facts.preApproved[p] = 1;
    else facts.loanDrawn[p] = 1;
  });
  // Overdue history counts every snapshot, not only the newest: a loan repaid since was still overdue once.
  await scanRows(env.db, env.ctx, 'profile.read.loans', 'loans', ['cust_no', 'overdue_days'], 'overdue_days > 0 AND (as_of IS NULL OR as_of <= ?)', [cal.asOf], (f) => {
    const p = persons.indexOfCustNo(f[0] ?? '');
    const d = num(f[1] ?? '');
    if (p >= 0 && d > (facts.maxOverdueDays[p] as number)) facts.maxOverdueDays[p] = d;
  });
}

