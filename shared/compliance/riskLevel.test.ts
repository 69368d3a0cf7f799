import { describe, expect, it } from 'vitest';
import { riskRank } from './riskLevel.ts';

describe('riskRank', () => {
  it('reads coded levels of customers and products', () => {
    expect(riskRank('C4-成长型')).toBe(4);
    expect(riskRank('R2')).toBe(2);
    expect(riskRank('PR5')).toBe(5);
    expect(riskRank('c1')).toBe(1);
    expect(riskRank(' 3 ')).toBe(3);
  });

  it('reads level names, preferring the longest name that matches', () => {
    expect(riskRank('稳健型')).toBe(2);
    expect(riskRank('中低风险')).toBe(2);
    expect(riskRank('低风险')).toBe(1);
    expect(riskRank('进取型')).toBe(5);
    expect(riskRank('Balanced')).toBe(3);
  });

  it('gives null when no level is named', () => {
    expect(riskRank(null)).toBeNull();
    expect(riskRank('')).toBeNull();
    expect(riskRank('未测评')).toBeNull();
    expect(riskRank('C9')).toBeNull();
  });
});
