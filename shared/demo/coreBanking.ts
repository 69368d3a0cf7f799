/**
 * The core-banking exports of one customer: accounts, product holdings, loans and pre-approved credit lines,
 * the two-year transaction history, and finally the customer master row (GBK, Chinese headers), whose AUM is
 * the sum of what the other files hold.
 */
import type { Random } from '#shared/jobs/random.ts';
import { dayOf, fmtCompact, fmtDateTime, fmtDay, ymdOf } from './calendar.ts';
import { amountVariant, dateVariant, nameTypo, phoneVariant, yuan, type DirtKind } from './dirt.ts';
import { withLuhn, wrongCheckChar } from './identifiers.ts';
import {
  CLUSTERS,
  DISTRICTS,
  HOSPITALS,
  MERCHANTS,
  PLACEHOLDER_PHONE,
  PRODUCTS,
  RISK_LEVELS,
  SCHOOL_FEE,
  SURNAMES,
  GIVEN,
  productsOf,
  type Merchant,
  type Product,
} from './lexicon.ts';
import type { Journey } from './marketing.ts';
import { FILES, HEADERS, type Outputs } from './outputs.ts';
import { activityOn, basicsOf, communityMembersOf, custNoOf, derivePerson, pairRandom, type DemoWorld, type Person } from './people.ts';

export type PhoneOnFile = 'clean' | 'format' | 'placeholder' | 'missing';

interface Txn {
  readonly day: number;
  readonly sec: number;
  /** Always positive; `dir` says which way. Reversals carry `reversal`. */
  readonly fen: number;
  readonly dir: 'D' | 'C';
  readonly card: string | null;
  readonly channel: string;
  readonly type: string;
  readonly merchant: string | null;
  readonly mcc: string | null;
  readonly counterparty: string | null;
  readonly counterpartyAcct: string | null;
  readonly memo: string | null;
  readonly reversal?: boolean;
}

export interface CoreSummary {
  readonly depositFen: number;
  readonly holdingFen: number;
}

const ONLINE = new Set(['美团外卖', '饿了么', '滴滴出行', '京东商城', '天猫超市', '拼多多', '携程旅行', '12306铁路客票', '1688批发采购', '华为商城', '中国移动话费充值']);

function districtIndex(p: Person): number {
  return Math.max(0, DISTRICTS.indexOf(p.b.home));
}

/** The customer's first debit account: derivable for anyone, so a transfer can name the other side's account. */
function debitAccountOf(world: DemoWorld, i: number): string {
  const d = Math.max(0, DISTRICTS.indexOf(basicsOf(world, i).home));
  return `3301${String(d + 101)}${String(world.accounts.of(i)).padStart(9, '0')}1`;
}

function accountNo(world: DemoWorld, p: Person, k: number): string {
  return `3301${String(districtIndex(p) + 101)}${String(world.accounts.of(p.index)).padStart(9, '0')}${k}`;
}

function poisson(r: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = r.next();
  while (prod > limit) {
    k++;
    prod *= r.next();
  }
  return k;
}

/** Log-uniform amount in fen between two yuan bounds, rounded the way prices are. */
function amountBetween(r: Random, minYuan: number, maxYuan: number): number {
  const v = Math.exp(Math.log(minYuan) + r.next() * (Math.log(maxYuan) - Math.log(minYuan)));
  return v >= 200 ? Math.round(v) * 100 : Math.round(v * 100);
}

/** Time of day people pay: mostly daytime and evening. */
function daySecond(r: Random): number {
  const hour = r.pick([8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 17, 18, 18, 19, 19, 20, 20, 21, 22, 23, 7]);
  return hour * 3600 + r.int(0, 3599);
}

function randomName(r: Random): string {
  const surname = r.pick(SURNAMES)[0];
  const pool = [...GIVEN[r.chance(0.5) ? 'M' : 'F'].mid];
  return surname + r.pick(pool) + (r.chance(0.6) ? r.pick(pool) : '');
}

function otherBankAccount(r: Random): string {
  return withLuhn(`62${String(r.int(1000, 9999))}${String(r.int(0, 999_999_999)).padStart(9, '0')}${String(r.int(0, 999)).padStart(3, '0')}`);
}

interface Purchase {
  readonly day: number;
  readonly product: Product;
  readonly fen: number;
}

function planPurchases(world: DemoWorld, p: Person, r: Random, holdingFen: number, journey: Journey): Purchase[] {
  const choices = [...productsOf('理财', p.riskLevel), ...productsOf('基金', p.riskLevel), ...productsOf('保险', p.riskLevel)];
  const days: number[] = [];
  const asOf = world.asOf;
  switch (p.lifecycle) {
    case '首购':
      days.push(asOf - r.int(5, 90));
      break;
    case '复购': {
      const n = r.int(2, 5);
      for (let k = 0; k < n - 1; k++) days.push(asOf - r.int(100, 700));
      days.push(asOf - r.int(5, 150));
      break;
    }
    case '高价值潜力':
      if (r.chance(0.3)) days.push(asOf - r.int(400, 700));
      break;
    case '高频':
      for (let k = r.int(0, 2); k > 0; k--) days.push(asOf - r.int(30, 700));
      break;
    case '稳定沉睡':
      if (r.chance(0.5)) days.push(asOf - r.int(500, 700));
      break;
    case '易流失':
      if (r.chance(0.4)) days.push(asOf - r.int(200, 700));
      break;
    default:
      break;
  }
  if (journey.wealthPurchaseDay !== null && (p.lifecycle === '复购' || p.lifecycle === '高价值潜力' || p.lifecycle === '高频')) days.push(journey.wealthPurchaseDay);
  days.sort((a, b) => a - b);
  if (days.length === 0 || holdingFen <= 0) return [];
  const weights = days.map(() => 0.3 + r.next());
  const total = weights.reduce((a, b) => a + b, 0);
  return days.map((day, k) => {
    // Sleepers keep what never matures (insurance, open-ended funds); others buy anything suitable.
    const pool = p.lifecycle === '稳定沉睡' ? choices.filter((x) => x.termDays === 0) : choices;
    return { day, product: r.pick(pool.length > 0 ? pool : choices), fen: Math.max(100_000, Math.round(((holdingFen * (weights[k] ?? 1)) / total) / 100) * 100) };
  });
}

/** Merchant weights per segment: a segment shops where its people do, four times as often. */
const MERCHANT_WEIGHTS = CLUSTERS.map((_, c) => MERCHANTS.map((m) => (m.clusters.length === 0 ? 1 : m.clusters.includes(c) ? 4 : 0.5)));
const UTILITIES = MERCHANTS.filter((x) => x.mcc === '4900' || x.mcc === '4814');

function pickMerchant(r: Random, cluster: number): Merchant {
  const m = MERCHANTS[r.weighted(MERCHANT_WEIGHTS[cluster] ?? [])];
  if (!m) throw new RangeError('no merchant');
  return m;
}

/** Weights of the everyday transaction kinds in {@link everyday}, per segment. */
const KIND_WEIGHTS = CLUSTERS.map((_, c) => [62, 12, 8, 6, c === 3 ? 12 : 4, c === 3 ? 9 : 3, c === 2 ? 1.5 : 0.1, 2, 0.5, c === 4 ? 25 : 0]);

export interface CoreContext {
  readonly world: DemoWorld;
  readonly p: Person;
  readonly r: Random;
  readonly out: Outputs;
  readonly journey: Journey;
}

/** Writes accounts, holdings, loans and transactions of one customer; returns the balances for the master row. */
export function writeCoreBanking({ world, p, r, out, journey }: CoreContext): CoreSummary {
  if (!p.isCustomer || p.custNo === null) return { depositFen: 0, holdingFen: 0 };
  const asOf = world.asOf;
  const asOfText = fmtDay(asOf);
  const profile = CLUSTERS[p.cluster];

  // ---- balances and holdings
  let depositFen = Math.round(p.aumFen * p.depositShare);
  const purchases = planPurchases(world, p, r, p.aumFen - depositFen, journey);
  const held = purchases.filter((x) => x.product.termDays === 0 || x.day + x.product.termDays > asOf);
  if (purchases.length === 0) depositFen = p.aumFen;
  for (const x of purchases) if (!held.includes(x)) depositFen += x.fen;
  const holdingFen = held.reduce((a, x) => a + x.fen, 0);

  // ---- accounts
  const debitAcct = accountNo(world, p, 1);
  const debitCard = withLuhn(`623058${String(world.accounts.of(p.index)).padStart(9, '0')}001`);
  const creditCard = p.hasCreditCard ? withLuhn(`625809${String(world.accounts.of(p.index)).padStart(9, '0')}`) : null;
  const hasTime = depositFen > 5_000_000 && r.chance(0.45);
  const timeFen = hasTime ? Math.round(depositFen * (0.3 + r.next() * 0.5) / 100) * 100 : 0;
  const hasE = p.app !== null && r.chance(0.6);
  const eFen = hasE ? Math.min(depositFen - timeFen, amountBetween(r, 10, 20000)) : 0;
  const demandFen = depositFen - timeFen - eFen;
  const sleepy = p.lifecycle === '稳定沉睡' && r.chance(0.3);
  const accountRows: (string | null)[][] = [
    [debitAcct, p.custNo, 'I类户-借记卡', 'DP0001', debitCard, 'CNY', fmtDay(p.openDay), null, sleepy ? '睡眠' : '正常', yuan(demandFen), asOfText],
  ];
  if (hasE && p.app) accountRows.push([accountNo(world, p, 2), p.custNo, 'II类户-电子账户', 'DP0001', null, 'CNY', fmtDay(Math.max(p.openDay, p.app.registerDay)), null, '正常', yuan(eFen), asOfText]);
  if (hasTime) {
    const product = r.pick(productsOf('存款').filter((x) => x.termDays > 0));
    accountRows.push([accountNo(world, p, 3), p.custNo, '定期存款账户', product.code, null, 'CNY', fmtDay(Math.max(p.openDay, asOf - r.int(30, 700))), null, '正常', yuan(timeFen), asOfText]);
  }
  const creditOwedFen = creditCard ? amountBetween(r, 100, 30000) : 0;
  if (creditCard) {
    const product = r.pick(PRODUCTS.filter((x) => x.category === '信用卡' && x.code !== 'CC0101'));
    accountRows.push([accountNo(world, p, 4), p.custNo, '信用卡账户', product.code, creditCard, 'CNY', fmtDay(Math.max(p.openDay, asOf - r.int(60, 2000))), null, '正常', yuan(-creditOwedFen), asOfText]);
  }
  if (p.lifecycle === '易流失' && r.chance(0.3)) {
    const closed = asOf - r.int(5, 80);
    accountRows.push([accountNo(world, p, 5), p.custNo, 'II类户-电子账户', 'DP0001', null, 'CNY', fmtDay(Math.max(p.openDay, closed - r.int(100, 900))), fmtDay(closed), '销户', '0.00', asOfText]);
  }
  for (const row of accountRows) {
    const balance = row[9] ?? '0.00';
    const fen = Math.round(Number(balance) * 100);
    if (Math.abs(fen) >= 100_000 && r.chance(0.03)) {
      row[9] = amountVariant(fen, r);
      const line = out.accounts.row(row);
      out.dirt.add(FILES.accounts, line, row[0] ?? '', '余额', 'amount_format', balance, row[9]);
    } else out.accounts.row(row);
    out.accountsTotalFen += fen;
  }

  // ---- holdings
  for (const x of held) {
    const nav = x.product.category === '保险' ? 1 : 0.85 + r.next() * 0.8;
    const shares = x.product.category === '保险' ? '1' : (x.fen / 100 / nav).toFixed(2);
    const row: (string | null)[] = [
      p.custNo, x.product.code, x.product.name, debitAcct, yuan(x.fen), shares, fmtDay(x.day), x.product.termDays > 0 ? fmtDay(x.day + x.product.termDays) : null, asOfText,
    ];
    if (r.chance(0.02)) {
      row[6] = dateVariant(x.day, r);
      const line = out.holdings.row(row);
      out.dirt.add(FILES.holdings, line, `${p.custNo}/${x.product.code}`, '购买日期', 'date_format', fmtDay(x.day), row[6]);
    } else out.holdings.row(row);
  }

  // ---- loans
  const txns: Txn[] = [];
  // Scheduled rows (repayments, salaries) thin out with the density too, by keeping only recent months.
  const recentFrom = Math.max(world.historyStart, asOf - Math.max(2, Math.round(24 * world.density)) * 30);
  const loanRow = (row: (string | null)[], startDay: number | null): void => {
    if (startDay !== null && r.chance(0.02)) {
      row[5] = dateVariant(startDay, r);
      const line = out.loans.row(row);
      out.dirt.add(FILES.loans, line, row[0] ?? '', '放款日期', 'date_format', fmtDay(startDay), row[5]);
    } else out.loans.row(row);
  };
  const repayments = (loanNo: string, start: number, months: number, principalFen: number, ratePct: number): number => {
    const monthly = Math.round((principalFen / months) * (1 + ratePct / 100 / 2) / 100) * 100;
    let paid = 0;
    for (let k = 1; k <= months; k++) {
      const day = start + k * 30;
      if (day > asOf) break;
      paid += Math.round(principalFen / months);
      if (day >= recentFrom) {
        txns.push({ day, sec: 3 * 3600 + r.int(0, 1800), fen: monthly, dir: 'D', card: debitCard, channel: '系统', type: '贷款还款', merchant: null, mcc: null, counterparty: '嘉禾银行个人贷款', counterpartyAcct: null, memo: `借据${loanNo}还款` });
      }
    }
    return Math.max(0, principalFen - paid);
  };
  if (p.loanKind !== null) {
    const spec = {
      mortgage: { code: 'LN0002', minStart: 200, maxStart: 3000, years: r.int(20, 30), min: 50, max: 250 },
      business: { code: 'LN0003', minStart: 30, maxStart: 700, years: r.int(1, 3), min: 10, max: 100 },
      consumer: { code: 'LN0001', minStart: 30, maxStart: 700, years: r.int(1, 3), min: 1, max: 20 },
    }[p.loanKind];
    const start = Math.max(p.openDay + 1, asOf - r.int(spec.minStart, spec.maxStart));
    const amountFen = r.int(spec.min, spec.max) * 1_000_000;
    const loanNo = `JJ${fmtCompact(start)}${String(world.accounts.of(p.index)).padStart(9, '0')}1`;
    const balanceFen = repayments(loanNo, start, spec.years * 12, amountFen, 4);
    if (start >= world.historyStart) {
      txns.push({ day: start, sec: 10 * 3600 + r.int(0, 7200), fen: amountFen, dir: 'C', card: debitCard, channel: '系统', type: '贷款发放', merchant: null, mcc: null, counterparty: '嘉禾银行个人贷款', counterpartyAcct: null, memo: `借据${loanNo}放款` });
    }
    const overdue = p.lifecycle === '易流失' && r.chance(0.25) ? r.int(1, 120) : 0;
    loanRow(
      [
        loanNo, p.custNo, spec.code, yuan(amountFen), yuan(balanceFen), fmtDay(start), fmtDay(start + spec.years * 365), String(overdue),
        yuan(overdue > 0 ? Math.round(amountFen / (spec.years * 12)) : 0), '否', null, overdue > 90 ? '次级' : overdue > 0 ? '关注' : '正常', asOfText,
      ],
      start,
    );
  }
  if (p.preApprovedFen > 0) {
    const approved = asOf - 50 - r.int(0, 40);
    const used = journey.firstLoan !== null;
    out.loans.row([
      `SX${fmtCompact(approved)}${String(world.accounts.of(p.index)).padStart(9, '0')}`, p.custNo, 'LN0001', '0.00', '0.00', null, null, '0', '0.00', '是',
      yuan(p.preApprovedFen), used ? '已用信' : '未用信', asOfText,
    ]);
    if (journey.firstLoan) {
      const { day, amountFen } = journey.firstLoan;
      const loanNo = `JJ${fmtCompact(day)}${String(world.accounts.of(p.index)).padStart(9, '0')}2`;
      const balanceFen = repayments(loanNo, day, 12, amountFen, 3.85);
      txns.push({ day, sec: 11 * 3600 + r.int(0, 20000), fen: amountFen, dir: 'C', card: debitCard, channel: '手机银行', type: '贷款发放', merchant: null, mcc: null, counterparty: '嘉禾银行个人贷款', counterpartyAcct: null, memo: `借据${loanNo}放款` });
      loanRow([loanNo, p.custNo, 'LN0001', yuan(amountFen), yuan(balanceFen), fmtDay(day), fmtDay(day + 365), '0', '0.00', '是', yuan(p.preApprovedFen), '正常', asOfText], day);
    }
  }

  // ---- transactions
  const density = world.density;
  const personal = Math.exp(r.normal() * 0.35);
  const hasApp = p.app !== null;
  const rate = (profile?.txnRate ?? 1) * personal * density;
  const city = p.b.home.city;
  for (let m = 0; m < 24; m++) {
    const from = world.historyStart + m * 30;
    const to = m === 23 ? asOf : from + 29;
    const n = poisson(r, rate * activityOn(p, from + 15));
    for (let k = 0; k < n; k++) {
      const day = r.int(from, to);
      txns.push(everyday(r, p, day, debitCard, creditCard, hasApp, city));
    }
  }
  const salaryMonths = Math.max(1, Math.round(12 * density));
  if (p.employer !== null) {
    for (let k = salaryMonths - 1; k >= 0; k--) {
      const { y, m, d } = ymdOf(asOf);
      const month = y * 12 + (m - 1) - k - (d < 12 ? 1 : 0);
      const day = dayOf(Math.floor(month / 12), (month % 12) + 1, 10) + r.int(0, 3);
      if (day > asOf || day < world.historyStart) continue;
      if (p.lifecycle === '易流失' && day >= p.fadeFrom) continue;
      if (p.lifecycle === '稳定沉睡' && day >= p.dormantFrom) continue;
      const fen = Math.round((p.incomeYuan / 12) * (0.92 + r.next() * 0.16)) * 100;
      txns.push({ day, sec: 2 * 3600 + r.int(0, 3000), fen, dir: 'C', card: debitCard, channel: '批量代发', type: '工资代发', merchant: null, mcc: null, counterparty: p.employer, counterpartyAcct: null, memo: '代发工资' });
    }
  }
  for (const x of purchases) {
    if (x.day < world.historyStart) continue;
    const type = x.product.category === '基金' ? '基金申购' : x.product.category === '保险' ? '保险缴费' : '理财购买';
    txns.push({ day: x.day, sec: daySecond(r), fen: x.fen, dir: 'D', card: debitCard, channel: hasApp ? '手机银行' : '柜面', type, merchant: x.product.name, mcc: null, counterparty: x.product.issuer, counterpartyAcct: null, memo: x.product.code });
    if (!held.includes(x) && x.day + x.product.termDays <= asOf) {
      txns.push({ day: x.day + x.product.termDays, sec: 6 * 3600 + r.int(0, 3000), fen: x.fen + Math.round(x.fen * 0.01), dir: 'C', card: debitCard, channel: '系统', type: '理财到期', merchant: x.product.name, mcc: null, counterparty: x.product.issuer, counterpartyAcct: null, memo: x.product.code });
    }
  }
  if (creditCard) {
    for (let k = 1; k <= Math.max(1, Math.round(12 * density)); k++) {
      const day = asOf - k * 30 + 5;
      if (day < world.historyStart || activityOn(p, day) === 0) continue;
      txns.push({ day, sec: daySecond(r), fen: amountBetween(r, 300, 12000), dir: 'D', card: debitCard, channel: hasApp ? '手机银行' : '自动还款', type: '信用卡还款', merchant: null, mcc: null, counterparty: p.b.name, counterpartyAcct: creditCard, memo: '信用卡还款' });
    }
  }
  if (p.cluster === 1 && p.age >= 28 && p.age <= 45 && r.chance(0.6 * density)) {
    for (const [mm, dd] of [[2, 25], [9, 1]] as const) {
      for (const y of [ymdOf(asOf).y - 2, ymdOf(asOf).y - 1, ymdOf(asOf).y]) {
        const day = dayOf(y, mm, dd);
        if (day < world.historyStart || day > asOf || activityOn(p, day) === 0) continue;
        txns.push({ day, sec: daySecond(r), fen: r.int(30, 90) * 10000, dir: 'D', card: debitCard, channel: hasApp ? '手机银行' : 'POS', type: '消费', merchant: SCHOOL_FEE(city), mcc: '8211', counterparty: null, counterpartyAcct: null, memo: '幼儿园学费' });
      }
    }
  }
  if (p.lifecycle === '易流失') {
    for (let k = r.int(1, 2); k > 0; k--) {
      const day = asOf - r.int(10, 120);
      txns.push({ day, sec: daySecond(r), fen: Math.max(100_000, Math.round(p.aumFen * (0.2 + r.next() * 0.4) / 100) * 100), dir: 'D', card: debitCard, channel: hasApp ? '手机银行' : '柜面', type: '跨行转账', merchant: null, mcc: null, counterparty: p.b.name, counterpartyAcct: otherBankAccount(r), memo: '转出至本人他行账户' });
    }
  }
  for (const q of [3, 6, 9, 12]) {
    for (const y of [ymdOf(asOf).y - 1, ymdOf(asOf).y]) {
      const day = dayOf(y, q, 21);
      if (day > asOf || day < asOf - (density < 1 ? 100 : 120)) continue;
      const fen = Math.round((demandFen * 0.002) / 4);
      if (fen > 0) txns.push({ day, sec: 60 + r.int(0, 600), fen, dir: 'C', card: debitCard, channel: '系统', type: '结息', merchant: null, mcc: null, counterparty: null, counterpartyAcct: null, memo: '活期结息' });
    }
  }
  communityTransfers(world, p, r, txns, debitCard, out);

  txns.sort((a, b) => a.day - b.day || a.sec - b.sec);
  writeTransactions(world, p, r, out, txns, debitAcct, creditCard === null ? null : { card: creditCard, account: accountNo(world, p, 4) });
  return { depositFen, holdingFen };
}

function everyday(r: Random, p: Person, day: number, debitCard: string, creditCard: string | null, hasApp: boolean, city: string): Txn {
  const sec = daySecond(r);
  const kind = r.weighted(KIND_WEIGHTS[p.cluster] ?? []);
  const card = creditCard && r.chance(0.4) ? creditCard : debitCard;
  const mobile = hasApp ? '手机银行' : '柜面';
  switch (kind) {
    case 0: {
      const m = pickMerchant(r, p.cluster);
      const online = ONLINE.has(m.name);
      const payer = online && r.chance(0.6) ? `${r.pick(['财付通', '支付宝'])}-` : '';
      return { day, sec, fen: amountBetween(r, m.min, m.max), dir: 'D', card, channel: online ? '快捷支付' : 'POS', type: '消费', merchant: payer + m.name, mcc: m.mcc, counterparty: null, counterpartyAcct: null, memo: null };
    }
    case 1:
      return { day, sec, fen: amountBetween(r, 50, 20000), dir: 'D', card: debitCard, channel: mobile, type: '转账', merchant: null, mcc: null, counterparty: randomName(r), counterpartyAcct: otherBankAccount(r), memo: r.pick(['转账', '还款', '房租', '生活费', '红包', null]) };
    case 2:
      return { day, sec, fen: amountBetween(r, 50, 20000), dir: 'C', card: debitCard, channel: mobile, type: '转账', merchant: null, mcc: null, counterparty: randomName(r), counterpartyAcct: otherBankAccount(r), memo: r.pick(['转账', '还钱', null]) };
    case 3: {
      const utility = r.pick(UTILITIES);
      return { day, sec, fen: amountBetween(r, utility.min, utility.max), dir: 'D', card: debitCard, channel: hasApp ? '手机银行' : '自助终端', type: '缴费', merchant: utility.name, mcc: utility.mcc, counterparty: null, counterpartyAcct: null, memo: '生活缴费' };
    }
    case 4:
      return { day, sec, fen: r.pick([100, 200, 300, 500, 1000, 2000]) * 100, dir: 'D', card: debitCard, channel: 'ATM', type: '取现', merchant: null, mcc: null, counterparty: null, counterpartyAcct: null, memo: 'ATM取款' };
    case 5:
      return { day, sec, fen: amountBetween(r, 20, 3000), dir: 'D', card, channel: 'POS', type: '消费', merchant: r.pick(HOSPITALS(city)), mcc: '8062', counterparty: null, counterpartyAcct: null, memo: null };
    case 6:
      return { day, sec, fen: amountBetween(r, 5000, 200000), dir: 'D', card: debitCard, channel: '柜面', type: '跨境汇款', merchant: null, mcc: null, counterparty: randomName(r), counterpartyAcct: `SWIFT ${r.pick(['HSBCHKHH', 'BOFAUS3N', 'CITISGSG'])}`, memo: r.pick(['留学学费', '境外生活费', '跨境汇款']) };
    case 7: {
      const m = pickMerchant(r, p.cluster);
      return { day, sec, fen: amountBetween(r, m.min, m.max), dir: 'C', card, channel: '快捷支付', type: '退款', merchant: m.name, mcc: m.mcc, counterparty: null, counterpartyAcct: null, memo: '退款' };
    }
    case 8:
      return { day, sec, fen: amountBetween(r, 5, 500), dir: 'D', card, channel: 'POS', type: '冲正', merchant: pickMerchant(r, p.cluster).name, mcc: null, counterparty: null, counterpartyAcct: null, memo: '交易冲正', reversal: true };
    default: {
      const incoming = r.chance(0.55);
      return {
        day, sec, fen: amountBetween(r, 800, 60000), dir: incoming ? 'C' : 'D', card: debitCard, channel: mobile, type: incoming ? '经营收款' : '货款支付', merchant: null, mcc: null,
        counterparty: r.pick(['义乌市恒达饰品商行', '杭州四季青服装批发', '宁波北仑五金配件厂', '柯桥轻纺城布艺店', '温州鹿城鞋业']), counterpartyAcct: otherBankAccount(r), memo: incoming ? '货款' : '进货款',
      };
    }
  }
}

const TRANSFER_RATE: Readonly<Record<number, number>> = { 0: 1.5, 1: 0.7, 2: 2.5 };

/**
 * Money `sender` sends to `to` inside their community, and when. Both sides compute the same list (the
 * receiver derives the sender), and the sender's lifecycle thins it out: sleepers send nothing.
 */
function pairTransfers(
  world: DemoWorld,
  from: number,
  to: number,
  communitySize: number,
  senderOf: () => Person,
): { day: number; sec: number; fen: number; memo: string }[] {
  const r = pairRandom(world, from, to);
  // Each member sends money to about three others; only then is the sender derived (it costs a derivation).
  if (!r.chance(Math.min(1, 3 / Math.max(1, communitySize - 1)))) return [];
  const sender = senderOf();
  const kind = world.communityKind[sender.community] ?? 0;
  const n = poisson(r, (TRANSFER_RATE[kind] ?? 1) * 2 * world.density);
  const out: { day: number; sec: number; fen: number; memo: string }[] = [];
  for (let k = 0; k < n; k++) {
    const day = world.historyStart + r.int(0, 729);
    const [min, max, memo] = kind === 2 ? [2000, 80000, '货款'] : kind === 1 ? [30, 600, 'AA聚餐'] : [200, 5000, r.pick(['生活费', '红包', '还钱', '转账'])];
    const t = { day, sec: daySecond(r), fen: amountBetween(r, min, max), memo };
    if (r.next() < Math.min(1, activityOn(sender, day))) out.push(t);
  }
  return out;
}

function communityTransfers(world: DemoWorld, p: Person, r: Random, txns: Txn[], debitCard: string, out: Outputs): void {
  if (p.community < 0) return;
  const members = communityMembersOf(world, p.community);
  const channel = p.app ? '手机银行' : '网上银行';
  for (const other of members) {
    if (other === p.index) continue;
    const sent = pairTransfers(world, p.index, other, members.length, () => p);
    const received = pairTransfers(world, other, p.index, members.length, () => derivePerson(world, other));
    if (sent.length === 0 && received.length === 0) continue;
    const otherName = basicsOf(world, other).name;
    const otherAcct = debitAccountOf(world, other);
    for (const t of sent) {
      txns.push({ day: t.day, sec: t.sec, fen: t.fen, dir: 'D', card: debitCard, channel, type: '转账', merchant: null, mcc: null, counterparty: otherName, counterpartyAcct: otherAcct, memo: t.memo });
      const clean = yuan(t.fen);
      const amount = r.chance(0.02) ? amountVariant(t.fen, r) : clean;
      const line = out.relations.row([p.custNo, '客户号', custNoOf(world, other), '客户号', '转账', fmtDateTime(t.day, t.sec), amount, channel]);
      if (amount !== clean) out.dirt.add(FILES.relations, line, `${p.custNo ?? ''}>${custNoOf(world, other)}`, '金额', 'amount_format', clean, amount);
    }
    for (const t of received) {
      txns.push({ day: t.day, sec: t.sec + 2, fen: t.fen, dir: 'C', card: debitCard, channel: '转账入账', type: '转账', merchant: null, mcc: null, counterparty: otherName, counterpartyAcct: otherAcct, memo: t.memo });
    }
  }
}

function writeTransactions(
  world: DemoWorld,
  p: Person,
  r: Random,
  out: Outputs,
  txns: readonly Txn[],
  debitAcct: string,
  credit: { readonly card: string; readonly account: string } | null,
): void {
  const serial = String(world.custNos.of(p.index)).padStart(9, '0');
  const rows: (string | null)[][] = [];
  txns.forEach((t, k) => {
    const id = `${fmtCompact(t.day)}${serial}${String(k + 1).padStart(4, '0')}`;
    const clean = t.reversal ? yuan(-t.fen) : yuan(t.fen);
    const dirty = t.reversal ? r.chance(0.5) : r.chance(0.025);
    const amount = dirty ? amountVariant(t.reversal ? -t.fen : t.fen, r) : clean;
    const account = credit !== null && t.card === credit.card ? credit.account : debitAcct;
    const row = [id, p.custNo, account, t.card, fmtDateTime(t.day, t.sec), amount, t.dir, 'CNY', t.channel, t.type, t.merchant, t.mcc, t.counterparty, t.counterpartyAcct, t.memo];
    const line = out.transactions.row(row);
    if (amount !== clean) out.dirt.add(FILES.transactions, line, id, 'amount', 'amount_format', clean, amount);
    rows.push(row);
  });
  if (rows.length > 3 && r.chance(0.01)) {
    // Two daily export batches overlapped: the tail of this customer's history was exported twice.
    const n = r.int(1, Math.min(5, rows.length));
    for (const row of rows.slice(rows.length - n)) {
      const line = out.transactions.row(row);
      out.dirt.add(FILES.transactions, line, row[0] ?? '', '*', 'duplicate_row', '', '');
    }
  }
}

const VIP = (aumFen: number): string => (aumFen < 5_000_000 ? '普通' : aumFen < 50_000_000 ? '金卡' : aumFen < 600_000_000 ? '白金' : aumFen < 3_000_000_000 ? '钻石' : '私人银行');

/** Writes the customer master row (GBK file) with its planted dirt; `phone` was decided before the touches. */
export function writeCustomerRow(world: DemoWorld, p: Person, r: Random, out: Outputs, summary: CoreSummary, phone: PhoneOnFile, idNo: string): void {
  if (p.custNo === null) return;
  const asOf = world.asOf;
  const aum = summary.depositFen + summary.holdingFen;
  const cells: (string | null)[] = [
    p.custNo, p.b.name, p.b.gender === 'M' ? '男' : '女', fmtDay(p.b.birthDay), p.idType, idNo, p.bankPhone, p.email, p.b.address, p.b.home.province, p.b.home.city,
    p.b.home.district, p.occupation, p.education, p.marital, p.incomeYuan > 0 ? String(p.incomeYuan) : null, fmtDay(p.openDay), p.regChannel, p.branch, p.manager,
    VIP(aum), RISK_LEVELS[p.riskLevel - 1] ?? null, fmtDay(p.riskAssessedDay + 365), yuan(aum), yuan(summary.depositFen), p.isStaff ? '是' : '否',
    p.lifecycle === '稳定沉睡' && r.chance(0.3) ? '睡眠' : '正常', fmtDay(asOf),
  ];
  const dirt: [number, string, DirtKind, string][] = [];
  const set = (col: number, value: string | null, kind: DirtKind): void => {
    dirt.push([col, cells[col] ?? '', kind, value ?? '']);
    cells[col] = value;
  };
  if (phone === 'placeholder') set(6, PLACEHOLDER_PHONE, 'phone_placeholder');
  else if (phone === 'missing') set(6, null, 'missing_field');
  else if (phone === 'format') set(6, phoneVariant(p.bankPhone, r), 'phone_format');
  if (r.chance(0.005)) set(1, nameTypo(p.b.name, p.b.surname.length, r), 'name_typo');
  if (r.chance(0.03)) set(3, dateVariant(p.b.birthDay, r), 'date_format');
  else if (r.chance(0.003)) set(3, null, 'missing_field');
  if (r.chance(0.02)) set(16, dateVariant(p.openDay, r), 'date_format');
  if (r.chance(0.01)) set(8, null, 'missing_field');
  if (aum >= 100_000 && r.chance(0.03)) set(23, amountVariant(aum, r), 'amount_format');
  const line = out.customers.row(cells);
  for (const [col, clean, kind, dirty] of dirt) out.dirt.add(FILES.customers, line, p.custNo, HEADERS.customers[col] ?? '', kind, clean, dirty);
  if (idNo !== p.idNo) out.dirt.add(FILES.customers, line, p.custNo, '证件号码', 'invalid_id_check', p.idNo, idNo);
}


/** The 身份证 number as the core system holds it: a few carry a wrong check character (legacy data entry). */
export function idNoOnFile(p: Person, r: Random): string {
  return p.idType === '居民身份证' && r.chance(0.005) ? wrongCheckChar(p.idNo, r) : p.idNo;
}
