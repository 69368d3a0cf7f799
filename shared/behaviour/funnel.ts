/**
 * Ordered funnels with a conversion window, computed like ClickHouse's `windowFunnel`: per customer, for each
 * step the latest start of a chain that reached it (a later start leaves more of the window, so it dominates),
 * scanning the customer's events once in time order.
 */
import type { FunnelArgs, FunnelGroupBy, FunnelResult, FunnelStep } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { dayString } from '#shared/analytics/days.ts';
import { nameCode, timeOfDay, type EventStore } from './eventStore.ts';

export const DEFAULT_FUNNEL_WINDOW = 7 * 86_400;
export const DEFAULT_FUNNEL_DAYS = 90;
export const MAX_FUNNEL_STEPS = 8;

/** Customer groups for a `lifecycle` breakdown: a label index per customer (−1 for none). */
export interface CustomerGroups {
  readonly labels: readonly string[];
  readonly of: Int32Array;
}

interface Tally {
  readonly reached: Int32Array;
  readonly seconds: number[][];
}

function newTally(k: number): Tally {
  return { reached: new Int32Array(k), seconds: Array.from({ length: k }, () => []) };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? (xs[mid] ?? 0) : ((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2;
}

function stepsOf(events: readonly string[], t: Tally): FunnelStep[] {
  const first = t.reached[0] ?? 0;
  return events.map((event, j) => {
    const customers = t.reached[j] ?? 0;
    const prev = j === 0 ? customers : (t.reached[j - 1] ?? 0);
    return {
      event,
      customers,
      fromPrevious: prev === 0 ? 0 : customers / prev,
      fromFirst: first === 0 ? 0 : customers / first,
      medianSeconds: j === 0 ? null : median(t.seconds[j] ?? []),
    };
  });
}

/**
 * Funnel of `args.steps` over customers whose first step falls in (as-of − days, as-of]; later steps must come
 * within `windowSeconds` of that first step and not after the as-of date. An event matching two steps counts
 * for one of them only. `groups` is needed for `groupBy: 'lifecycle'`.
 */
export function funnel(store: EventStore, args: FunnelArgs, groups?: CustomerGroups): FunnelResult {
  const t0 = performance.now();
  const steps = args.steps;
  if (steps.length < 2 || steps.length > MAX_FUNNEL_STEPS) {
    throw new ExpectedError('BAD_ARGUMENT', `A funnel needs 2 to ${MAX_FUNNEL_STEPS} steps, got ${steps.length}.`, { steps: steps.length });
  }
  const window = args.windowSeconds ?? DEFAULT_FUNNEL_WINDOW;
  const days = args.days ?? DEFAULT_FUNNEL_DAYS;
  if (!(window > 0) || !(days > 0)) throw new ExpectedError('BAD_ARGUMENT', 'The window and the period must be positive.', { window, days });
  const groupBy: FunnelGroupBy = args.groupBy ?? 'none';
  const codes = steps.map((s) => nameCode(store, s));
  const k = steps.length;
  const from = timeOfDay(store.asOfDay - days + 1);
  const end = timeOfDay(store.asOfDay + 1);
  const all = newTally(k);
  const byGroup = new Map<string, Tally>();
  const starts = new Float64Array(k);
  const reach = new Float64Array(k);
  const startChannel = new Int32Array(k);
  const { offsets, time, name, channel } = store;
  const first = codes[0] ?? -1;
  for (let c = 0; c < store.n; c++) {
    const lo = offsets[c] ?? 0;
    const hi = offsets[c + 1] ?? 0;
    if (lo === hi || first < 0) continue;
    starts.fill(Number.NEGATIVE_INFINITY);
    for (let e = lo; e < hi; e++) {
      const t = time[e] ?? 0;
      if (t >= end) break;
      const nm = name[e] ?? 0;
      // Later steps first, so one event cannot advance a chain it just started or extended.
      for (let j = k - 1; j >= 1; j--) {
        if (codes[j] !== nm) continue;
        const s = starts[j - 1] ?? Number.NEGATIVE_INFINITY;
        if (s === Number.NEGATIVE_INFINITY || t - s > window || s <= (starts[j] ?? Number.NEGATIVE_INFINITY)) continue;
        starts[j] = s;
        reach[j] = t;
        startChannel[j] = startChannel[j - 1] ?? 0;
      }
      if (nm === first && t >= from) {
        starts[0] = t;
        reach[0] = t;
        startChannel[0] = channel[e] ?? 0;
      }
    }
    let level = -1;
    for (let j = 0; j < k; j++) if ((starts[j] ?? Number.NEGATIVE_INFINITY) > Number.NEGATIVE_INFINITY) level = j;
    if (level < 0) continue;
    let g: Tally | null = null;
    if (groupBy !== 'none') {
      const key =
        groupBy === 'channel'
          ? (store.channels[startChannel[level] ?? 0] ?? 'other')
          : (groups?.labels[groups.of[c] ?? -1] ?? '-');
      g = byGroup.get(key) ?? null;
      if (!g) byGroup.set(key, (g = newTally(k)));
    }
    for (let j = 0; j <= level; j++) {
      all.reached[j] = (all.reached[j] ?? 0) + 1;
      if (g) g.reached[j] = (g.reached[j] ?? 0) + 1;
      if (j > 0) {
        const secs = (reach[j] ?? 0) - (starts[j] ?? 0);
        all.seconds[j]?.push(secs);
        g?.seconds[j]?.push(secs);
      }
    }
  }
  const groupRows = [...byGroup.entries()]
    .map(([key, t]) => ({ key, steps: stepsOf(steps, t) }))
    .sort((a, b) => (b.steps[0]?.customers ?? 0) - (a.steps[0]?.customers ?? 0) || (a.key < b.key ? -1 : 1));
  return {
    steps: stepsOf(steps, all),
    groups: groupRows,
    windowSeconds: window,
    from: dayString(store.asOfDay - days + 1),
    until: dayString(store.asOfDay),
    ms: performance.now() - t0,
  };
}
