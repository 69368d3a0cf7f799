import { describe, expect, it } from 'vitest';
import { BadBlobError, BlobReader, encodeBlob } from './columnarBlob.ts';

describe('columnar blob', () => {
  it('round-trips typed arrays and Unicode string tables, views aligned over one buffer', () => {
    const ints = Int32Array.of(0, -1, 2_147_483_647, -2_147_483_648);
    const shorts = Uint16Array.of(0, 65_535, 7);
    const bytes = Uint8Array.of(1, 2, 3);
    const floats = Float64Array.of(Number.NaN, -0.5, 1e300, Number.POSITIVE_INFINITY);
    const strings = ['浏览基金', '', 'emoji 🏦', 'quote " and \\ and \u0000', '𠀀 supplementary'];
    const blob = encodeBlob([ints, bytes, shorts, floats, strings]);
    expect(blob.byteLength % 8).toBe(0);
    const r = new BlobReader(blob);
    const i2 = r.int32();
    const b2 = r.uint8();
    const s2 = r.uint16();
    const f2 = r.float64();
    expect(Array.from(i2)).toEqual(Array.from(ints));
    expect(Array.from(b2)).toEqual([1, 2, 3]);
    expect(Array.from(s2)).toEqual([0, 65_535, 7]);
    expect(Array.from(f2)).toEqual(Array.from(floats));
    expect(r.strings()).toEqual(strings);
    expect(r.done).toBe(true);
    // No per-part copies: the arrays read the blob's own memory.
    expect(i2.buffer).toBe(blob.buffer);
    expect(f2.buffer).toBe(blob.buffer);
  });

  it('round-trips empty arrays and empty string tables', () => {
    const r = new BlobReader(encodeBlob([new Int32Array(0), [], new Float64Array(0), new Uint8Array(0)]));
    expect(r.int32().length).toBe(0);
    expect(r.strings()).toEqual([]);
    expect(r.float64().length).toBe(0);
    expect(r.uint8().length).toBe(0);
    expect(r.done).toBe(true);
  });

  it('reads a blob that does not start on an 8-byte boundary (copied once)', () => {
    const blob = encodeBlob([Float64Array.of(1.5, 2.5), Int32Array.of(9)]);
    const shifted = new Uint8Array(blob.byteLength + 3).subarray(3);
    shifted.set(blob);
    const r = new BlobReader(shifted);
    expect(Array.from(r.float64())).toEqual([1.5, 2.5]);
    expect(Array.from(r.int32())).toEqual([9]);
  });

  it('rejects foreign, truncated and differently shaped blobs', () => {
    expect(() => new BlobReader(new TextEncoder().encode('SQLite format 3\u0000 and more'))).toThrow(BadBlobError);
    expect(() => new BlobReader(new Uint8Array(4))).toThrow(BadBlobError);
    const blob = encodeBlob([Int32Array.of(1, 2, 3, 4), ['a']]);
    const cut = new BlobReader(blob.slice(0, 40));
    expect(() => cut.int32()).toThrow(BadBlobError);
    const wrongKind = new BlobReader(blob);
    expect(() => wrongKind.float64()).toThrow(BadBlobError);
    const short = new BlobReader(blob);
    short.int32();
    short.strings();
    expect(() => short.int32()).toThrow(BadBlobError);
  });
});
