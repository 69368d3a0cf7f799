/**
 * Events in columnar form, grouped by customer and ordered by time: customer c's events are
 * `offsets[c] … offsets[c+1]`, oldest first. Funnels, retention, paths and sessions need the order of events
 * within a customer at second resolution, which the day-level segment index (shared/analytics/behaviorIndex.ts)
 * does not keep, so behaviour analysis has its own store. Times are seconds since 2000-01-01 (fits Int32 until
 * 2068), read as calendar time without a time zone like every datetime of the workspace.
 */
import type { EventChannel } from '#shared/api/behaviourTypes.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';

/** Day number (days since 1970-01-01) of 2000-01-01: the epoch of stored times. */
export const EPOCH_DAY = 10_957;
export const SECONDS_PER_DAY = 86_400;

export interface EventStore {
  /** Customers (rows of customer_profile, in its order). */
  readonly n: number;
  readonly oneIds: readonly string[];
  readonly offsets: Int32Array;
  readonly time: Int32Array;
  readonly name: Uint16Array;
  readonly channel: Uint8Array;
  /** Event name of each code. */
  readonly names: readonly string[];
  readonly channels: readonly EventChannel[];
  /** Day number of the as-of date; the end of every window. */
  readonly asOfDay: number;
  readonly stats: { readonly rows: number; readonly owned: number; readonly undated: number };
}

/** Seconds since 2000-01-01 of a `YYYY-MM-DD[ HH:MM[:SS]]` text, or NaN. A date alone is midnight. */
export function parseEventTime(text: string): number {
  const day = dayNumber(text);
  if (Number.isNaN(day)) return Number.NaN;
  let sec = 0;
  if (text.length >= 16) {
    const h = Number(text.slice(11, 13));
    const m = Number(text.slice(14, 16));
    const s = text.length >= 19 ? Number(text.slice(17, 19)) : 0;
    if (Number.isInteger(h) && Number.isInteger(m) && Number.isInteger(s) && h < 24 && m < 60 && s < 61) sec = h * 3600 + m * 60 + s;
  }
  return (day - EPOCH_DAY) * SECONDS_PER_DAY + sec;
}

/** `YYYY-MM-DD HH:MM:SS` of a stored time. */
export function formatEventTime(t: number): string {
  const day = Math.floor(t / SECONDS_PER_DAY);
  const s = t - day * SECONDS_PER_DAY;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${dayString(day + EPOCH_DAY)} ${hh}:${mm}:${ss}`;
}

/** Day number (since 1970) of a stored time. */
export function dayOfTime(t: number): number {
  return Math.floor(t / SECONDS_PER_DAY) + EPOCH_DAY;
}

/** First stored second of a day number. */
export function timeOfDay(day: number): number {
  return (day - EPOCH_DAY) * SECONDS_PER_DAY;
}

/** A growable Int32 array (row counts are not known before reading). */
class IntVector {
  data = new Int32Array(1 << 14);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Collects events in any order, then sorts them into an {@link EventStore}. */
export class EventStoreBuilder {
  private readonly owner = new IntVector();
  private readonly times = new IntVector();
  private readonly nameOf = new IntVector();
  private readonly channelOf = new IntVector();
  private readonly nameCodes = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly channelCodes = new Map<EventChannel, number>();
  private readonly channels: EventChannel[] = [];
  rows = 0;
  undated = 0;

  constructor(
    private readonly oneIds: readonly string[],
    private readonly asOfDay: number,
  ) {}

  /** Adds one event row; `customer` −1 counts the row but keeps nothing (its owner is not a customer). */
  add(customer: number, time: string, name: string, channel: EventChannel): void {
    this.rows++;
    if (customer < 0) return;
    const t = parseEventTime(time);
    if (Number.isNaN(t)) {
      this.undated++;
      return;
    }
    let code = this.nameCodes.get(name);
    if (code === undefined) {
      if (this.names.length >= 0xffff) throw new RangeError('more than 65535 distinct event names');
      code = this.names.length;
      this.nameCodes.set(name, code);
      this.names.push(name);
    }
    let ch = this.channelCodes.get(channel);
    if (ch === undefined) {
      ch = this.channels.length;
      this.channelCodes.set(channel, ch);
      this.channels.push(channel);
    }
    this.owner.push(customer);
    this.times.push(t);
    this.nameOf.push(code);
    this.channelOf.push(ch);
  }

  build(): EventStore {
    const n = this.oneIds.length;
    const m = this.owner.length;
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const slot = (this.owner.data[e] ?? 0) + 1;
      offsets[slot] = (offsets[slot] ?? 0) + 1;
    }
    for (let c = 0; c < n; c++) offsets[c + 1] = (offsets[c + 1] ?? 0) + (offsets[c] ?? 0);
    const fill = offsets.slice(0, n);
    const order = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const c = this.owner.data[e] ?? 0;
      const at = fill[c] ?? 0;
      fill[c] = at + 1;
      order[at] = e;
    }
    const times = this.times.data;
    // Each customer's slice is sorted by time; ties keep file order (the sort is stable on row order).
    for (let c = 0; c < n; c++) {
      const lo = offsets[c] ?? 0;
      const hi = offsets[c + 1] ?? 0;
      if (hi - lo > 1) {
        const slice = Array.from(order.subarray(lo, hi));
        slice.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
        order.set(slice, lo);
      }
    }
    const time = new Int32Array(m);
    const name = new Uint16Array(m);
    const channel = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      const e = order[k] ?? 0;
      time[k] = times[e] ?? 0;
      name[k] = this.nameOf.data[e] ?? 0;
      channel[k] = this.channelOf.data[e] ?? 0;
    }
    return {
      n,
      oneIds: this.oneIds,
      offsets,
      time,
      name,
      channel,
      names: this.names,
      channels: this.channels,
      asOfDay: this.asOfDay,
      stats: { rows: this.rows, owned: m, undated: this.undated },
    };
  }
}

/** The code of an event name, or −1 when no event has it. */
export function nameCode(store: EventStore, name: string): number {
  return store.names.indexOf(name);
}

/** Test helper and small-data entry: a store from plain rows (customer index, time text, name, channel). */
export function eventStoreOf(
  oneIds: readonly string[],
  asOfDate: string,
  rows: readonly (readonly [customer: number, time: string, name: string, channel?: EventChannel])[],
): EventStore {
  const b = new EventStoreBuilder(oneIds, dayNumber(asOfDate));
  for (const [c, t, nm, ch] of rows) b.add(c, t, nm, ch ?? 'app');
  return b.build();
}
