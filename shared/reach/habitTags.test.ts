import { describe, expect, it } from 'vitest';
import type { ReachChannel } from '#shared/api/reachTypes.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { computeHabitTags, DEFAULT_REACH_TAG_SETTINGS, reachTagDefinitions } from './habitTags.ts';
import { CHANNEL_COUNT, channelIndex, type TouchHistory } from './touchHistory.ts';

interface Person {
  readonly sent?: Partial<Record<ReachChannel, number>>;
  readonly answered?: Partial<Record<ReachChannel, number>>;
  readonly recent?: Partial<Record<ReachChannel, number>>;
  readonly hours?: readonly number[];
  /** Recency weight of every message of the person (default 1). */
  readonly weight?: number;
  readonly logins?: number;
}

/** A history of the given people plus `crowd` customers: a fifth answer push, SMS or WeChat well, the rest rarely. */
function history(people: readonly Person[], crowd = 600, withLogins = true): TouchHistory {
  const all: Person[] = [...people];
  const r = createRandom(3);
  const draws = (n: number, p: number): number => Array.from({ length: n }, () => r.chance(p)).filter(Boolean).length;
  for (let i = 0; i < crowd; i++) {
    const good = (c: number): number => (i % 5 === c ? 0.6 : 0.05);
    all.push({ sent: { push: 4, sms: 3, wechat: 2 }, answered: { push: draws(4, good(0)), sms: draws(3, good(1)), wechat: draws(2, good(2)) } });
  }
  const P = all.length;
  const h: TouchHistory = {
    oneIds: all.map((_, i) => `P${String(i).padStart(5, '0')}`),
    messages: new Uint16Array(P * CHANNEL_COUNT),
    responses: new Uint16Array(P * CHANNEL_COUNT),
    weightedMessages: new Float32Array(P * CHANNEL_COUNT),
    weightedResponses: new Float32Array(P * CHANNEL_COUNT),
    logins: withLogins ? new Uint16Array(P) : null,
    failed: new Uint16Array(P * CHANNEL_COUNT),
    recent: new Uint16Array(P * CHANNEL_COUNT),
    hours: new Uint16Array(P * 24),
    weekdays: new Uint16Array(P * 7),
    actionCounts: new Float64Array(CHANNEL_COUNT * 4),
    rows: 0,
    unowned: 0,
    unknownChannel: 0,
    unknownAction: 0,
  };
  all.forEach((p, i) => {
    const w = p.weight ?? 1;
    for (const [c, n] of Object.entries(p.sent ?? {})) {
      h.messages[i * CHANNEL_COUNT + channelIndex(c as ReachChannel)] = n;
      h.weightedMessages[i * CHANNEL_COUNT + channelIndex(c as ReachChannel)] = n * w;
    }
    for (const [c, n] of Object.entries(p.answered ?? {})) {
      h.responses[i * CHANNEL_COUNT + channelIndex(c as ReachChannel)] = n;
      h.weightedResponses[i * CHANNEL_COUNT + channelIndex(c as ReachChannel)] = n * w;
    }
    if (h.logins) h.logins[i] = p.logins ?? 0;
    for (const [c, n] of Object.entries(p.recent ?? {})) h.recent[i * CHANNEL_COUNT + channelIndex(c as ReachChannel)] = n;
    for (const hour of p.hours ?? []) h.hours[i * 24 + hour] = (h.hours[i * 24 + hour] ?? 0) + 1;
    h.weekdays[i * 7] = (p.hours ?? []).length;
  });
  return h;
}

const tagsOf = (r: ReturnType<typeof computeHabitTags>, customer: number): Record<string, string> =>
  Object.fromEntries(r.rows.filter((x) => x.customer === customer).map((x) => [x.tag, x.value]));

describe('computeHabitTags', () => {
  const people: Person[] = [
    // 0: opens WeChat, ignores push: 微信习惯客户.
    { sent: { push: 2, sms: 1, wechat: 1 }, answered: { wechat: 1 } },
    // 1: one open of one push and nothing else tried: above the push average but shrunk.
    { sent: { push: 1 }, answered: { push: 1 } },
    // 2: three SMS, two push, nothing answered: 全渠道未响应.
    { sent: { sms: 3, push: 2 } },
    // 3: many recent SMS and opens at 20:00 on most answers.
    { sent: { sms: 8, push: 4 }, answered: { sms: 6 }, recent: { sms: 4 }, hours: [20, 20, 20, 9] },
    // 4: never contacted.
    {},
  ];
  const r = computeHabitTags(history(people), DEFAULT_REACH_TAG_SETTINGS);

  it('fits a prior per channel around the crowd average', () => {
    const push = r.priors.find((p) => p.channel === 'push');
    // 0.2 × 0.6 + 0.8 × 0.05 = 0.16, with clear spread between customers (a weak prior).
    expect(push?.mean).toBeGreaterThan(0.12);
    expect(push?.mean).toBeLessThan(0.2);
    expect((push?.alpha ?? 0) + (push?.beta ?? 0)).toBeLessThan(10);
    expect(r.customersWithHistory).toBe(604);
  });

  it('tags the preferred channel, the unresponsive, the fatigued and the best hour, with reasons', () => {
    expect(tagsOf(r, 0)).toHaveProperty('reach_pref_wechat');
    expect(tagsOf(r, 2)).toHaveProperty('reach_unreachable', '5');
    const three = tagsOf(r, 3);
    expect(three).toHaveProperty('reach_pref_sms');
    expect(three).toHaveProperty('reach_fatigue', '短信');
    expect(three).toHaveProperty('reach_best_hour', '20');
    expect(tagsOf(r, 4)).toEqual({});
    // Shrinkage: one open of one push is a rate well below 100 %.
    const rate = r.rates[1 * CHANNEL_COUNT + channelIndex('push')] ?? 1;
    expect(rate).toBeLessThan(0.7);
    expect(rate).toBeGreaterThan(r.priors.find((p) => p.channel === 'push')?.mean ?? 1);
    expect(r.rows.every((x) => x.reason.length > 0)).toBe(true);
  });

  it('never gives a customer two preferred channels, or a preferred channel and 全渠道未响应', () => {
    const by = new Map<number, string[]>();
    for (const x of r.rows) by.set(x.customer, [...(by.get(x.customer) ?? []), x.tag]);
    for (const tags of by.values()) {
      const prefs = tags.filter((t) => t.startsWith('reach_pref_'));
      expect(prefs.length).toBeLessThanOrEqual(1);
      if (prefs.length > 0) expect(tags).not.toContain('reach_unreachable');
    }
  });

  it('defines every tag it writes, with distinct names from the lifecycle 易流失客户', () => {
    const defs = reachTagDefinitions(DEFAULT_REACH_TAG_SETTINGS);
    const keys = new Set(defs.map((d) => d.key));
    for (const x of r.rows) expect(keys.has(x.tag)).toBe(true);
    expect(defs.find((d) => d.key === 'reach_unreachable')?.zh).toBe('全渠道未响应(流失客户)');
    expect(defs.some((d) => d.zh === '易流失客户')).toBe(false);
  });
});

describe('computeHabitTags decisions on posterior evidence', () => {
  const people: Person[] = [
    // 0: WeChat 5 of 7, push 1 of 6: clearly WeChat.
    { sent: { wechat: 7, push: 6 }, answered: { wechat: 5, push: 1 } },
    // 1: one of two on each: a coin toss, no preferred channel.
    { sent: { wechat: 2, push: 2 }, answered: { wechat: 1, push: 1 } },
    // 2: ignored three SMS but logged in on their own: not unresponsive on every channel.
    { sent: { sms: 3 }, logins: 4 },
    // 3 and 4: every push opened, recently (weight 1) or long ago (weight 0.05).
    { sent: { push: 4 }, answered: { push: 4 } },
    { sent: { push: 4 }, answered: { push: 4 }, weight: 0.05 },
    // 5: ignored one SMS, no login.
    { sent: { sms: 1 } },
  ];
  const h = history(people);
  const r = computeHabitTags(h, DEFAULT_REACH_TAG_SETTINGS);
  const reasonOf = (customer: number, tag: string): string => r.rows.find((x) => x.customer === customer && x.tag === tag)?.reason ?? '';

  it('prefers a channel only when the posterior probability that it beats the others is high, and says the evidence', () => {
    expect(tagsOf(r, 0)).toHaveProperty('reach_pref_wechat');
    expect(reasonOf(0, 'reach_pref_wechat')).toMatch(/^微信 7 条触达 5 次响应，后验响应率 0\.\d\d；高于APP推送（1\/6 次，后验 0\.\d\d） 的后验概率 0\.9\d$/);
    expect(Object.keys(tagsOf(r, 1)).filter((t) => t.startsWith('reach_pref_'))).toEqual([]);
    for (const x of r.rows.filter((row) => row.tag.startsWith('reach_pref_'))) {
      expect(Number(/后验概率 ([\d.]+)$/.exec(x.reason)?.[1])).toBeGreaterThanOrEqual(DEFAULT_REACH_TAG_SETTINGS.preferMinProbability);
    }
    const strict = computeHabitTags(h, { ...DEFAULT_REACH_TAG_SETTINGS, preferMinProbability: 0.99 });
    const prefs = (x: typeof r): number => x.rows.filter((row) => row.tag.startsWith('reach_pref_')).length;
    expect(prefs(strict)).toBeLessThan(prefs(r));
  });

  it('weights old messages less: the same record long ago stays nearer the channel average', () => {
    const push = channelIndex('push');
    const mean = r.priors[push]?.mean ?? 0;
    const recent = r.rates[3 * CHANNEL_COUNT + push] ?? 0;
    const old = r.rates[4 * CHANNEL_COUNT + push] ?? 0;
    expect(recent).toBeGreaterThan(old);
    expect(old).toBeGreaterThan(mean);
    expect(old - mean).toBeLessThan((recent - mean) / 2);
  });

  it('tags 全渠道未响应 only without a login of their own, and says how unusual the silence is', () => {
    expect(tagsOf(r, 2)).not.toHaveProperty('reach_unreachable');
    expect(tagsOf(r, 5)).toHaveProperty('reach_unreachable', '1');
    expect(reasonOf(5, 'reach_unreachable')).toMatch(/1 个渠道共 1 条触达，无打开\/点击\/登录\/转化，期间无自主登录；一般客户全部不响应的概率 \d+%/);
    const noEvents = computeHabitTags(history(people, 600, false), DEFAULT_REACH_TAG_SETTINGS);
    const reason = noEvents.rows.find((x) => x.customer === 2 && x.tag === 'reach_unreachable')?.reason;
    expect(reason).toContain('未导入行为日志');
  });
});
