import { describe, expect, it } from 'vitest';
import type { ChannelOverlap, FsModelSummary } from '#shared/api/identityTypes.ts';
import { upsetColumns } from '#renderer/charts/upset.ts';
import { modelRows, overlapUpSet, signedWeight } from './summaryData.ts';

describe('overlapUpSet', () => {
  it('keeps the channel order and names each intersection by channel index', () => {
    const overlap: ChannelOverlap = {
      channels: [
        { channel: 'core', persons: 10 },
        { channel: 'app', persons: 6 },
        { channel: 'official_account', persons: 4 },
      ],
      intersections: [
        { channels: ['core'], persons: 5 },
        { channels: ['core', 'app'], persons: 3 },
        { channels: ['official_account', 'app', 'core'], persons: 2 },
        { channels: ['official_account'], persons: 2 },
      ],
      persons: 12,
    };
    const data = overlapUpSet(overlap, (c) => c.toUpperCase());
    expect(data.sets.map((s) => [s.label, s.size])).toEqual([['CORE', 10], ['APP', 6], ['OFFICIAL_ACCOUNT', 4]]);
    expect(data.intersections.map((x) => x.sets)).toEqual([[0], [0, 1], [2, 1, 0], [2]]);
    // Every person in some intersection, so the columns add up to the persons seen in any channel.
    expect(upsetColumns(data).columns.reduce((s, c) => s + c.size, 0)).toBe(overlap.persons);
  });
});

describe('modelRows', () => {
  it('gives every level its m, u and log2(m/u)', () => {
    const model: FsModelSummary = {
      lambda: 0.001,
      iterations: 12,
      converged: true,
      candidatePairs: 200,
      skippedBlocks: 0,
      fields: [{ field: 'birth_date', levels: ['exact', 'close', 'different'], m: [0.8, 0.15, 0.05], u: [0.01, 0.04, 0] }],
    };
    const rows = modelRows(model);
    expect(rows.map((r) => r.level)).toEqual(['exact', 'close', 'different']);
    expect(rows[0]?.weight).toBeCloseTo(Math.log2(80), 10);
    expect(rows[2]?.weight).toBeNull();
  });

  it('signs weights', () => {
    expect(signedWeight(6.32)).toBe('+6.3');
    expect(signedWeight(-2.05)).toBe('−2.0');
  });
});
