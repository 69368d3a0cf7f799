import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { DEFAULT_PRIOR_STRENGTH, fitBetaPrior, shrunkRate } from './betaBinomial.ts';

describe('fitBetaPrior', () => {
  it('recovers the mean and the spread of customer rates (method of moments)', () => {
    // Rates 0.1 or 0.5 with equal chance: mean 0.3, variance 0.04, so ρ = 0.04 / 0.21 and α + β = 1/ρ − 1 ≈ 4.25.
    const r = createRandom(11);
    const k: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const p = r.chance(0.5) ? 0.1 : 0.5;
      const ni = r.int(2, 12);
      let ki = 0;
      for (let j = 0; j < ni; j++) if (r.chance(p)) ki++;
      k.push(ki);
      n.push(ni);
    }
    const prior = fitBetaPrior(k, n);
    const strength = prior.alpha + prior.beta;
    expect(prior.alpha / strength).toBeCloseTo(0.3, 1);
    expect(strength).toBeGreaterThan(3.4);
    expect(strength).toBeLessThan(5.2);
  });

  it('falls back to the default strength when every customer has one message', () => {
    const prior = fitBetaPrior([1, 0, 0, 0], [1, 1, 1, 1]);
    expect(prior.alpha + prior.beta).toBeCloseTo(DEFAULT_PRIOR_STRENGTH, 9);
    expect(prior.alpha / (prior.alpha + prior.beta)).toBeCloseTo(0.25, 9);
  });

  it('gives a flat prior without messages, and ignores customers never sent', () => {
    expect(fitBetaPrior([], [])).toEqual({ alpha: 1, beta: 1 });
    expect(fitBetaPrior([0, 1], [0, 1]).alpha).toBeGreaterThan(0);
  });
});

describe('shrunkRate', () => {
  it('pulls one open of one message towards the channel mean, less so with more messages', () => {
    const prior = { alpha: 1, beta: 4 };
    const one = shrunkRate(1, 1, prior);
    const many = shrunkRate(20, 20, prior);
    expect(one).toBeCloseTo(2 / 6, 9);
    expect(one).toBeLessThan(0.5);
    expect(many).toBeGreaterThan(0.8);
    expect(shrunkRate(0, 0, prior)).toBeCloseTo(0.2, 9);
  });
});
