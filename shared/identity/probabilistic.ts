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
import { BLOCK_SLOTS, blockHashes, NO_BLOCK } from './blockHashes.ts';
import { HashIndex } from './hashIndex.ts';
import { sortOrder } from './identityState.ts';
import { comparePattern, compareLevels, FIELDS, MISSING } from './weakFields.ts';

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

/**
 * Blocking rules, in block-key slot order (blockHashes.ts): the block-key prefix and the fields that agree by
 * construction inside its blocks.
 */
const BLOCK_RULES: readonly { readonly prefix: string; readonly ignores: readonly number[] }[] = [
  { prefix: 'b', ignores: [1] },
  { prefix: 'n', ignores: [0] },
  { prefix: 'p', ignores: [] },
];
const U_SAMPLE_PAIRS = 100_000;

/** Highest weight first; equal weights by record indexes, so the choice does not depend on block order. */
function strongestFirst(x: ScoredPair, y: ScoredPair): number {
  return y.weight - x.weight || x.b - y.b || x.a - y.a;
}

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
  const weakFlag = new Uint8Array(rs.n);
  let weakRecords = 0;
  for (const i of cand) {
    if (linker.hasExclusive(i)) continue;
    weakFlag[i] = 1;
    weakRecords++;
  }
  const keyHash = blockHashes(rs);

  // Blocks that contain a weak record: (hash, record) entries of every candidate in them, grouped by a stable
  // sort on the hash so a block lists its records in record order. A 53-bit hash collision only joins two
  // blocks, which adds comparisons, never links.
  const wanted = new HashIndex(weakRecords * BLOCK_SLOTS);
  for (const i of cand) {
    if (weakFlag[i] === 0) continue;
    const base = (rs.weakIndex[i] as number) * BLOCK_SLOTS;
    for (let s = 0; s < BLOCK_SLOTS; s++) {
      const h = keyHash[base + s] as number;
      if (h !== NO_BLOCK) wanted.set(h, s);
    }
  }
  const entryHash: number[] = [];
  const entryRec: number[] = [];
  const entrySlot: number[] = [];
  for (const i of cand) {
    const base = (rs.weakIndex[i] as number) * BLOCK_SLOTS;
    for (let s = 0; s < BLOCK_SLOTS; s++) {
      const h = keyHash[base + s] as number;
      if (h === NO_BLOCK || wanted.get(h) < 0) continue;
      entryHash.push(h);
      entryRec.push(i);
      entrySlot.push(s);
    }
  }
  const order = sortOrder(Float64Array.from(entryHash));
  // Size of the block each weak record's key of each slot falls in: a pair sharing the key of an earlier slot
  // whose block was compared is counted there, not again.
  const blockSize = new Int32Array(rs.weak.length * BLOCK_SLOTS);
  const runs: number[] = [];
  for (let k = 0; k < order.length; ) {
    const h = entryHash[order[k] as number] as number;
    let e = k + 1;
    while (e < order.length && entryHash[order[e] as number] === h) e++;
    runs.push(k, e);
    for (let m = k; m < e; m++) {
      const o = order[m] as number;
      blockSize[(rs.weakIndex[entryRec[o] as number] as number) * BLOCK_SLOTS + (entrySlot[o] as number)] = e - k;
    }
    k = e;
  }
  const comparedEarlier = (i: number, j: number, slot: number): boolean => {
    const bi = (rs.weakIndex[i] as number) * BLOCK_SLOTS;
    const bj = (rs.weakIndex[j] as number) * BLOCK_SLOTS;
    for (let s = 0; s < slot; s++) {
      const h = keyHash[bi + s] as number;
      if (h !== NO_BLOCK && h === keyHash[bj + s] && (blockSize[bi + s] as number) <= settings.maxBlockSize) return true;
    }
    return false;
  };
  const pa: number[] = [];
  const pb: number[] = [];
  const pp: number[] = [];
  const pr: number[] = [];
  let skippedBlocks = 0;
  const blockCount = runs.length / 2;
  const members: number[] = [];
  for (let r = 0; r < blockCount; r++) {
    const from = runs[2 * r] as number;
    const to = runs[2 * r + 1] as number;
    if (to - from > settings.maxBlockSize) {
      skippedBlocks++;
      continue;
    }
    const slot = entrySlot[order[from] as number] as number;
    members.length = 0;
    for (let m = from; m < to; m++) members.push(entryRec[order[m] as number] as number);
    for (let x = 0; x < members.length; x++) {
      const i = members[x] as number;
      if (weakFlag[i] === 0) continue;
      const ri = linker.uf.find(i);
      const wi = weakOf(i);
      for (let y = 0; y < members.length; y++) {
        const j = members[y] as number;
        if (j === i) continue;
        if (linker.uf.find(j) === ri) continue;
        // A weak–weak pair is met from both sides; count it once.
        if (weakFlag[j] === 1 && j < i) continue;
        if (slot > 0 && comparedEarlier(i, j, slot)) continue;
        pa.push(i);
        pb.push(j);
        pp.push(comparePattern(wi, weakOf(j)));
        pr.push(slot);
      }
    }
    if ((r & 1023) === 1023) {
      ctx.progress('identity.probabilistic', r, blockCount);
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
      list.sort(strongestFirst);
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
    links.sort(strongestFirst);
  }
  ctx.progress('identity.probabilistic', blockCount, blockCount);
  return { links, reviews, em, params, candidatePairs: pa.length, skippedBlocks };
}
