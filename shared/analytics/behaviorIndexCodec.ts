/**
 * The segment behaviour index ({@link BehaviorIndex}) as one binary blob (columnarBlob.ts) for the workspace's
 * columnar cache, and its load-or-build entry used by the analytics snapshot. The universe is not stored: the
 * snapshot that decodes the blob supplies it, and the blob is refused when built for another customer count.
 */
import type { BehaviorSource } from '#shared/api/segmentTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { buildBehaviorIndex, type BehaviorIndex, type BehaviorKind, type SourceStats } from './behaviorIndex.ts';
import { BEHAVIOR_SOURCES } from './behaviorSources.ts';
import { BadBlobError, BlobReader, encodeBlob, type BlobPart } from './columnarBlob.ts';
import { cacheStamp, persistColumnar, readColumnarCache } from './columnarCache.ts';
import type { Universe } from './universe.ts';

/** Key of the behaviour index in `columnar_cache`. */
export const BEHAVIOR_INDEX_CACHE_KEY = 'analytics.behavior';

/**
 * Format of the cached index. Change it whenever building from the same rows would give a different index
 * (owner resolution, kinds, day parsing, this layout): older cached blobs are then never used.
 */
export const BEHAVIOR_INDEX_FORMAT = 'behavior/1';

const SOURCES: readonly BehaviorSource[] = BEHAVIOR_SOURCES.map((d) => d.source);

export function encodeBehaviorIndex(ix: BehaviorIndex): Uint8Array {
  const header = Float64Array.of(ix.n, ...SOURCES.flatMap((s) => [ix.stats[s].rows, ix.stats[s].owned, ix.stats[s].undated]));
  const kindSource = Uint8Array.from(ix.kinds, (k) => SOURCES.indexOf(k.source));
  const kindRows = Float64Array.from(ix.kinds, (k) => k.rows);
  // Dimension values may be null, which a string table cannot hold: each kind's values go in as one JSON text.
  const kindDims = ix.kinds.map((k) => JSON.stringify(k.dims));
  const owners: BlobPart[] = SOURCES.flatMap((s) => {
    const m = ix.owners[s];
    return [[...m.keys()], Int32Array.from(m.values())];
  });
  return encodeBlob([header, SOURCES, ix.offsets, ix.day, ix.kind, ix.count, kindSource, kindRows, kindDims, ...owners]);
}

function parseDims(text: string): (string | null)[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BadBlobError('behaviour index blob has a malformed kind');
  }
  if (!Array.isArray(v)) throw new BadBlobError('behaviour index blob has a malformed kind');
  const items: unknown[] = v;
  return items.map((x) => {
    if (x !== null && typeof x !== 'string') throw new BadBlobError('behaviour index blob has a malformed kind');
    return x;
  });
}

/**
 * The index of a blob for a universe of `n` customers; throws {@link BadBlobError} when the blob is damaged, was
 * built for another customer count or another list of behaviour sources, so the caller rebuilds.
 */
export function decodeBehaviorIndex(blob: Uint8Array, n: number): BehaviorIndex {
  const r = new BlobReader(blob);
  const header = r.float64();
  const sources = r.strings();
  if (sources.length !== SOURCES.length || sources.some((s, i) => s !== SOURCES[i])) throw new BadBlobError('behaviour index blob has other sources');
  if (header.length !== 1 + 3 * SOURCES.length || header[0] !== n) throw new BadBlobError('behaviour index blob built for another universe');
  const offsets = r.int32();
  const day = r.int32();
  const kind = r.int32();
  const count = r.int32();
  const kindSource = r.uint8();
  const kindRows = r.float64();
  const kindDims = r.strings();
  const stats = {} as Record<BehaviorSource, SourceStats>;
  const owners = {} as Record<BehaviorSource, ReadonlyMap<string, number>>;
  SOURCES.forEach((s, i) => {
    stats[s] = { rows: header[1 + 3 * i] ?? 0, owned: header[2 + 3 * i] ?? 0, undated: header[3 + 3 * i] ?? 0 };
    const keys = r.strings();
    const values = r.int32();
    if (keys.length !== values.length) throw new BadBlobError('behaviour index blob owner table disagrees');
    const m = new Map<string, number>();
    for (let k = 0; k < keys.length; k++) m.set(keys[k] ?? '', values[k] ?? -1);
    owners[s] = m;
  });
  const m = day.length;
  const nk = kindSource.length;
  if (!r.done || offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== m || kind.length !== m || count.length !== m || kindRows.length !== nk || kindDims.length !== nk) {
    throw new BadBlobError('behaviour index blob arrays disagree');
  }
  for (let c = 0; c < n; c++) if ((offsets[c] ?? 0) > (offsets[c + 1] ?? 0)) throw new BadBlobError('behaviour index blob offsets decrease');
  for (let e = 0; e < m; e++) {
    const k = kind[e] ?? -1;
    if (k < 0 || k >= nk) throw new BadBlobError('behaviour index blob kind out of range');
  }
  const kinds: BehaviorKind[] = [];
  for (let k = 0; k < nk; k++) {
    const source = SOURCES[kindSource[k] ?? 255];
    if (source === undefined) throw new BadBlobError('behaviour index blob kind of an unknown source');
    kinds.push({ source, dims: parseDims(kindDims[k] ?? ''), rows: kindRows[k] ?? 0 });
  }
  return { n, offsets, day, kind, count, kinds, stats, owners };
}

/**
 * The behaviour index of the snapshot at data version `version`: decoded from the workspace's columnar cache
 * when it holds one with that stamp, else built from the behaviour tables and queued for writing there (unless
 * a write transaction was open while reading, or the data changes before the write). `onPersisted` runs after
 * the write.
 */
export async function loadBehaviorIndex(
  db: Db,
  version: number,
  universe: Universe,
  ctx: JobContext,
  builtAt: () => string,
  onPersisted: () => void,
): Promise<BehaviorIndex> {
  const cached = readColumnarCache(db, BEHAVIOR_INDEX_CACHE_KEY, cacheStamp(BEHAVIOR_INDEX_FORMAT, version));
  if (cached) {
    try {
      return decodeBehaviorIndex(cached, universe.n);
    } catch (e) {
      // A damaged or mismatched blob is only a lost shortcut: rebuild from the rows and overwrite it.
      if (!(e instanceof BadBlobError)) throw e;
    }
  }
  const state = { sawUncommitted: db.inTransaction };
  const ix = await buildBehaviorIndex(db, universe, ctx, () => {
    if (db.inTransaction) state.sawUncommitted = true;
  });
  if (!state.sawUncommitted) persistColumnar(db, BEHAVIOR_INDEX_CACHE_KEY, BEHAVIOR_INDEX_FORMAT, version, () => encodeBehaviorIndex(ix), builtAt(), onPersisted);
  return ix;
}
