/**
 * The customer universe and the typed profile columns of the analytics snapshot as blobs (columnarBlob.ts) for
 * the workspace's columnar cache, and their load-or-read entries: at a million customers each is a full scan
 * of `customer_profile` through sql.js (seconds), against a few milliseconds to decode.
 */
import type { ProfileColumnType } from '#shared/profile/profileSchema.ts';
import { BadBlobError, BlobReader, encodeBlob } from './columnarBlob.ts';
import { cachedOrLoaded, type SnapshotCache } from './columnarCache.ts';
import { loadColumn, type Column } from './profileColumns.ts';
import { loadUniverse, requireProfile, type Universe } from './universe.ts';

/**
 * Format of the cached universe and columns. Change it whenever reading the same wide table would give other
 * arrays (row order, value parsing, dictionary order, this layout): older cached blobs are then never used.
 */
export const PROFILE_CACHE_FORMAT = 'profile/1';

export const UNIVERSE_CACHE_KEY = 'analytics.universe';

/** Cache key of a profile column. */
export function columnCacheKey(name: string): string {
  return `analytics.column.${name}`;
}

export function encodeUniverse(u: Universe): Uint8Array {
  return encodeBlob([u.oneIds]);
}

/**
 * The universe of a blob. Its ONE_IDs are parsed on first use and its index built on first lookup: a portrait or
 * count answered from cached columns and sets needs neither, and at a million customers they cost about 0.4 s and
 * 0.5 s. Should the deferred parse find the table damaged, `fallback` (the rows, in the same order for the same
 * data version) answers instead; without one the read fails with BadBlobError.
 */
export function decodeUniverse(blob: Uint8Array, fallback?: () => Universe): Universe {
  const r = new BlobReader(blob);
  const table = r.lazyStrings();
  if (!r.done) throw new BadBlobError('universe blob has another shape');
  const n = table.count;
  let oneIds: readonly string[] | null = null;
  let index: Map<string, number> | null = null;
  const ids = (): readonly string[] => {
    if (!oneIds) {
      try {
        oneIds = table.read();
      } catch (e) {
        if (!(e instanceof BadBlobError) || !fallback) throw e;
        const loaded = fallback().oneIds;
        if (loaded.length !== n) throw e;
        oneIds = loaded;
      }
    }
    return oneIds;
  };
  return {
    n,
    get oneIds(): readonly string[] {
      return ids();
    },
    get index(): ReadonlyMap<string, number> {
      if (!index) {
        const built = new Map<string, number>();
        // As when reading the table: should a ONE_ID repeat, lookups find its first row.
        ids().forEach((id, i) => {
          if (!built.has(id)) built.set(id, i);
        });
        index = built;
      }
      return index;
    },
  };
}

export function encodeColumn(c: Column): Uint8Array {
  return c.kind === 'numeric' ? encodeBlob([[c.name, c.type], c.values]) : encodeBlob([[c.name, c.type], c.codes, c.dict]);
}

/** A column of a blob; refused unless it holds `name` of `type` for `n` customers with codes inside its dictionary. */
export function decodeColumn(blob: Uint8Array, name: string, type: ProfileColumnType, n: number): Column {
  const r = new BlobReader(blob);
  const [storedName, storedType] = r.strings();
  if (storedName !== name || storedType !== type) throw new BadBlobError(`column blob holds ${storedName ?? '?'} (${storedType ?? '?'})`);
  if (type === 'text') {
    const codes = r.int32();
    const dict = r.strings();
    if (!r.done || codes.length !== n) throw new BadBlobError('column blob has another shape');
    for (const c of codes) if (c < -1 || c >= dict.length) throw new BadBlobError('column blob code outside its dictionary');
    return { kind: 'text', name, type, codes, dict };
  }
  const values = r.float64();
  if (!r.done || values.length !== n) throw new BadBlobError('column blob has another shape');
  return { kind: 'numeric', name, type, values };
}

/** The universe of the snapshot, from the cache or the wide table. */
export function cachedUniverse(cx: SnapshotCache): Universe {
  requireProfile(cx.db);
  return cachedOrLoaded(cx, UNIVERSE_CACHE_KEY, PROFILE_CACHE_FORMAT, (blob) => decodeUniverse(blob, () => loadUniverse(cx.db)), () => loadUniverse(cx.db), encodeUniverse);
}

/** A profile column for a universe of `n` customers, from the cache or the wide table. */
export function cachedColumn(cx: SnapshotCache, name: string, type: ProfileColumnType, n: number): Column {
  return cachedOrLoaded(
    cx,
    columnCacheKey(name),
    PROFILE_CACHE_FORMAT,
    (blob) => decodeColumn(blob, name, type, n),
    () => loadColumn(cx.db, name, type, n),
    encodeColumn,
  );
}
