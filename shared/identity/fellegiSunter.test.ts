import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { defaultM, estimateEm, matchProbability, patternWeights, trainModel, type FsParams } from './fellegiSunter.ts';
import { FIELDS, MISSING, PATTERN_COUNT, PATTERN_RADIX } from './weakFields.ts';

const TRUE: FsParams = {
  lambda: 0.2,
  m: [
    [0.85, 0.08, 0.04, 0.03],
    [0.9, 0.06, 0.04],
    [0.8, 0.15, 0.05],
    [0.7, 0.2, 0.1],
  ],
  u: [
    [0.01, 0.01, 0.08, 0.9],
    [0.02, 0.05, 0.93],
    [0.1, 0.3, 0.6],
    [0.01, 0.04, 0.95],
  ],
};

function draw(p: readonly number[], x: number): number {
  let acc = 0;
  for (let l = 0; l < p.length; l++) {
    acc += p[l] as number;
    if (x < acc) return l;
  }
  return p.length - 1;
}

/** Comparison patterns of `n` pairs drawn from known parameters (seeded); email missing on 30% of pairs. */
function sample(n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const counts = new Float64Array(PATTERN_COUNT);
  for (let k = 0; k < n; k++) {
    const match = rnd.next() < TRUE.lambda;
    let p = 0;
    FIELDS.forEach((_, f) => {
      const probs = (match ? TRUE.m : TRUE.u)[f] as number[];
      const level = f === 3 && rnd.next() < 0.3 ? MISSING : draw(probs, rnd.next());
      p += level * PATTERN_RADIX ** f;
    });
    counts[p] = (counts[p] as number) + 1;
  }
  return counts;
}

describe('Fellegi–Sunter EM', () => {
  it('recovers known m, u and λ from pairs drawn from them', () => {
    const counts = sample(200_000, 7);
    const flatU = FIELDS.map((f) => f.levels.map(() => 1 / f.levels.length));
    const r = estimateEm(counts, { lambda: 0.1, m: defaultM(), u: flatU }, { maxIterations: 500, tolerance: 1e-7 });
    expect(r.converged).toBe(true);
    expect(r.params.lambda).toBeCloseTo(TRUE.lambda, 2);
    FIELDS.forEach((f, i) => {
      f.levels.forEach((_, l) => {
        expect(Math.abs((r.params.m[i]?.[l] ?? 0) - (TRUE.m[i]?.[l] ?? 0))).toBeLessThan(0.02);
        expect(Math.abs((r.params.u[i]?.[l] ?? 0) - (TRUE.u[i]?.[l] ?? 0))).toBeLessThan(0.02);
      });
    });
  });

  it('weights agreement up and disagreement down; missing fields add nothing', () => {
    const w = patternWeights(TRUE);
    const allAgree = 0;
    const allDiffer = 3 + PATTERN_RADIX * (2 + PATTERN_RADIX * (2 + PATTERN_RADIX * 2));
    const nameOnly = 0 + PATTERN_RADIX * (MISSING + PATTERN_RADIX * (MISSING + PATTERN_RADIX * MISSING));
    expect(w[allAgree]).toBeGreaterThan(10);
    expect(w[allDiffer]).toBeLessThan(-10);
    expect(w[nameOnly]).toBeCloseTo(Math.log2(0.2 / 0.8) + Math.log2(0.85 / 0.01), 6);
    expect(matchProbability(w[allAgree] as number)).toBeGreaterThan(0.999);
  });

  it('trains m per blocking rule without learning from the field a rule blocks on', () => {
    // Pairs blocked on birth date all agree on it, matches or not; the rule must not teach that agreement.
    const rnd = createRandom(3);
    const patterns: number[] = [];
    const rules: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const match = rnd.next() < 0.3;
      const name = draw((match ? TRUE.m : TRUE.u)[0] as number[], rnd.next());
      const area = draw((match ? TRUE.m : TRUE.u)[2] as number[], rnd.next());
      patterns.push(name + PATTERN_RADIX * (0 + PATTERN_RADIX * (area + PATTERN_RADIX * MISSING)));
      rules.push(0);
    }
    const { params } = trainModel(patterns, rules, [[1]], TRUE.u, 1_000_000, 200);
    expect(Math.abs((params.m[0]?.[0] ?? 0) - 0.85)).toBeLessThan(0.03);
    // Birth date was never observed: its m stays the prior.
    expect(params.m[1]).toEqual(defaultM()[1]);
    expect(params.lambda).toBeGreaterThan(0);
    expect(params.lambda).toBeLessThan(0.01);
  });
});
