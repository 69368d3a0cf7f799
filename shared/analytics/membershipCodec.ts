/**
 * Tag memberships and cluster assignments of the analytics snapshot as blobs (columnarBlob.ts) for the
 * workspace's columnar cache: a tag's members and its members by value are bitsets over the universe, stored as
 * their words, and a clustering run is one code per customer, so a re-opened workspace does not read
 * `customer_tag` or `cluster_member` row by row again for every group a portrait or segment uses.
 */
import { TypedFastBitSet } from 'typedfastbitset';
import { wordCount, type CustomerSet } from './bitsets.ts';
import { BadBlobError, BlobReader, encodeBlob, type BlobPart } from './columnarBlob.ts';
import { cachedOrLoaded, type SnapshotCache } from './columnarCache.ts';
import { loadClusterRun, loadTag, type ClusterAssignment, type TagMembership } from './memberships.ts';
import type { Universe } from './universe.ts';

/**
 * Format of cached memberships. Change it whenever reading the same tag rows would give other sets (which run
 * counts, how values map, this layout): older cached blobs are then never used.
 */
export const MEMBERSHIP_CACHE_FORMAT = 'tags/1';

export function tagCacheKey(tag: string): string {
  return `analytics.tag.${tag}`;
}

/** The set's words as Int32 over the same memory (the blob has no unsigned 32-bit part; the bits are the same). */
function wordsOf(set: CustomerSet): Int32Array {
  const w = set.words;
  return new Int32Array(w.buffer, w.byteOffset, w.length);
}

export function encodeTag(t: TagMembership, n: number): Uint8Array {
  const values = [...t.byValue.keys()];
  const parts: BlobPart[] = [Float64Array.of(n, t.runId ?? Number.NaN), [t.tag, ...values], wordsOf(t.all)];
  for (const v of values) {
    const s = t.byValue.get(v);
    if (s) parts.push(wordsOf(s));
  }
  return encodeBlob(parts);
}

/** The membership of a blob for `tag` over `n` customers; refused when it holds another tag or size. */
export function decodeTag(blob: Uint8Array, tag: string, n: number): TagMembership {
  const r = new BlobReader(blob);
  const [storedN, runId] = r.float64();
  const [storedTag, ...values] = r.strings();
  if (storedN !== n || storedTag !== tag || runId === undefined) throw new BadBlobError('tag blob holds another tag or universe');
  const words = wordCount(n);
  const set = (): CustomerSet => {
    const w = r.int32();
    if (w.length !== words) throw new BadBlobError('tag blob set of another size');
    // The tail bits past n stay zero, as in sets built from rows: complements and counts rely on it.
    const tail = n & 31;
    if (tail !== 0 && ((w[words - 1] ?? 0) >>> tail) !== 0) throw new BadBlobError('tag blob set has members past the universe');
    return TypedFastBitSet.fromWords(new Uint32Array(w.buffer, w.byteOffset, w.length));
  };
  const all = set();
  const byValue = new Map<string, CustomerSet>();
  for (const v of values) byValue.set(v, set());
  if (!r.done) throw new BadBlobError('tag blob has another shape');
  return { tag, runId: Number.isNaN(runId) ? null : runId, all, byValue };
}

/** A tag's membership over the universe, from the cache or `customer_tag`. */
export function cachedTag(cx: SnapshotCache, universe: Universe, tag: string): TagMembership {
  return cachedOrLoaded(
    cx,
    tagCacheKey(tag),
    MEMBERSHIP_CACHE_FORMAT,
    (blob) => decodeTag(blob, tag, universe.n),
    () => loadTag(cx.db, universe, tag),
    (t) => encodeTag(t, universe.n),
  );
}

export function clusterCacheKey(runId: number): string {
  return `analytics.cluster.${runId}`;
}

export function encodeClusterRun(c: ClusterAssignment, n: number): Uint8Array {
  return encodeBlob([Float64Array.of(n, c.runId), c.codes]);
}

/** The assignment of a blob for run `runId` over `n` customers; refused when it holds another run or size. */
export function decodeClusterRun(blob: Uint8Array, runId: number, n: number): ClusterAssignment {
  const r = new BlobReader(blob);
  const [storedN, storedRun] = r.float64();
  const codes = r.int32();
  if (!r.done || storedN !== n || storedRun !== runId || codes.length !== n) throw new BadBlobError('cluster blob holds another run or universe');
  return { runId, codes };
}

/** A clustering run's assignment over the universe, from the cache or `cluster_member`. */
export function cachedClusterRun(cx: SnapshotCache, universe: Universe, runId: number): ClusterAssignment {
  return cachedOrLoaded(
    cx,
    clusterCacheKey(runId),
    MEMBERSHIP_CACHE_FORMAT,
    (blob) => decodeClusterRun(blob, runId, universe.n),
    () => loadClusterRun(cx.db, universe, runId),
    (c) => encodeClusterRun(c, universe.n),
  );
}
