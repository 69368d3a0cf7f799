/**
 * Channel habit tags (渠道习惯标签) from a {@link TouchHistory}: per customer and channel a recency-weighted
 * response rate shrunk towards the channel's empirical-Bayes prior (a posterior Beta), the preferred channel
 * (微信/APP/短信习惯客户) when the posterior probability that it answers better than every other channel tried is
 * high, the best hour and weekday to send, channels touched too often lately (fatigue), and customers who
 * answered nothing on any channel tried and did not log in on their own either (全渠道未响应(流失客户), the
 * article's 流失客户 — not lifecycle 易流失客户 `churn_risk`).
 */
import type { ChannelPrior, ReachChannel, ReachTagSettings } from '#shared/api/reachTypes.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import { fitBetaPrior, probabilityAbove, probabilityGreatest, shrunkRate, silenceChance, type BetaPrior } from './betaBinomial.ts';
import { CHANNEL_ZH } from './channels.ts';
import { CHANNEL_COUNT, CHANNELS, type TouchHistory } from './touchHistory.ts';

export const REACH_MODULE = 'reach';

export const DEFAULT_REACH_TAG_SETTINGS: ReachTagSettings = {
  historyDays: 730,
  halfLifeDays: 365,
  fatigueDays: 30,
  fatigueSends: 3,
  preferMinProbability: 0.8,
  unreachableMinSends: 1,
  unreachableMinChannels: 1,
};

/** Preferred-channel tags: channel → key. Only these three habits are named by the bank; others get no tag. */
export const PREFERRED_TAG: Readonly<Partial<Record<ReachChannel, string>>> = { wechat: 'reach_pref_wechat', push: 'reach_pref_app', sms: 'reach_pref_sms' };
export const UNREACHABLE_TAG = 'reach_unreachable';
export const FATIGUE_TAG = 'reach_fatigue';
export const BEST_HOUR_TAG = 'reach_best_hour';
export const BEST_WEEKDAY_TAG = 'reach_best_weekday';

const INPUTS = ['touches.channel', 'touches.action', 'touches.touch_time', 'touches.campaign_id', 'identity_map'];

export function reachTagDefinitions(s: ReachTagSettings): TagDefinition[] {
  const d = (key: string, zh: string, en: string, definition: string): TagDefinition => ({ key, zh, en, family: 'marketing', module: REACH_MODULE, definition, inputs: INPUTS, version: 2 });
  const prefer = (channel: string): string =>
    `The customer answered ${channel} at least once in ${s.historyDays} days, and the posterior probability that their ${channel} response rate is higher than on every other channel they were sent on (or, when only ${channel} was tried, higher than the channel average) is at least ${s.preferMinProbability}. Rates are per message, weighted by recency (half-life ${s.halfLifeDays} days), with a Beta prior per channel fitted to all customers (empirical Bayes, beta-binomial); value = the posterior mean rate.`;
  return [
    d('reach_pref_wechat', '微信习惯客户', 'WeChat-habit customer', prefer('WeChat')),
    d('reach_pref_app', 'APP习惯客户', 'App-push-habit customer', prefer('APP push')),
    d('reach_pref_sms', '短信习惯客户', 'SMS-habit customer', prefer('SMS')),
    d(BEST_HOUR_TAG, '最佳触达时段', 'Best hour to reach', 'Hour of day (0–23) of most of the customer\'s opens/clicks, at least 2 responses, smoothed towards all customers\' hours; value = the hour.'),
    d(BEST_WEEKDAY_TAG, '最佳触达星期', 'Best weekday to reach', 'Weekday of most of the customer\'s opens/clicks, at least 2 responses, smoothed towards all customers\' weekdays; value = 周一 … 周日.'),
    d(FATIGUE_TAG, '渠道触达过频', 'Channel contact fatigue', `At least ${s.fatigueSends} messages on one channel in the ${s.fatigueDays} days before the as-of date; value = the channels (| separated).`),
    d(
      UNREACHABLE_TAG,
      '全渠道未响应(流失客户)',
      'Unresponsive on every channel tried',
      `At least ${s.unreachableMinSends} message(s) on at least ${s.unreachableMinChannels} channel(s) in ${s.historyDays} days, no open, click, login or conversion on any, and no login of their own in the behaviour log in that window (when one is imported); value = messages ignored. The reason gives the chance that a typical customer (the channel priors) would have ignored them all. The reach outcome 流失客户; lifecycle 易流失客户 is churn_risk.`,
    ),
  ];
}

export interface HabitTagRow {
  readonly customer: number;
  readonly tag: string;
  readonly value: string;
  readonly reason: string;
}

export interface HabitResult {
  readonly priors: readonly ChannelPrior[];
  /** Shrunk response rate per customer × channel (prior mean where the customer was never sent on it). */
  readonly rates: Float32Array;
  readonly customersWithHistory: number;
  /** Rows ordered by tag, then customer. */
  readonly rows: readonly HabitTagRow[];
}

/** Shares of answered messages going on to open, click, login, convert when a channel has no answered message. */
const DEFAULT_ACTION_SHARE = [1, 0.5, 0.3, 0.1];
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function fitPriors(h: TouchHistory): { priors: ChannelPrior[]; beta: BetaPrior[] } {
  const P = h.oneIds.length;
  const priors: ChannelPrior[] = [];
  const beta: BetaPrior[] = [];
  const k = new Float64Array(P);
  const n = new Float64Array(P);
  for (let c = 0; c < CHANNEL_COUNT; c++) {
    let customers = 0;
    let messages = 0;
    let responses = 0;
    for (let i = 0; i < P; i++) {
      const ni = h.messages[i * CHANNEL_COUNT + c] ?? 0;
      const ki = h.responses[i * CHANNEL_COUNT + c] ?? 0;
      n[i] = ni;
      k[i] = ki;
      if (ni > 0) customers++;
      messages += ni;
      responses += ki;
    }
    const b = fitBetaPrior(k, n);
    beta.push(b);
    const opened = h.actionCounts[c * 4] ?? 0;
    const share = (a: number): number => (opened > 0 ? (h.actionCounts[c * 4 + a] ?? 0) / opened : DEFAULT_ACTION_SHARE[a] ?? 1);
    priors.push({
      channel: CHANNELS[c] as ReachChannel,
      alpha: b.alpha,
      beta: b.beta,
      mean: b.alpha / (b.alpha + b.beta),
      customers,
      messages,
      responses,
      actionShare: { open: 1, click: share(1), login: share(2), convert: share(3) },
    });
  }
  return { priors, beta };
}

/** Index of the largest of `counts[from … from+len)` after adding `prior` (pseudo-counts), or −1 below `min` responses. */
function smoothedMode(counts: Uint16Array, from: number, len: number, prior: Float64Array, min: number): number {
  let total = 0;
  for (let j = 0; j < len; j++) total += counts[from + j] ?? 0;
  if (total < min) return -1;
  let best = -1;
  let bestScore = -1;
  for (let j = 0; j < len; j++) {
    const score = (counts[from + j] ?? 0) + (prior[j] ?? 0);
    if (score > bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}

/** Population distribution of `counts` over `len` bins, scaled to `weight` pseudo-counts. */
function populationPrior(counts: Uint16Array, len: number, weight: number): Float64Array {
  const sum = new Float64Array(len);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i] ?? 0;
    sum[i % len] = (sum[i % len] ?? 0) + v;
    total += v;
  }
  for (let j = 0; j < len; j++) sum[j] = total > 0 ? ((sum[j] ?? 0) / total) * weight : 0;
  return sum;
}

/**
 * How sure the customer's best-answered channel `best` is their preferred one: the posterior probability that its
 * rate beats every other channel they were sent on, or, when it is the only one tried, that it beats the channel
 * average. `versus` says what it was compared with, for the reason text.
 */
function preferredChannel(
  i: number,
  best: number,
  h: TouchHistory,
  priors: readonly BetaPrior[],
  posterior: (i: number, c: number) => BetaPrior,
): { probability: number; versus: string } {
  const rivals: BetaPrior[] = [];
  const names: string[] = [];
  for (let c = 0; c < CHANNEL_COUNT; c++) {
    const at = i * CHANNEL_COUNT + c;
    if (c === best || (h.messages[at] ?? 0) === 0) continue;
    const p = posterior(i, c);
    rivals.push(p);
    names.push(`${CHANNEL_ZH[CHANNELS[c] as ReachChannel]}（${h.responses[at] ?? 0}/${h.messages[at] ?? 0} 次，后验 ${(p.alpha / (p.alpha + p.beta)).toFixed(2)}）`);
  }
  const target = posterior(i, best);
  if (rivals.length > 0) return { probability: probabilityGreatest(target, rivals), versus: `高于${names.join('、')} ` };
  const prior = priors[best] as BetaPrior;
  const mean = prior.alpha / (prior.alpha + prior.beta);
  return { probability: probabilityAbove(target, mean), versus: `仅试过此渠道，高于渠道均值 ${mean.toFixed(2)} ` };
}

/**
 * Computes the habit tags of every customer of `h` under settings `s`. Pure: the caller writes the rows.
 * Invariant: a customer has at most one preferred-channel tag, and never both a preferred channel and 全渠道未响应.
 */
export function computeHabitTags(h: TouchHistory, s: ReachTagSettings): HabitResult {
  const P = h.oneIds.length;
  const { priors, beta } = fitPriors(h);
  const rates = new Float32Array(P * CHANNEL_COUNT);
  const hourPrior = populationPrior(h.hours, 24, 1);
  const dayPrior = populationPrior(h.weekdays, 7, 1);
  const byTag = new Map<string, HabitTagRow[]>();
  const add = (row: HabitTagRow): void => {
    let list = byTag.get(row.tag);
    if (!list) byTag.set(row.tag, (list = []));
    list.push(row);
  };
  let withHistory = 0;
  const posterior = (i: number, c: number): BetaPrior => {
    const at = i * CHANNEL_COUNT + c;
    const k = h.weightedResponses[at] ?? 0;
    const n = h.weightedMessages[at] ?? 0;
    const prior = beta[c] as BetaPrior;
    return { alpha: prior.alpha + k, beta: prior.beta + Math.max(0, n - k) };
  };
  const sentCounts = new Float64Array(CHANNEL_COUNT);
  for (let i = 0; i < P; i++) {
    let sent = 0;
    let answered = 0;
    let channelsTried = 0;
    let best = -1;
    let bestRate = -1;
    const fatigued: string[] = [];
    for (let c = 0; c < CHANNEL_COUNT; c++) {
      const at = i * CHANNEL_COUNT + c;
      const n = h.messages[at] ?? 0;
      const k = h.responses[at] ?? 0;
      sentCounts[c] = n;
      const rate = shrunkRate(h.weightedResponses[at] ?? 0, h.weightedMessages[at] ?? 0, beta[c] as BetaPrior);
      rates[at] = rate;
      if (n === 0) continue;
      sent += n;
      answered += k;
      channelsTried++;
      if ((h.recent[at] ?? 0) >= s.fatigueSends) fatigued.push(CHANNEL_ZH[CHANNELS[c] as ReachChannel]);
      if (k > 0 && rate > bestRate) {
        bestRate = rate;
        best = c;
      }
    }
    if (sent === 0) continue;
    withHistory++;
    if (fatigued.length > 0) add({ customer: i, tag: FATIGUE_TAG, value: fatigued.join('|'), reason: `近${s.fatigueDays}天 ${fatigued.join('、')} 触达各 ≥${s.fatigueSends} 次` });
    const logins = h.logins?.[i] ?? 0;
    if (answered === 0) {
      if (sent >= s.unreachableMinSends && channelsTried >= s.unreachableMinChannels && logins === 0) {
        const silence = silenceChance(sentCounts, beta);
        const own = h.logins ? '，期间无自主登录' : '（未导入行为日志，未核对自主登录）';
        add({
          customer: i,
          tag: UNREACHABLE_TAG,
          value: String(sent),
          reason: `近${s.historyDays}天 ${channelsTried} 个渠道共 ${sent} 条触达，无打开/点击/登录/转化${own}；一般客户全部不响应的概率 ${pct(silence)}`,
        });
      }
    } else if (best >= 0) {
      const decision = preferredChannel(i, best, h, beta, posterior);
      const channel = CHANNELS[best] as ReachChannel;
      const tag = PREFERRED_TAG[channel];
      if (tag !== undefined && decision.probability >= s.preferMinProbability) {
        const at = i * CHANNEL_COUNT + best;
        add({
          customer: i,
          tag,
          value: bestRate.toFixed(3),
          reason: `${CHANNEL_ZH[channel]} ${h.messages[at] ?? 0} 条触达 ${h.responses[at] ?? 0} 次响应，后验响应率 ${bestRate.toFixed(2)}；${decision.versus}的后验概率 ${decision.probability.toFixed(2)}`,
        });
      }
    }
    const hour = smoothedMode(h.hours, i * 24, 24, hourPrior, 2);
    if (hour >= 0) add({ customer: i, tag: BEST_HOUR_TAG, value: String(hour), reason: `${answered} 次响应中 ${h.hours[i * 24 + hour] ?? 0} 次在 ${hour} 时` });
    const day = smoothedMode(h.weekdays, i * 7, 7, dayPrior, 2);
    if (day >= 0) add({ customer: i, tag: BEST_WEEKDAY_TAG, value: WEEKDAYS[day] ?? '', reason: `${answered} 次响应中 ${h.weekdays[i * 7 + day] ?? 0} 次在${WEEKDAYS[day] ?? ''}` });
  }
  const rows = [...byTag.keys()].sort().flatMap((t) => byTag.get(t) ?? []);
  return { priors, rates, customersWithHistory: withHistory, rows };
}
