import { describe, expect, it } from 'vitest';
import { parseDate, parseDateTime, type DateOptions } from './dates.ts';

/** Fixed pivot so the two-digit-year cases do not depend on the year the tests run in. */
const PIVOT: DateOptions = { twoDigitYearCutoff: 30 };

describe('parseDate', () => {
  it.each([
    ['2024-03-18', '2024-03-18'],
    ['2024/3/18', '2024-03-18'],
    ['2024/03/18', '2024-03-18'],
    ['2024.3.18', '2024-03-18'],
    ['2024-3-8', '2024-03-08'],
    ['20240318', '2024-03-18'],
    ['  2024-03-18  ', '2024-03-18'],
    ['２０２４－０３－１８', '2024-03-18'],
    ['２０２４年３月１８日', '2024-03-18'],
    ['2024年3月18日', '2024-03-18'],
    ['2024年03月18号', '2024-03-18'],
    ['2024 年 3 月 18 日', '2024-03-18'],
    ['2024年3月18日 星期一', '2024-03-18'],
    ['2024年03月', '2024-03-01'],
    ['2024-03', '2024-03-01'],
    ['2024-03-18 09:05:07', '2024-03-18'],
    ['2024-03-18 00:00:00', '2024-03-18'],
    ['2024-03-18 00:00:00.0', '2024-03-18'],
    ['2024-03-18T09:05:07.123', '2024-03-18'],
    ['20240318090507', '2024-03-18'],
    ['45369', '2024-03-18'],
    ['45369.75', '2024-03-18'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['18-Mar-2024', '2024-03-18'],
    ['18 March 2024', '2024-03-18'],
    ['18MAR2024', '2024-03-18'],
    ['Mar 18, 2024', '2024-03-18'],
    ['March 18th, 2024', '2024-03-18'],
    ['1900-01-01', '1900-01-01'],
    ['2100-12-31', '2100-12-31'],
  ])('%j → %j', (raw, expected) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['930101', '1993-01-01'],
    ['851203', '1985-12-03'],
    ['200105', '2020-01-05'],
    ['202403', '2024-03-01'],
    ['199912', '1999-12-01'],
    ['18-MAR-24', '2024-03-18'],
    ['18-MAR-93', '1993-03-18'],
    ['93-01-15', '1993-01-15'],
    ['18/03/93', '1993-03-18'],
  ])('two-digit year %j → %j (pivot 30)', (raw, expected) => {
    expect(parseDate(raw, PIVOT)).toEqual({ ok: true, value: expected });
  });

  it('defaults the two-digit-year pivot to the current year', () => {
    const yy = new Date().getFullYear() % 100;
    const thisYear = String(yy).padStart(2, '0');
    const nextYear = String((yy + 1) % 100).padStart(2, '0');
    expect(parseDate(`${thisYear}0101`)).toEqual({ ok: true, value: `20${thisYear}-01-01` });
    if (yy < 99) expect(parseDate(`${nextYear}0101`)).toEqual({ ok: true, value: `19${nextYear}-01-01` });
  });

  it.each([
    ['03/18/2024', undefined, '2024-03-18'],
    ['18/03/2024', undefined, '2024-03-18'],
    ['18.03.2024', undefined, '2024-03-18'],
    ['05/05/2024', undefined, '2024-05-05'],
    ['03/04/2024', 'dmy', '2024-04-03'],
    ['03/04/2024', 'mdy', '2024-03-04'],
    ['3/4/24', 'mdy', '2024-03-04'],
    ['3/4/24', 'dmy', '2024-04-03'],
    ['24/3/4', 'ymd', '2024-03-04'],
    ['2024/03/04', 'dmy', '2024-03-04'],
  ] as const)('%j with order %s → %j', (raw, order, expected) => {
    expect(parseDate(raw, order === undefined ? PIVOT : { ...PIVOT, order })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['03/04/2024', 'DATE_AMBIGUOUS'],
    ['1/2/2024', 'DATE_AMBIGUOUS'],
    ['03/04/05', 'DATE_AMBIGUOUS'],
    ['2023-02-29', 'DATE_INVALID'],
    ['1900-02-29', 'DATE_INVALID'],
    ['2024-04-31', 'DATE_INVALID'],
    ['2024-13-01', 'DATE_INVALID'],
    ['2024-00-10', 'DATE_INVALID'],
    ['2024-01-00', 'DATE_INVALID'],
    ['0000-00-00', 'DATE_INVALID'],
    ['00000000', 'DATE_INVALID'],
    ['13/13/2024', 'DATE_INVALID'],
    ['2024', 'DATE_INVALID'],
    ['1710724707', 'DATE_INVALID'],
    ['abc', 'DATE_INVALID'],
    ['2024-03-18 25:00:00', 'DATE_INVALID'],
    ['2024-03-18 12:60', 'DATE_INVALID'],
    ['3月18日', 'DATE_INVALID'],
    ['18-Foo-2024', 'DATE_INVALID'],
    ['9999', 'DATE_INVALID'],
    ['1899-12-31', 'DATE_OUT_OF_RANGE'],
    ['9999-12-31', 'DATE_OUT_OF_RANGE'],
    ['21010101', 'DATE_OUT_OF_RANGE'],
    ['99999', 'DATE_OUT_OF_RANGE'],
  ])('%j fails with %s', (raw, code) => {
    expect(parseDate(raw)).toEqual({ ok: false, code });
  });

  it('rejects a dmy/mdy value that contradicts the declared order instead of swapping it', () => {
    expect(parseDate('18/03/2024', { order: 'mdy' })).toEqual({ ok: false, code: 'DATE_INVALID' });
  });

  it('honours minYear and maxYear', () => {
    expect(parseDate('1950-06-01', { minYear: 1960 })).toEqual({ ok: false, code: 'DATE_OUT_OF_RANGE' });
    expect(parseDate('2031-01-01', { maxYear: 2030 })).toEqual({ ok: false, code: 'DATE_OUT_OF_RANGE' });
    expect(parseDate('1850-01-01', { minYear: 1800 })).toEqual({ ok: true, value: '1850-01-01' });
  });

  it('reads Excel serials only in the plausible window and when allowed', () => {
    expect(parseDate('10000')).toEqual({ ok: true, value: '1927-05-18' });
    expect(parseDate('9999')).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseDate('61')).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseDate('45369', { allowExcelSerial: false })).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseDate('45369.5', { allowExcelSerial: false })).toEqual({ ok: false, code: 'DATE_INVALID' });
  });

  it('agrees with Date arithmetic for every Excel serial of a year (leap-year bug handled)', () => {
    for (let serial = 43831; serial <= 44196; serial++) {
      const expected = new Date(Date.UTC(1899, 11, 30 + serial)).toISOString().slice(0, 10);
      expect(parseDate(String(serial))).toEqual({ ok: true, value: expected });
    }
    expect(parseDate('43890')).toEqual({ ok: true, value: '2020-02-29' });
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2024-03-18 09:05:07', '2024-03-18 09:05:07'],
    ['2024-03-18', '2024-03-18 00:00:00'],
    ['2024-03-18T09:05:07', '2024-03-18 09:05:07'],
    ['2024-03-18T09:05:07.123', '2024-03-18 09:05:07'],
    ['2024-03-18 09:05:07.999999', '2024-03-18 09:05:07'],
    ['2024/3/18 9:05', '2024-03-18 09:05:00'],
    ['2024/3/18 9:5:7', '2024-03-18 09:05:07'],
    ['2024-03-18  09:05', '2024-03-18 09:05:00'],
    ['20240318090507', '2024-03-18 09:05:07'],
    ['202403180905', '2024-03-18 09:05:00'],
    ['20240318 09:05:07', '2024-03-18 09:05:07'],
    ['2024-03-18-09.05.07.123456', '2024-03-18 09:05:07'],
    ['2024年3月18日 9时5分7秒', '2024-03-18 09:05:07'],
    ['2024年3月18日9点', '2024-03-18 09:00:00'],
    ['2024年3月18日 下午3点05分', '2024-03-18 15:05:00'],
    ['2024年3月18日 上午12:30', '2024-03-18 00:30:00'],
    ['2024-03-18 中午12:30', '2024-03-18 12:30:00'],
    ['3/18/2024 9:05:07 PM', '2024-03-18 21:05:07'],
    ['3/18/2024 12:05 AM', '2024-03-18 00:05:00'],
    ['3/18/2024 12:05 p.m.', '2024-03-18 12:05:00'],
    ['18-MAR-24 09.05.07.000000 AM', '2024-03-18 09:05:07'],
    ['２０２４－０３－１８　０９：０５：０７', '2024-03-18 09:05:07'],
    ['45369.5', '2024-03-18 12:00:00'],
    ['45369.25', '2024-03-18 06:00:00'],
    ['45369', '2024-03-18 00:00:00'],
    ['2024-03-18T01:05:07Z', '2024-03-18 09:05:07'],
    ['2024-03-18T20:00:00Z', '2024-03-19 04:00:00'],
    ['2024-03-18T09:05:07+08:00', '2024-03-18 09:05:07'],
    ['2024-03-18T09:05:07+0000', '2024-03-18 17:05:07'],
    ['2024-03-18 09:05:07 -05:00', '2024-03-18 22:05:07'],
  ])('%j → %j', (raw, expected) => {
    expect(parseDateTime(raw, { twoDigitYearCutoff: 30 })).toEqual({ ok: true, value: expected });
  });

  it('reads Unix epoch seconds and milliseconds as China Standard Time by default', () => {
    const ms = Date.UTC(2024, 2, 18, 1, 5, 7);
    expect(parseDateTime(String(ms / 1000))).toEqual({ ok: true, value: '2024-03-18 09:05:07' });
    expect(parseDateTime(String(ms + 456))).toEqual({ ok: true, value: '2024-03-18 09:05:07' });
    expect(parseDateTime(String(ms / 1000), { utcOffsetMinutes: 0 })).toEqual({ ok: true, value: '2024-03-18 01:05:07' });
  });

  it.each([
    ['2024-03-18 24:00:00', 'DATE_INVALID'],
    ['2024-03-18 23:59:60', 'DATE_INVALID'],
    ['2024-03-18 13:00 PM', 'DATE_INVALID'],
    ['2023-02-29 10:00:00', 'DATE_INVALID'],
    ['09:05:07', 'DATE_INVALID'],
    ['2024-03-18T09:05:07+15:00', 'DATE_INVALID'],
    ['03/04/2024 10:00', 'DATE_AMBIGUOUS'],
    ['1899-12-31 10:00:00', 'DATE_OUT_OF_RANGE'],
    ['9999-12-31 23:59:59', 'DATE_OUT_OF_RANGE'],
    ['99999999999', 'DATE_INVALID'],
  ])('%j fails with %s', (raw, code) => {
    expect(parseDateTime(raw)).toEqual({ ok: false, code });
  });

  it('applies a year range to epoch numbers', () => {
    expect(parseDateTime('1710724707', { maxYear: 2020 })).toEqual({ ok: false, code: 'DATE_OUT_OF_RANGE' });
  });
});

describe('fast paths agree with the general parser', () => {
  // A leading space skips every fast path, so the general parser handles the padded value.
  const values = [
    '2024-03-18', '2024-02-29', '2023-02-29', '2024-13-01', '1899-12-31', '2101-01-01', '0000-00-00',
    '2024-03-18 09:05:07', '2024-03-18T09:05:07', '2024-03-18 09:05:07.123456', '2024-03-18T23:59:59.9',
    '2024-03-18 24:00:00', '2024-03-18 09:60:00', '2023-02-29 10:00:00', '1899-12-31T10:00:00', '2024-03-18 09:05:07.',
    '20240318', '20230229', '20241301', '18991231', '00000000', '99999999',
  ];
  it.each(values)('%j', (raw) => {
    expect(parseDate(raw)).toEqual(parseDate(` ${raw}`));
    expect(parseDateTime(raw)).toEqual(parseDateTime(` ${raw}`));
  });
});
