/**
 * Dynamic interest scores: each event about a topic (基金, 理财, 贷款 …) adds its weight, halved every
 * `halfLifeDays` since it happened, so a customer browsing 基金 this month outranks one who did a year ago.
 * Topics are recognised from event names by keyword, the way bank apps name their events (浏览基金, 购买理财).
 */
import type { InterestTopic } from '#shared/api/behaviourTypes.ts';
import { SECONDS_PER_DAY, timeOfDay, type EventStore } from './eventStore.ts';

export interface TopicRule extends InterestTopic {
  readonly words: readonly string[];
}

export const INTEREST_TOPICS: readonly TopicRule[] = [
  { key: 'fund', zh: '基金', en: 'Funds', words: ['基金'] },
  { key: 'wealth', zh: '理财', en: 'Wealth products', words: ['理财', '存单', '黄金', '贵金属'] },
  { key: 'loan', zh: '贷款', en: 'Loans', words: ['贷款', '借款', '信贷', '消费贷'] },
  { key: 'credit_card', zh: '信用卡', en: 'Credit cards', words: ['信用卡', '分期'] },
  { key: 'insurance', zh: '保险', en: 'Insurance', words: ['保险'] },
  { key: 'fx', zh: '外汇', en: 'Foreign exchange', words: ['外币', '外汇', '跨境', '结汇', '购汇'] },
  { key: 'offers', zh: '权益活动', en: 'Offers', words: ['活动', '权益', '优惠', '积分'] },
];

export const DEFAULT_HALF_LIFE_DAYS = 30;
export const DEFAULT_MIN_SCORE = 1;

/** Weight of an event: acting (购买/申请/办理) says more than asking (咨询), which says more than browsing. */
export function eventWeight(name: string): number {
  if (/购买|申购|申请|办理|开通|签约|还款/.test(name)) return 3;
  if (/咨询|测算|试算|对比/.test(name)) return 2;
  return 1;
}

/** Per event-name code: topic index (−1 for none) and weight. */
export interface TopicMap {
  readonly topic: Int8Array;
  readonly weight: Float64Array;
}

export function topicMap(store: EventStore, topics: readonly TopicRule[] = INTEREST_TOPICS): TopicMap {
  const topic = new Int8Array(store.names.length).fill(-1);
  const weight = new Float64Array(store.names.length);
  store.names.forEach((name, code) => {
    const t = topics.findIndex((r) => r.words.some((w) => name.includes(w)));
    topic[code] = t;
    weight[code] = t < 0 ? 0 : eventWeight(name);
  });
  return { topic, weight };
}

/**
 * Decayed scores of customer `c` at the end of day `atDay` (events after it are ignored), one per topic.
 * score = Σ weight × 0.5^(age in days / halfLifeDays).
 */
export function customerScores(store: EventStore, map: TopicMap, c: number, atDay: number, halfLifeDays: number, out: Float64Array, counts?: Int32Array): void {
  out.fill(0);
  counts?.fill(0);
  const end = timeOfDay(atDay + 1);
  const lambda = Math.LN2 / (halfLifeDays * SECONDS_PER_DAY);
  const hi = store.offsets[c + 1] ?? 0;
  for (let e = store.offsets[c] ?? 0; e < hi; e++) {
    const t = store.time[e] ?? 0;
    if (t >= end) break;
    const code = store.name[e] ?? 0;
    const k = map.topic[code] ?? -1;
    if (k < 0) continue;
    out[k] = (out[k] ?? 0) + (map.weight[code] ?? 0) * Math.exp(-lambda * (end - t));
    if (counts) counts[k] = (counts[k] ?? 0) + 1;
  }
}

/** Index of the highest positive score, or −1. */
export function topTopic(scores: Float64Array): number {
  let best = -1;
  let bestScore = 0;
  scores.forEach((s, k) => {
    if (s > bestScore) {
      best = k;
      bestScore = s;
    }
  });
  return best;
}
