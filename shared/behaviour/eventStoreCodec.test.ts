import { describe, expect, it } from 'vitest';
import { dayNumber } from '#shared/analytics/days.ts';
import { BadBlobError, encodeBlob } from '#shared/analytics/columnarBlob.ts';
import { eventStoreOf, type EventStore } from './eventStore.ts';
import { decodeEventStore, encodeEventStore } from './eventStoreCodec.ts';
import { funnel } from './funnel.ts';

const AS_OF = '2024-06-30';

function plain(s: EventStore): unknown {
  return {
    n: s.n,
    oneIds: s.oneIds,
    offsets: Array.from(s.offsets),
    time: Array.from(s.time),
    name: Array.from(s.name),
    channel: Array.from(s.channel),
    names: s.names,
    channels: s.channels,
    asOfDay: s.asOfDay,
    stats: s.stats,
  };
}

describe('event store codec', () => {
  const oneIds = ['OID-甲', 'OID-乙', 'OID-丙'];
  const store = eventStoreOf(oneIds, AS_OF, [
    [0, '2024-06-10 10:00:00', '登录', 'app'],
    [0, '2024-06-10 10:05:00', '浏览基金 🏦', 'app'],
    [2, '2024-06-11 09:00:00', '登录', 'mini_program'],
    [2, '2024-06-12 09:00:00', '购买"理财"', 'branch'],
    [-1, '2024-06-12 09:00:00', '登录'],
    [1, 'not a time', '登录'],
  ]);

  it('round-trips a store with Unicode event names, and analyses the decoded store alike', () => {
    const decoded = decodeEventStore(encodeEventStore(store), oneIds, dayNumber(AS_OF));
    expect(plain(decoded)).toEqual(plain(store));
    const args = { steps: ['登录', '浏览基金 🏦'], windowSeconds: 86_400, days: 90 };
    expect({ ...funnel(decoded, args), ms: 0 }).toEqual({ ...funnel(store, args), ms: 0 });
  });

  it('round-trips an empty store, with and without customers', () => {
    for (const ids of [[], ['A', 'B']]) {
      const empty = eventStoreOf(ids, AS_OF, []);
      expect(plain(decodeEventStore(encodeEventStore(empty), ids, empty.asOfDay))).toEqual(plain(empty));
    }
  });

  it('takes the as-of day from the caller, not the blob', () => {
    expect(decodeEventStore(encodeEventStore(store), oneIds, dayNumber('2024-07-31')).asOfDay).toBe(dayNumber('2024-07-31'));
  });

  it('refuses a blob built for another number of customers or with codes past the dictionaries', () => {
    const blob = encodeEventStore(store);
    expect(() => decodeEventStore(blob, ['A'], store.asOfDay)).toThrow(BadBlobError);
    const badCodes = encodeBlob([Float64Array.of(1, 1, 1, 0), Int32Array.of(0, 1), Int32Array.of(0), Uint16Array.of(3), Uint8Array.of(0), ['a'], ['app']]);
    expect(() => decodeEventStore(badCodes, ['A'], store.asOfDay)).toThrow(BadBlobError);
    const badChannel = encodeBlob([Float64Array.of(1, 1, 1, 0), Int32Array.of(0, 1), Int32Array.of(0), Uint16Array.of(0), Uint8Array.of(0), ['a'], ['fax']]);
    expect(() => decodeEventStore(badChannel, ['A'], store.asOfDay)).toThrow(BadBlobError);
    const badOffsets = encodeBlob([Float64Array.of(1, 1, 1, 0), Int32Array.of(0, 2), Int32Array.of(0), Uint16Array.of(0), Uint8Array.of(0), ['a'], ['app']]);
    expect(() => decodeEventStore(badOffsets, ['A'], store.asOfDay)).toThrow(BadBlobError);
  });
});
