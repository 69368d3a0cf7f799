/**
 * A fast non-cryptographic 64-bit string hash for row keys (de-duplication of rows without a natural key).
 * Hand-written because it runs once per imported row: cyrb53's two 32-bit lanes (public domain, bryc) kept
 * whole, so the key carries 64 bits — about 3·10⁻⁸ chance of any collision among a million rows in one table.
 * Not for anything security-related; the file digest is SHA-256.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** Separator between values in a composite key or hashed row; a control character that real cells never hold. */
export const KEY_SEP = '\u001f';
