import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { idCheckChar, idCheckValid, luhnDigit, makeIdNo, Scramble, wrongCheckChar } from './identifiers.ts';

describe('身份证 check character', () => {
  it('matches the GB 11643 sample numbers', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckValid('11010519491231002X')).toBe(true);
    expect(idCheckValid('110105194912310021')).toBe(false);
    expect(idCheckValid('440524188001010014')).toBe(true);
  });

  it('builds valid numbers and plants invalid ones on request', () => {
    const r = createRandom(7);
    for (let k = 0; k < 200; k++) {
      const id = makeIdNo('330106', '19850412', r.int(0, 999));
      expect(idCheckValid(id)).toBe(true);
      expect(idCheckValid(wrongCheckChar(id, r))).toBe(false);
    }
  });
});

describe('Luhn and scramble', () => {
  it('computes Luhn check digits', () => {
    expect(luhnDigit('411111111111111')).toBe('1');
    expect(luhnDigit('7992739871')).toBe('3');
  });

  it('is a bijection of its range', () => {
    const s = Scramble.forPrime(10_007, createRandom(3));
    const seen = new Set<number>();
    for (let i = 0; i < 10_007; i++) seen.add(s.of(i));
    expect(seen.size).toBe(10_007);
    const d = Scramble.forDecimal(100_000_000, createRandom(4));
    const sample = new Set<number>();
    for (let i = 0; i < 50_000; i++) sample.add(d.of(i * 997));
    expect(sample.size).toBe(50_000);
  });
});
