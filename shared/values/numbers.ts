/**
 * Plain numbers: counts, ages, rates, scores. Accepts what spreadsheets and reports print: thousands separators,
 * full-width digits, spaces, accounting negatives, a trailing minus, scientific notation and, for
 * {@link parseNumber}, percent and per-mille signs.
 */
import { compactNumberText, decimalToInteger, decimalToNumber, readDecimal } from './decimal.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

/**
 * Parses a number to the nearest double. `12.5%` → 0.125 and `3‰` → 0.003, scaled on the decimal digits so
 * `0.29%` is exactly the double nearest 0.0029. Fails with NUMBER_INVALID.
 */
export function parseNumber(raw: string): ParseResult<number> {
  // `+ 0` turns -0 into 0, as the general path does.
  if (isPlainDecimal(raw)) return ok(Number(raw) + 0);
  let s = compactNumberText(raw);
  let shift = 0;
  const last = s.charCodeAt(s.length - 1);
  if (last === 37 /* % */) shift = -2;
  else if (last === 0x2030 /* ‰ */) shift = -3;
  if (shift !== 0) s = s.slice(0, -1);
  const d = s.length === 0 ? null : readDecimal(s);
  if (d === null) return fail('NUMBER_INVALID');
  const v = decimalToNumber(d, shift);
  return Number.isFinite(v) ? ok(v) : fail('NUMBER_INVALID');
}

/**
 * Parses a whole number within ±2^53. A zero fraction is accepted (`12.0`, `1.2E+3`), because spreadsheets print
 * integers that way; a non-zero fraction or percent sign fails with INT_INVALID rather than being rounded.
 */
export function parseInteger(raw: string): ParseResult<number> {
  if (isPlainInteger(raw)) return ok(Number(raw) + 0);
  const s = compactNumberText(raw);
  const d = s.length === 0 ? null : readDecimal(s);
  const v = d === null ? null : decimalToInteger(d, 0, true);
  return v === null ? fail('INT_INVALID') : ok(v);
}

/** `-?\d+(\.\d+)?` of at most 16 characters: Number() reads it without the general path's string work. */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 16) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let dot = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return n > start && dot !== start && dot !== n - 1;
}

/** `-?\d{1,15}`: safe for Number(), no leading `+`, spaces or separators. */
function isPlainInteger(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (n === i || n - i > 15) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
