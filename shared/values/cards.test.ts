import { describe, expect, it } from 'vitest';
import { luhnOk, normalizeCardNo } from './cards.ts';

describe('normalizeCardNo', () => {
  it.each([
    ['6222021234567890128', '6222021234567890128'],
    ['6222 0212 3456 7890 128', '6222021234567890128'],
    ['6222-0212-3456-7890-128', '6222021234567890128'],
    ['６２２２０２１２３４５６７８９０１２８', '6222021234567890128'],
    ["'6222021234567890128", '6222021234567890128'],
    ['="6222021234567890128"', '6222021234567890128'],
    ['6222021234567890128\t', '6222021234567890128'],
    ['6217001234567893', '6217001234567893'],
    ['4111111111111111', '4111111111111111'],
    ['6225880123456783', '6225880123456783'],
    ['4222222222222', '4222222222222'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeCardNo(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['6222021234567890129', 'CARD_NO_CHECKSUM'],
    ['4111111111111112', 'CARD_NO_CHECKSUM'],
    ['6222****7890128', 'CARD_NO_INVALID'],
    ['622202123456', 'CARD_NO_INVALID'],
    ['62220212345678901280', 'CARD_NO_INVALID'],
    ['0000000000000000', 'CARD_NO_INVALID'],
    ['6.22202E+18', 'CARD_NO_INVALID'],
    ['', 'CARD_NO_INVALID'],
    ['abcd efgh ijkl mnop', 'CARD_NO_INVALID'],
  ] as const)('%j fails with %s', (raw, code) => {
    expect(normalizeCardNo(raw)).toEqual({ ok: false, code });
  });
});

describe('luhnOk', () => {
  it('accepts exactly one check digit per body', () => {
    for (const body of ['622202123456789012', '79927398710', '411111111111111']) {
      const valid = Array.from({ length: 10 }, (_, d) => d).filter((d) => luhnOk(body + String(d)));
      expect(valid).toHaveLength(1);
    }
    expect(luhnOk('79927398713')).toBe(true);
  });
});
