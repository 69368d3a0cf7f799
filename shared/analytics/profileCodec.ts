/**
 * The customer universe and the typed profile columns of the analytics snapshot as blobs (columnarBlob.ts) for
 * the workspace's columnar cache, and their load-or-read entries: at a million customers each is a full scan
 * of `customer_profile` through sql.js (seconds), against a few milliseconds to decode.
 */
import type { ProfileColumnType } from '#shared/profile/profileSchema.ts';
import { BadBlobError, BlobReader, encodeBlob } from './columnarBlob.ts';
import { cachedOrLoaded, cacheStamp, persistColumnar, readColumnarCache, type SnapshotCache } from './columnarCache.ts';
import { loadColumn, type Column } from './profileColumns.ts';
import { lazyUniverse, loadUniverse, requireProfile, type Universe } from './universe.ts';

/**
 * Format of the cached universe and columns. Change it whenever reading the same wide table would give other
 * arrays (row order, value parsing, dictionary order, this layout): older cached blobs are then never used.
 */
export const PROFILE_CACHE_FORMAT = 'profile/2';

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
    get idsLoaded(): boolean {
      return oneIds !== null;
    },
  };
}

/** Stands for a missing value in a numeric column stored as Int32 (no integer value of that column is it). */
const INT32_MISSING = -0x8000_0000;

/** True when every value is missing or an integer that fits Int32 other than the missing marker (and not −0). */
function fitsInt32(values: Float64Array): boolean {
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v <= INT32_MISSING || v > 0x7fff_ffff || Object.is(v, -0)) return false;
  }
  return true;
}

/**
 * A column as a blob, in the narrowest layout that keeps every value: a re-opened workspace reads these bytes
 * out of SQLite page by page, so a million text codes as one byte each read four times faster than as Int32.
 * Text codes are stored plus one (0 = missing) as u8 or u16 when the dictionary allows; integer-valued numeric
 * columns (counts, fen, flags, day numbers) as i32 with a missing marker; anything else as it is.
 */
export function encodeColumn(c: Column): Uint8Array {
  if (c.kind === 'numeric') {
    if (!fitsInt32(c.values)) return encodeBlob([[c.name, c.type, 'f64'], c.values]);
    const ints = new Int32Array(c.values.length);
    for (let i = 0; i < ints.length; i++) {
      const v = c.values[i] ?? Number.NaN;
      ints[i] = Number.isNaN(v) ? INT32_MISSING : v;
    }
    return encodeBlob([[c.name, c.type, 'i32'], ints]);
  }
  const size = c.dict.length;
  if (size <= 0xfffe) {
    const narrow = size <= 0xfe ? new Uint8Array(c.codes.length) : new Uint16Array(c.codes.length);
    for (let i = 0; i < narrow.length; i++) narrow[i] = (c.codes[i] ?? -1) + 1;
    return encodeBlob([[c.name, c.type, size <= 0xfe ? 'u8' : 'u16'], narrow, c.dict]);
  }
  return encodeBlob([[c.name, c.type, 'i32'], c.codes, c.dict]);
}

/** A column of a blob; refused unless it holds `name` of `type` for `n` customers with codes inside its dictionary. */
export function decodeColumn(blob: Uint8Array, name: string, type: ProfileColumnType, n: number): Column {
  const r = new BlobReader(blob);
  const [storedName, storedType, layout] = r.strings();
  if (storedName !== name || storedType !== type) throw new BadBlobError(`column blob holds ${storedName ?? '?'} (${storedType ?? '?'})`);
  if (type === 'text') {
    let codes: Int32Array;
    if (layout === 'i32') codes = r.int32();
    else if (layout === 'u8' || layout === 'u16') {
      const narrow = layout === 'u8' ? r.uint8() : r.uint16();
      codes = new Int32Array(narrow.length);
      for (let i = 0; i < narrow.length; i++) codes[i] = (narrow[i] ?? 0) - 1;
    } else throw new BadBlobError(`column blob of unknown layout ${layout ?? '?'}`);
    const dict = r.strings();
    if (!r.done || codes.length !== n) throw new BadBlobError('column blob has another shape');
    for (const c of codes) if (c < -1 || c >= dict.length) throw new BadBlobError('column blob code outside its dictionary');
    return { kind: 'text', name, type, codes, dict };
  }
  let values: Float64Array;
  if (layout === 'f64') values = r.float64();
  else if (layout === 'i32') {
    const ints = r.int32();
    values = new Float64Array(ints.length);
    for (let i = 0; i < ints.length; i++) {
      const v = ints[i] ?? INT32_MISSING;
      values[i] = v === INT32_MISSING ? Number.NaN : v;
    }
  } else throw new BadBlobError(`column blob of unknown layout ${layout ?? '?'}`);
  if (!r.done || values.length !== n) throw new BadBlobError('column blob has another shape');
  return { kind: 'numeric', name, type, values };
}

/** The universe of the snapshot, from the cache or the wide table. */
/**
 * The universe of the snapshot: decoded from the cache, else a lazy universe of the wide table whose ONE_IDs are
 * written to the cache once something reads them (unless read inside a write transaction, whose rows may still
 * be rolled back).
 */
export function cachedUniverse(cx: SnapshotCache): Universe {
  requireProfile(cx.db);
  const blob = readColumnarCache(cx.db, UNIVERSE_CACHE_KEY, cacheStamp(PROFILE_CACHE_FORMAT, cx.version));
  if (blob) {
    try {
      return decodeUniverse(blob, () => loadUniverse(cx.db));
    } catch (e) {
      if (!(e instanceof BadBlobError)) throw e;
    }
  }
  return lazyUniverse(cx.db, (u) => {
    if (!cx.db.inTransaction) persistColumnar(cx.db, UNIVERSE_CACHE_KEY, PROFILE_CACHE_FORMAT, cx.version, () => encodeUniverse(u), cx.builtAt(), cx.onPersisted);
  });
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
