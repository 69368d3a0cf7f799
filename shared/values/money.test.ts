import { describe, expect, it } from 'vitest';
import { moneyUnitFromHeader, parseMoneyFen } from './money.ts';

describe('parseMoneyFen', () => {
  it.each([
    ['0', 0],
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['12.', 1200],
    ['.5', 50],
    ['0.29', 29],
    ['0.57', 57],
    ['1.13', 113],
    ['4.35', 435],
    ['1,234.56', 123456],
    ['12,345,678.90', 1234567890],
    ['１，２３４．５６', 123456],
    ['1，234.56', 123456],
    ['1 234.56', 123456],
    ['1 234 567', 123456700],
    ['-12.34', -1234],
    ['+12.34', 1234],
    ['\u221212.34', -1234],
    ['－12.34', -1234],
    ['12.34-', -1234],
    ['(123.00)', -12300],
    ['（123.00）', -12300],
    ['(1,234.56)', -123456],
    ['¥1,234.56', 123456],
    ['￥1,234.56', 123456],
    ['¥ 100', 10000],
    ['-¥100', -10000],
    ['¥-100', -10000],
    ['(¥100)', -10000],
    ['RMB 100.00', 10000],
    ['rmb100', 10000],
    ['CNY 100', 10000],
    ['100 CNY', 10000],
    ['人民币100元', 10000],
    ['100元', 10000],
    ['100.5元', 10050],
    ['1.5万', 1500000],
    ['1.5万元', 1500000],
    ['12.3456万', 12345600],
    ['1.2E+5', 12000000],
    ['1.2e5', 12000000],
    ['1.23456789E+11', 12345678900000],
    ['1.5E-2', 2],
    ['1E2', 10000],
    ['1.005', 101],
    ['1.004', 100],
    ['-1.005', -101],
    ['0.001', 0],
    ['0.005', 1],
    ['-0.00', 0],
    ['00012.30', 1230],
    ['90071992547409.91', 9007199254740991],
  ])('%j → %d fen', (raw, fen) => {
    expect(parseMoneyFen(raw)).toEqual({ ok: true, value: fen });
  });

  it('never returns negative zero', () => {
    const r = parseMoneyFen('-0.001');
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
    const fast = parseMoneyFen('-0');
    expect(fast.ok && Object.is(fast.value, 0)).toBe(true);
  });

  it.each([
    ['123', 'fen', 123],
    ['123.4', 'fen', 123],
    ['123.5', 'fen', 124],
    ['1.5', 'wan', 1500000],
    ['0.0001', 'wan', 100],
    ['1,234.5678', 'wan', 1234567800],
    ['300元', 'wan', 30000],
    ['1.5', 'qian', 150000],
    ['0.001', 'qian', 100],
    ['2万', 'fen', 2000000],
    ['12.34', 'yuan', 1234],
  ] as const)('%j in unit %s → %d fen', (raw, unit, fen) => {
    expect(parseMoneyFen(raw, unit)).toEqual({ ok: true, value: fen });
  });

  it('matches integer arithmetic on every two-decimal amount below 100 yuan (no float error)', () => {
    for (let fen = 0; fen < 10000; fen++) {
      const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(parseMoneyFen(text)).toEqual({ ok: true, value: fen });
      expect(parseMoneyFen(`¥${text}`)).toEqual({ ok: true, value: fen });
    }
  });

  it.each([
    '', ' ', 'abc', '12a', '1,23', '12,34.5', '1.2.3', '--12', '(-12)', '-12-', '+-1', '$12', '12 34', '1e', 'e5',
    '.', '-', '¥', '元', '１２３ＡＢ', '99999999999999999', '1E+30', '12%', '0x1A', 'Infinity', 'NaN',
  ])('%j is AMOUNT_INVALID', (raw) => {
    expect(parseMoneyFen(raw)).toEqual({ ok: false, code: 'AMOUNT_INVALID' });
  });
});

describe('moneyUnitFromHeader', () => {
  it.each([
    ['金额(万元)', 'wan'],
    ['金额（万元）', 'wan'],
    ['余额_万元', 'wan'],
    ['存款余额万元', 'wan'],
    ['AUM(万)', 'wan'],
    ['资产【万】', 'wan'],
    ['金额（分）', 'fen'],
    ['金额(分)', 'fen'],
    ['amount_fen', 'fen'],
    ['Amount (cents)', 'fen'],
    ['金额(元)', 'yuan'],
    ['金额（人民币元）', 'yuan'],
    ['交易金额元', 'yuan'],
    ['balance_yuan', 'yuan'],
    ['余额 单位:元', 'yuan'],
    ['amt_wan', 'wan'],
    ['金额', null],
    ['积分', null],
    ['评分', null],
    ['分行', null],
    ['金额(千元)', 'qian'],
    ['', null],
  ] as const)('%j → %s', (header, unit) => {
    expect(moneyUnitFromHeader(header)).toBe(unit);
  });
});

describe('the fast path agrees with the general parser', () => {
  // A leading space skips the fast path.
  it.each([
    '0', '12', '12.5', '12.50', '12.', '-12.34', '-0', '¥12.50', '￥1,234.56', '-¥1,234', '1,234,567.89', '1,23',
    '12,345,67', ',123', '123,', '1234,567', '9999999999999.99', '99999999999999', '¥', '-', '12.345', '¥-1',
  ])('%j', (raw) => {
    expect(parseMoneyFen(raw)).toEqual(parseMoneyFen(` ${raw}`));
  });
});
