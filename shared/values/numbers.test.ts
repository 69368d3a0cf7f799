import { describe, expect, it } from 'vitest';
import { parseInteger, parseNumber } from './numbers.ts';

describe('parseNumber', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    ['-12.5', -12.5],
    ['12.50', 12.5],
    ['0.1', 0.1],
    ['.5', 0.5],
    ['5.', 5],
    ['+3', 3],
    ['1,234.5', 1234.5],
    ['１２３．４', 123.4],
    ['1 234', 1234],
    ['(12.5)', -12.5],
    ['12.5-', -12.5],
    ['\u22123', -3],
    ['12.5%', 0.125],
    ['0.29%', 0.0029],
    ['100%', 1],
    ['-5%', -0.05],
    ['3‰', 0.003],
    ['1.2E+5', 120000],
    ['1e-3', 0.001],
    ['007', 7],
    ['12345678901234567890', 12345678901234567000],
  ])('%j → %d', (raw, value) => {
    expect(parseNumber(raw)).toEqual({ ok: true, value });
  });

  it('gives the same double as the decimal literal, scaled on the digits', () => {
    for (const [raw, literal] of [['0.29%', 0.0029], ['1.15%', 0.0115], ['33.3%', 0.333]] as const) {
      const r = parseNumber(raw);
      expect(r.ok && Object.is(r.value, literal)).toBe(true);
    }
  });

  it.each(['', 'abc', '1,23', '1.2.3', '12%%', '%', '--1', '0x10', 'Infinity', 'NaN', '1e999', '¥12', '12元', '1 2.3.4'])(
    '%j is NUMBER_INVALID',
    (raw) => {
      expect(parseNumber(raw)).toEqual({ ok: false, code: 'NUMBER_INVALID' });
    },
  );
});

describe('negative zero', () => {
  it.each(['-0', '-0.0', ' -0 ', '(0)', '0-'])('%j is +0', (raw) => {
    const n = parseNumber(raw);
    const i = parseInteger(raw);
    expect(n.ok && Object.is(n.value, 0)).toBe(true);
    expect(i.ok && Object.is(i.value, 0)).toBe(true);
  });
});

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-42', -42],
    ['12.0', 12],
    ['12.000', 12],
    ['1,234', 1234],
    ['１２３', 123],
    ['1.2E+3', 1200],
    ['(5)', -5],
    ['007', 7],
    ['9007199254740991', 9007199254740991],
  ])('%j → %d', (raw, value) => {
    expect(parseInteger(raw)).toEqual({ ok: true, value });
  });

  it.each(['12.5', '1.23E+1', '12%', '', 'x', '9007199254740993', '1e20', '0.1', '1,23'])('%j is INT_INVALID', (raw) => {
    expect(parseInteger(raw)).toEqual({ ok: false, code: 'INT_INVALID' });
  });
});

describe('the fast paths agree with the general parser', () => {
  // A leading space skips the fast paths.
  it.each(['0', '-0', '-0.0', '12', '-12', '12.5', '-0.25', '007', '123456789012345', '1234567890123456', '12.', '.5', '-', '1.2.3'])('%j', (raw) => {
    expect(parseNumber(raw)).toEqual(parseNumber(` ${raw}`));
    expect(parseInteger(raw)).toEqual(parseInteger(` ${raw}`));
  });
});
