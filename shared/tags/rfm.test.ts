import { describe, expect, it } from 'vitest';
import { combinedScore, quintileScores, rfmSegment, RFM_SEGMENTS } from './rfm.ts';

describe('RFM', () => {
  it('scores quintiles with ties in one bin and no activity as 1', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...quintileScores(values)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const ties = Float64Array.from([5, 5, 5, 5, 1, 9, Number.NaN, 7, 7, 2]);
    const s = quintileScores(ties);
    expect(s[6]).toBe(1);
    expect(new Set([s[0], s[1], s[2], s[3]]).size).toBe(1);
    expect(s[5]).toBe(5);
    expect(s[7]).toBe(s[8]);
  });

  it('combines with SPSS weights and names the segments', () => {
    expect(combinedScore(5, 4, 3, [100, 10, 1])).toBe(543);
    expect(combinedScore(5, 4, 3, [1, 1, 1])).toBe(12);
    expect(rfmSegment(5, 1, 4, [3, 3, 3])).toBe('HLH');
    expect(RFM_SEGMENTS[rfmSegment(1, 1, 1, [3, 3, 3])]?.zh).toBe('一般挽留客户');
  });
});
