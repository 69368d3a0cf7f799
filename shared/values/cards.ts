/**
 * Bank card numbers (PAN); see {@link normalizeCardNo}.
 */
import { foldCell, isAllDigits, unwrapSpreadsheetText } from './chars.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

const SEPARATORS = /[\s-]+/g;

/**
 * Normalises a card number to its digits: spaces and dashes removed (`6222 0212 3456 7890 128`), full-width
 * folded, Excel's `'`/`="…"` text wrappers and a `.0` suffix dropped. It must be 13–19 digits and not one digit
 * repeated (CARD_NO_INVALID; masked numbers such as `6222****1234` are invalid too, as they cannot be matched),
 * and pass the Luhn check (CARD_NO_CHECKSUM).
 */
export function normalizeCardNo(raw: string): ParseResult<string> {
  let s = raw;
  if (!isAllDigits(s)) {
    s = unwrapSpreadsheetText(foldCell(raw)).replace(SEPARATORS, '');
    if (s.endsWith('.0')) s = s.slice(0, -2);
  }
  if (s.length < 13 || s.length > 19 || !isAllDigits(s)) return fail('CARD_NO_INVALID');
  let same = true;
  for (let i = 1; i < s.length && same; i++) same = s.charCodeAt(i) === s.charCodeAt(0);
  if (same) return fail('CARD_NO_INVALID');
  return luhnOk(s) ? ok(s) : fail('CARD_NO_CHECKSUM');
}

/** Luhn (ISO/IEC 7812) check over a digit string, check digit last. */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return sum % 10 === 0;
}
