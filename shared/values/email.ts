/**
 * E-mail addresses; see {@link normalizeEmail}.
 */
import { foldCell } from './chars.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

/**
 * A sane address, deliberately narrower than RFC 5322 (which allows quoted local parts and comments no bank
 * export contains): local part of letters, digits and `._%+-` not starting or ending with a dot, and a domain of
 * dot-separated labels of letters, digits and inner hyphens ending in a top-level domain of two or more letters.
 */
const EMAIL = /^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;
const MAILTO = /^mailto:/;

/**
 * Normalises an e-mail address: trimmed, full-width forms folded (`＠`), a `mailto:` prefix dropped, lower-cased
 * (mail providers treat the local part case-insensitively in practice, and matching needs one spelling). Fails
 * with EMAIL_INVALID when the shape is not sane (see EMAIL) or it is longer than 254 characters.
 */
export function normalizeEmail(raw: string): ParseResult<string> {
  const s = foldCell(raw).toLowerCase().replace(MAILTO, '');
  if (s.length > 254 || s.indexOf('@') > 64 || !EMAIL.test(s)) return fail('EMAIL_INVALID');
  return ok(s);
}
