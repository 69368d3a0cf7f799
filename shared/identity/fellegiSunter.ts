/**
 * Fellegi–Sunter record linkage with parameters estimated by expectation–maximisation, as Splink does.
 *
 * Model. Two records are compared field by field; each field gives an agreement level (name exact / same pinyin /
 * similar / different, …) or nothing when a side is missing. For a true match the level of field f is drawn
 * with probabilities m_f, for a non-match with u_f, fields independent given the match status (the
 * "conditional independence" assumption), and a pair is a match with prior probability λ. The match weight of
 * a pair is the log2 posterior odds:
 *
 *     w = log2(λ / (1 − λ)) + Σ_f log2(m_f[level_f] / u_f[level_f])        (missing fields add 0)
 *
 * so each field's term, log2(m/u), is its Bayes factor: the evidence the UI shows per field. The match
 * probability is 2^w / (1 + 2^w).
 *
 * Estimation. The m and u probabilities and λ are unknown; the matches among the candidate pairs are latent.
 * EM alternates: E-step, the posterior g = P(match | pattern) of every comparison pattern under the current
 * parameters; M-step, λ = Σ n_p g_p / Σ n_p and m_f[l] = Σ n_p g_p [level_f(p) = l] / Σ n_p g_p [f present]
 * (u_f the same with 1 − g_p). Pairs are grouped by pattern (at most 5^4 = 625), so one iteration costs
 * O(patterns × fields) whatever the number of pairs. Iteration stops when no parameter moves by more than
 * `tolerance` or after `maxIterations`. As in Splink, u starts from comparing random record pairs (almost all
 * non-matches), so u is anchored in the data rather than in the candidate pairs, which blocking made similar;
 * m starts from a prior that agreement is likely among matches. EM never depends on a random seed itself; the
 * random pairs for u are drawn with the run's seed.
 *
 * Blocking bias (Splink's answer). Candidate pairs come from blocks (same birth date, same name pinyin, same
 * phone prefix), so inside a birth-date block every pair agrees on birth date, matches or not: that field says
 * nothing there, and EM on it would learn that agreement is normal. {@link trainModel} therefore runs EM per
 * blocking rule with the rule's own fields treated as missing, keeps u fixed from random pairs, and averages each
 * field's m over the rules that could see it, weighted by the matches each rule found. The prior λ is then the
 * chance that two records of the whole comparison space match (not a candidate pair): the matches a rule found,
 * divided by the share of all matches that agree on the rule's field (its m of exact agreement), over all pairs a
 * weak record could have been compared with. Weights are so posterior log-odds over all pairs.
 *
 * Where the deterministic stage already linked records that both have weak fields (a customer and its CRM
 * contact), their comparisons are a sample of matches: m is measured on them first (Splink's estimate from
 * pairwise labels) and EM starts from there.
 *
 * A level never seen in one class would give log2(0); every probability is floored at `EPS` and renormalised.
 */
import { FIELDS, levelOf, MISSING, PATTERN_COUNT, PATTERN_RADIX } from './weakFields.ts';

export interface FsParams {
  readonly lambda: number;
  /** m[f][level]. */
  readonly m: readonly (readonly number[])[];
  /** u[f][level]. */
  readonly u: readonly (readonly number[])[];
}

export interface EmResult {
  readonly params: FsParams;
  readonly iterations: number;
  readonly converged: boolean;
}

const EPS = 1e-6;
/** A blocking rule with fewer candidate pairs is not trained on (EM on a handful of pairs says nothing). */
const MIN_TRAINING_PAIRS = 50;

function normalise(p: number[]): number[] {
  const floored = p.map((x) => Math.max(x, EPS));
  const s = floored.reduce((a, b) => a + b, 0);
  return floored.map((x) => x / s);
}

/** Default m: agreement likely among matches, decreasing with the level. */
export function defaultM(): number[][] {
  return FIELDS.map((f) => {
    const n = f.levels.length;
    const raw = f.levels.map((_, l) => (l === n - 1 ? 0.05 : 0.9 ** (l * 3) * (l === 0 ? 0.85 : 0.1)));
    return normalise(raw);
  });
}

/**
 * Typical non-match level rates between two random records of a large customer base, per field: the prior that
 * random-pair tallies are blended with, so that a workspace of a few records gets sensible u values.
 */
const U_PRIOR: readonly (readonly number[])[] = [
  [0.0005, 0.0005, 0.01, 0.989],
  [0.0003, 0.005, 0.9947],
  [0.05, 0.2, 0.75],
  [0.0001, 0.001, 0.9989],
];
/** Weight of {@link U_PRIOR} in random pairs. */
const U_PRIOR_PAIRS = 200;

/** u from level tallies of random pairs (`counts[f][level]`), blended with a prior worth 200 pairs. */
export function uFromCounts(counts: readonly (readonly number[])[]): number[][] {
  return FIELDS.map((f, i) => {
    const row = counts[i] ?? [];
    const n = row.reduce((a, b) => a + b, 0);
    return normalise(f.levels.map((_, l) => ((row[l] ?? 0) + U_PRIOR_PAIRS * (U_PRIOR[i]?.[l] ?? 0)) / (n + U_PRIOR_PAIRS)));
  });
}

/**
 * Estimates λ, m and u by EM from pattern counts.
 *
 * @param counts pairs per comparison pattern (length {@link PATTERN_COUNT}).
 * @param init starting parameters (see {@link defaultM}, {@link uFromCounts}).
 * @param options.maxIterations default 50; options.tolerance largest parameter change that counts as converged,
 *   default 1e-5; options.fixU keep u at its initial value (estimate only m and λ).
 */
export function estimateEm(
  counts: Float64Array,
  init: FsParams,
  options: { readonly maxIterations?: number; readonly tolerance?: number; readonly fixU?: boolean } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-5;
  let lambda = Math.min(Math.max(init.lambda, EPS), 1 - EPS);
  let m = init.m.map((r) => [...r]);
  let u = init.u.map((r) => [...r]);
  const patterns: number[] = [];
  for (let p = 0; p < PATTERN_COUNT; p++) if ((counts[p] ?? 0) > 0) patterns.push(p);
  const total = patterns.reduce((s, p) => s + (counts[p] as number), 0);
  if (total === 0) return { params: { lambda, m, u }, iterations: 0, converged: true };
  const levels = patterns.map((p) => FIELDS.map((_, f) => levelOf(p, f)));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    let sumG = 0;
    const mAcc = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    const uAcc = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    for (let k = 0; k < patterns.length; k++) {
      const c = counts[patterns[k] as number] as number;
      const lv = levels[k] as number[];
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < lv.length; f++) {
        const l = lv[f] as number;
        if (l === MISSING) continue;
        pm *= m[f]?.[l] ?? EPS;
        pu *= u[f]?.[l] ?? EPS;
      }
      const g = pm / (pm + pu);
      sumG += c * g;
      for (let f = 0; f < lv.length; f++) {
        const l = lv[f] as number;
        if (l === MISSING) continue;
        (mAcc[f] as number[])[l] = ((mAcc[f] as number[])[l] as number) + c * g;
        (uAcc[f] as number[])[l] = ((uAcc[f] as number[])[l] as number) + c * (1 - g);
      }
    }
    const nextLambda = Math.min(Math.max(sumG / total, EPS), 1 - EPS);
    const nextM = mAcc.map((row, f) => (row.some((x) => x > 0) ? normalise(row) : (m[f] as number[])));
    const nextU = options.fixU ? u : uAcc.map((row, f) => (row.some((x) => x > 0) ? normalise(row) : (u[f] as number[])));
    let delta = Math.abs(nextLambda - lambda);
    for (let f = 0; f < FIELDS.length; f++) {
      for (let l = 0; l < (nextM[f] as number[]).length; l++) {
        delta = Math.max(delta, Math.abs(((nextM[f] as number[])[l] as number) - ((m[f] as number[])[l] as number)));
        delta = Math.max(delta, Math.abs(((nextU[f] as number[])[l] as number) - ((u[f] as number[])[l] as number)));
      }
    }
    lambda = nextLambda;
    m = nextM;
    u = nextU;
    converged = delta < tolerance;
  }
  return { params: { lambda, m, u }, iterations, converged };
}

/** log2(m/u) per field and level: the Bayes factor of each level, the per-field evidence. */
export function levelWeights(params: FsParams): number[][] {
  return FIELDS.map((f, i) => f.levels.map((_, l) => Math.log2(Math.max(params.m[i]?.[l] ?? EPS, EPS) / Math.max(params.u[i]?.[l] ?? EPS, EPS))));
}

/** Match weight of every pattern: log2 prior odds plus the Bayes factors of the present fields. */
export function patternWeights(params: FsParams): Float64Array {
  const lw = levelWeights(params);
  const prior = Math.log2(params.lambda / (1 - params.lambda));
  const out = new Float64Array(PATTERN_COUNT);
  for (let p = 0; p < PATTERN_COUNT; p++) {
    let w = prior;
    for (let f = 0; f < FIELDS.length; f++) {
      const l = levelOf(p, f);
      if (l !== MISSING) w += lw[f]?.[l] ?? 0;
    }
    out[p] = w;
  }
  return out;
}

/** Match probability of a weight. */
export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** `p` with field `f` set to missing. */
function withoutField(p: number, f: number): number {
  const l = levelOf(p, f);
  return p + (MISSING - l) * PATTERN_RADIX ** f;
}

/** m from level tallies of pairs known to match (`counts[f][level]`), blended with {@link defaultM} worth 20 pairs. */
export function mFromCounts(counts: readonly (readonly number[])[]): number[][] {
  const prior = defaultM();
  return FIELDS.map((f, i) => {
    const row = counts[i] ?? [];
    const n = row.reduce((a, b) => a + b, 0);
    return normalise(f.levels.map((_, l) => ((row[l] ?? 0) + 20 * (prior[i]?.[l] ?? 0)) / (n + 20)));
  });
}

/** A rule is trained only when this many of its non-blocked fields are present on at least a tenth of its pairs. */
const MIN_INFORMATIVE_FIELDS = 2;

/**
 * Trains m (and λ over all pairs) per blocking rule, as described in the module comment.
 *
 * EM on a latent two-class model needs enough informative fields: a rule whose pairs have fewer than two present
 * fields besides the blocked ones cannot separate matches from look-alikes and is not trained. EM starts from
 * `mInit` (m measured on pairs the deterministic stage linked, when there are enough); a field whose EM estimate
 * gives exact agreement less than half the starting value has wandered into another mode (systematic
 * look-alikes in the blocks) and keeps the starting value.
 *
 * @param patterns comparison pattern of every candidate pair; `rules[k]` the blocking rule that produced pair k.
 * @param ignores fields each rule agrees on by construction.
 * @param u fixed non-match probabilities (from random pairs).
 * @param pairsConsidered all pairs the weak records could have been compared with (weak records × candidates).
 * @param fallbackMatches matches to assume when no rule could be trained.
 * @param mInit starting m (default {@link defaultM}).
 */
export function trainModel(
  patterns: readonly number[],
  rules: readonly number[],
  ignores: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  pairsConsidered: number,
  maxIterations: number,
  fallbackMatches = 0,
  mInit: readonly (readonly number[])[] = defaultM(),
): { params: FsParams; em: EmResult } {
  const nf = FIELDS.length;
  const mSum = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  const mWeight = new Array<number>(nf).fill(0);
  let iterations = 0;
  let converged = true;
  let matchesTotal = 0;
  let bestRuleMatches = 0;
  const fitted: { matches: number; ignores: readonly number[] }[] = [];
  for (let r = 0; r < ignores.length; r++) {
    const ign = ignores[r] ?? [];
    const counts = new Float64Array(PATTERN_COUNT);
    const present = new Array<number>(nf).fill(0);
    let total = 0;
    for (let k = 0; k < patterns.length; k++) {
      if (rules[k] !== r) continue;
      let p = patterns[k] as number;
      for (const f of ign) p = withoutField(p, f);
      for (let f = 0; f < nf; f++) if (levelOf(p, f) !== MISSING) present[f] = (present[f] as number) + 1;
      counts[p] = (counts[p] as number) + 1;
      total++;
    }
    const informative = present.filter((n) => n >= total / 10).length;
    if (total < MIN_TRAINING_PAIRS || informative < MIN_INFORMATIVE_FIELDS) continue;
    const em = estimateEm(counts, { lambda: 0.1, m: mInit, u }, { maxIterations, fixU: true });
    iterations += em.iterations;
    converged &&= em.converged;
    const matches = em.params.lambda * total;
    fitted.push({ matches, ignores: ign });
    for (let f = 0; f < nf; f++) {
      if (ign.includes(f) || (present[f] as number) < total / 10) continue;
      const row = em.params.m[f] ?? [];
      for (let l = 0; l < row.length; l++) (mSum[f] as number[])[l] = ((mSum[f] as number[])[l] as number) + matches * (row[l] as number);
      mWeight[f] = (mWeight[f] as number) + matches;
    }
  }
  const m = FIELDS.map((_, f) => {
    const start = (mInit[f] ?? []) as number[];
    if ((mWeight[f] as number) <= 0) return [...start];
    const est = normalise((mSum[f] as number[]).map((x) => x / (mWeight[f] as number)));
    return (est[0] as number) < 0.5 * (start[0] ?? 0) ? [...start] : est;
  });
  // Total matches from the rule that found most: its matches over the share of matches agreeing on its field.
  for (const x of fitted) {
    if (x.ignores.length === 0 || x.matches <= bestRuleMatches) continue;
    bestRuleMatches = x.matches;
    const agree = x.ignores.reduce((prod, f) => prod * (m[f]?.[0] ?? 1), 1);
    matchesTotal = x.matches / Math.max(agree, 0.05);
  }
  if (matchesTotal <= 0) matchesTotal = fallbackMatches;
  const lambda = Math.min(0.5, Math.max(1e-12, matchesTotal / Math.max(pairsConsidered, 1)));
  const params: FsParams = { lambda, m, u: u.map((row) => [...row]) };
  return { params, em: { params, iterations, converged } };
}
