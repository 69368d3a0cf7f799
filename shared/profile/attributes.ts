/**
 * Normalisation of the basic attributes the wide table shows: gender, age and its band, the 风险测评 level.
 * Exports write these many ways (男/M/1, 1981-12-12 or only a 身份证 number, C3-平衡型 or 平衡型).
 */
import { wholeYears } from './calendar.ts';

const MALE = /^(男|男性|m|male|1|先生)$/i;
const FEMALE = /^(女|女性|f|female|2|0|女士)$/i;

/** 男 or 女 from a gender cell, else from the 身份证 order digit (odd = male); null when neither says. */
export function normalizeGender(gender: string, idNo: string): '男' | '女' | null {
  const g = gender.trim();
  if (MALE.test(g)) return '男';
  if (FEMALE.test(g)) return '女';
  if (/^\d{17}[\dX]$/i.test(idNo)) return Number(idNo[16]) % 2 === 1 ? '男' : '女';
  return null;
}

/** `YYYY-MM-DD` birth date written in an 18-digit 身份证 number, or null. */
export function birthFromIdNo(idNo: string): string | null {
  if (!/^\d{17}[\dX]$/i.test(idNo)) return null;
  const d = `${idNo.slice(6, 10)}-${idNo.slice(10, 12)}-${idNo.slice(12, 14)}`;
  return /^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(d) ? d : null;
}

/**
 * Age in whole years at the as-of date from the birth date, else the 身份证 number, else the exported age;
 * null outside 0–120 (a placeholder birth date such as 1900-01-01 is no age).
 */
export function ageAt(asOf: string, birthDate: string, idNo: string, age: string): number | null {
  const birth = /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : birthFromIdNo(idNo);
  const years = birth ? wholeYears(birth, asOf) : age !== '' ? Number(age) : Number.NaN;
  return Number.isInteger(years) && years >= 0 && years <= 120 ? years : null;
}

export const AGE_BANDS = ['<25', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

export function ageBand(age: number | null): string | null {
  if (age === null) return null;
  if (age < 25) return '<25';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

const RISK_WORDS: readonly (readonly [RegExp, string])[] = [
  [/保守|谨慎|低风险/, 'C1'],
  [/稳健/, 'C2'],
  [/平衡|适中|中等/, 'C3'],
  [/成长/, 'C4'],
  [/进取|激进|积极|高风险/, 'C5'],
];

/** A 风险测评 level as C1–C5 (`C3-平衡型`, `R3`, `3`, `平衡型` → C3), or null. */
export function normalizeRiskLevel(raw: string): string | null {
  const s = raw.trim();
  if (s === '') return null;
  const m = /^[CR]?([1-5])(?![0-9])/i.exec(s);
  if (m) return `C${m[1] ?? ''}`;
  for (const [re, level] of RISK_WORDS) if (re.test(s)) return level;
  return null;
}

/** 1/0 from a flag cell as stored (INTEGER 0/1) or written (是/否, Y/N); null when empty or unknown. */
export function flag(raw: string): number | null {
  const s = raw.trim().toLowerCase();
  if (s === '1' || s === '是' || s === 'y' || s === 'yes' || s === 'true') return 1;
  if (s === '0' || s === '否' || s === 'n' || s === 'no' || s === 'false') return 0;
  return null;
}
