/**
 * Day arithmetic on the workspace's text dates (`YYYY-MM-DD`, or the date part of `YYYY-MM-DD HH:MM:SS`),
 * relative to the as-of date. Scans meet the same few hundred dates millions of times, so conversions are
 * memoised per text.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD…` text; NaN when it does not start with a valid date. */
export function dayNumber(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function dayText(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole months from `from` to `to` (both `YYYY-MM-DD`); a month counts once its day of month is reached. */
export function wholeMonths(from: string, to: string): number {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
  return Number(to.slice(8, 10)) >= Number(from.slice(8, 10)) ? months : months - 1;
}

/** Whole years from `from` to `to` (an age). */
export function wholeYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5, 10) >= from.slice(5, 10) ? years : years - 1;
}

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * Day number of a plain `YYYY-MM-DD…` text (four digit year from 1000, month 01–12, day 01–31) read in place,
 * equal to {@link dayNumber} for it (a day past the month's end rolls over as `Date.UTC` does); −1 for any other
 * text. Callers take the memoised {@link dayNumber} path for any negative result, so dates before 1970 (negative
 * day numbers, such as most birth dates) are right, only not on the fast path. Scans call this ten million times, where slicing the
 * date part and a Map lookup per row cost several times more (days from civil: H. Hinnant's algorithm).
 */
function civilDay(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  const y0 = digit(text, 0);
  const y1 = digit(text, 1);
  const y2 = digit(text, 2);
  const y3 = digit(text, 3);
  const m0 = digit(text, 5);
  const m1 = digit(text, 6);
  const d0 = digit(text, 8);
  const d1 = digit(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0 || y0 === 0) return -1;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3 - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Year × 12 + month − 1 of a text {@link civilDay} accepts. */
function monthIndex(text: string): number {
  return (digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3)) * 12 + digit(text, 5) * 10 + digit(text, 6) - 1;
}

/**
 * Positions of dates relative to the as-of date: `ago` (days before it, negative after it) and `monthsAgo`
 * (calendar months before the as-of month: 0 is the as-of month). Both NaN for text that is not a date.
 */
export class AsOfCalendar {
  readonly asOfDay: number;
  private readonly asOfMonth: number;
  private readonly agoCache = new Map<string, number>();
  private readonly monthCache = new Map<string, number>();

  constructor(readonly asOf: string) {
    this.asOfDay = dayNumber(asOf);
    if (Number.isNaN(this.asOfDay)) throw new RangeError(`as-of date ${asOf} is not YYYY-MM-DD`);
    this.asOfMonth = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  }

  /** Days from the date to the as-of date (0 on the as-of date). */
  ago(text: string): number {
    const day = civilDay(text);
    if (day >= 0) return this.asOfDay - day;
    const key = text.length > 10 ? text.slice(0, 10) : text;
    let v = this.agoCache.get(key);
    if (v === undefined) {
      v = this.asOfDay - dayNumber(key);
      if (this.agoCache.size < 100_000) this.agoCache.set(key, v);
    }
    return v;
  }

  monthsAgo(text: string): number {
    if (civilDay(text) >= 0) return this.asOfMonth - monthIndex(text);
    const key = text.length > 10 ? text.slice(0, 10) : text;
    let v = this.monthCache.get(key);
    if (v === undefined) {
      v = Number.isNaN(dayNumber(key)) ? Number.NaN : this.asOfMonth - (Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1);
      if (this.monthCache.size < 100_000) this.monthCache.set(key, v);
    }
    return v;
  }

  /** The date `days` before the as-of date. */
  before(days: number): string {
    return dayText(this.asOfDay - days);
  }
}
