/**
 * The interest-tag run: every customer's decayed topic scores at the as-of date and 90 days before, written as
 * `bhv_interest_<topic>` tags (value 上升 / 平稳 / 下降, the drift) for customers whose score now reaches the
 * minimum, and a customer's drift over the last six months for the 360 view.
 */
import type { InterestDrift, InterestRunResult } from '#shared/api/behaviourTypes.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { dayString } from '#shared/analytics/days.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { EventStore } from './eventStore.ts';
import { customerScores, INTEREST_TOPICS, topicMap, topTopic } from './interest.ts';
import type { TagRow } from './runStore.ts';

export const DRIFT_DAYS = 90;
export const MODULE = 'behaviour';

export type Drift = '上升' | '平稳' | '下降';

/** Rising or falling means at least 1.5 times, and at least 0.5 points, up or down. */
export function driftOf(now: number, before: number): Drift {
  if (now >= before * 1.5 && now - before >= 0.5) return '上升';
  if (before >= now * 1.5 && before - now >= 0.5) return '下降';
  return '平稳';
}

export function interestTagKey(topic: string): string {
  return `bhv_interest_${topic}`;
}

export function interestTagDefs(halfLifeDays: number, minScore: number): TagDefinition[] {
  return INTEREST_TOPICS.map((t) => ({
    key: interestTagKey(t.key),
    zh: `近期兴趣-${t.zh}`,
    en: `Current interest: ${t.en}`,
    family: 'interest',
    module: MODULE,
    definition: `Decayed score of events about ${t.en.toLowerCase()} (${t.words.join('、')}; acting 3, asking 2, browsing 1, halved every ${halfLifeDays} days) reaches ${minScore} at the as-of date; value = drift against ${DRIFT_DAYS} days before (上升/平稳/下降).`,
    inputs: ['events.event_name', 'events.event_time'],
    version: 1,
  }));
}

function checkSettings(halfLifeDays: number, minScore: number): void {
  if (!(halfLifeDays > 0 && halfLifeDays <= 3650)) throw new ExpectedError('BAD_ARGUMENT', 'The half-life must be 1–3650 days.', { halfLifeDays });
  if (!(minScore > 0)) throw new ExpectedError('BAD_ARGUMENT', 'The minimum score must be positive.', { minScore });
}

/** Scores every customer; returns the tag rows and per-topic counts (the run id is assigned by the caller). */
export async function interestTags(
  store: EventStore,
  halfLifeDays: number,
  minScore: number,
  ctx: JobContext,
): Promise<{ rows: TagRow[]; topics: InterestRunResult['topics'] }> {
  checkSettings(halfLifeDays, minScore);
  const map = topicMap(store);
  const k = INTEREST_TOPICS.length;
  const now = new Float64Array(k);
  const before = new Float64Array(k);
  const counts = new Int32Array(k);
  const tally = INTEREST_TOPICS.map(() => ({ customers: 0, rising: 0, falling: 0 }));
  const rows: TagRow[] = [];
  for (let c = 0; c < store.n; c++) {
    if ((c & 0x3fff) === 0) {
      ctx.progress('behaviour.interest', c, store.n);
      await ctx.checkpoint();
    }
    if (store.offsets[c] === store.offsets[c + 1]) continue;
    customerScores(store, map, c, store.asOfDay, halfLifeDays, now, counts);
    customerScores(store, map, c, store.asOfDay - DRIFT_DAYS, halfLifeDays, before);
    for (let t = 0; t < k; t++) {
      const s = now[t] ?? 0;
      if (s < minScore) continue;
      const b = before[t] ?? 0;
      const drift = driftOf(s, b);
      const row = tally[t];
      if (row) {
        row.customers++;
        if (drift === '上升') row.rising++;
        if (drift === '下降') row.falling++;
      }
      rows.push({
        oneId: store.oneIds[c] ?? '',
        tag: interestTagKey(INTEREST_TOPICS[t]?.key ?? ''),
        value: drift,
        reason: `兴趣得分 ${s.toFixed(1)}(${DRIFT_DAYS}天前 ${b.toFixed(1)}) · 累计相关行为 ${counts[t] ?? 0} 次`,
      });
    }
  }
  ctx.progress('behaviour.interest', store.n, store.n);
  return { rows, topics: INTEREST_TOPICS.map((t, i) => ({ key: t.key, zh: t.zh, en: t.en, ...(tally[i] ?? { customers: 0, rising: 0, falling: 0 }) })) };
}

/** One customer's scores at the as-of date and at 30-day steps before it (oldest first). */
export function interestDrift(store: EventStore, oneId: string, customer: number, halfLifeDays: number): InterestDrift {
  checkSettings(halfLifeDays, 1);
  const map = topicMap(store);
  const k = INTEREST_TOPICS.length;
  const days = [150, 120, 90, 60, 30, 0].map((d) => store.asOfDay - d);
  const scores = INTEREST_TOPICS.map(() => [] as number[]);
  const out = new Float64Array(k);
  let topNow: string | null = null;
  let topBefore: string | null = null;
  for (const day of days) {
    if (customer >= 0) customerScores(store, map, customer, day, halfLifeDays, out);
    else out.fill(0);
    out.forEach((s, t) => scores[t]?.push(Math.round(s * 100) / 100));
    const best = topTopic(out);
    const key = best < 0 ? null : (INTEREST_TOPICS[best]?.key ?? null);
    if (day === store.asOfDay) topNow = key;
    if (day === store.asOfDay - DRIFT_DAYS) topBefore = key;
  }
  return {
    oneId,
    halfLifeDays,
    at: days.map(dayString),
    topics: INTEREST_TOPICS.map((t, i) => ({ key: t.key, zh: t.zh, en: t.en, scores: scores[i] ?? [] })),
    topNow,
    topBefore,
  };
}
