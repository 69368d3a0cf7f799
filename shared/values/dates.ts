/**
 * Dates and datetimes as they appear in bank exports, normalised to `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS`.
 *
 * Hand-written rather than taken from a date library: the formats that matter here (Chinese 年月日 and 上午/下午,
 * compact `20240318`, old `930101`, Excel serial numbers with the 1900 leap-year bug, DB2 `2024-03-18-09.05.07`,
 * full-width digits) are not what date-fns/dayjs parse out of the box, ambiguity has to be reported instead of
 * guessed, and this runs once per cell of million-row files, so the common shapes are recognised by char codes
 * without allocating.
 */
import { foldCell, isAllDigits, isDigitCode } from './chars.ts';
import { fail, ok, type CellIssueCode, type ParseResult } from './parseResult.ts';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateOptions {
  /**
   * Field order of all-numeric dates whose year is not first (`03/04/2024`, `18-03-24`). Without it such a value
   * fails with DATE_AMBIGUOUS unless one part is above 12. A leading four-digit year always reads as y-m-d.
   */
  readonly order?: DateOrder;
  /** Earliest accepted year (default 1900); earlier years fail with DATE_OUT_OF_RANGE. */
  readonly minYear?: number;
  /** Latest accepted year (default 2100); `9999-12-31` "open end" placeholders fail with DATE_OUT_OF_RANGE. */
  readonly maxYear?: number;
  /** Read five-digit numbers (10000–99999, i.e. 1927-05-18 onwards) as Excel serial day numbers (default true). */
  readonly allowExcelSerial?: boolean;
  /**
   * Pivot for two-digit years (`930101`, `18-MAR-24`): a year above it is 19yy, otherwise 20yy. Default: the last
   * two digits of the current year, read once when the module loads (in 2025, `25` → 2025 and `26` → 1926).
   */
  readonly twoDigitYearCutoff?: number;
  /**
   * Local time zone as minutes east of UTC (default 480, China Standard Time, which has no daylight saving). Unix
   * epoch numbers and values carrying a zone (`Z`, `+00:00`) are converted to it; values without a zone are
   * taken as local already.
   */
  readonly utcOffsetMinutes?: number;
}

const DEFAULT_MIN_YEAR = 1900;
const DEFAULT_MAX_YEAR = 2100;
const DEFAULT_CUTOFF = new Date().getFullYear() % 100;
const CHINA_OFFSET_MINUTES = 480;
/** Excel day 0 for serials ≥ 61: 1899-12-30, because Excel counts the non-existent 1900-02-29 as day 60. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_EXCEL_SERIAL = 10_000;

/**
 * Parses a date to `YYYY-MM-DD`. A datetime value is accepted and its time dropped (databases export DATE
 * columns as `2024-03-18 00:00:00`). Unix epoch numbers are not read as dates: a ten-digit number in a date
 * column is more likely an identifier.
 *
 * Fails with DATE_INVALID (unreadable, or not a calendar date such as 2023-02-29), DATE_AMBIGUOUS (`03/04/2024`
 * without `order`) or DATE_OUT_OF_RANGE (year outside `minYear`–`maxYear`).
 */
export function parseDate(raw: string, opts?: DateOptions): ParseResult<string> {
  if (raw.length === 10 && isIsoDateAt(raw, 0)) {
    const code = checkFast(raw, opts);
    return code === null ? ok(raw) : fail(code);
  }
  if (isIsoDateTime(raw)) {
    const code = checkFast(raw, opts) ?? checkFastTime(raw);
    return code === null ? ok(raw.slice(0, 10)) : fail(code);
  }
  if (raw.length === 8 && isAllDigits(raw)) {
    const code = checkDate(num2(raw, 0) * 100 + num2(raw, 2), num2(raw, 4), num2(raw, 6), opts);
    return code === null ? ok(`${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6)}`) : fail(code);
  }
  const code = parseParts(raw, opts, false);
  return code === null ? ok(formatDate(P.y, P.m, P.d)) : fail(code);
}

/**
 * Parses a datetime to `YYYY-MM-DD HH:MM:SS` (24-hour clock, fractions of a second truncated). A date without a
 * time gets `00:00:00`. Besides the date forms of {@link parseDate} it reads `T`-separated ISO values with an
 * optional zone, AM/PM and 上午/下午, 时分秒, DB2 `2024-03-18-09.05.07.123456`, compact `20240318090507`, Excel
 * serials with a day fraction (`45369.5`), and Unix epoch seconds (10 digits) or milliseconds (13 digits).
 */
export function parseDateTime(raw: string, opts?: DateOptions): ParseResult<string> {
  const n = raw.length;
  if (isIsoDateTime(raw)) {
    const code = checkFast(raw, opts) ?? checkFastTime(raw);
    if (code !== null) return fail(code);
    return ok(n === 19 && raw.charCodeAt(10) === 32 ? raw : `${raw.slice(0, 10)} ${raw.slice(11, 19)}`);
  }
  if (n === 10 && isIsoDateAt(raw, 0)) {
    const code = checkFast(raw, opts);
    return code === null ? ok(raw + ' 00:00:00') : fail(code);
  }
  const code = parseParts(raw, opts, true);
  return code === null ? ok(`${formatDate(P.y, P.m, P.d)} ${pad2(P.hh)}:${pad2(P.mi)}:${pad2(P.ss)}`) : fail(code);
}

/** Scratch result of {@link parseParts}; module-level so the hot path allocates nothing (parsing is synchronous). */
const P = { y: 0, m: 0, d: 0, hh: 0, mi: 0, ss: 0 };

/** `YYYY-MM-DD` at `at`, by char codes. */
function isIsoDateAt(s: string, at: number): boolean {
  return (
    isDigitCode(s.charCodeAt(at)) &&
    isDigitCode(s.charCodeAt(at + 1)) &&
    isDigitCode(s.charCodeAt(at + 2)) &&
    isDigitCode(s.charCodeAt(at + 3)) &&
    s.charCodeAt(at + 4) === 45 &&
    isDigitCode(s.charCodeAt(at + 5)) &&
    isDigitCode(s.charCodeAt(at + 6)) &&
    s.charCodeAt(at + 7) === 45 &&
    isDigitCode(s.charCodeAt(at + 8)) &&
    isDigitCode(s.charCodeAt(at + 9))
  );
}

/** `HH:MM:SS` at `at`, by char codes. */
function isTimeAt(s: string, at: number): boolean {
  return (
    isDigitCode(s.charCodeAt(at)) &&
    isDigitCode(s.charCodeAt(at + 1)) &&
    s.charCodeAt(at + 2) === 58 &&
    isDigitCode(s.charCodeAt(at + 3)) &&
    isDigitCode(s.charCodeAt(at + 4)) &&
    s.charCodeAt(at + 5) === 58 &&
    isDigitCode(s.charCodeAt(at + 6)) &&
    isDigitCode(s.charCodeAt(at + 7))
  );
}

/**
 * `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, optionally with `.fff…` (database and ISO exports), by char
 * codes. A zone suffix falls through to the general path.
 */
function isIsoDateTime(s: string): boolean {
  const n = s.length;
  if (n < 19 || !isIsoDateAt(s, 0) || !isTimeAt(s, 11)) return false;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84 /* T */) return false;
  if (n === 19) return true;
  if (s.charCodeAt(19) !== 46 || n === 20 || n > 29) return false;
  for (let i = 20; i < n; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

const checkFastTime = (s: string): CellIssueCode | null => (validTime(num2(s, 11), num2(s, 14), num2(s, 17)) ? null : 'DATE_INVALID');

const num2 = (s: string, at: number): number => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/** Validates the `YYYY-MM-DD` prefix of a fast-path value. */
function checkFast(s: string, opts: DateOptions | undefined): CellIssueCode | null {
  return checkDate(num2(s, 0) * 100 + num2(s, 2), num2(s, 5), num2(s, 8), opts);
}

function checkDate(y: number, m: number, d: number, opts: DateOptions | undefined): CellIssueCode | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return 'DATE_INVALID';
  if (y < (opts?.minYear ?? DEFAULT_MIN_YEAR) || y > (opts?.maxYear ?? DEFAULT_MAX_YEAR)) return 'DATE_OUT_OF_RANGE';
  return null;
}

const validTime = (hh: number, mi: number, ss: number): boolean => hh < 24 && mi < 60 && ss < 60;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const pad2 = (v: number): string => (v < 10 ? '0' + v : String(v));

function formatDate(y: number, m: number, d: number): string {
  const ys = y >= 1000 ? String(y) : String(y).padStart(4, '0');
  return `${ys}-${pad2(m)}-${pad2(d)}`;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3], ['apr', 4], ['april', 4],
  ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7], ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9],
  ['september', 9], ['oct', 10], ['october', 10], ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);

/** 年月日 时分秒, 上午/下午 and weekdays, rewritten to the ASCII grammar below. */
const CHINESE_PARTS = /[年月日号时點点分秒]|星期[一二三四五六日天]|周[一二三四五六日天]|上午|早上|凌晨|下午|中午|晚上/g;
/** A time after the date: `09:05`, `9:05:07.123`, `09.05.07` (DB2/Oracle), AM/PM, zone. */
const TIME_TAIL =
  /^(.*?[0-9a-z])(?:\s*t\s*|\s+|-(?=\d{1,2}\.\d{1,2}\.\d{1,2}))(\d{1,2})[:.](\d{1,2})(?:[:.](\d{1,2})(?:[.,]\d{1,12})?)?\s*(?:([ap])\.?m\.?)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?$/;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YEAR_LAST_OR_SHORT = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{1,2})$/;
const YEAR_MONTH = /^(\d{4})[-/.](\d{1,2})$/;
const DAY_MONTHNAME_YEAR = /^(\d{1,2})[-/. ]?([a-z]{3,9})\.?[-/., ]*(\d{4}|\d{2})$/;
const MONTHNAME_DAY_YEAR = /^([a-z]{3,9})\.?[-/ ]*(\d{1,2})(?:st|nd|rd|th)?[-/, ]+(\d{4})$/;
const SERIAL_WITH_FRACTION = /^(\d{5})\.(\d+)$/;
const NON_ASCII = /[^\x20-\x7e]/;
/** The common Chinese form `2024年3月18日`, matched before the general rewrite. */
const CHINESE_DATE = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]$/;

/** A time needs a colon, a space or `T` before it, or DB2's `-HH.MM.SS`; the regex is skipped for bare dates. */
function mayHaveTime(s: string): boolean {
  return s.includes(':') || s.includes(' ') || s.includes('t') || (s.includes('-') && s.includes('.'));
}
const SPACE_RUNS = /\s+/g;
const SPACED_DASH = /\s*-\s*/g;

/**
 * Parses `raw` into {@link P}. Returns null on success or the issue code. `withTime` enables epoch numbers and
 * keeps the time of day; without it the time is still parsed (and validated) but the caller ignores it.
 */
function parseParts(raw: string, opts: DateOptions | undefined, withTime: boolean): CellIssueCode | null {
  let s = foldCell(raw);
  if (s.length === 0) return 'DATE_INVALID';
  let meridiem = '';
  if (NON_ASCII.test(s)) {
    const cn = CHINESE_DATE.exec(s);
    if (cn) {
      P.hh = 0;
      P.mi = 0;
      P.ss = 0;
      return setDate(Number(cn[1]), Number(cn[2]), Number(cn[3]), opts);
    }
    s = s
      .replace(CHINESE_PARTS, (m) => {
        switch (m) {
          case '年':
          case '月':
            return '-';
          case '日':
          case '号':
            return ' ';
          case '时':
          case '點':
          case '点':
          case '分':
            return ':';
          case '上午':
          case '早上':
          case '凌晨':
            meridiem = 'a';
            return ' ';
          case '下午':
          case '中午':
          case '晚上':
            meridiem = 'p';
            return ' ';
          default:
            return ''; // 秒, weekday names
        }
      })
      .trim();
    if (s.endsWith('-')) s = s.slice(0, -1);
    if (s.endsWith(':')) s += '00';
    s = s.replace(SPACE_RUNS, ' ').replace(SPACED_DASH, '-');
  }
  s = s.toLowerCase();
  if (isAllDigits(s)) return parseDigits(s, opts, withTime);

  const serial = SERIAL_WITH_FRACTION.exec(s);
  if (serial) {
    if (opts?.allowExcelSerial === false) return 'DATE_INVALID';
    return fromExcelSerial(Number(s), opts);
  }

  let head = s;
  P.hh = 0;
  P.mi = 0;
  P.ss = 0;
  let zone: string | undefined;
  const t = mayHaveTime(s) ? TIME_TAIL.exec(s) : null;
  if (t) {
    head = t[1] ?? '';
    let hh = Number(t[2]);
    const mi = Number(t[3]);
    const ss = t[4] === undefined ? 0 : Number(t[4]);
    const ampm = t[5] ?? meridiem;
    if (ampm !== '') {
      if (hh < 1 || hh > 12) return 'DATE_INVALID';
      if (ampm === 'p' && hh < 12) hh += 12;
      else if (ampm === 'a' && hh === 12) hh = 0;
    }
    if (!validTime(hh, mi, ss)) return 'DATE_INVALID';
    P.hh = hh;
    P.mi = mi;
    P.ss = ss;
    zone = t[6];
  }

  const code = parseDateHead(head, opts, t === null);
  if (code !== null) return code;
  if (zone !== undefined) return shiftZone(zone, opts);
  return null;
}

/** Parses the date part into P.y/P.m/P.d and validates it. `alone`: no time followed (year-month allowed). */
function parseDateHead(head: string, opts: DateOptions | undefined, alone: boolean): CellIssueCode | null {
  if (isAllDigits(head)) {
    if (head.length === 8) return setDate(Number(head.slice(0, 4)), num2(head, 4), num2(head, 6), opts);
    return 'DATE_INVALID';
  }
  let m = YEAR_FIRST.exec(head);
  if (m) return setDate(Number(m[1]), Number(m[2]), Number(m[3]), opts);
  m = YEAR_LAST_OR_SHORT.exec(head);
  if (m) return fromThreeNumbers(m[1] ?? '', m[2] ?? '', m[3] ?? '', opts);
  if (alone) {
    m = YEAR_MONTH.exec(head);
    if (m) return setDate(Number(m[1]), Number(m[2]), 1, opts);
  }
  m = DAY_MONTHNAME_YEAR.exec(head);
  if (m) return fromMonthName(m[2] ?? '', Number(m[1]), m[3] ?? '', opts);
  m = MONTHNAME_DAY_YEAR.exec(head);
  if (m) return fromMonthName(m[1] ?? '', Number(m[2]), m[3] ?? '', opts);
  return 'DATE_INVALID';
}

function fromMonthName(name: string, d: number, year: string, opts: DateOptions | undefined): CellIssueCode | null {
  const month = MONTHS.get(name);
  if (month === undefined) return 'DATE_INVALID';
  return setDate(year.length === 2 ? fullYear(Number(year), opts) : Number(year), month, d, opts);
}

/** `a/b/yyyy`, `a/b/yy` or `yy/m/d`, resolved with the order option or, failing that, by which part exceeds 12. */
function fromThreeNumbers(a: string, b: string, c: string, opts: DateOptions | undefined): CellIssueCode | null {
  const x = Number(a);
  const y = Number(b);
  const z = Number(c);
  const order = opts?.order;
  if (c.length <= 2 && (order === 'ymd' || (order === undefined && x > 31))) return setDate(fullYear(x, opts), y, z, opts);
  if (c.length <= 2 && order === undefined && z <= 31) return 'DATE_AMBIGUOUS';
  const year = c.length === 4 ? z : fullYear(z, opts);
  if (order === 'dmy') return setDate(year, y, x, opts);
  if (order === 'mdy') return setDate(year, x, y, opts);
  if (x > 12 && y <= 12) return setDate(year, y, x, opts);
  if (y > 12 && x <= 12) return setDate(year, x, y, opts);
  if (x === y) return setDate(year, x, y, opts);
  return x > 12 ? 'DATE_INVALID' : 'DATE_AMBIGUOUS';
}

function fullYear(yy: number, opts: DateOptions | undefined): number {
  return yy > (opts?.twoDigitYearCutoff ?? DEFAULT_CUTOFF) ? 1900 + yy : 2000 + yy;
}

function setDate(y: number, m: number, d: number, opts: DateOptions | undefined): CellIssueCode | null {
  P.y = y;
  P.m = m;
  P.d = d;
  return checkDate(y, m, d, opts);
}

/** All-digit values: compact dates and datetimes, `YYMMDD`, Excel serials, epoch numbers. */
function parseDigits(s: string, opts: DateOptions | undefined, withTime: boolean): CellIssueCode | null {
  P.hh = 0;
  P.mi = 0;
  P.ss = 0;
  switch (s.length) {
    case 8:
      return setDate(Number(s.slice(0, 4)), num2(s, 4), num2(s, 6), opts);
    case 12:
    case 14: {
      const hh = num2(s, 8);
      const mi = num2(s, 10);
      const ss = s.length === 14 ? num2(s, 12) : 0;
      if (!validTime(hh, mi, ss)) return 'DATE_INVALID';
      P.hh = hh;
      P.mi = mi;
      P.ss = ss;
      return setDate(Number(s.slice(0, 4)), num2(s, 4), num2(s, 6), opts);
    }
    case 6: {
      // YYMMDD first (old 15-digit ID numbers, legacy systems); YYYYMM only when YYMMDD is no date. Year-months
      // from 2013 on have a "month" of 13+ as YYMMDD, so they still come out right; 2001–2012 do not.
      const asYymmdd = setDate(fullYear(num2(s, 0), opts), num2(s, 2), num2(s, 4), opts);
      if (asYymmdd !== 'DATE_INVALID') return asYymmdd;
      return setDate(Number(s.slice(0, 4)), num2(s, 4), 1, opts);
    }
    case 5:
      return opts?.allowExcelSerial === false ? 'DATE_INVALID' : fromExcelSerial(Number(s), opts);
    case 10:
    case 13:
      return withTime ? fromEpochMs(s.length === 10 ? Number(s) * 1000 : Number(s), opts) : 'DATE_INVALID';
    default:
      return 'DATE_INVALID';
  }
}

function fromExcelSerial(serial: number, opts: DateOptions | undefined): CellIssueCode | null {
  if (serial < MIN_EXCEL_SERIAL) return 'DATE_INVALID';
  const seconds = Math.round(serial * 86_400);
  return fromUtcParts(new Date(EXCEL_EPOCH_MS + seconds * 1000), opts);
}

function fromEpochMs(ms: number, opts: DateOptions | undefined): CellIssueCode | null {
  return fromUtcParts(new Date(ms + (opts?.utcOffsetMinutes ?? CHINA_OFFSET_MINUTES) * 60_000), opts);
}

/** Reads P from a Date whose UTC fields are the wanted local fields. */
function fromUtcParts(date: Date, opts: DateOptions | undefined): CellIssueCode | null {
  if (Number.isNaN(date.getTime())) return 'DATE_INVALID';
  P.hh = date.getUTCHours();
  P.mi = date.getUTCMinutes();
  P.ss = date.getUTCSeconds();
  return setDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), opts);
}

/** Converts P, written in `zone`, to the local offset. */
function shiftZone(zone: string, opts: DateOptions | undefined): CellIssueCode | null {
  let offset = 0;
  if (zone !== 'z' && zone !== 'utc' && zone !== 'gmt') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 14 || minutes > 59) return 'DATE_INVALID';
    offset = (digits.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const local = opts?.utcOffsetMinutes ?? CHINA_OFFSET_MINUTES;
  if (offset === local) return null;
  const ms = Date.UTC(P.y, P.m - 1, P.d, P.hh, P.mi, P.ss) + (local - offset) * 60_000;
  return fromUtcParts(new Date(ms), opts);
}
