/**
 * The {@link EventStore} as one binary blob (shared/analytics/columnarBlob.ts) for the workspace's columnar
 * cache. The customers (`oneIds`) and the as-of day are not stored: they come from the snapshot that decodes the
 * blob, which checks that its universe has the customer count the store was built for.
 */
import type { EventChannel } from '#shared/api/behaviourTypes.ts';
import { BadBlobError, BlobReader, encodeBlob } from '#shared/analytics/columnarBlob.ts';
import { CHANNELS } from '#shared/identity/recordSet.ts';
import type { EventStore } from './eventStore.ts';

/**
 * Format of the cached store. Change it whenever loading the same `events` rows would give a different store
 * (owner resolution, channel mapping, time parsing, this layout): older cached blobs are then never used.
 */
export const EVENT_STORE_FORMAT = 'events/1';

const KNOWN_CHANNELS: ReadonlySet<string> = new Set<EventChannel>(CHANNELS);

export function encodeEventStore(store: EventStore): Uint8Array {
  const header = Float64Array.of(store.n, store.stats.rows, store.stats.owned, store.stats.undated);
  return encodeBlob([header, store.offsets, store.time, store.name, store.channel, store.names, store.channels]);
}

/**
 * The store of a blob for the given customers and as-of day; throws {@link BadBlobError} when the blob is damaged
 * or was built for another number of customers, so the caller rebuilds. Arrays are views over the blob's buffer.
 */
export function decodeEventStore(blob: Uint8Array, oneIds: readonly string[], asOfDay: number): EventStore {
  const r = new BlobReader(blob);
  const header = r.float64();
  const offsets = r.int32();
  const time = r.int32();
  const name = r.uint16();
  const channel = r.uint8();
  const names = r.strings();
  const channels = r.strings();
  const [n, rows, owned, undated] = header;
  if (!r.done || header.length !== 4 || n === undefined || rows === undefined || owned === undefined || undated === undefined) throw new BadBlobError('event store blob has another shape');
  if (n !== oneIds.length) throw new BadBlobError(`event store built for ${n} customers, the workspace has ${oneIds.length}`);
  const m = time.length;
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== m || name.length !== m || channel.length !== m || owned !== m) {
    throw new BadBlobError('event store blob arrays disagree');
  }
  if (!channels.every((c) => KNOWN_CHANNELS.has(c))) throw new BadBlobError('event store blob has an unknown channel');
  // A code past its dictionary would read `undefined` names later; one pass over the arrays rules that out.
  let maxName = -1;
  let maxChannel = -1;
  for (let e = 0; e < m; e++) {
    const nm = name[e] ?? 0;
    const ch = channel[e] ?? 0;
    if (nm > maxName) maxName = nm;
    if (ch > maxChannel) maxChannel = ch;
  }
  if (maxName >= names.length || maxChannel >= channels.length) throw new BadBlobError('event store blob codes exceed their dictionaries');
  for (let c = 0; c < n; c++) if ((offsets[c] ?? 0) > (offsets[c + 1] ?? 0)) throw new BadBlobError('event store blob offsets decrease');
  return {
    n,
    oneIds,
    offsets,
    time,
    name,
    channel,
    names,
    channels: channels as EventChannel[],
    asOfDay,
    stats: { rows, owned, undated },
  };
}
