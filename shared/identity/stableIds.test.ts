import { describe, expect, it } from 'vitest';
import { assignStableIds, formatOneId, olderId } from './stableIds.ts';

describe('assignStableIds', () => {
  it('keeps ids, numbers new persons after the counter', () => {
    const r = assignStableIds(Int32Array.from([0, 0, 1, 2]), 3, ['P000000002', null, 'P000000001', null], 5);
    expect(r.compId).toEqual(['P000000002', 'P000000001', 'P000000006']);
    expect(r.newIds).toBe(1);
    expect(r.nextSeq).toBe(6);
    expect(r.history).toEqual([]);
  });

  it('keeps the older id on a merge and records the alias', () => {
    const r = assignStableIds(Int32Array.from([0, 0, 0]), 1, ['P000000007', 'P000000003', null], 9);
    expect(r.compId).toEqual(['P000000003']);
    expect(r.history).toEqual([
      { oneId: 'P000000003', event: 'merge', otherId: 'P000000007', records: 0 },
      { oneId: 'P000000007', event: 'alias', otherId: 'P000000003', records: 0 },
    ]);
  });

  it('records a split: the larger part keeps the id, the other part gets a new one', () => {
    const r = assignStableIds(Int32Array.from([0, 0, 1]), 2, ['P000000004', 'P000000004', 'P000000004'], 10);
    expect(r.compId).toEqual(['P000000004', 'P000000011']);
    expect(r.history).toEqual([{ oneId: 'P000000004', event: 'split', otherId: 'P000000011', records: 1 }]);
  });

  it('orders ids by number, not by text', () => {
    expect(olderId('P000000009', 'P000000010')).toBe(true);
    expect(olderId(formatOneId(999_999_999), formatOneId(1_000_000_000))).toBe(true);
  });
});
