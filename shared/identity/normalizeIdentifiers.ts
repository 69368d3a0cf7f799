/**
 * Identifier values as resolution compares them. Every type goes through the shared value normalisers
 * (shared/values); this module only adds what identity needs on top: customer numbers written with different
 * zero padding, free-text ids (app user, cookie) and the dummy values staff type into required fields.
 */
import type { IdentifierType } from '#shared/api/identityTypes.ts';
import { normalizeCardNo } from '#shared/values/cards.ts';
import { foldCell } from '#shared/values/chars.ts';
import { normalizeEmail } from '#shared/values/email.ts';
import { idTypeFromLabel, normalizeIdDocument, type IdDocType } from '#shared/values/idNumbers.ts';
import { isMissing } from '#shared/values/missing.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { isMobile, normalizePhone } from '#shared/values/phone.ts';
import { normalizeDeviceId, normalizeOpenId, normalizeUnionId } from '#shared/values/wechat.ts';

export type IdentifierIssueCode = CellIssueCode | 'ID_PLACEHOLDER' | 'ID_TEXT_INVALID' | 'PHONE_NOT_MOBILE';

export type Normalized =
  | { readonly ok: true; readonly type: IdentifierType; readonly value: string }
  | { readonly ok: false; readonly type: IdentifierType; readonly code: IdentifierIssueCode };

/** Free-text ids that mean "unknown" in exports. Compared lower-cased. */
const DUMMY_TEXT: ReadonlySet<string> = new Set([
  '0', '-1', 'unknown', 'unknow', 'undefined', 'null', 'none', 'test', 'guest', 'anonymous', 'default', 'n/a', '未知', '无', '测试', '游客', '匿名',
]);

const MAX_TEXT_ID = 128;

const ID_DOC_TYPES: Readonly<Record<IdDocType, IdentifierType>> = {
  resident_id: 'id_card',
  passport: 'passport',
  hk_macau_permit: 'hk_macau_permit',
  taiwan_permit: 'taiwan_permit',
  foreign_permanent: 'foreign_permanent',
  uscc: 'uscc',
};

/** True when every character equals the first (`0000000`, `xxxxxxxx`). */
function oneRepeated(s: string): boolean {
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
}

/**
 * A customer number as the key it is: folded and trimmed, upper-cased, leading zeros of an all-digit number
 * dropped (the CRM writes `006175435660` for core's `6175435660`). Dummies fail with ID_PLACEHOLDER.
 */
export function normalizeCustNo(raw: string): Normalized {
  let s = foldCell(raw).toUpperCase();
  if (/^\d+$/.test(s)) s = s.replace(/^0+/, '');
  if (s.length === 0 || oneRepeated(s) || DUMMY_TEXT.has(s.toLowerCase())) return { ok: false, type: 'cust_no', code: 'ID_PLACEHOLDER' };
  if (s.length > MAX_TEXT_ID) return { ok: false, type: 'cust_no', code: 'ID_TEXT_INVALID' };
  return { ok: true, type: 'cust_no', value: s };
}

/** App user ids and cookie ids: folded, trimmed, case kept for app ids and folded for cookies (UUIDs). */
function normalizeTextId(type: 'app_user_id' | 'cookie_id', raw: string): Normalized {
  let s = foldCell(raw);
  if (type === 'cookie_id') s = s.toLowerCase();
  if (s.length === 0 || oneRepeated(s) || DUMMY_TEXT.has(s.toLowerCase())) return { ok: false, type, code: 'ID_PLACEHOLDER' };
  if (s.length > MAX_TEXT_ID || /\s/.test(s)) return { ok: false, type, code: 'ID_TEXT_INVALID' };
  return { ok: true, type, value: s };
}

/**
 * Normalises one identifier cell for matching, or returns null when the cell is empty or a missing-value marker
 * (`null`, `-`, `空` …: not an identifier, not an issue).
 *
 * - `phone`: {@link normalizePhone}; only mobiles link (a landline is a household's or a company's switchboard),
 *   landlines fail with PHONE_NOT_MOBILE.
 * - `id_card` (any 证件号码 column): {@link normalizeIdDocument} with the row's 证件类型 label as hint; the
 *   result's type is the document kind (`id_card`, `passport`, `hk_macau_permit`, …).
 * - `card_no`, `email`, `openid`, `unionid`, `device_id`: the shared normalisers.
 * - `cust_no`: {@link normalizeCustNo}; `app_user_id`, `cookie_id`: trimmed text ids without dummies.
 */
export function normalizeIdentifier(type: IdentifierType, raw: string, idTypeLabel?: string | null): Normalized | null {
  if (isMissing(raw)) return null;
  switch (type) {
    case 'cust_no':
      return normalizeCustNo(raw);
    case 'app_user_id':
    case 'cookie_id':
      return normalizeTextId(type, raw);
    case 'phone': {
      const r = normalizePhone(raw);
      if (!r.ok) return { ok: false, type, code: r.code };
      return isMobile(r.value) ? { ok: true, type, value: r.value } : { ok: false, type, code: 'PHONE_NOT_MOBILE' };
    }
    case 'card_no': {
      const r = normalizeCardNo(raw);
      return r.ok ? { ok: true, type, value: r.value } : { ok: false, type, code: r.code };
    }
    case 'email': {
      const r = normalizeEmail(raw);
      return r.ok ? { ok: true, type, value: r.value } : { ok: false, type, code: r.code };
    }
    case 'openid': {
      const r = normalizeOpenId(raw);
      return r.ok ? { ok: true, type, value: r.value } : { ok: false, type, code: r.code };
    }
    case 'unionid': {
      const r = normalizeUnionId(raw);
      return r.ok ? { ok: true, type, value: r.value } : { ok: false, type, code: r.code };
    }
    case 'device_id': {
      const r = normalizeDeviceId(raw);
      return r.ok ? { ok: true, type, value: r.value } : { ok: false, type, code: r.code };
    }
    case 'id_card':
    case 'foreign_permanent':
    case 'passport':
    case 'hk_macau_permit':
    case 'taiwan_permit':
    case 'uscc': {
      const hint = idTypeLabel ? idTypeFromLabel(idTypeLabel) : null;
      const r = normalizeIdDocument(raw, hint);
      if (!r.ok) return { ok: false, type: hint ? ID_DOC_TYPES[hint] : 'id_card', code: r.code };
      if (r.value.docType === 'resident_id' && isDummyResidentId(r.value.value)) return { ok: false, type: 'id_card', code: 'ID_PLACEHOLDER' };
      return { ok: true, type: ID_DOC_TYPES[r.value.docType], value: r.value.value };
    }
  }
}

/** Resident IDs that pass the check digit but are fillers: one digit repeated after the area code. */
function isDummyResidentId(v: string): boolean {
  return oneRepeated(v.slice(6, 17));
}
