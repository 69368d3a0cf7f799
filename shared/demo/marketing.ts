/**
 * The marketing platform's touch log. The first-loan (首贷) campaign follows the source article: an APP push,
 * a second push two days later to those who did not open it, then SMS and a WeChat template message to those
 * who still did not; whoever ignored everything is handed to a login-reactivation (登录促活) flow. Who opens
 * what follows the person's hidden channel habit, so the habit can be recovered from the log.
 */
import type { Random } from '#shared/jobs/random.ts';
import { fmtCompact, fmtDateTime } from './calendar.ts';
import type { Habit } from './lexicon.ts';
import type { Outputs } from './outputs.ts';
import { FILES } from './outputs.ts';
import type { DemoWorld, Person } from './people.ts';

export type TouchChannel = 'APP推送' | '短信' | '微信模板消息';
type Step = 'push' | 'repush' | 'sms' | 'wechat';

export interface Campaign {
  readonly id: string;
  readonly name: string;
  /** Days before the as-of date the campaign starts. */
  readonly startsBefore: number;
}

export const FIRST_LOAN: Campaign = { id: 'CMP2024FL01', name: '首贷福利·预授信额度领取', startsBefore: 45 };
export const REACTIVATION: Campaign = { id: 'CMP2024RA01', name: '登录促活·未响应客户唤醒', startsBefore: 34 };
export const WEALTH_FESTIVAL: Campaign = { id: 'CMP2024WM18', name: '618理财节', startsBefore: 20 };
export const CARD_INSTALMENT: Campaign = { id: 'CMP2024CC05', name: '信用卡账单分期优惠', startsBefore: 60 };
export const PENSION: Campaign = { id: 'CMP2024PN01', name: '个人养老金账户开立', startsBefore: 100 };

/** Chance that a person of a habit opens (push, WeChat) or clicks (SMS) a message of each step. */
const RESPONSE: Readonly<Record<Habit, Readonly<Record<Step, number>>>> = {
  app: { push: 0.55, repush: 0.35, sms: 0.06, wechat: 0.1 },
  wechat: { push: 0.06, repush: 0.04, sms: 0.05, wechat: 0.6 },
  sms: { push: 0.05, repush: 0.03, sms: 0.4, wechat: 0.08 },
  unreachable: { push: 0.01, repush: 0.01, sms: 0.01, wechat: 0.02 },
};

const TEMPLATES: Readonly<Record<string, Readonly<Record<Step, string>>>> = {
  [FIRST_LOAN.id]: {
    push: 'TPL-FL-P1 首贷福利：您有一笔嘉禾快贷额度待领取',
    repush: 'TPL-FL-P2 额度即将失效，点击领取首贷福利',
    sms: 'TPL-FL-S1 【嘉禾银行】您已获嘉禾快贷预授信额度，登录手机银行即可申请，拒收请回复R',
    wechat: 'TPL-FL-W1 额度到账提醒：嘉禾快贷预授信',
  },
  [REACTIVATION.id]: {
    push: 'TPL-RA-P1 好久不见，登录领取专属权益',
    repush: 'TPL-RA-P1 好久不见，登录领取专属权益',
    sms: 'TPL-RA-S1 【嘉禾银行】您有一份登录礼待领取，拒收请回复R',
    wechat: 'TPL-RA-W1 登录有礼提醒',
  },
  [WEALTH_FESTIVAL.id]: {
    push: 'TPL-WM-P1 618理财节：稳健理财限时加息',
    repush: 'TPL-WM-P1 618理财节：稳健理财限时加息',
    sms: 'TPL-WM-S1 【嘉禾银行】618理财节，稳健理财加息券已到账，拒收请回复R',
    wechat: 'TPL-WM-W1 理财节加息券到账通知',
  },
  [CARD_INSTALMENT.id]: {
    push: 'TPL-CC-P1 账单分期手续费限时8折',
    repush: 'TPL-CC-P1 账单分期手续费限时8折',
    sms: 'TPL-CC-S1 【嘉禾银行信用卡】本期账单可申请分期，手续费8折，拒收请回复R',
    wechat: 'TPL-CC-W1 信用卡账单分期优惠提醒',
  },
  [PENSION.id]: {
    push: 'TPL-PN-P1 个人养老金账户开户有礼',
    repush: 'TPL-PN-P1 个人养老金账户开户有礼',
    sms: 'TPL-PN-S1 【嘉禾银行】开立个人养老金账户享税收优惠，详询客户经理，拒收请回复R',
    wechat: 'TPL-PN-W1 个人养老金账户开户提醒',
  },
};

const CHANNEL_OF: Readonly<Record<Step, TouchChannel>> = { push: 'APP推送', repush: 'APP推送', sms: '短信', wechat: '微信模板消息' };
const CHANNEL_CODE: Readonly<Record<Step, string>> = { push: 'PUSH1', repush: 'PUSH2', sms: 'SMS', wechat: 'WX' };

export interface CampaignLogin {
  readonly day: number;
  readonly sec: number;
  readonly campaign: Campaign;
  readonly via: TouchChannel;
  readonly applied: boolean;
}

/** What the person did because of the campaigns: logins (written as app events) and what they bought. */
export interface Journey {
  readonly logins: CampaignLogin[];
  firstLoan: { readonly day: number; readonly amountFen: number } | null;
  wealthPurchaseDay: number | null;
}

export interface ContactOnFile {
  /** The mobile the bank has (may be the placeholder 13800138000), null when missing. */
  readonly mobile: string | null;
  readonly reachableBySms: boolean;
}

class TouchLog {
  private k = 0;

  constructor(
    private readonly world: DemoWorld,
    private readonly p: Person,
    private readonly r: Random,
    private readonly out: Outputs,
    private readonly contact: ContactOnFile,
  ) {}

  private touchId(day: number): string {
    this.k++;
    return `${fmtCompact(day)}${String(this.world.custNos.of(this.p.index)).padStart(9, '0')}${String(this.k).padStart(3, '0')}`;
  }

  private write(c: Campaign, step: Step, stepNo: number, action: string, day: number, sec: number): void {
    const channel = CHANNEL_OF[step];
    const followed = this.p.follows.find((f) => f.account === (c === CARD_INSTALMENT ? 1 : 0));
    const row = [
      this.touchId(day),
      `${c.id}-${CHANNEL_CODE[step]}-${stepNo}`,
      c.id,
      c.name,
      this.p.custNo,
      channel === '短信' ? this.contact.mobile : null,
      channel === '微信模板消息' ? (followed?.openid ?? null) : null,
      channel === 'APP推送' ? (this.p.app?.devices[0]?.id ?? null) : null,
      channel,
      action,
      fmtDateTime(day, Math.min(sec, 86399)),
      TEMPLATES[c.id]?.[step] ?? null,
    ];
    const line = this.out.touches.row(row);
    if (this.r.chance(0.006)) {
      // The marketing platform's daily exports overlap by a few minutes, so some rows come twice.
      const again = this.out.touches.row(row);
      this.out.dirt.add(FILES.touches, again, String(row[0]), '*', 'duplicate_row', `line ${line}`, `line ${again}`);
    }
  }

  /** Can this step reach the person at all? */
  reachable(c: Campaign, step: Step): boolean {
    if (step === 'push' || step === 'repush') return this.p.app !== null;
    if (step === 'sms') return this.contact.mobile !== null;
    const acct = c === CARD_INSTALMENT ? 1 : 0;
    return this.p.follows.some((f) => f.account === acct && !f.unsubscribed);
  }

  /**
   * Sends one message and plays out the person's reaction. Returns the second of day they opened (or clicked,
   * for SMS), or null when they did not.
   */
  send(c: Campaign, step: Step, stepNo: number, day: number, sendSec: number): number | null {
    const r = this.r;
    this.write(c, step, stepNo, '发送', day, sendSec);
    const deliveredP = step === 'sms' ? (this.contact.reachableBySms ? 0.97 : 0) : step === 'wechat' ? 0.98 : this.p.lifecycle === '稳定沉睡' ? 0.6 : 0.93;
    if (!r.chance(deliveredP)) {
      this.write(c, step, stepNo, '发送失败', day, sendSec + r.int(1, 30));
      return null;
    }
    this.write(c, step, stepNo, '送达', day, sendSec + r.int(1, 20));
    const factor = this.p.lifecycle === '易流失' ? 0.5 : this.p.lifecycle === '稳定沉睡' ? 0.3 : 1;
    if (!r.chance(RESPONSE[this.p.habit][step] * factor)) return null;
    const openSec = Math.min(86000, sendSec + 30 + Math.floor(r.next() ** 2 * 30000));
    this.write(c, step, stepNo, step === 'sms' ? '点击' : '打开', day, openSec);
    return openSec;
  }

  /** After an open: click through, log in, maybe apply. */
  followThrough(c: Campaign, step: Step, stepNo: number, day: number, openSec: number, applyP: number, journey: Journey): boolean {
    const r = this.r;
    let sec = openSec;
    if (step !== 'sms') {
      if (!r.chance(0.7)) return false;
      sec += r.int(5, 120);
      this.write(c, step, stepNo, '点击', day, sec);
    }
    if (!r.chance(0.85)) return false;
    sec += r.int(10, 300);
    this.write(c, step, stepNo, '登录', day, sec);
    const applied = r.chance(applyP);
    journey.logins.push({ day, sec, campaign: c, via: CHANNEL_OF[step], applied });
    if (applied) this.write(c, step, stepNo, '转化', day, sec + r.int(60, 900));
    return applied;
  }
}

/** Writes every touch of one customer and returns what the touches made them do. */
export function writeTouches(world: DemoWorld, p: Person, r: Random, out: Outputs, contact: ContactOnFile): Journey {
  const journey: Journey = { logins: [], firstLoan: null, wealthPurchaseDay: null };
  if (!p.isCustomer) return journey;
  const log = new TouchLog(world, p, r, out, contact);
  const sendSec = (): number => 10 * 3600 + r.int(0, 1800);

  if (p.preApprovedFen > 0) {
    const start = world.asOf - FIRST_LOAN.startsBefore;
    let opened: { readonly step: Step; readonly stepNo: number; readonly day: number; readonly sec: number } | null = null;
    for (const [step, stepNo, offset] of [['push', 1, 0], ['repush', 2, 2]] as const) {
      if (opened !== null || !log.reachable(FIRST_LOAN, step)) continue;
      const sec = log.send(FIRST_LOAN, step, stepNo, start + offset, sendSec());
      if (sec !== null) opened = { step, stepNo, day: start + offset, sec };
    }
    if (opened === null) {
      // SMS and WeChat go out together, four days in, to whoever has opened neither push.
      for (const step of ['sms', 'wechat'] as const) {
        if (!log.reachable(FIRST_LOAN, step)) continue;
        const sec = log.send(FIRST_LOAN, step, 3, start + 4, sendSec());
        if (sec !== null && opened === null) opened = { step, stepNo: 3, day: start + 4, sec };
      }
    }
    if (opened !== null) {
      if (log.followThrough(FIRST_LOAN, opened.step, opened.stepNo, opened.day, opened.sec, 0.4, journey)) {
        const amountFen = Math.max(100_000, Math.round((p.preApprovedFen * r.int(30, 100)) / 100 / 100_000) * 100_000);
        journey.firstLoan = { day: Math.min(world.asOf, opened.day + r.int(0, 2)), amountFen };
      }
    } else {
      const day = world.asOf - REACTIVATION.startsBefore;
      for (const step of ['push', 'sms'] as const) {
        if (!log.reachable(REACTIVATION, step)) continue;
        const sec = log.send(REACTIVATION, step, 1, day, sendSec());
        if (sec !== null) {
          log.followThrough(REACTIVATION, step, 1, day, sec, 0, journey);
          break;
        }
      }
    }
  }

  if (p.aumFen >= 5_000_000 && p.riskLevel >= 2 && r.chance(0.4 * world.density)) {
    const day = world.asOf - WEALTH_FESTIVAL.startsBefore;
    for (const step of ['push', 'wechat'] as const) {
      if (!log.reachable(WEALTH_FESTIVAL, step)) continue;
      const sec = log.send(WEALTH_FESTIVAL, step, 1, day, sendSec());
      if (sec !== null) {
        if (log.followThrough(WEALTH_FESTIVAL, step, 1, day, sec, 0.3, journey)) journey.wealthPurchaseDay = day;
        break;
      }
    }
  }

  if (p.hasCreditCard && r.chance(0.6 * world.density)) {
    const day = world.asOf - CARD_INSTALMENT.startsBefore;
    for (const step of ['sms', 'wechat'] as const) {
      if (!log.reachable(CARD_INSTALMENT, step)) continue;
      const sec = log.send(CARD_INSTALMENT, step, 1, day, sendSec());
      if (sec !== null) {
        log.followThrough(CARD_INSTALMENT, step, 1, day, sec, 0.25, journey);
        break;
      }
    }
  }

  if (p.age >= 35 && p.age <= 59 && r.chance(0.25 * world.density) && log.reachable(PENSION, 'sms')) {
    const day = world.asOf - PENSION.startsBefore;
    const sec = log.send(PENSION, 'sms', 1, day, sendSec());
    if (sec !== null) log.followThrough(PENSION, 'sms', 1, day, sec, 0.15, journey);
  }
  return journey;
}
