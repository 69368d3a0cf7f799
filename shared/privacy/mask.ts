import type { PiiType } from '#shared/model/entities.ts';

/**
 * Masking rules for personal data leaving the engine (grids, SQL output, rejects, exports, reports):
 * phone 138****1234, name 张*, ID 110***********1234, card 6222********1234, email z***@example.com.
 */
export function maskValue(type: PiiType, value: string): string {
  const v = value.trim();
  if (v === '') return value;
  switch (type) {
    case 'phone':
      return v.length >= 7 ? `${v.slice(0, 3)}${'*'.repeat(Math.max(v.length - 7, 1))}${v.slice(-4)}` : stars(v);
    case 'name':
      return maskName(v);
    case 'id_no':
      return v.length >= 8 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}` : stars(v);
    case 'card_no':
    case 'account_no':
      return v.length >= 9 ? `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}` : `${'*'.repeat(Math.max(v.length - 2, 1))}${v.slice(-2)}`;
    case 'email': {
      const at = v.indexOf('@');
      if (at <= 0) return stars(v);
      return `${v.slice(0, 1)}***${v.slice(at)}`;
    }
    case 'address':
      return maskAddress(v);
    case 'openid':
    case 'unionid':
    case 'device_id':
      return v.length > 8 ? `${v.slice(0, 4)}****${v.slice(-4)}` : stars(v);
  }
}

function stars(v: string): string {
  return '*'.repeat(Math.min(Math.max([...v].length, 1), 8));
}

function maskName(v: string): string {
  const chars = [...v];
  if (chars.length === 1) return '*';
  // Latin names: keep the first letter of each word.
  if (/^[\x20-\x7e]+$/.test(v)) return v.split(/\s+/).map((w) => (w ? `${w[0] ?? ''}${'*'.repeat(Math.max(w.length - 1, 1))}` : w)).join(' ');
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
}

/** Keeps the province/city/district part, hides street and number. */
function maskAddress(v: string): string {
  const m = /^(.*?(?:省|自治区|市|区|县|旗))/.exec(v);
  const keep = m?.[1] ?? [...v].slice(0, 3).join('');
  return `${keep}****`;
}

const PHONE = /^(?:\+?86[- ]?)?1[3-9]\d{9}$/;
const ID18 = /^\d{17}[\dXx]$/;
const ID15 = /^\d{15}$/;
const CARD = /^\d{16,19}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Recognises a personal-data value by its shape, for output whose columns are not in the register (ad-hoc SQL). */
export function detectPiiByShape(value: string): PiiType | null {
  const v = value.trim();
  if (v.length < 11 || v.length > 64) return null;
  if (PHONE.test(v)) return 'phone';
  if (ID18.test(v) || ID15.test(v)) return 'id_no';
  if (CARD.test(v)) return 'card_no';
  if (EMAIL.test(v)) return 'email';
  return null;
}
