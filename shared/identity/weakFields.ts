/**
 * Weak fields (name, birth date, area, e-mail local part) of a record, cleaned, and their comparison levels for
 * the Fellegi–Sunter stage.
 */
import { distance } from 'fastest-levenshtein';
import { parseDate } from '#shared/values/dates.ts';
import { normalizeEmail } from '#shared/values/email.ts';
import { foldCell } from '#shared/values/chars.ts';
import { cleanName, compareNames, namePinyin, NAME_LEVELS, pinyinKey } from './names.ts';
import type { WeakFields } from './recordSet.ts';

export interface FieldSpec {
  readonly name: string;
  readonly levels: readonly string[];
}

/** The compared fields and their levels, strongest agreement first. A missing side gives no evidence. */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'name', levels: NAME_LEVELS },
  { name: 'birth_date', levels: ['exact', 'close', 'different'] },
  { name: 'area', levels: ['district', 'city', 'different'] },
  { name: 'email', levels: ['exact', 'similar', 'different'] },
];

/** Radix of a comparison pattern: one digit per field, the last digit value meaning "missing". */
export const PATTERN_RADIX = 5;
export const PATTERN_COUNT = PATTERN_RADIX ** FIELDS.length;
export const MISSING = PATTERN_RADIX - 1;

/** Province / city / district parts of a Chinese address (浙江省杭州市西湖区教工路… → 杭州市, 西湖区). */
const AREA = /^(?:[^省市]{2,8}?(?:省|自治区|特别行政区))?(?:([^市区县]{2,8}?(?:市|自治州|地区|盟)))?(?:([^区县市旗]{1,8}?(?:区|县|市|旗)))?/;
const MUNICIPALITIES = /^(北京|上海|天津|重庆)市?/;

/** City and district from separate columns or, when those are missing, from an address. */
export function parseArea(city: string | null, district: string | null, address: string | null): { city: string; district: string } {
  let c = city ? foldCell(city) : '';
  let d = district ? foldCell(district) : '';
  if ((!c || !d) && address) {
    const a = foldCell(address).replace(/\s+/g, '');
    const muni = MUNICIPALITIES.exec(a);
    if (muni) {
      const rest = a.slice(muni[0].length);
      const dm = /^([^区县]{1,8}?(?:区|县))/.exec(rest);
      c ||= `${muni[1] ?? ''}市`;
      d ||= dm?.[1] ?? '';
    } else {
      const m = AREA.exec(a);
      c ||= m?.[1] ?? '';
      d ||= m?.[2] ?? '';
    }
  }
  return { city: c, district: d };
}

/** Cleans raw weak fields; returns null when there is no usable name (names drive blocking and matching). */
export function makeWeakFields(raw: {
  readonly name: string | null;
  readonly birth: string | null;
  readonly city?: string | null;
  readonly district?: string | null;
  readonly address?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
}): WeakFields | null {
  const name = cleanName(raw.name);
  if (!name) return null;
  const b = raw.birth ? parseDate(raw.birth) : null;
  const area = parseArea(raw.city ?? null, raw.district ?? null, raw.address ?? null);
  const e = raw.email ? normalizeEmail(raw.email) : null;
  return {
    name,
    py: namePinyin(name),
    birth: b?.ok ? b.value : '',
    city: area.city,
    district: area.district,
    emailLocal: e?.ok ? e.value.slice(0, e.value.indexOf('@')) : '',
    phone: raw.phone ?? '',
  };
}

function compareBirth(a: string, b: string): number {
  if (a === b) return 0;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  const same = Number(ya === yb) + Number(ma === mb) + Number(da === db);
  if (same === 2) return 1;
  if (ya === yb && ma === db && da === mb) return 1;
  return 2;
}

function compareArea(a: WeakFields, b: WeakFields): number {
  if (!a.city && !a.district) return MISSING;
  if (!b.city && !b.district) return MISSING;
  if (a.district && a.district === b.district && (!a.city || !b.city || a.city === b.city)) return 0;
  if (a.city && a.city === b.city) return 1;
  return 2;
}

function compareEmail(a: string, b: string): number {
  if (a === b) return 0;
  return Math.min(a.length, b.length) >= 5 && distance(a, b) <= 2 ? 1 : 2;
}

/** Comparison levels of two records per field (MISSING when either side lacks it). */
export function compareLevels(a: WeakFields, b: WeakFields): [number, number, number, number] {
  return [
    compareNames(a.name, b.name, a.py, b.py),
    a.birth && b.birth ? compareBirth(a.birth, b.birth) : MISSING,
    compareArea(a, b),
    a.emailLocal && b.emailLocal ? compareEmail(a.emailLocal, b.emailLocal) : MISSING,
  ];
}

/** The pattern index of two records: field levels as base-{@link PATTERN_RADIX} digits, field 0 lowest. */
export function comparePattern(a: WeakFields, b: WeakFields): number {
  const l = compareLevels(a, b);
  return l[0] + PATTERN_RADIX * (l[1] + PATTERN_RADIX * (l[2] + PATTERN_RADIX * l[3]));
}

/** The level of field `f` in pattern `p`. */
export function levelOf(p: number, f: number): number {
  return Math.floor(p / PATTERN_RADIX ** f) % PATTERN_RADIX;
}

/**
 * Block keys of a record's weak fields: birth date; name pinyin narrowed by birth year (or, without a birth date,
 * by city) so that a common name does not make a block of thousands at a million customers; phone prefix (first
 * seven digits). A birth-date typo is still caught by the name block unless it is in the year, and a name typo by
 * the birth-date block.
 */
export function weakBlockKeys(w: Pick<WeakFields, 'birth' | 'py' | 'phone' | 'city'>): string[] {
  const keys: string[] = [];
  const name = pinyinKey(w.py);
  if (w.birth) keys.push(`b${w.birth}`, `n${name}|${w.birth.slice(0, 4)}`);
  else keys.push(`n${name}|${w.city}`);
  if (w.phone.length >= 7) keys.push(`p${w.phone.slice(0, 7)}`);
  return keys;
}
