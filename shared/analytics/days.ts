/**
 * Calendar days as integers (days since 1970-01-01), the unit behaviour windows and date columns are compared in.
 * Dates in the workspace are TEXT `YYYY-MM-DD` (datetimes start with one), read as calendar dates without a
 * time zone, so UTC arithmetic is exact.
 */
const MS_PER_DAY = 86_400_000;

/** Day number of the date that `text` starts with, or NaN when it does not start with a valid `YYYY-MM-DD`. */
export function dayNumber(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2024-02-31 over into March: such a text is not a date.
  if (new Date(ms).getUTCDate() !== d) return Number.NaN;
  return Math.round(ms / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
