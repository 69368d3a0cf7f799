import { describe, expect, it } from 'vitest';
import { dayOf, excelSerial, fmtDateTime, fmtDay, parseDay, weekday, ymdOf } from './calendar.ts';

describe('calendar', () => {
  it('round-trips civil dates across leap years and centuries', () => {
    for (let day = dayOf(1899, 12, 30); day <= dayOf(2101, 1, 1); day += 17) {
      const { y, m, d } = ymdOf(day);
      expect(dayOf(y, m, d)).toBe(day);
    }
    expect(fmtDay(0)).toBe('1970-01-01');
    expect(fmtDay(dayOf(2024, 2, 29))).toBe('2024-02-29');
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-06-30')).toBe(dayOf(2024, 6, 30));
  });

  it('formats times, weekdays and Excel serials', () => {
    expect(fmtDateTime(dayOf(2024, 3, 5), 14 * 3600 + 62)).toBe('2024-03-05 14:01:02');
    expect(weekday(dayOf(2024, 6, 30))).toBe(6);
    expect(excelSerial(dayOf(2024, 1, 1))).toBe(45292);
  });
});
