/**
 * Exact decimal reading shared by the money and number parsers. A value is kept as its digit string and the
 * position of the decimal point, so amounts convert to integer fen without binary floating-point error
 * (`0.29` yuan is 29 fen, not 28.999…) and Excel's scientific notation (`1.2E+5`) shifts the point exactly.
 */

import { foldCell } from './chars.ts';

/** `digits` with the decimal point before index `point` (which may be ≤ 0 or past the end); sign separate. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly point: number;
}

/** Digits with correctly placed thousands separators or none, an optional fraction, an optional exponent. */
const BODY = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?:e([+-]?\d{1,3}))?$/;
const COMMAS = /,/g;
const NON_ZERO = /[1-9]/;
const SPACE_BETWEEN_DIGITS = /(\d) +(?=\d)/g;
const SPACES = / +/g;

/**
 * Folds a numeric cell for {@link readDecimal}: full-width forms folded, trimmed, lower-cased, a space between
 * digits read as a thousands separator (`1 234.56`, so `12 34` is rejected like `12,34`), other spaces dropped
 * (`¥ 100`, `- 5`).
 */
export function compactNumberText(raw: string): string {
  return foldCell(raw).replace(SPACE_BETWEEN_DIGITS, '$1,').replace(SPACES, '').toLowerCase();
}

/**
 * Reads a folded, space-free, lower-case number: an optional sign written as a leading `-`/`+`, a trailing `-`
 * (mainframe reports) or accounting parentheses `(123.00)`, but only one of them; thousands separators must sit
 * every three digits (`1,23` is rejected rather than guessed as a European decimal comma). Returns null when the
 * text is no number.
 */
export function readDecimal(text: string): Decimal | null {
  let s = text;
  let negative = false;
  let signs = 0;
  if (s.charCodeAt(0) === 40 /* ( */ && s.charCodeAt(s.length - 1) === 41 /* ) */) {
    negative = true;
    signs++;
    s = s.slice(1, -1);
  }
  const first = s.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = negative || first === 45;
    signs++;
    s = s.slice(1);
  }
  if (s.length > 1 && s.charCodeAt(s.length - 1) === 45) {
    negative = true;
    signs++;
    s = s.slice(0, -1);
  }
  if (signs > 1) return null;
  const m = BODY.exec(s);
  if (!m) return null;
  const int = m[1] === undefined ? '' : m[1].replace(COMMAS, '');
  const frac = m[2] ?? '';
  if (int.length === 0 && frac.length === 0) return null;
  return { negative, digits: int + frac, point: int.length + (m[3] === undefined ? 0 : Number(m[3])) };
}

/** The value as the nearest double, after multiplying by 10^`shift`. */
export function decimalToNumber(d: Decimal, shift: number): number {
  const v = Number(`${d.digits}e${d.point - d.digits.length + shift}`);
  return d.negative && v !== 0 ? -v : v;
}

/**
 * The value × 10^`shift` as an integer, rounding half away from zero, or null when it exceeds
 * Number.MAX_SAFE_INTEGER. With `exact`, returns null instead of rounding when non-zero digits would be lost.
 */
export function decimalToInteger(d: Decimal, shift: number, exact: boolean): number | null {
  const { digits } = d;
  const point = d.point + shift;
  let intPart: string;
  let rest: string;
  if (point <= 0) {
    intPart = '';
    // Only the first dropped digit decides rounding, so one leading zero stands for all of them.
    rest = point < 0 ? '0' + digits : digits;
  } else if (point >= digits.length) {
    if (point - digits.length > 20) return null;
    intPart = digits + '0'.repeat(point - digits.length);
    rest = '';
  } else {
    intPart = digits.slice(0, point);
    rest = digits.slice(point);
  }
  if (exact && NON_ZERO.test(rest)) return null;
  let magnitude = intPart.length === 0 ? 0 : Number(intPart);
  if (rest.length > 0 && rest.charCodeAt(0) >= 53 /* 5 */) magnitude += 1;
  if (!Number.isSafeInteger(magnitude)) return null;
  return d.negative && magnitude !== 0 ? -magnitude : magnitude;
}
