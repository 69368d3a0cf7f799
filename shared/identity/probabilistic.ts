/**
 * The probabilistic stage: records that share no strong identifier with anyone else's person are compared on
 * weak fields inside blocks (same birth date, same name pinyin, same phone prefix) and linked by Fellegi–Sunter
 * match weight (see fellegiSunter.ts). Only pairs with a "weak" side — a component without a customer number
 * or ID document — are compared: two identified persons are kept apart by their identifiers, not by their names.
 */
import type { IdentitySettings } from '#shared/api/identityTypes.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { mFromCounts, patternWeights, trainModel, uFromCounts, type EmResult, type FsParams } from './fellegiSunter.ts';
import type { Linker } from './linker.ts';
import { SOURCE_TABLES, type RecordSet, type WeakFields } from './recordSet.ts';
import { comparePattern, compareLevels, FIELDS, MISSING, weakBlockKeys } from './weakFields.ts';

export interface ScoredPair {
  readonly a: number;
  readonly b: number;
  readonly pattern: number;
  readonly weight: number;
}

export interface ProbabilisticResult {
  /** Pairs linked (weight ≥ linkWeight, unambiguous), strongest first. */
  readonly links: ScoredPair[];
  /** Pairs for the analyst (reviewWeight ≤ weight < linkWeight, or a weak record matching two persons). */
  readonly reviews: ScoredPair[];
  readonly em: EmResult | null;
  readonly candidatePairs: number;
  readonly skippedBlocks: number;
}

/** Weight margin by which the best person must beat the second for a weak record to link automatically. */
const AMBIGUITY_MARGIN = 3;

/** Blocking rules: the block-key prefix and the fields that agree by construction inside its blocks. */
const BLOCK_RULES: readonly { readonly prefix: string; readonly ignores: readonly number[] }[] = [
  { prefix: 'b', ignores: [1] },
  { prefix: 'n', ignores: [0] },
  { prefix: 'p', ignores: [] },
];
const U_SAMPLE_PAIRS = 100_000;

/** Random record pairs → level tallies per field, for u. */
function sampleU(rs: RecordSet, cand: Int32Array, seed: number): number[][] {
  const counts = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  if (cand.length < 2) return counts;
  const rnd = createRandom(seed);
  const pairs = Math.min(U_SAMPLE_PAIRS, (cand.length * (cand.length - 1)) / 2);
  for (let k = 0; k < pairs; k++) {
    const i = cand[rnd.int(0, cand.length - 1)] as number;
    const j = cand[rnd.int(0, cand.length - 1)] as number;
    if (i === j) continue;
    const a = rs.weak[rs.weakIndex[i] as number];
    const b = rs.weak[rs.weakIndex[j] as number];
    if (!a || !b) continue;
    const lv = compareLevels(a, b);
    for (let f = 0; f < lv.length; f++) {
      const l = lv[f] as number;
      if (l !== MISSING) (counts[f] as number[])[l] = ((counts[f] as number[])[l] as number) + 1;
    }
  }
  return counts;
}

/** Labelled pairs needed before m is taken from them rather than from the prior. */
const MIN_LABELLED_PAIRS = 50;
const MAX_LABELLED_PAIRS = 50_000;

/**
 * Level tallies of pairs the deterministic stage linked: records with weak fields in one component, from
 * different sources (a customer and its CRM contact). At most three pairs per component, so one large
 * household does not dominate.
 */
function labelledCounts(rs: RecordSet, cand: Int32Array, linker: Linker): { counts: number[][]; pairs: number } {
  const counts = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  const byRoot = new Map<number, number[]>();
  for (const i of cand) {
    const r = linker.uf.find(i);
    const list = byRoot.get(r);
    if (list) {
      if (list.length < 4) list.push(i);
    } else byRoot.set(r, [i]);
  }
  let pairs = 0;
  for (const list of byRoot.values()) {
    let taken = 0;
    for (let x = 0; x < list.length && taken < 3; x++) {
      for (let y = x + 1; y < list.length && taken < 3; y++) {
        const a = list[x] as number;
        const b = list[y] as number;
        if (rs.recSource[a] === rs.recSource[b]) continue;
        const lv = compareLevels(rs.weak[rs.weakIndex[a] as number] as WeakFields, rs.weak[rs.weakIndex[b] as number] as WeakFields);
        for (let f = 0; f < lv.length; f++) {
          const l = lv[f] as number;
          if (l !== MISSING) (counts[f] as number[])[l] = ((counts[f] as number[])[l] as number) + 1;
        }
        taken++;
        pairs++;
      }
    }
    if (pairs >= MAX_LABELLED_PAIRS) break;
  }
  return { counts, pairs };
}

function blockKeys(rs: RecordSet, i: number): string[] {
  const w = rs.weak[rs.weakIndex[i] as number];
  return w ? weakBlockKeys(w) : [];
}

/**
 * Finds, scores and decides weak-field pairs.
 *
 * @param model parameters to use as they are (an incremental run reuses the last full run's); when absent they
 *   are estimated by EM on this run's candidate pairs, with u started from random pairs drawn with `ctx.seed`.
 */
export async function matchProbabilistic(
  rs: RecordSet,
  linker: Linker,
  settings: IdentitySettings,
  ctx: JobContext,
  model?: FsParams,
): Promise<ProbabilisticResult & { readonly params: FsParams | null }> {
  const personTable = SOURCE_TABLES.indexOf('person');
  const candList: number[] = [];
  for (let i = 0; i < rs.n; i++) if ((rs.weakIndex[i] as number) >= 0 && rs.recTable[i] !== personTable) candList.push(i);
  const weakOf = (i: number): WeakFields => rs.weak[rs.weakIndex[i] as number] as WeakFields;
  const cand = Int32Array.from(candList);
  const isWeak = (i: number): boolean => !linker.hasExclusive(i);

  // Blocks that contain a weak record; then every candidate record in those blocks.
  const wanted = new Set<string>();
  let weakRecords = 0;
  for (const i of cand) {
    if (!isWeak(i)) continue;
    weakRecords++;
    for (const k of blockKeys(rs, i)) wanted.add(k);
  }
  const blocks = new Map<string, number[]>();
  for (const i of cand) {
    for (const k of blockKeys(rs, i)) {
      if (!wanted.has(k)) continue;
      const list = blocks.get(k);
      if (list) list.push(i);
      else blocks.set(k, [i]);
    }
  }
  const seen = new Set<number>();
  const pa: number[] = [];
  const pb: number[] = [];
  const pp: number[] = [];
  const pr: number[] = [];
  let skippedBlocks = 0;
  let done = 0;
  for (const [blockKey, list] of blocks) {
    const rule = BLOCK_RULES.findIndex((r) => r.prefix === blockKey.charAt(0));
    if (list.length > settings.maxBlockSize) {
      skippedBlocks++;
      continue;
    }
    for (let x = 0; x < list.length; x++) {
      const i = list[x] as number;
      if (!isWeak(i)) continue;
      const ri = linker.uf.find(i);
      for (let y = 0; y < list.length; y++) {
        const j = list[y] as number;
        if (j === i) continue;
        if (linker.uf.find(j) === ri) continue;
        // A weak–weak pair is met from both sides; count it once.
        if (isWeak(j) && j < i) continue;
        const key = i * rs.n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        pa.push(i);
        pb.push(j);
        pp.push(comparePattern(weakOf(i), weakOf(j)));
        pr.push(rule);
      }
    }
    if ((++done & 1023) === 0) {
      ctx.progress('identity.probabilistic', done, blocks.size);
      await ctx.checkpoint();
    }
  }

  let params: FsParams | null = model ?? null;
  let em: EmResult | null = null;
  if (!params && pa.length > 0) {
    const u = uFromCounts(sampleU(rs, cand, ctx.seed));
    const labelled = labelledCounts(rs, cand, linker);
    // Untrainable (few pairs): assume half the weak records have one match somewhere.
    const trained = trainModel(
      pp,
      pr,
      BLOCK_RULES.map((r) => r.ignores),
      u,
      weakRecords * cand.length,
      settings.emIterations,
      0.5 * weakRecords,
      labelled.pairs >= MIN_LABELLED_PAIRS ? mFromCounts(labelled.counts) : undefined,
    );
    em = trained.em;
    params = trained.params;
  }
  const links: ScoredPair[] = [];
  const reviews: ScoredPair[] = [];
  if (params) {
    const weights = patternWeights(params);
    // Best and second-best person per weak component.
    const byWeak = new Map<number, ScoredPair[]>();
    for (let k = 0; k < pa.length; k++) {
      const w = weights[pp[k] as number] as number;
      if (w < settings.reviewWeight) continue;
      const pair: ScoredPair = { a: pa[k] as number, b: pb[k] as number, pattern: pp[k] as number, weight: w };
      const root = linker.uf.find(pair.a);
      const list = byWeak.get(root);
      if (list) list.push(pair);
      else byWeak.set(root, [pair]);
    }
    for (const list of byWeak.values()) {
      list.sort((x, y) => y.weight - x.weight);
      const best = list[0] as ScoredPair;
      const bestTarget = linker.uf.find(best.b);
      const second = list.find((p) => linker.uf.find(p.b) !== bestTarget);
      const clear = !second || second.weight < best.weight - AMBIGUITY_MARGIN;
      if (best.weight >= settings.linkWeight && clear) links.push(best);
      else {
        reviews.push(best);
        if (second && !clear) reviews.push(second);
      }
    }
    links.sort((x, y) => y.weight - x.weight);
  }
  ctx.progress('identity.probabilistic', blocks.size, blocks.size);
  return { links, reviews, em, params, candidatePairs: pa.length, skippedBlocks };
}
