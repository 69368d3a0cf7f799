/**
 * Bank identifier checks applied to stored values: the same validators the import uses (shared/values), plus the
 * mobile-prefix rule, because a phone field of the model is a mobile number and a landline in it cannot be
 * reached by SMS.
 */
import type { FieldType } from '#shared/model/entities.ts';
import { normalizeCardNo } from '#shared/values/cards.ts';
import { normalizeEmail } from '#shared/values/email.ts';
import { idTypeFromLabel, normalizeIdDocument, type IdDocType } from '#shared/values/idNumbers.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { isMobile, normalizePhone } from '#shared/values/phone.ts';
import { normalizeDeviceId, normalizeOpenId, normalizeUnionId } from '#shared/values/wechat.ts';

export type IdentifierType = Extract<FieldType, 'phone' | 'id_no' | 'card_no' | 'email' | 'openid' | 'unionid' | 'device_id'>;

export function isIdentifierType(t: FieldType): t is IdentifierType {
  return t === 'phone' || t === 'id_no' || t === 'card_no' || t === 'email' || t === 'openid' || t === 'unionid' || t === 'device_id';
}

/**
 * Checks one identifier value. Returns null when it conforms, otherwise the issue code (e.g. ID_NO_CHECKSUM,
 * CARD_NO_CHECKSUM, PHONE_PLACEHOLDER). `idTypeLabel` is the row's 证件类型 text, so a passport number in an ID
 * column is checked as a passport, not failed as a 身份证.
 */
export function checkIdentifier(type: IdentifierType, value: string, idTypeLabel?: string | null): CellIssueCode | null {
  switch (type) {
    case 'phone': {
      const r = normalizePhone(value);
      if (!r.ok) return r.code;
      return isMobile(r.value) ? null : 'PHONE_INVALID';
    }
    case 'id_no': {
      const hint: IdDocType | null = idTypeLabel ? idTypeFromLabel(idTypeLabel) : null;
      const r = normalizeIdDocument(value, hint);
      return r.ok ? null : r.code;
    }
    case 'card_no': {
      const r = normalizeCardNo(value);
      return r.ok ? null : r.code;
    }
    case 'email': {
      const r = normalizeEmail(value);
      return r.ok ? null : r.code;
    }
    case 'openid': {
      const r = normalizeOpenId(value);
      return r.ok ? null : r.code;
    }
    case 'unionid': {
      const r = normalizeUnionId(value);
      return r.ok ? null : r.code;
    }
    case 'device_id': {
      const r = normalizeDeviceId(value);
      return r.ok ? null : r.code;
    }
  }
}
