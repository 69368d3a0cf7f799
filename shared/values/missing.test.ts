import { describe, expect, it } from 'vitest';
import { isMissing } from './missing.ts';

describe('isMissing', () => {
  it.each([
    '', ' ', '\t', '\u3000', '  \u00a0 ', 'NA', 'na', 'N/A', 'n/a', '#N/A', 'NULL', 'null', 'Null', '(null)', 'None',
    'nan', 'NaN', 'NaT', '<NA>', '\\N', '空', '无', '-', '--', '—', '——', '(空)', '（空）', '[空]', '【空】', '(空白)',
    '暂无', '/', ' NULL ', 'ＮＵＬＬ', 'undefined', '#NULL!', ' - ',
  ])('%j is missing', (raw) => {
    expect(isMissing(raw)).toBe(true);
  });

  it.each([
    '0', '0.00', '无锡', '空调', '张无忌', 'N', 'No', 'Nancy', 'nan1', '-1', '- 5', 'N/A2', '2024-03-18',
    'A long value that is clearly present', '                 x', 'x                 ', '13812345678',
    'CNY', 'ATM', 'C00001171', '支出', '手机银行', 'Undef', '#1', '<b>', '(1)', '空调机',
  ])('%j is a value', (raw) => {
    expect(isMissing(raw)).toBe(false);
  });

  it('keeps 无 as a value for bool fields, where it means "no"', () => {
    expect(isMissing('无', 'bool')).toBe(false);
    expect(isMissing('无', 'text')).toBe(true);
    expect(isMissing('NULL', 'bool')).toBe(true);
    expect(isMissing('', 'bool')).toBe(true);
  });

  it('sees markers padded beyond the fast-path length', () => {
    expect(isMissing('NULL            ')).toBe(true);
    expect(isMissing('            空')).toBe(true);
  });
});
