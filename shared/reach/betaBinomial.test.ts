import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { betaCellMasses, DEFAULT_PRIOR_STRENGTH, fitBetaPrior, GRID_CELLS, probabilityAbove, probabilityGreatest, shrunkRate, silenceChance } from './betaBinomial.ts';

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

describe('posterior comparisons on the grid', () => {
  it('matches closed forms: P(X > Y) and P(X > x₀) for small integer Betas', () => {
    // X ~ Beta(2, 1), Y ~ Beta(1, 1): P(X > Y) = ∫ 2x · x dx = 2/3; X ~ Beta(1, 2): ∫ 2(1 − x) x dx = 1/3.
    expect(probabilityGreatest({ alpha: 2, beta: 1 }, [{ alpha: 1, beta: 1 }])).toBeCloseTo(2 / 3, 3);
    expect(probabilityGreatest({ alpha: 1, beta: 2 }, [{ alpha: 1, beta: 1 }])).toBeCloseTo(1 / 3, 3);
    // Beating two independent uniforms: ∫ x² dx = 1/3.
    expect(probabilityGreatest({ alpha: 1, beta: 1 }, [{ alpha: 1, beta: 1 }, { alpha: 1, beta: 1 }])).toBeCloseTo(1 / 3, 3);
    expect(probabilityGreatest({ alpha: 1, beta: 1 }, [])).toBe(1);
    // P(Beta(2, 1) > 0.5) = 1 − 0.5² = 0.75.
    expect(probabilityAbove({ alpha: 2, beta: 1 }, 0.5)).toBeCloseTo(0.75, 3);
  });

  it('is symmetric and keeps its mass when a prior is unbounded at 0 (α < 1)', () => {
    const d = { alpha: 0.25, beta: 1.8 };
    expect(probabilityGreatest(d, [d])).toBeCloseTo(0.5, 3);
    const masses = betaCellMasses(d, new Float64Array(GRID_CELLS));
    expect(masses.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // P(X > mean) for Beta(0.25, 1.8): mean 0.122; the skewed law has well under half its mass above the mean.
    const above = probabilityAbove(d, 0.25 / 2.05);
    expect(above).toBeGreaterThan(0.2);
    expect(above).toBeLessThan(0.45);
  });

  it('agrees with sampling for unequal, skewed Betas', () => {
    // Beta draws as Gamma ratios with α, β integers (sums of exponentials) after a shift: X ~ Beta(3, 2) vs Y ~ Beta(1, 4).
    const r = createRandom(5);
    const gamma = (k: number): number => Array.from({ length: k }, () => -Math.log(1 - r.next())).reduce((a, b) => a + b, 0);
    let wins = 0;
    const N = 40_000;
    for (let i = 0; i < N; i++) {
      const a = gamma(3);
      const x = a / (a + gamma(2));
      const b = gamma(1);
      if (x > b / (b + gamma(4))) wins++;
    }
    expect(probabilityGreatest({ alpha: 3, beta: 2 }, [{ alpha: 1, beta: 4 }])).toBeCloseTo(wins / N, 2);
  });
});

describe('silenceChance', () => {
  it('is the beta-binomial chance of no response: 1 / (n + 1) per channel under a uniform prior', () => {
    expect(silenceChance([1], [{ alpha: 1, beta: 1 }])).toBeCloseTo(1 / 2, 9);
    expect(silenceChance([3, 0, 1], [{ alpha: 1, beta: 1 }, { alpha: 5, beta: 1 }, { alpha: 1, beta: 1 }])).toBeCloseTo(1 / 8, 9);
    // A channel most customers answer makes silence on it rare: B(8, 4) / B(8, 2) = (2 · 3) / (10 · 11).
    expect(silenceChance([2], [{ alpha: 8, beta: 2 }])).toBeCloseTo(6 / 110, 9);
  });
});
