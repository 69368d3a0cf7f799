/**
 * WeChat and device identifiers, shape-checked and normalised for identity matching.
 */
import { foldCell, isAllDigits } from './chars.ts';
import { luhnOk } from './cards.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

/** WeChat's documented OpenID/UnionID shape: 28 characters of the URL-safe base64 alphabet. */
const WECHAT_ID = /^[A-Za-z0-9_-]{28}$/;

/**
 * Normalises a WeChat OpenID: trimmed and full-width folded, case kept (IDs are case-sensitive). Accepted: exactly
 * 28 characters of `[A-Za-z0-9_-]`, not one character repeated. Real OpenIDs start with `o`, but the first
 * character is not checked, so IDs of other official accounts or a future prefix are not lost; column type
 * inference uses the `o` to recognise an OpenID column. Fails with OPENID_INVALID.
 */
export function normalizeOpenId(raw: string): ParseResult<string> {
  const s = foldCell(raw);
  return isWechatId(s) ? ok(s) : fail('OPENID_INVALID');
}

/**
 * Normalises a WeChat UnionID: the same shape rules as {@link normalizeOpenId} (the two cannot be told apart by
 * shape). Fails with UNIONID_INVALID.
 */
export function normalizeUnionId(raw: string): ParseResult<string> {
  const s = foldCell(raw);
  return isWechatId(s) ? ok(s) : fail('UNIONID_INVALID');
}

function isWechatId(s: string): boolean {
  return WECHAT_ID.test(s) && !isOneRepeated(s, 0);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = /^[0-9a-f]+$/;
const SEPARATORS = /[\s:]+/g;
/** The Android ID shared by many devices of an Android 2.2 bug; as an identifier it would merge strangers. */
const SHARED_ANDROID_ID = '9774d56d682e549c';

/**
 * Normalises a device identifier, recognising its kind by shape:
 * - IMEI: 15 digits (dashes and spaces removed) passing the Luhn check → the digits;
 * - MEID: 14 hexadecimal characters → upper case;
 * - IDFA / IDFV / OAID / advertising IDs in UUID form (8-4-4-4-12 hex) → upper case, as iOS prints IDFA;
 * - Android ID: 16 hex → lower case, as Android reports it;
 * - 32 or 64 hex (dash-less UUIDs, hashed IMEIs, vendor OAIDs) → lower case, as hashes are written.
 * Placeholders fail with DEVICE_ID_INVALID: one character repeated (`00000000-0000-0000-0000-000000000000`, the
 * IDFA of a device with ad tracking off; `000000000000000`), and the shared Android ID 9774d56d682e549c.
 */
export function normalizeDeviceId(raw: string): ParseResult<string> {
  const s = foldCell(raw).toLowerCase().replace(SEPARATORS, '');
  if (UUID.test(s)) return isOneRepeated(s.replaceAll('-', ''), 0) ? fail('DEVICE_ID_INVALID') : ok(s.toUpperCase());
  const compact = s.replaceAll('-', '');
  if (compact.length === 0 || isOneRepeated(compact, 0)) return fail('DEVICE_ID_INVALID');
  if (compact.length === 15 && isAllDigits(compact)) return luhnOk(compact) ? ok(compact) : fail('DEVICE_ID_INVALID');
  if (s.includes('-') || !HEX.test(compact)) return fail('DEVICE_ID_INVALID');
  switch (compact.length) {
    case 14:
      return ok(compact.toUpperCase());
    case 16:
      return compact === SHARED_ANDROID_ID ? fail('DEVICE_ID_INVALID') : ok(compact);
    case 32:
    case 64:
      return ok(compact);
    default:
      return fail('DEVICE_ID_INVALID');
  }
}

/** Every character from `from` on equals the one at `from`. */
function isOneRepeated(s: string, from: number): boolean {
  const c = s.charCodeAt(from);
  for (let i = from + 1; i < s.length; i++) if (s.charCodeAt(i) !== c) return false;
  return true;
}
