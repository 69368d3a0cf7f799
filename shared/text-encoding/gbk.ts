/**
 * GBK encoding, for the demo's legacy-system exports (core banking writes GBK) and for audience exports that
 * Excel or WPS on a Chinese Windows open in the system code page.
 *
 * Written by hand on purpose: iconv-lite needs Node's `Buffer`, which a Vite-bundled Web Worker does not have
 * (safer-buffer reads `Buffer.prototype` from the externalised `buffer` module and throws on load). The table
 * here is the inverse of the platform's own WHATWG GBK decoder, so every byte we write is exactly what
 * `new TextDecoder('gbk' | 'gb18030')` reads back.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';

/** UTF-16 code unit → GBK two-byte code `lead << 8 | trail`; 0 where GBK has no two-byte code. */
let table: Uint16Array | null = null;

function buildTable(): Uint16Array {
  const t = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gbk');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const s = decoder.decode(pair);
      if (s.length !== 1) continue;
      const c = s.charCodeAt(0);
      if (c !== 0xfffd && c >= 0x80 && t[c] === 0) t[c] = (lead << 8) | trail;
    }
  }
  return t;
}

/** The byte GBK writes for a character it cannot represent in {@link encodeGbkLossy}: `?`. */
export const GBK_REPLACEMENT = 0x3f;

function encode(text: string, onMissing: (codePoint: number) => void): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    const code = table[c] ?? 0;
    if (code === 0) {
      const cp = text.codePointAt(i) ?? c;
      onMissing(cp);
      // A surrogate pair is one character: one replacement byte, not two.
      if (cp > 0xffff) i++;
      out[n++] = GBK_REPLACEMENT;
      continue;
    }
    out[n++] = code >> 8;
    out[n++] = code & 0xff;
  }
  return out.slice(0, n);
}

/**
 * Encodes text as GBK (also valid GB18030). Throws a {@link BugIndicatingError} on a character GBK cannot
 * represent: the demo generator only writes text from its own GBK-safe lexicon.
 */
export function encodeGbk(text: string): Uint8Array {
  return encode(text, (cp) => {
    throw new BugIndicatingError(`character U+${cp.toString(16).toUpperCase()} has no GBK code`);
  });
}

/**
 * Encodes text as GBK, writing `?` for each character GBK lacks (emoji, rare 扩展B ideographs) and counting
 * them, so an export can say how many characters it could not keep instead of failing on customer data.
 */
export function encodeGbkLossy(text: string): { readonly bytes: Uint8Array; readonly unmappable: number } {
  let unmappable = 0;
  const bytes = encode(text, () => {
    unmappable++;
  });
  return { bytes, unmappable };
}
