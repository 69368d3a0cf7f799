/**
 * The compact index a run leaves for the next incremental run and for search: which persons carry each
 * identifier value (by 53-bit hash, never the value itself), and which persons carry each weak-field block key
 * with the row to fetch for comparison. Stored as one BLOB in `identity_state`: sorted typed arrays are read
 * back in milliseconds, while millions of index rows would cost seconds to write through sql.js.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';

export interface IdentityState {
  /** ONE_ID per person index. */
  readonly persons: readonly string[];
  /** Bit t set when the person carries an identifier of type code t. */
  readonly personTypes: Uint16Array;
  readonly personRecords: Int32Array;
  /** Bit c set when the person was seen in channel code c (see CHANNELS). */
  readonly personChannels: Uint16Array;
  /** Identifier entries sorted by hash: value hash (type-seeded), type code, person, records with that value. */
  readonly keyHash: Float64Array;
  readonly keyType: Uint8Array;
  readonly keyPerson: Int32Array;
  readonly keyRecords: Int32Array;
  /** Weak-field block entries sorted by hash: block key hash, person, source table code, row id. */
  readonly weakHash: Float64Array;
  readonly weakPerson: Int32Array;
  readonly weakTable: Uint8Array;
  readonly weakRow: Float64Array;
  /** Highest import batch the run had read. */
  readonly lastBatch: number;
}

const MAGIC = 0x4b514944; // "KQID"
const VERSION = 1;

type Arrays = [Uint16Array, Int32Array, Uint16Array, Float64Array, Uint8Array, Int32Array, Int32Array, Float64Array, Int32Array, Uint8Array, Float64Array];

function arraysOf(s: IdentityState): Arrays {
  return [s.personTypes, s.personRecords, s.personChannels, s.keyHash, s.keyType, s.keyPerson, s.keyRecords, s.weakHash, s.weakPerson, s.weakTable, s.weakRow];
}

const pad8 = (n: number): number => (n + 7) & ~7;

export function encodeState(s: IdentityState): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ persons: s.persons.join('\n'), lastBatch: s.lastBatch }));
  const arrays = arraysOf(s);
  let size = pad8(12 + header.byteLength);
  for (const a of arrays) size += 8 + pad8(a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, header.byteLength, true);
  out.set(header, 12);
  let at = pad8(12 + header.byteLength);
  for (const a of arrays) {
    view.setFloat64(at, a.byteLength, true);
    at += 8;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

export function decodeState(bytes: Uint8Array): IdentityState {
  // Copy to an aligned buffer of our own: typed array views need 8-byte alignment.
  const buf = bytes.slice().buffer;
  const view = new DataView(buf);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION) throw new BugIndicatingError('identity_state has an unknown format');
  const hlen = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 12, hlen))) as { persons: string; lastBatch: number };
  let at = pad8(12 + hlen);
  const next = <T>(make: (b: ArrayBuffer, off: number, len: number) => T, bytesPer: number): T => {
    const len = view.getFloat64(at, true);
    at += 8;
    const arr = make(buf, at, len / bytesPer);
    at += pad8(len);
    return arr;
  };
  const u16 = (b: ArrayBuffer, o: number, l: number): Uint16Array => new Uint16Array(b, o, l);
  const i32 = (b: ArrayBuffer, o: number, l: number): Int32Array => new Int32Array(b, o, l);
  const f64 = (b: ArrayBuffer, o: number, l: number): Float64Array => new Float64Array(b, o, l);
  const u8 = (b: ArrayBuffer, o: number, l: number): Uint8Array => new Uint8Array(b, o, l);
  return {
    persons: header.persons.length > 0 ? header.persons.split('\n') : [],
    lastBatch: header.lastBatch,
    personTypes: next(u16, 2),
    personRecords: next(i32, 4),
    personChannels: next(u16, 2),
    keyHash: next(f64, 8),
    keyType: next(u8, 1),
    keyPerson: next(i32, 4),
    keyRecords: next(i32, 4),
    weakHash: next(f64, 8),
    weakPerson: next(i32, 4),
    weakTable: next(u8, 1),
    weakRow: next(f64, 8),
  };
}

/** Index of the first entry with hash ≥ `h` in a sorted hash array. */
export function lowerBound(hashes: Float64Array, h: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hashes[mid] as number) < h) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Digits of the LSD radix sort in {@link sortOrder}: [which half, shift, bits] over the 32 low and 21 high bits. */
const RADIX_DIGITS: readonly (readonly [0 | 1, number, number])[] = [
  [0, 0, 11],
  [0, 11, 11],
  [0, 22, 10],
  [1, 0, 11],
  [1, 11, 10],
];

/**
 * Permutation that sorts non-negative 53-bit integer `keys` ascending, stable: an LSD radix sort over five
 * digits of at most 11 bits. A comparator sort over millions of indexes calls back into JavaScript ~10⁸ times;
 * here the key halves travel with the indexes, so every pass reads sequentially and scatters into at most 2,048
 * runs (small enough for the caches), and one first pass counts every digit.
 */
export function sortOrder(keys: Float64Array): Int32Array {
  const n = keys.length;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let order = new Int32Array(n);
  const counts = RADIX_DIGITS.map(([, , bits]) => new Int32Array((1 << bits) + 1));
  const [c0, c1, c2, c3, c4] = counts as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    const h = Math.floor(k / 4294967296);
    const l = k - h * 4294967296;
    hi[i] = h;
    lo[i] = l;
    order[i] = i;
    const d0 = (l & 0x7ff) + 1;
    const d1 = ((l >>> 11) & 0x7ff) + 1;
    const d2 = (l >>> 22) + 1;
    const d3 = (h & 0x7ff) + 1;
    const d4 = ((h >>> 11) & 0x3ff) + 1;
    c0[d0] = (c0[d0] as number) + 1;
    c1[d1] = (c1[d1] as number) + 1;
    c2[d2] = (c2[d2] as number) + 1;
    c3[d3] = (c3[d3] as number) + 1;
    c4[d4] = (c4[d4] as number) + 1;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let order2 = new Int32Array(n);
  RADIX_DIGITS.forEach(([half, shift, bits], d) => {
    const count = counts[d] as Int32Array;
    const mask = (1 << bits) - 1;
    // A digit every key shares (high bits of small keys) leaves the order as it is.
    if (count.some((c) => c === n)) return;
    for (let b = 0; b < mask + 1; b++) count[b + 1] = (count[b + 1] as number) + (count[b] as number);
    const src = half === 0 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const b = ((src[i] as number) >>> shift) & mask;
      const at = count[b] as number;
      count[b] = at + 1;
      lo2[at] = lo[i] as number;
      hi2[at] = hi[i] as number;
      order2[at] = order[i] as number;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [order, order2] = [order2, order];
  });
  return order;
}
