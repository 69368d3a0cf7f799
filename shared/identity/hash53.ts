/**
 * A 53-bit string hash (cyrb53, public domain): two 32-bit multiply–xorshift lanes combined into one safe integer.
 * Written here rather than taken from @noble/hashes because it runs on every identifier of millions of records
 * and a cryptographic hash costs microseconds per short string; keys only need to be well spread, and at 53 bits
 * the chance of any collision among ten million keys is about 1 in 180.
 *
 * @param seed mixes in a namespace: resolution hashes `value` with the identifier type code as seed, so equal
 *   strings of different types differ.
 */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A hash as a short fixed-width base-36 text (11 characters), for record keys that must not spell identifiers. */
export function hashText(h: number): string {
  return h.toString(36).padStart(11, '0');
}
