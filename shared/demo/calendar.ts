/**
 * Calendar arithmetic on day numbers (days since 1970-01-01) and seconds of day. The generator never builds
 * `Date` objects per row: they are slow at millions of rows and would drag the time zone into the output.
 */

export interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** Day number of a civil date (proleptic Gregorian; Howard Hinnant's days_from_civil). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function ymdOf(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** Parses `YYYY-MM-DD`; undefined when malformed or not a real date. */
export function parseDay(s: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const day = dayOf(y, m, d);
  const back = ymdOf(day);
  return back.y === y && back.m === m && back.d === d ? day : undefined;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD`. */
export function fmtDay(day: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** `YYYYMMDD`, as in 身份证 numbers and compact exports. */
export function fmtCompact(day: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}${p2(m)}${p2(d)}`;
}

/** `HH:MM:SS` of a second of day. */
export function fmtClock(sec: number): string {
  return `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}:${p2(sec % 60)}`;
}

/** `YYYY-MM-DD HH:MM:SS`. */
export function fmtDateTime(day: number, sec: number): string {
  return `${fmtDay(day)} ${fmtClock(sec)}`;
}

/** Excel's date serial (1900 system) of a day and second: what an XLSX date cell stores. */
export function excelSerial(day: number, sec = 0): number {
  return day + 25569 + sec / 86400;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
