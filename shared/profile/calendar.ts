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
    const key = text.length > 10 ? text.slice(0, 10) : text;
    let v = this.agoCache.get(key);
    if (v === undefined) {
      v = this.asOfDay - dayNumber(key);
      if (this.agoCache.size < 100_000) this.agoCache.set(key, v);
    }
    return v;
  }

  monthsAgo(text: string): number {
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
