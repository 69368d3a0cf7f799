/**
 * Masks personal data written inside free text (a phone number in a complaint, a card number in a chat) with the
 * register's masking rules, for every note shown outside the engine.
 */
import { maskValue } from '#shared/privacy/mask.ts';

const PATTERNS: readonly { readonly re: RegExp; readonly type: 'phone' | 'id_no' | 'card_no' | 'email' }[] = [
  { re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, type: 'email' },
  { re: /(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)/g, type: 'id_no' },
  { re: /(?<!\d)\d{16,19}(?!\d)/g, type: 'card_no' },
  { re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g, type: 'phone' },
];

export function maskText(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p.re, (m) => maskValue(p.type, m));
  return out;
}
