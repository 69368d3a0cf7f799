/**
 * Retention as a cohort × period matrix. Periods are counted back from the as-of date (period 0 ends on it), so
 * the newest cohort is always complete up to the as-of date and no period runs into days without data.
 */
import type { RetentionArgs, RetentionCohort, RetentionPeriod, RetentionResult } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { dayString } from '#shared/analytics/days.ts';
import { dayOfTime, nameCode, timeOfDay, type EventStore } from './eventStore.ts';

export const PERIOD_DAYS: Readonly<Record<RetentionPeriod, number>> = { day: 1, week: 7, month: 30 };
export const DEFAULT_COHORTS = 8;

/**
 * A customer joins the cohort of the period holding their first `cohortEvent` (any event when absent) up to the
 * as-of date; they are retained k periods later when a `returnEvent` (any event) happens in that period.
 * Cohorts older than `cohorts` periods are not shown; cells after the as-of date are null.
 */
export function retention(store: EventStore, args: RetentionArgs): RetentionResult {
  const t0 = performance.now();
  const period = args.period ?? 'week';
  const p = PERIOD_DAYS[period];
  const nCohorts = args.cohorts ?? DEFAULT_COHORTS;
  if (!Number.isInteger(nCohorts) || nCohorts < 1 || nCohorts > 60) throw new ExpectedError('BAD_ARGUMENT', 'cohorts must be 1–60.', { cohorts: nCohorts });
  const cohortCode = args.cohortEvent === undefined ? -1 : nameCode(store, args.cohortEvent);
  const returnCode = args.returnEvent === undefined ? -1 : nameCode(store, args.returnEvent);
  const missing = (args.cohortEvent !== undefined && cohortCode < 0) || (args.returnEvent !== undefined && returnCode < 0);
  const size = new Int32Array(nCohorts);
  // retained[q * nCohorts + k]: cohort q (periods before as-of), back k periods later.
  const retained = new Int32Array(nCohorts * nCohorts);
  const seen = new Uint8Array(nCohorts);
  const end = timeOfDay(store.asOfDay + 1);
  const { offsets, time, name } = store;
  const periodOf = (t: number): number => Math.floor((store.asOfDay - dayOfTime(t)) / p);
  for (let c = 0; c < store.n && !missing; c++) {
    const lo = offsets[c] ?? 0;
    const hi = offsets[c + 1] ?? 0;
    let q = -1;
    let e = lo;
    for (; e < hi; e++) {
      const t = time[e] ?? 0;
      if (t >= end) break;
      if (cohortCode < 0 || name[e] === cohortCode) {
        q = periodOf(t);
        break;
      }
    }
    if (q < 0 || q >= nCohorts) continue;
    size[q] = (size[q] ?? 0) + 1;
    seen.fill(0);
    for (e = e + 1; e < hi; e++) {
      const t = time[e] ?? 0;
      if (t >= end) break;
      if (returnCode >= 0 && name[e] !== returnCode) continue;
      const k = q - periodOf(t);
      if (k >= 1 && seen[k] === 0) {
        seen[k] = 1;
        retained[q * nCohorts + k] = (retained[q * nCohorts + k] ?? 0) + 1;
      }
    }
  }
  const cohorts: RetentionCohort[] = [];
  for (let q = nCohorts - 1; q >= 0; q--) {
    const cells: (number | null)[] = [];
    for (let k = 1; k < nCohorts; k++) cells.push(k <= q ? (retained[q * nCohorts + k] ?? 0) : null);
    cohorts.push({ start: dayString(store.asOfDay - (q + 1) * p + 1), size: size[q] ?? 0, retained: cells });
  }
  return { period, periodDays: p, cohorts, ms: performance.now() - t0 };
}
