/**
 * A compact binary container for built columnar structures (typed arrays and dictionary string tables), so a
 * re-opened workspace decodes them from one blob instead of rebuilding them from millions of rows (see
 * columnarCache.ts). Layout, little-endian:
 *
 *   "KQCB" · u32 layout version · u32 part count · u32 0 ·
 *   per part: u32 kind · u32 element count · u32 payload bytes · u32 0 · payload, padded to a multiple of 8
 *
 * Payloads start at multiples of 8, so decoded typed arrays are views over the blob's one buffer: the bytes are
 * copied once (out of SQLite), never per row. String tables are UTF-8 JSON arrays; they are dictionaries (event
 * names, channel labels, category values), short next to the arrays, and JSON keeps any Unicode text exact.
 * Hand-written because Arrow/flatbuffers would be a large dependency for six part kinds.
 */

const MAGIC = 0x4243_514b; // "KQCB" read as a little-endian u32
const LAYOUT = 1;
const HEADER_BYTES = 16;
const PART_HEADER_BYTES = 16;

export type BlobPart = Int32Array | Uint16Array | Uint8Array | Float64Array | readonly string[];

const Kind = { Int32: 1, Uint16: 2, Uint8: 3, Float64: 4, Strings: 5 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const pad8 = (n: number): number => (n + 7) & ~7;

function kindOf(part: BlobPart): Kind {
  if (part instanceof Int32Array) return Kind.Int32;
  if (part instanceof Uint16Array) return Kind.Uint16;
  if (part instanceof Uint8Array) return Kind.Uint8;
  if (part instanceof Float64Array) return Kind.Float64;
  return Kind.Strings;
}

/** Encodes parts in order; decode with {@link decodeBlob} and read them back in the same order. */
export function encodeBlob(parts: readonly BlobPart[]): Uint8Array {
  const encoder = new TextEncoder();
  const payloads = parts.map((p): { kind: Kind; count: number; bytes: Uint8Array } => {
    const kind = kindOf(p);
    if (kind === Kind.Strings) {
      const strings = p as readonly string[];
      return { kind, count: strings.length, bytes: encoder.encode(JSON.stringify(strings)) };
    }
    const arr = p as Int32Array | Uint16Array | Uint8Array | Float64Array;
    return { kind, count: arr.length, bytes: new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength) };
  });
  const total = payloads.reduce((sum, p) => sum + PART_HEADER_BYTES + pad8(p.bytes.byteLength), HEADER_BYTES);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, LAYOUT, true);
  view.setUint32(8, payloads.length, true);
  let at = HEADER_BYTES;
  for (const p of payloads) {
    view.setUint32(at, p.kind, true);
    view.setUint32(at + 4, p.count, true);
    view.setUint32(at + 8, p.bytes.byteLength, true);
    at += PART_HEADER_BYTES;
    out.set(p.bytes, at);
    at += pad8(p.bytes.byteLength);
  }
  return out;
}

function parseStringTable(bytes: Uint8Array, count: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BadBlobError('blob string table is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== count || !parsed.every((s) => typeof s === 'string')) throw new BadBlobError('blob string table malformed');
  return parsed;
}

/** Thrown for a blob that is not a well-formed container; callers treat it as a cache miss and rebuild. */
export class BadBlobError extends Error {}

/** Reads the parts of a blob in order, each checked for its expected kind. */
export class BlobReader {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private at = HEADER_BYTES;
  private left: number;

  constructor(blob: Uint8Array) {
    // Typed-array views need aligned offsets; a blob that does not start at one is copied once to fix that.
    this.bytes = blob.byteOffset % 8 === 0 ? blob : blob.slice();
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if (this.bytes.byteLength < HEADER_BYTES || this.view.getUint32(0, true) !== MAGIC) throw new BadBlobError('not a columnar blob');
    if (this.view.getUint32(4, true) !== LAYOUT) throw new BadBlobError('unknown blob layout');
    this.left = this.view.getUint32(8, true);
  }

  private next(kind: Kind, bytesPerElement: number): { count: number; offset: number; byteLength: number } {
    if (this.left <= 0) throw new BadBlobError('blob has fewer parts than expected');
    if (this.at + PART_HEADER_BYTES > this.bytes.byteLength) throw new BadBlobError('blob truncated');
    const found = this.view.getUint32(this.at, true);
    const count = this.view.getUint32(this.at + 4, true);
    if (found !== kind) throw new BadBlobError(`blob part of kind ${found}, expected ${kind}`);
    const byteLength = this.view.getUint32(this.at + 8, true);
    const offset = this.at + PART_HEADER_BYTES;
    // For strings the count is the number of strings and the bytes are their JSON; arrays must agree exactly.
    if (kind !== Kind.Strings && byteLength !== count * bytesPerElement) throw new BadBlobError('blob part length mismatch');
    if (offset + byteLength > this.bytes.byteLength) throw new BadBlobError('blob truncated');
    this.at = offset + pad8(byteLength);
    this.left--;
    return { count, offset, byteLength };
  }

  int32(): Int32Array {
    const p = this.next(Kind.Int32, 4);
    return new Int32Array(this.bytes.buffer, this.bytes.byteOffset + p.offset, p.count);
  }

  uint16(): Uint16Array {
    const p = this.next(Kind.Uint16, 2);
    return new Uint16Array(this.bytes.buffer, this.bytes.byteOffset + p.offset, p.count);
  }

  uint8(): Uint8Array {
    const p = this.next(Kind.Uint8, 1);
    return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + p.offset, p.count);
  }

  float64(): Float64Array {
    const p = this.next(Kind.Float64, 8);
    return new Float64Array(this.bytes.buffer, this.bytes.byteOffset + p.offset, p.count);
  }

  strings(): string[] {
    const p = this.next(Kind.Strings, 1);
    return parseStringTable(this.bytes.subarray(p.offset, p.offset + p.byteLength), p.count);
  }

  /**
   * A string table whose count is checked now and whose text is parsed on the first `read()`: a million ONE_IDs
   * take about 0.4 s to parse and a portrait never reads them. A damaged table fails on that read (BadBlobError).
   */
  lazyStrings(): { readonly count: number; readonly read: () => string[] } {
    const p = this.next(Kind.Strings, 1);
    const bytes = this.bytes.subarray(p.offset, p.offset + p.byteLength);
    let parsed: string[] | null = null;
    return { count: p.count, read: () => (parsed ??= parseStringTable(bytes, p.count)) };
  }

  /** True when every part was read (a reader that stops early read a blob of another shape). */
  get done(): boolean {
    return this.left === 0;
  }
}
