/**
 * Portrait bins as blobs (shared/analytics/columnarBlob.ts) for the workspace's columnar cache: a re-opened
 * workspace reads a column's bin codes (two bytes per customer) instead of decoding the column and binning it
 * again, and a text column's portrait then needs nothing else.
 */
import { BadBlobError, BlobReader, encodeBlob } from '#shared/analytics/columnarBlob.ts';
import type { Binning } from './binning.ts';

/**
 * Format of cached bins. Change it whenever binning.ts would bin the same column differently (edges, labels,
 * folding, this layout): older cached bins are then never used.
 */
export const BINNING_CACHE_FORMAT = 'bins/1';

export function binningCacheKey(column: string, top: number): string {
  return `portrait.bins.${column}.${top}`;
}

export function encodeBinning(b: Binning, column: string, top: number): Uint8Array {
  // The codes as Uint16 over the same memory (the blob has no signed 16-bit part; the bits are the same).
  return encodeBlob([[column, String(top), b.kind], b.labels, b.labelsEn, new Uint16Array(b.codes.buffer, b.codes.byteOffset, b.codes.length)]);
}

/** The bins of a blob for `column` at `top` categories over `n` customers; refused when anything disagrees. */
export function decodeBinning(blob: Uint8Array, column: string, top: number, n: number): Binning {
  const r = new BlobReader(blob);
  const [storedColumn, storedTop, kind] = r.strings();
  if (storedColumn !== column || storedTop !== String(top) || (kind !== 'category' && kind !== 'numeric')) throw new BadBlobError('bins blob holds another column');
  const labels = r.strings();
  const labelsEn = r.strings();
  const raw = r.uint16();
  if (!r.done || raw.length !== n || labelsEn.length !== labels.length) throw new BadBlobError('bins blob has another shape');
  const codes = new Int16Array(raw.buffer, raw.byteOffset, raw.length);
  const bins = labels.length;
  // An indexed loop: the iterator form costs tens of milliseconds per million codes before the JIT warms up,
  // and this check runs on the first portrait after a workspace is opened.
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c < -1 || c >= bins) throw new BadBlobError('bins blob code outside its bins');
  }
  return { kind, labels, labelsEn, codes };
}
