/**
 * Loads the {@link EventStore} of the open workspace: every `events` row, tied to its customer exactly as the
 * wide table and segment windows tie it (shared/analytics/rowOwners.ts), with its channel label mapped to a
 * canonical channel. Cached per analytics snapshot, so it reloads only after the data changed, and persisted in
 * the workspace's columnar cache (shared/analytics/columnarCache.ts), so a re-opened workspace decodes it from
 * one blob instead of reading every row again.
 */
import type { EventChannel } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { behaviorSource } from '#shared/analytics/behaviorSources.ts';
import { BadBlobError } from '#shared/analytics/columnarBlob.ts';
import { cacheStamp, persistColumnar, readColumnarCache } from '#shared/analytics/columnarCache.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import { createOwnerResolver, loadPersons } from '#shared/analytics/rowOwners.ts';
import { tableExists } from '#shared/analytics/universe.ts';
import { channelOfLabel } from '#shared/identity/channels.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { EventStoreBuilder, type EventStore } from './eventStore.ts';
import { decodeEventStore, encodeEventStore, EVENT_STORE_FORMAT } from './eventStoreCodec.ts';

/** Key of the event store in `columnar_cache`. */
export const EVENT_STORE_CACHE_KEY = 'behaviour.events';

/** Where a store came from: this session's memory, the workspace's columnar cache, or the `events` rows. */
export type EventStoreSource = 'memory' | 'cache' | 'rows';

interface Loaded {
  readonly store: EventStore;
  readonly source: Exclude<EventStoreSource, 'memory'>;
}

const cache = new WeakMap<AnalyticsSnapshot, Promise<Loaded>>();

export function eventChannel(label: string): EventChannel {
  return channelOfLabel(label === '' ? null : label) ?? 'other';
}

async function load(snap: AnalyticsSnapshot, asOfDay: number, ctx: JobContext, now: () => number, onPersisted: () => void): Promise<Loaded> {
  const db = snap.db;
  const universe = snap.universe;
  const cached = readColumnarCache(db, EVENT_STORE_CACHE_KEY, cacheStamp(EVENT_STORE_FORMAT, snap.version));
  if (cached) {
    try {
      return { store: decodeEventStore(cached, universe.oneIds, asOfDay), source: 'cache' };
    } catch (e) {
      // A damaged or mismatched blob is only a lost shortcut: rebuild from the rows and overwrite it.
      if (!(e instanceof BadBlobError)) throw e;
    }
  }
  const builder = new EventStoreBuilder(universe.oneIds, asOfDay);
  // A read while a write transaction is open (an import in progress) may see rows that are rolled back later;
  // such a build serves this session but is not persisted.
  let sawUncommitted = db.inTransaction;
  if (tableExists(db, 'events')) {
    const def = behaviorSource('events');
    const resolver = createOwnerResolver(db, def, universe, loadPersons(db));
    const nid = def.idColumns.length;
    const ids: string[] = new Array<string>(nid).fill('');
    const channelCache = new Map<string, EventChannel>();
    await scanRows(db, ctx, 'behaviour.load', 'events', ['event_time', 'event_name', 'channel', ...def.idColumns], '1', [], (f) => {
      for (let k = 0; k < nid; k++) ids[k] = f[3 + k] ?? '';
      const label = f[2] ?? '';
      let ch = channelCache.get(label);
      if (ch === undefined) channelCache.set(label, (ch = eventChannel(label)));
      builder.add(resolver.owner(ids), f[0] ?? '', f[1] ?? '', ch);
      if (db.inTransaction) sawUncommitted = true;
    });
  }
  ctx.progress('behaviour.index', 0, 1);
  const store = builder.build();
  ctx.progress('behaviour.index', 1, 1);
  if (!sawUncommitted) persistColumnar(db, EVENT_STORE_CACHE_KEY, EVENT_STORE_FORMAT, snap.version, () => encodeEventStore(store), new Date(now()).toISOString(), onPersisted);
  return { store, source: 'rows' };
}

/**
 * The event store of a snapshot: from memory when this snapshot loaded it already, else decoded from the
 * workspace's columnar cache when that holds it for the current data version, else built from the `events` rows
 * and queued for writing to the cache; `onPersisted` runs once that row is written (the workspace file changed).
 * A failed or cancelled build is not kept. `loadMs` is 0 when the store came from memory.
 */
export async function eventStore(
  snap: AnalyticsSnapshot,
  asOfDate: string | null,
  ctx: JobContext,
  now: () => number,
  onPersisted: () => void = () => undefined,
): Promise<{ store: EventStore; loadMs: number; source: EventStoreSource }> {
  if (asOfDate === null) throw new ExpectedError('NOT_FOUND', 'The workspace has no as-of date yet: import data or set it first.');
  const asOfDay = dayNumber(asOfDate);
  let p = cache.get(snap);
  const t0 = performance.now();
  const fresh = p === undefined;
  if (!p) {
    p = load(snap, asOfDay, ctx, now, onPersisted);
    cache.set(snap, p);
    p.catch(() => cache.delete(snap));
  }
  const loaded = await p;
  // The arrays do not depend on the as-of date: a moved date only changes where windows end.
  const store = loaded.store.asOfDay === asOfDay ? loaded.store : { ...loaded.store, asOfDay };
  return { store, loadMs: fresh ? performance.now() - t0 : 0, source: fresh ? loaded.source : 'memory' };
}
