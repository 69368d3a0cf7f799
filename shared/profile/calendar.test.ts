import { describe, expect, it } from 'vitest';
import { AsOfCalendar, dayNumber } from './calendar.ts';

const cal = new AsOfCalendar('2024-06-30');
const asOfMonth = 2024 * 12 + 5;

describe('AsOfCalendar', () => {
  it('counts days and months before the as-of date as Date.UTC does, also across leap days and month ends', () => {
    expect(cal.ago('2024-06-30')).toBe(0);
    expect(cal.ago('2024-06-30 23:59:59')).toBe(0);
    expect(cal.ago('2024-02-29 08:00:00')).toBe(122);
    expect(cal.ago('2023-06-30')).toBe(366);
    expect(cal.ago('2024-07-01')).toBe(-1);
    expect(cal.monthsAgo('2024-06-01 00:00:00')).toBe(0);
    expect(cal.monthsAgo('2023-07-31')).toBe(11);
    for (let y = 1600; y <= 2400; y += 7) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 15, 28, 29, 30, 31]) {
          const text = `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} 12:00:00`;
          expect(cal.ago(text)).toBe(cal.asOfDay - dayNumber(text.slice(0, 10)));
          expect(cal.monthsAgo(text)).toBe(asOfMonth - (y * 12 + m - 1));
        }
      }
    }
  });

  it('gives NaN for text that is not a date, and reads dates it cannot read in place through the slow path', () => {
    for (const text of ['', '2024-6-30', '2024/06/30', 'abcd-ef-gh', '2024-13-01', '2024-00-10', '2024-01-32', '2024-01-00']) {
      expect(cal.ago(text)).toBeNaN();
      expect(cal.monthsAgo(text)).toBeNaN();
    }
    expect(cal.ago('0999-12-31')).toBe(cal.asOfDay - dayNumber('0999-12-31'));
    expect(cal.monthsAgo('0999-12-31')).toBe(asOfMonth - (999 * 12 + 11));
  });
});
