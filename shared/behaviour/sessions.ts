/**
 * Sessionisation: a customer's events split into sessions wherever more than `gapSeconds` pass without an
 * event (the usual 30-minute rule of web analytics, configurable by the analyst).
 */
import type { SessionSummary } from '#shared/api/behaviourTypes.ts';
import { timeOfDay, type EventStore } from './eventStore.ts';

/** Default gap: 30 minutes. */
export const DEFAULT_GAP_MINUTES = 30;

/**
 * Calls `onSession(customer, lo, hi)` for every session (events `lo … hi-1` of the store) of events in
 * [`from`, end of the as-of date), in customer then time order.
 */
export function forEachSession(store: EventStore, gapSeconds: number, from: number, onSession: (customer: number, lo: number, hi: number) => void): void {
  const end = timeOfDay(store.asOfDay + 1);
  const { offsets, time } = store;
  for (let c = 0; c < store.n; c++) {
    let k = offsets[c] ?? 0;
    const hi = offsets[c + 1] ?? 0;
    while (k < hi && (time[k] ?? 0) < from) k++;
    let start = -1;
    let prev = 0;
    for (; k < hi; k++) {
      const t = time[k] ?? 0;
      if (t >= end) break;
      if (start < 0) start = k;
      else if (t - prev > gapSeconds) {
        onSession(c, start, k);
        start = k;
      }
      prev = t;
    }
    if (start >= 0) onSession(c, start, k);
  }
}

/** Session counts and means over all events up to the as-of date. */
export function sessionSummary(store: EventStore, gapMinutes = DEFAULT_GAP_MINUTES): SessionSummary {
  if (!(gapMinutes > 0)) throw new RangeError('gapMinutes must be positive');
  let sessions = 0;
  let events = 0;
  let seconds = 0;
  let customers = 0;
  let last = -1;
  forEachSession(store, gapMinutes * 60, Number.NEGATIVE_INFINITY, (c, lo, hi) => {
    sessions++;
    events += hi - lo;
    seconds += (store.time[hi - 1] ?? 0) - (store.time[lo] ?? 0);
    if (c !== last) {
      customers++;
      last = c;
    }
  });
  return {
    gapMinutes,
    sessions,
    meanEvents: sessions === 0 ? 0 : events / sessions,
    meanSeconds: sessions === 0 ? 0 : seconds / sessions,
    perCustomer: customers === 0 ? 0 : sessions / customers,
  };
}
