/**
 * Event trends: rows and distinct customers per event and day or week (weeks start on Monday), over the days
 * before the as-of date.
 */
import type { TrendsArgs, TrendsResult } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { dayString } from '#shared/analytics/days.ts';
import { dayOfTime, nameCode, timeOfDay, type EventStore } from './eventStore.ts';

export const DEFAULT_TREND_DAYS = 90;
export const DEFAULT_TREND_SERIES = 8;

/** Monday on or before a day number (1970-01-05, day 4, was a Monday). */
export function mondayOf(day: number): number {
  return day - ((((day - 4) % 7) + 7) % 7);
}

/** Event names by rows up to the as-of date, most first. */
export function eventRanking(store: EventStore): { readonly name: string; readonly rows: number }[] {
  const counts = new Int32Array(store.names.length);
  for (let e = 0; e < store.name.length; e++) counts[store.name[e] ?? 0] = (counts[store.name[e] ?? 0] ?? 0) + 1;
  return store.names.map((name, i) => ({ name, rows: counts[i] ?? 0 })).sort((a, b) => b.rows - a.rows || (a.name < b.name ? -1 : 1));
}

export function trends(store: EventStore, args: TrendsArgs): TrendsResult {
  const granularity = args.granularity ?? 'day';
  const days = args.days ?? DEFAULT_TREND_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new ExpectedError('BAD_ARGUMENT', 'days must be 1–3660.', { days });
  const events = args.events ?? eventRanking(store).slice(0, DEFAULT_TREND_SERIES).map((e) => e.name);
  const codes = events.map((e) => nameCode(store, e));
  const seriesOf = new Int32Array(store.names.length).fill(-1);
  codes.forEach((code, s) => {
    if (code >= 0) seriesOf[code] = s;
  });
  const firstDay = store.asOfDay - days + 1;
  const bucketStart = granularity === 'week' ? mondayOf(firstDay) : firstDay;
  const width = granularity === 'week' ? 7 : 1;
  const nBuckets = Math.floor((store.asOfDay - bucketStart) / width) + 1;
  const rows = events.map(() => new Int32Array(nBuckets));
  const customers = events.map(() => new Int32Array(nBuckets));
  const lastSeen = new Int32Array(events.length * nBuckets);
  const from = timeOfDay(firstDay);
  const end = timeOfDay(store.asOfDay + 1);
  const { offsets, time, name } = store;
  for (let c = 0; c < store.n; c++) {
    const hi = offsets[c + 1] ?? 0;
    for (let e = offsets[c] ?? 0; e < hi; e++) {
      const t = time[e] ?? 0;
      if (t < from) continue;
      if (t >= end) break;
      const s = seriesOf[name[e] ?? 0] ?? -1;
      if (s < 0) continue;
      const b = Math.floor((dayOfTime(t) - bucketStart) / width);
      const r = rows[s] as Int32Array;
      r[b] = (r[b] ?? 0) + 1;
      // lastSeen holds customer + 1 so the zero fill means "nobody yet".
      const slot = s * nBuckets + b;
      if (lastSeen[slot] !== c + 1) {
        lastSeen[slot] = c + 1;
        const u = customers[s] as Int32Array;
        u[b] = (u[b] ?? 0) + 1;
      }
    }
  }
  return {
    granularity,
    buckets: Array.from({ length: nBuckets }, (_, b) => dayString(bucketStart + b * width)),
    series: events.map((event, s) => ({ event, rows: Array.from(rows[s] ?? []), customers: Array.from(customers[s] ?? []) })),
  };
}
