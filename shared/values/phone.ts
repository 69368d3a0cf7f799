/**
 * Chinese phone numbers: mobiles to 11 digits, landlines to `AREA-NUMBER`; see {@link normalizePhone}.
 *
 * Hand-written rather than libphonenumber: only mainland numbers matter here, the checks that matter most for
 * identity matching (placeholders such as 13800138000 shared by thousands of records) are not a library's
 * concern, and this runs on every phone cell of an import.
 */
import { foldCell, isAllDigits, unwrapSpreadsheetText } from './chars.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

/** Extension after the number: `转801`, `分机 801`, `ext. 801`, `x801`, `#801`. */
const EXTENSION = /\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6}$/;
/** Country code 86 written as `+86`, `0086`, `(+86)`, `(86)` or `86-`/`86 ` (a bare `86` glued to digits is handled by length). */
const COUNTRY_CODE = /^(?:\(?(?:\+|00)\s*86\)?|\(86\)|86(?=[\s-]))[\s\-.]*/;
const SEPARATORS = /[\s\-.()/]+/;

/** Numbers used as fillers when the real one is unknown ("must not be empty" fields). */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  '12345678901', '12345678910', '12345678900', '12345678912', '01234567890', '98765432100', '98765432109',
  '13800138000', '13900139000', '10000000000', '10086', '10010', '10000',
]);

/**
 * Normalises a phone number.
 * - Mobile → 11 digits (`+86 138-1234-5678`, `0086 13812345678`, `86-138 1234 5678`, `(+86)13812345678`,
 *   full-width digits, an Excel `'` prefix or `.0` suffix); the prefix must be 13–19, else PHONE_INVALID.
 * - Landline → `AREA-NUMBER` (`010-12345678`, `0755 1234567`, `+86 10 12345678`): 3-digit area codes 010 and
 *   02x take 8-digit local numbers, 4-digit area codes 7 or 8 digits; a local number cannot start with 0.
 *   An extension (`转801`, `-801` after a complete number) is dropped: the key is the line, not the desk. A
 *   local number without its area code is PHONE_INVALID, since it is ambiguous across cities.
 * - Fillers → PHONE_PLACEHOLDER: one digit repeated, 12345678901 and similar, 13800138000 and 1380013800x, and
 *   mobiles whose last eight digits are one digit repeated (13800000000, 13333333333). The last rule also
 *   catches a few real "lucky" numbers (18888888888); in bank exports such values are far more often fillers,
 *   and a filler wrongly kept would merge unrelated customers in identity matching.
 */
export function normalizePhone(raw: string): ParseResult<string> {
  if (raw.length === 11 && raw.charCodeAt(0) === 49 && isAllDigits(raw)) return checkMobile(raw);
  let s = unwrapSpreadsheetText(foldCell(raw)).toLowerCase();
  if (s.endsWith('.0')) s = s.slice(0, -2);
  let hadExtension = false;
  const ext = EXTENSION.exec(s);
  if (ext) {
    s = s.slice(0, ext.index);
    hadExtension = true;
  }
  let international = false;
  const cc = COUNTRY_CODE.exec(s);
  if (cc) {
    s = s.slice(cc[0].length);
    international = true;
  }
  const groups = s.split(SEPARATORS).filter((g) => g.length > 0);
  let digits = groups.join('');
  if (!isAllDigits(digits)) return fail('PHONE_INVALID');
  if (digits.length === 13 && digits.startsWith('861')) digits = digits.slice(2);
  if (digits.length === 12 && digits.startsWith('01') && digits.charCodeAt(2) >= 51) digits = digits.slice(1);
  // +86 drops the trunk 0 of a landline: +86 10 12345678 is 010-12345678.
  if (international && digits.charCodeAt(0) !== 48 && !(digits.length === 11 && digits.charCodeAt(0) === 49)) digits = '0' + digits;
  if (isFiller(digits)) return fail('PHONE_PLACEHOLDER');
  if (digits.length === 11 && digits.charCodeAt(0) === 49) return checkMobile(digits);
  if (digits.charCodeAt(0) !== 48) return fail('PHONE_INVALID');
  const line = landline(digits);
  if (line !== null) return line;
  // A trailing short group after a complete number is an extension: 010-12345678-801.
  const last = groups[groups.length - 1] ?? '';
  if (!hadExtension && groups.length >= 3 && last.length <= 5) {
    const withoutExt = landline(digits.slice(0, digits.length - last.length));
    if (withoutExt !== null) return withoutExt;
  }
  return fail('PHONE_INVALID');
}

/** True for a normalised mainland mobile number: 11 digits starting 13–19. */
export function isMobile(normalised: string): boolean {
  return normalised.length === 11 && normalised.charCodeAt(0) === 49 && normalised.charCodeAt(1) >= 51 && isAllDigits(normalised);
}

function checkMobile(digits: string): ParseResult<string> {
  if (isFiller(digits)) return fail('PHONE_PLACEHOLDER');
  return digits.charCodeAt(1) >= 51 ? ok(digits) : fail('PHONE_INVALID');
}

function isFiller(digits: string): boolean {
  const n = digits.length;
  if (n < 5) return false;
  if (PLACEHOLDERS.has(digits)) return true;
  if (sameDigit(digits, 0)) return true;
  if (n === 11 && digits.charCodeAt(0) === 49) {
    if (digits.startsWith('1380013800')) return true;
    if (sameDigit(digits, 3)) return true;
  }
  return false;
}

/** Every digit from `from` on equals the digit at `from`. */
function sameDigit(s: string, from: number): boolean {
  const c = s.charCodeAt(from);
  for (let i = from + 1; i < s.length; i++) if (s.charCodeAt(i) !== c) return false;
  return true;
}

/** `0AA-LLLLLLLL` or `0AAA-LLLLLLL(L)` from bare digits, or null. */
function landline(digits: string): ParseResult<string> | null {
  const second = digits.charCodeAt(1);
  if (second < 49 || second > 57) return null;
  const areaLength = second === 49 || second === 50 ? 3 : 4;
  const local = digits.slice(areaLength);
  const localOk = areaLength === 3 ? local.length === 8 : local.length === 7 || local.length === 8;
  if (!localOk) return null;
  if (sameDigit(local, 0)) return fail('PHONE_PLACEHOLDER');
  if (local.charCodeAt(0) === 48) return null;
  return ok(`${digits.slice(0, areaLength)}-${local}`);
}

