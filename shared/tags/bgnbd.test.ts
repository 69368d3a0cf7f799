/**
 * BG/NBD and Gamma-Gamma against the `lifetimes` package's closed forms. lifetimes cannot be installed here
 * (no PyPI), so the reference numbers were computed by re-typing lifetimes 0.11's formulas
 * (BetaGeoFitter._negative_log_likelihood, conditional_probability_alive,
 * conditional_expected_number_of_purchases_up_to_time, GammaGammaFitter, customer_lifetime_value with freq 'W')
 * in NumPy/SciPy 1.10 (Debian python3-scipy) and fitting with scipy.optimize.minimize(method='Nelder-Mead',
 * xatol=1e-10, fatol=1e-12) from log-parameters 0. The 80 customers were drawn from a BG/NBD process
 * (r=1.5, alpha=8, a=1.2, b=4, numpy default_rng(2)) with Gamma-Gamma spends.
 */
import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, customerLifetimeValue, expectedSpend, expectedTransactions, fitBgNbd, fitGammaGamma, pAlive } from './bgnbd.ts';
import { hyp2f1, lnGamma } from './specialFunctions.ts';
import { nelderMead } from './nelderMead.ts';

/** [x, t_x, T, mean spend] per customer, weeks. */
const DATA: readonly (readonly [number, number, number, number])[] = [
  [4, 12.6, 26.0, 8.4],
  [25, 38.2, 41.8, 9.96],
  [2, 12.3, 28.3, 7.44],
  [0, 0.0, 32.5, 0.0],
  [2, 21.4, 24.9, 10.36],
  [3, 7.1, 27.6, 14.32],
  [12, 25.9, 28.5, 10.03],
  [2, 29.0, 44.9, 15.98],
  [2, 10.7, 35.8, 14.68],
  [8, 34.7, 35.4, 8.05],
  [2, 13.9, 29.7, 6.55],
  [1, 5.0, 48.2, 21.08],
  [1, 2.1, 20.4, 7.09],
  [7, 22.8, 32.8, 13.22],
  [1, 4.2, 25.4, 3.56],
  [0, 0.0, 25.6, 0.0],
  [1, 14.4, 26.4, 4.93],
  [1, 33.4, 48.5, 3.92],
  [1, 8.4, 35.2, 12.21],
  [5, 9.8, 29.2, 11.27],
  [5, 32.3, 36.7, 14.55],
  [4, 12.6, 26.8, 13.22],
  [1, 11.2, 49.3, 10.13],
  [3, 35.0, 35.9, 22.74],
  [11, 17.1, 35.8, 18.37],
  [10, 26.8, 27.7, 8.03],
  [6, 15.6, 49.6, 12.82],
  [0, 0.0, 22.5, 0.0],
  [1, 0.7, 25.0, 1.23],
  [2, 16.7, 22.8, 8.41],
  [2, 22.5, 37.5, 16.77],
  [3, 21.8, 37.0, 12.52],
  [2, 8.6, 34.6, 10.23],
  [13, 48.6, 50.5, 9.85],
  [3, 16.0, 50.6, 9.89],
  [2, 31.6, 34.2, 15.87],
  [3, 27.5, 38.3, 17.73],
  [6, 19.1, 21.0, 5.25],
  [4, 17.8, 42.3, 10.27],
  [15, 40.2, 40.5, 17.88],
  [7, 23.0, 23.8, 14.35],
  [2, 32.4, 44.3, 15.8],
  [2, 2.2, 32.9, 8.2],
  [2, 8.9, 26.8, 16.78],
  [1, 2.0, 20.1, 8.06],
  [0, 0.0, 23.4, 0.0],
  [2, 9.9, 32.1, 5.61],
  [1, 2.8, 34.0, 3.41],
  [1, 0.1, 27.2, 9.52],
  [1, 4.7, 41.9, 12.54],
  [3, 14.1, 41.6, 9.62],
  [1, 10.0, 29.2, 8.77],
  [2, 44.9, 51.4, 7.77],
  [2, 18.5, 25.1, 5.57],
  [9, 41.5, 48.1, 12.61],
  [7, 46.6, 48.3, 10.92],
  [0, 0.0, 22.2, 0.0],
  [3, 20.0, 22.1, 14.45],
  [0, 0.0, 27.1, 0.0],
  [5, 19.2, 43.2, 9.39],
  [1, 1.4, 37.2, 10.08],
  [1, 4.8, 24.3, 15.32],
  [2, 5.3, 23.7, 17.88],
  [2, 35.2, 39.9, 9.36],
  [3, 7.3, 27.5, 24.19],
  [11, 34.8, 35.4, 9.25],
  [2, 1.1, 31.5, 7.02],
  [3, 12.6, 23.9, 8.34],
  [1, 12.7, 46.7, 14.89],
  [11, 37.0, 39.3, 13.92],
  [3, 13.3, 25.8, 42.32],
  [2, 1.8, 49.6, 23.11],
  [7, 25.0, 50.6, 13.21],
  [4, 19.5, 23.1, 12.71],
  [2, 25.3, 47.6, 6.75],
  [2, 2.5, 30.4, 10.75],
  [2, 15.8, 35.0, 10.49],
  [0, 0.0, 22.7, 0.0],
  [3, 16.9, 28.9, 5.98],
  [4, 8.0, 45.2, 13.3 ],
];

const OBS = DATA.map(([x, tx, T]) => ({ x, tx, T }));
const SPEND = DATA.filter(([x]) => x > 0).map(([x, , , m]) => ({ x, m }));
const BG = { r: 1.8030294771671056, alpha: 9.382730842284008, a: 1.0342224324709979, b: 3.844145895447667 };
const GG = { p: 3.014566102771359, q: 16.694498726617855, gamma: 63.143753646808264 };

const close = (actual: number, expected: number, rel = 1e-9): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

describe('special functions', () => {
  it('matches scipy.special.gammaln and hyp2f1', () => {
    close(lnGamma(0.3), 1.0957979948180756, 1e-13);
    close(lnGamma(7.5), 7.534364236758734, 1e-13);
    close(lnGamma(123.4), 469.3360974421906, 1e-13);
    close(hyp2f1(3.2, 4.1, 6.3, 0.5), 3.934529338634624, 1e-12);
    close(hyp2f1(1.5, 2.5, 3.7, 0.97), 14.50477034485526, 1e-10);
  });

  it('finds the minimum of the Rosenbrock function with Nelder–Mead', () => {
    const res = nelderMead(([x = 0, y = 0]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1], { tolerance: 1e-14 });
    expect(res.converged).toBe(true);
    close(res.x[0] ?? 0, 1, 1e-5);
    close(res.x[1] ?? 0, 1, 1e-5);
  });
});

describe('BG/NBD and Gamma-Gamma (lifetimes closed forms)', () => {
  it('computes the log-likelihood lifetimes computes', () => {
    close(bgnbdLogLikelihood(BG, OBS), -862.3866980789383, 1e-12);
    close(bgnbdLogLikelihood({ r: 1, alpha: 2, a: 0.5, b: 3 }, OBS), -887.288824971769, 1e-12);
  });

  it('fits the same maximum-likelihood parameters as SciPy', () => {
    const fit = fitBgNbd(OBS);
    expect(fit.converged).toBe(true);
    close(fit.logLik, -862.3866980789383, 1e-9);
    close(fit.params.r, BG.r, 1e-4);
    close(fit.params.alpha, BG.alpha, 1e-4);
    close(fit.params.a, BG.a, 1e-4);
    close(fit.params.b, BG.b, 1e-4);
    const gg = fitGammaGamma(SPEND);
    close(gg.params.p, GG.p, 1e-4);
    close(gg.params.q, GG.q, 1e-4);
    close(gg.params.gamma, GG.gamma, 1e-4);
  });

  it('gives lifetimes P(alive) and expected transactions', () => {
    const cases: readonly [number, number, number, number, number, number][] = [
      [0, 0, 30, 1, 1.7720727820951638, 0.1927012014308213],
      [1, 2, 40, 0.05729425901907363, 0.1285266289850049, 0.013730952605581158],
      [3, 30, 35, 0.7609178055647443, 3.0659009703839657, 0.3450900902306111],
      [8, 20, 45, 0.02447897692682754, 0.16698563905997982, 0.01853728522210747],
      [2, 44, 45, 0.8135947462870083, 2.2547498591848703, 0.24035037646408636],
    ];
    for (const [x, tx, T, alive, e52, e1] of cases) {
      close(pAlive(BG, x, tx, T), alive, 1e-10);
      close(expectedTransactions(BG, 52, x, tx, T), e52, 1e-9);
      close(expectedTransactions(BG, 4.345, x, tx, T), e1, 1e-9);
    }
  });

  it('gives lifetimes expected spend and 12-month CLV', () => {
    close(expectedSpend(GG, 1, 20), 13.396839643589141, 1e-10);
    close(expectedSpend(GG, 5, 12.5), 12.31050631038719, 1e-10);
    close(customerLifetimeValue(BG, 3, 30, 35, expectedSpend(GG, 3, 15), 12, 0.01), 38.20760625672114, 1e-9);
    close(customerLifetimeValue(BG, 8, 20, 45, expectedSpend(GG, 8, 9), 12, 0.01), 1.6155708988390196, 1e-9);
  });
});
