import { describe, expect, it } from 'vitest';
import { foldCell, isAllDigits, unwrapSpreadsheetText } from './chars.ts';

describe('foldCell', () => {
  it.each([
    ['2024-03-18', '2024-03-18'],
    ['  12.50\t', '12.50'],
    ['２０２４－０３－１８', '2024-03-18'],
    ['１，２３４．５６', '1,234.56'],
    ['（１２３）', '(123)'],
    ['\u3000张三\u3000', '张三'],
    ['12\u00a0345', '12 345'],
    ['\ufeff138\u200b1234\u200d5678', '13812345678'],
    ['\u2212123', '-123'],
    ['12\u201334', '12-34'],
    ['￥100', '￥100'],
    ['Ｈ１２３４５６７８', 'H12345678'],
    ['', ''],
  ])('%j → %j', (raw, folded) => {
    expect(foldCell(raw)).toBe(folded);
  });

  it('returns the same string instance for clean ASCII (no allocation on the hot path)', () => {
    const s = 'abc-123';
    expect(foldCell(s)).toBe(s);
  });
});

describe('unwrapSpreadsheetText', () => {
  it.each([
    ["'6222021234567890128", '6222021234567890128'],
    ['="6222021234567890128"', '6222021234567890128'],
    ['`110105194912310011', '110105194912310011'],
    ['6222', '6222'],
    ['=SUM(A1)', '=SUM(A1)'],
  ])('%j → %j', (raw, out) => {
    expect(unwrapSpreadsheetText(raw)).toBe(out);
  });
});

describe('isAllDigits', () => {
  it.each([
    ['0123', true],
    ['', false],
    ['12a', false],
    ['１２', false],
    ['-1', false],
  ])('isAllDigits(%j) = %s', (s, expected) => {
    expect(isAllDigits(s)).toBe(expected);
  });
});
