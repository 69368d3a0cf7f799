import { describe, expect, it } from 'vitest';
import { ageAt, ageBand, birthFromIdNo, flag, normalizeGender, normalizeRiskLevel } from './attributes.ts';
import { AsOfCalendar, dayNumber, wholeMonths } from './calendar.ts';

describe('basic attributes', () => {
  it('reads gender from the cell, else from the 身份证 order digit', () => {
    expect(normalizeGender('M', '')).toBe('男');
    expect(normalizeGender('女性', '')).toBe('女');
    expect(normalizeGender('', '330212198112127735')).toBe('男');
    expect(normalizeGender('', '330106200503011008')).toBe('女');
    expect(normalizeGender('未知', '12345')).toBeNull();
  });

  it('computes the age at the as-of date from birth date, 身份证 or the exported age', () => {
    expect(ageAt('2024-06-30', '1981-12-12', '', '')).toBe(42);
    expect(ageAt('2024-06-30', '1981-06-30', '', '')).toBe(43);
    expect(ageAt('2024-06-30', '', '330106200503011008', '')).toBe(19);
    expect(ageAt('2024-06-30', '', '', '58')).toBe(58);
    expect(ageAt('2024-06-30', '1850-01-01', '', '')).toBeNull();
    expect(birthFromIdNo('330106200513011008')).toBeNull();
    expect(ageBand(24)).toBe('<25');
    expect(ageBand(65)).toBe('65+');
    expect(ageBand(null)).toBeNull();
  });

  it('normalises risk levels and flags', () => {
    expect(normalizeRiskLevel('C3-平衡型')).toBe('C3');
    expect(normalizeRiskLevel('r5')).toBe('C5');
    expect(normalizeRiskLevel('稳健型')).toBe('C2');
    expect(normalizeRiskLevel('C12')).toBeNull();
    expect(flag('是')).toBe(1);
    expect(flag('0')).toBe(0);
    expect(flag('')).toBeNull();
  });

  it('places dates relative to the as-of date', () => {
    const cal = new AsOfCalendar('2024-06-30');
    expect(cal.ago('2024-06-30 23:59:59')).toBe(0);
    expect(cal.ago('2024-04-01')).toBe(90);
    expect(cal.monthsAgo('2024-06-01')).toBe(0);
    expect(cal.monthsAgo('2023-07-31')).toBe(11);
    expect(cal.before(90)).toBe('2024-04-01');
    expect(Number.isNaN(dayNumber('2024/06/30'))).toBe(true);
    expect(wholeMonths('2014-02-13', '2024-06-30')).toBe(124);
    expect(wholeMonths('2024-01-31', '2024-02-29')).toBe(0);
  });
});
