/**
 * Identity document numbers (证件号码) of the kinds a Chinese bank records, normalised and check-digit validated;
 * see {@link normalizeIdDocument}. Sources of the rules: GB 11643-1999 (公民身份号码, ISO 7064 MOD 11-2), the 2023
 * 外国人永久居留身份证 rules of the National Immigration Administration (leading `9`, same MOD 11-2 check),
 * GB 32100-2015 (统一社会信用代码, MOD 31 check character).
 */
import { foldCell, isAllDigits, unwrapSpreadsheetText } from './chars.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

export type IdDocType = 'resident_id' | 'passport' | 'hk_macau_permit' | 'taiwan_permit' | 'foreign_permanent' | 'uscc';

export interface IdDocument {
  /** Normalised number: upper case, no spaces or separators; 15-digit resident IDs upgraded to 18. */
  readonly value: string;
  readonly docType: IdDocType;
  /** `YYYY-MM-DD`, when the number encodes it (resident IDs, new foreign permanent residence IDs). */
  readonly birthDate?: string;
  /** From the parity of the 17th digit of a resident ID (odd = male). */
  readonly gender?: 'M' | 'F';
}

/**
 * Province-level address codes (first two digits): the 31 mainland provinces, 71 Taiwan, and 81/82/83 used by
 * the residence permits of Hong Kong, Macau and Taiwan residents, which share the resident ID format.
 */
const PROVINCES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

const MOD11_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const MOD11_CHECK = '10X98765432';

/** GB 32100-2015 alphabet (no I, O, S, V, Z) and weights 3^i mod 31. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const RESIDENT_18 = /^\d{17}[\dX]$/;
const HK_MACAU = /^[HM]\d{8}(?:\d{2})?$/;
const TAIWAN = /^\d{8}(?:\d{2})?$/;
const FOREIGN_OLD = /^[A-Z]{3}\d{12}$/;
/** Chinese passports: E + 8 digits, E + letter + 7 digits (from 2019), G + 8 digits, D/S/P official ones. */
const PASSPORT_CN = /^(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP][A-Z]?\d{7,8})$/;
/** Any passport when the 证件类型 says so: letters and digits, 5–17 characters, at least one digit. */
const PASSPORT_ANY = /^(?=.*\d)[A-Z0-9]{5,17}$/;
const REMOVABLE = /[\s\-()]/g;

const MIN_BIRTH_YEAR = 1880;
const MAX_BIRTH_YEAR = 2100;

/**
 * Normalises and validates an identity document number.
 *
 * - 居民身份证 (`resident_id`): 18 digits (last may be `X`, lower case accepted) with a valid province code, birth
 *   date and ISO 7064 MOD 11-2 check digit; a wrong check digit is ID_NO_CHECKSUM. 15-digit numbers (issued before
 *   1999, all born in the 1900s) are upgraded to 18 by inserting `19` and computing the check digit.
 * - 外国人永久居留身份证 (`foreign_permanent`): 2023 format, 18 digits starting with `9` and the same check; old
 *   format, three letters + 12 digits (shape only).
 * - 统一社会信用代码 (`uscc`): 18 characters with the GB 32100-2015 check character.
 * - 港澳居民来往内地通行证 (`hk_macau_permit`): H or M + 8 or 10 digits.
 * - 台湾居民来往大陆通行证 (`taiwan_permit`): 8 or 10 digits.
 * - 护照 (`passport`): Chinese passport shapes (E12345678, EA1234567, G12345678); with a passport hint any
 *   5–17 letters and digits.
 *
 * `idTypeHint` (from the row's 证件类型, see {@link idTypeFromLabel}) selects the rules to apply. Labels are often
 * defaulted to 身份证, so when the number does not have the hinted shape but unambiguously has another (a valid
 * resident ID under a passport label, a passport number under 身份证), the detected type is returned. Without a
 * hint the type is detected from the shape.
 *
 * Fails with ID_NO_INVALID (no known shape, masked, bad province or birth date) or ID_NO_CHECKSUM.
 */
export function normalizeIdDocument(raw: string, idTypeHint?: IdDocType | null): ParseResult<IdDocument> {
  const s = raw.length === 18 && RESIDENT_18.test(raw) ? raw : cleanIdText(raw);
  if (s.length === 0) return fail('ID_NO_INVALID');
  if (idTypeHint === undefined || idTypeHint === null) return detect(s);
  const byHint = asType(s, idTypeHint);
  if (byHint.ok) {
    if (idTypeHint === 'passport' || idTypeHint === 'taiwan_permit') {
      const detected = detect(s);
      if (detected.ok && STRONG_TYPES.has(detected.value.docType)) return detected;
    }
    return byHint;
  }
  if (byHint.code === 'ID_NO_CHECKSUM') return byHint;
  const detected = detect(s);
  return detected.ok ? detected : byHint;
}

/** Types whose check digit makes a match by shape reliable enough to overrule a 证件类型 label. */
const STRONG_TYPES: ReadonlySet<IdDocType> = new Set<IdDocType>(['resident_id', 'foreign_permanent', 'uscc']);

function cleanIdText(raw: string): string {
  let s = unwrapSpreadsheetText(foldCell(raw)).toUpperCase();
  if (s.endsWith('×')) s = s.slice(0, -1) + 'X';
  return s.replace(REMOVABLE, '');
}

function detect(s: string): ParseResult<IdDocument> {
  const n = s.length;
  if (n === 18) {
    if (RESIDENT_18.test(s)) {
      if (s.charCodeAt(0) === 57 /* 9 */) {
        // All-digit codes starting with 9 are new foreign permanent residence IDs or 工商-registered USCCs
        // (91…). A permit also carries a birth date at 7–14, which a USCC's region and organisation digits
        // rarely form, so that decides when both checks happen to pass.
        const foreign = foreignNew(s);
        if (foreign.ok && foreign.value.birthDate !== undefined) return foreign;
        if (usccCheckOk(s)) return ok({ value: s, docType: 'uscc' });
        return foreign.ok ? foreign : fail('ID_NO_CHECKSUM');
      }
      const resident = resident18(s);
      if (resident.ok || resident.code === 'ID_NO_CHECKSUM') return resident;
      // All digits but no resident ID: a USCC only if its check passes, else report the ID shape problem.
      return usccCheckOk(s) ? ok({ value: s, docType: 'uscc' }) : resident;
    }
    return uscc(s);
  }
  if (n === 15 && isAllDigits(s)) return resident15(s);
  if (FOREIGN_OLD.test(s)) return ok({ value: s, docType: 'foreign_permanent' });
  if (HK_MACAU.test(s)) return ok({ value: s, docType: 'hk_macau_permit' });
  if (PASSPORT_CN.test(s)) return ok({ value: s, docType: 'passport' });
  if (TAIWAN.test(s)) return ok({ value: s, docType: 'taiwan_permit' });
  return fail('ID_NO_INVALID');
}

function asType(s: string, type: IdDocType): ParseResult<IdDocument> {
  switch (type) {
    case 'resident_id':
      if (s.length === 15 && isAllDigits(s)) return resident15(s);
      return RESIDENT_18.test(s) ? resident18(s) : fail('ID_NO_INVALID');
    case 'foreign_permanent':
      if (FOREIGN_OLD.test(s)) return ok({ value: s, docType: 'foreign_permanent' });
      return RESIDENT_18.test(s) && s.charCodeAt(0) === 57 ? foreignNew(s) : fail('ID_NO_INVALID');
    case 'uscc':
      return uscc(s);
    case 'hk_macau_permit':
      return HK_MACAU.test(s) ? ok({ value: s, docType: type }) : fail('ID_NO_INVALID');
    case 'taiwan_permit':
      return TAIWAN.test(s) ? ok({ value: s, docType: type }) : fail('ID_NO_INVALID');
    case 'passport':
      return PASSPORT_ANY.test(s) ? ok({ value: s, docType: type }) : fail('ID_NO_INVALID');
  }
}

/**
 * True when `raw` has the shape of a resident ID (15 or 18 digits, last may be X) with a valid province code and
 * birth date, whatever its check digit: column type inference counts such values as 证件号码 even when the
 * check digit is wrong, as a dirty ID column is still an ID column.
 */
export function hasResidentIdShape(raw: string): boolean {
  const s = raw.length === 18 && RESIDENT_18.test(raw) ? raw : cleanIdText(raw);
  if (s.length === 15 && isAllDigits(s)) return PROVINCES.has(s.slice(0, 2)) && birthDateAt(`${s.slice(0, 6)}19${s.slice(6)}`, 6) !== null;
  return RESIDENT_18.test(s) && PROVINCES.has(s.slice(0, 2)) && birthDateAt(s, 6) !== null;
}

/** The MOD 11-2 check character of the first 17 digits of `s`. */
export function mod11CheckChar(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * (MOD11_WEIGHTS[i] ?? 0);
  return MOD11_CHECK.charAt(sum % 11);
}

function resident18(s: string): ParseResult<IdDocument> {
  if (!PROVINCES.has(s.slice(0, 2))) return fail('ID_NO_INVALID');
  const birthDate = birthDateAt(s, 6);
  if (birthDate === null) return fail('ID_NO_INVALID');
  if (mod11CheckChar(s) !== s.charAt(17)) return fail('ID_NO_CHECKSUM');
  return ok({ value: s, docType: 'resident_id', birthDate, gender: (s.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F' });
}

function resident15(s: string): ParseResult<IdDocument> {
  const body = `${s.slice(0, 6)}19${s.slice(6)}`;
  if (!PROVINCES.has(s.slice(0, 2)) || birthDateAt(body, 6) === null) return fail('ID_NO_INVALID');
  return resident18(body + mod11CheckChar(body));
}

function foreignNew(s: string): ParseResult<IdDocument> {
  if (mod11CheckChar(s) !== s.charAt(17)) return fail('ID_NO_CHECKSUM');
  const birthDate = birthDateAt(s, 6);
  return ok(birthDate === null ? { value: s, docType: 'foreign_permanent' } : { value: s, docType: 'foreign_permanent', birthDate });
}

function uscc(s: string): ParseResult<IdDocument> {
  if (!USCC_SHAPE.test(s)) return fail('ID_NO_INVALID');
  return usccCheckOk(s) ? ok({ value: s, docType: 'uscc' }) : fail('ID_NO_CHECKSUM');
}

function usccCheckOk(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(s.charAt(i));
    if (v < 0) return false;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31) === s.charAt(17);
}

/** `YYYYMMDD` at `at` as `YYYY-MM-DD` when it is a calendar date in the plausible range, else null. */
function birthDateAt(s: string, at: number): string | null {
  const y = Number(s.slice(at, at + 4));
  const m = Number(s.slice(at + 4, at + 6));
  const d = Number(s.slice(at + 6, at + 8));
  if (y < MIN_BIRTH_YEAR || y > MAX_BIRTH_YEAR || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return null;
  return `${s.slice(at, at + 4)}-${s.slice(at + 4, at + 6)}-${s.slice(at + 6, at + 8)}`;
}

/**
 * 证件类型 codes. Numeric codes differ between systems; these are the two common schemes: two-digit UnionPay/
 * bank codes (01 身份证, 03 护照, 04 回乡证, 05 台胞证) and the one-character PBOC credit-reference codes (0 身份证,
 * 1 户口簿 — which carries the same citizen number, 2 护照, 5 港澳通行证, 6 台胞证, 7 临时身份证, 8 外国人居留证).
 */
const LABEL_CODES: ReadonlyMap<string, IdDocType> = new Map<string, IdDocType>([
  ['0', 'resident_id'], ['00', 'resident_id'], ['01', 'resident_id'], ['1', 'resident_id'], ['7', 'resident_id'],
  ['2', 'passport'], ['03', 'passport'], ['5', 'hk_macau_permit'], ['04', 'hk_macau_permit'], ['6', 'taiwan_permit'],
  ['05', 'taiwan_permit'], ['8', 'foreign_permanent'],
  ['id', 'resident_id'], ['idcard', 'resident_id'], ['residentid', 'resident_id'], ['passport', 'passport'],
  ['uscc', 'uscc'],
]);

/** Ordered: the first rule whose words occur in the label wins (外国人永久居留身份证 before 身份证). */
const LABEL_RULES: readonly (readonly [readonly string[], IdDocType | null])[] = [
  [['永久居留', '外国人居留', '绿卡'], 'foreign_permanent'],
  [['香港身份证', '澳门身份证', '台湾身份证'], null],
  [['港澳台居民居住证', '居住证'], 'resident_id'],
  [['信用代码', '营业执照', '组织机构'], 'uscc'],
  [['港澳', '回乡证', '香港', '澳门'], 'hk_macau_permit'],
  [['台胞', '台湾'], 'taiwan_permit'],
  [['护照', 'passport'], 'passport'],
  [['身份证', '户口', '公民身份', 'idcard', 'id card', 'identity card'], 'resident_id'],
];

/**
 * The document type named by a 证件类型 value (`身份证`, `居民身份证`, `01`, `0`, `护照`, `港澳通行证`, `回乡证`,
 * `台胞证`, `外国人永久居留证`, `营业执照`, `统一社会信用代码` …), or null for types outside {@link IdDocType}
 * (军官证, 香港身份证) and unknown labels.
 */
export function idTypeFromLabel(label: string): IdDocType | null {
  const s = foldCell(label).toLowerCase();
  if (s.length === 0) return null;
  const code = LABEL_CODES.get(s.replace(REMOVABLE, ''));
  if (code !== undefined) return code;
  for (const [words, type] of LABEL_RULES) {
    if (words.some((w) => s.includes(w))) return type;
  }
  return null;
}
