import { describe, expect, it } from 'vitest';
import { addDays, birthDateOfIdNumber, wholeYears } from './dateMath.ts';

describe('date arithmetic', () => {
  it('moves dates across month and year ends, keeping a time part', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-28 09:00:00', 7)).toBe('2025-01-04 09:00:00');
    expect(addDays('2024-06-30 10:30:00', -30)).toBe('2024-05-31 10:30:00');
  });

  it('counts whole years, a birthday counting on the day itself', () => {
    expect(wholeYears('2006-06-30', '2024-06-29')).toBe(17);
    expect(wholeYears('2006-06-30', '2024-06-30')).toBe(18);
    expect(wholeYears('bad', '2024-06-30')).toBeNull();
  });

  it('reads the birth date of an 18-character ID number', () => {
    expect(birthDateOfIdNumber('11010520080315002X')).toBe('2008-03-15');
    expect(birthDateOfIdNumber('110105080315002')).toBeNull();
    expect(birthDateOfIdNumber(null)).toBeNull();
  });
});
