/**
 * Loads the {@link EventStore} of the open workspace: every `events` row, tied to its customer exactly as the
 * wide table and segment windows tie it (shared/analytics/rowOwners.ts), with its channel label mapped to a
 * canonical channel. Cached per analytics snapshot, so it reloads only after the data changed.
 */
import type { EventChannel } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { behaviorSource } from '#shared/analytics/behaviorSources.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import { createOwnerResolver, loadPersons } from '#shared/analytics/rowOwners.ts';
import { tableExists } from '#shared/analytics/universe.ts';
import { channelOfLabel } from '#shared/identity/channels.ts';
import { scan } from '#shared/identity/sourceReader.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { EventStoreBuilder, type EventStore } from './eventStore.ts';

const cache = new WeakMap<AnalyticsSnapshot, Promise<EventStore>>();

export function eventChannel(label: string): EventChannel {
  return channelOfLabel(label === '' ? null : label) ?? 'other';
}

async function load(snap: AnalyticsSnapshot, asOfDate: string, ctx: JobContext): Promise<EventStore> {
  const db = snap.db;
  const universe = snap.universe;
  const builder = new EventStoreBuilder(universe.oneIds, dayNumber(asOfDate));
  if (tableExists(db, 'events')) {
    const def = behaviorSource('events');
    const resolver = createOwnerResolver(db, def, universe, loadPersons(db));
    const nid = def.idColumns.length;
    const ids: string[] = new Array<string>(nid).fill('');
    const channelCache = new Map<string, EventChannel>();
    await scan(db, ctx, 'behaviour.load', 'events', ['event_time', 'event_name', 'channel', ...def.idColumns], '1', [], (f) => {
      for (let k = 0; k < nid; k++) ids[k] = f[3 + k] ?? '';
      const label = f[2] ?? '';
      let ch = channelCache.get(label);
      if (ch === undefined) channelCache.set(label, (ch = eventChannel(label)));
      builder.add(resolver.owner(ids), f[0] ?? '', f[1] ?? '', ch);
    });
  }
  ctx.progress('behaviour.index', 0, 1);
  const store = builder.build();
  ctx.progress('behaviour.index', 1, 1);
  return store;
}

/** The event store of a snapshot, built on first use; a failed or cancelled build is not kept. */
export async function eventStore(snap: AnalyticsSnapshot, asOfDate: string | null, ctx: JobContext): Promise<{ store: EventStore; loadMs: number }> {
  if (asOfDate === null) throw new ExpectedError('NOT_FOUND', 'The workspace has no as-of date yet: import data or set it first.');
  let p = cache.get(snap);
  const t0 = performance.now();
  const fresh = p === undefined;
  if (!p) {
    p = load(snap, asOfDate, ctx);
    cache.set(snap, p);
    p.catch(() => cache.delete(snap));
  }
  const store = await p;
  if (store.asOfDay !== dayNumber(asOfDate)) {
    // The as-of date moved without a data change: rebuild against the new date.
    cache.delete(snap);
    return eventStore(snap, asOfDate, ctx);
  }
  return { store, loadMs: fresh ? performance.now() - t0 : 0 };
}
