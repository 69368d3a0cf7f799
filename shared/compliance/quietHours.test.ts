import { describe, expect, it } from 'vitest';
import { firstAllowedTime, isQuietTime } from './quietHours.ts';

describe('quiet hours', () => {
  const night = { enabled: true, start: '21:00', end: '08:00' };

  it('wraps past midnight: start inclusive, end exclusive', () => {
    expect(isQuietTime(night, '2024-06-30 21:00:00')).toBe(true);
    expect(isQuietTime(night, '2024-06-30 23:59:59')).toBe(true);
    expect(isQuietTime(night, '2024-07-01 07:59:00')).toBe(true);
    expect(isQuietTime(night, '2024-07-01 08:00:00')).toBe(false);
    expect(isQuietTime(night, '2024-07-01 20:59:00')).toBe(false);
  });

  it('handles a window inside one day, an empty window and a disabled rule', () => {
    const lunch = { enabled: true, start: '12:00', end: '13:30' };
    expect(isQuietTime(lunch, '2024-07-01 12:45')).toBe(true);
    expect(isQuietTime(lunch, '2024-07-01 13:30')).toBe(false);
    expect(isQuietTime({ enabled: true, start: '09:00', end: '09:00' }, '2024-07-01 09:00')).toBe(false);
    expect(isQuietTime({ ...night, enabled: false }, '2024-07-01 23:00')).toBe(false);
  });

  it('plans a contact when quiet hours end', () => {
    expect(firstAllowedTime(night, '2024-06-30')).toBe('2024-06-30 08:00:00');
    expect(firstAllowedTime({ ...night, enabled: false }, '2024-06-30')).toBe('2024-06-30 09:00:00');
  });
});
