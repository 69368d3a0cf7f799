/**
 * Topics of segmented notes: NMF on L2-normalised TF-IDF, k chosen by NPMI coherence of each topic's top words
 * (Bouma 2009; Röder et al. 2015 found NPMI among the measures closest to human judgement), seeded, each topic
 * named by its three top words (the analyst renames them), and every note given topic weights.
 */
import { createRandom } from '#shared/jobs/random.ts';
import { idf } from './keywords.ts';
import { nmf, type SparseRows } from './nmf.ts';

export interface TopicOptions {
  /** A fixed number of topics; absent: chosen by coherence from `kRange`. */
  readonly k?: number;
  /** Candidates for k, inclusive (default 4–12, step 2). */
  readonly kRange?: readonly [number, number];
  readonly seed: number;
  /** Vocabulary: words in at least this many notes (default max(3, 0.05% of notes)). */
  readonly minDf?: number;
  /** Vocabulary: words in at most this share of notes (default 0.5). */
  readonly maxDfShare?: number;
  /** Vocabulary size cap, most frequent first (default 2,000). */
  readonly maxTerms?: number;
  /** Notes used to choose k (default 10,000, a seeded sample); the final model uses all notes. */
  readonly sampleForK?: number;
  /** Multiplicative-update rounds of the final model (default 100) and of each k candidate (default 40). */
  readonly iterations?: number;
  readonly iterationsForK?: number;
  /** Called between rounds with (done, total); may throw to cancel. */
  readonly onStep?: (done: number, total: number) => Promise<void>;
}

export interface Topic {
  readonly topic: number;
  /** Top words joined with `·`. */
  readonly name: string;
  readonly words: readonly { readonly word: string; readonly weight: number }[];
  /** Notes whose strongest topic this is. */
  readonly notes: number;
  /** Mean NPMI of pairs among the top 10 words, −1…1. */
  readonly coherence: number;
}

export interface TopicModel {
  readonly k: number;
  readonly topics: readonly Topic[];
  /** Per note: topic weights summing to 1 (all zero for a note without vocabulary words), length notes × k. */
  readonly noteWeights: Float32Array;
  /** Coherence of each k tried (empty when k was fixed). */
  readonly kScores: readonly { readonly k: number; readonly coherence: number }[];
  readonly vocabulary: number;
}

const TOP_WORDS = 10;

interface Vocab {
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly idf: Float64Array;
}

function buildVocab(docs: readonly (readonly string[])[], minDf: number, maxDf: number, maxTerms: number): Vocab {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const terms = [...df]
    .filter(([, n]) => n >= minDf && n <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([w]) => w);
  const index = new Map(terms.map((w, i) => [w, i]));
  const idfs = new Float64Array(terms.length);
  terms.forEach((w, i) => (idfs[i] = idf(df.get(w) ?? 0, docs.length)));
  return { terms, index, idf: idfs };
}

/** L2-normalised TF-IDF rows over the vocabulary. */
function tfidfMatrix(docs: readonly (readonly string[])[], vocab: Vocab): SparseRows {
  const rowStart = new Int32Array(docs.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const tf = new Map<number, number>();
  docs.forEach((d, i) => {
    tf.clear();
    for (const w of d) {
      const j = vocab.index.get(w);
      if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
    }
    let norm = 0;
    const entries = [...tf].sort((a, b) => a[0] - b[0]);
    for (const [j, c] of entries) norm += (c * (vocab.idf[j] ?? 0)) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const [j, c] of entries) {
      cols.push(j);
      vals.push((c * (vocab.idf[j] ?? 0)) / norm);
    }
    rowStart[i + 1] = cols.length;
  });
  return { rows: docs.length, cols: vocab.terms.length, rowStart, colIndex: Int32Array.from(cols), values: Float32Array.from(vals) };
}

function topWordIds(h: Float32Array, cols: number, topic: number, n: number): number[] {
  const ids = Array.from({ length: cols }, (_, j) => j);
  return ids.sort((a, b) => (h[topic * cols + b] as number) - (h[topic * cols + a] as number) || a - b).slice(0, n);
}

/** Mean NPMI over word pairs of each topic, with probabilities from document co-occurrence in `x`. */
function npmi(x: SparseRows, topWords: readonly (readonly number[])[]): number[] {
  const wanted = new Set(topWords.flat());
  const docsOf = new Map<number, Set<number>>();
  for (const j of wanted) docsOf.set(j, new Set());
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.rowStart[i] as number; p < (x.rowStart[i + 1] as number); p++) docsOf.get(x.colIndex[p] as number)?.add(i);
  }
  const n = Math.max(1, x.rows);
  return topWords.map((ids) => {
    let total = 0;
    let pairs = 0;
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b < ids.length; b++) {
        const da = docsOf.get(ids[a] as number) ?? new Set<number>();
        const db = docsOf.get(ids[b] as number) ?? new Set<number>();
        let both = 0;
        const [small, large] = da.size < db.size ? [da, db] : [db, da];
        for (const d of small) if (large.has(d)) both++;
        const pa = da.size / n;
        const pb = db.size / n;
        const pab = both / n;
        total += pab === 0 || pa === 0 || pb === 0 ? -1 : pab === 1 ? 1 : Math.log(pab / (pa * pb)) / -Math.log(pab);
        pairs++;
      }
    }
    return pairs > 0 ? total / pairs : 0;
  });
}

function sampleDocs<T>(docs: readonly T[], n: number, seed: number): T[] {
  if (docs.length <= n) return [...docs];
  const rnd = createRandom(seed);
  const idx = Array.from({ length: docs.length }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd.next() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, n).map((i) => docs[i] as T);
}

/**
 * Fits the topic model. Deterministic for a given seed and input. Notes with no vocabulary word get all-zero
 * weights and count in no topic.
 *
 * @param docs content tokens per note (stopwords already out)
 */
export async function fitTopics(docs: readonly (readonly string[])[], options: TopicOptions): Promise<TopicModel> {
  const minDf = options.minDf ?? Math.max(3, Math.ceil(docs.length * 0.0005));
  const vocab = buildVocab(docs, minDf, Math.max(minDf, Math.floor(docs.length * (options.maxDfShare ?? 0.5))), options.maxTerms ?? 2000);
  const cols = vocab.terms.length;
  const iterations = options.iterations ?? 100;
  const iterationsForK = options.iterationsForK ?? 40;
  const [kLo, kHi] = options.kRange ?? [4, 12];
  const candidates = options.k !== undefined ? [] : range(kLo, kHi, 2).filter((k) => k <= Math.max(2, cols));
  const totalSteps = candidates.length * iterationsForK + iterations;
  let done = 0;
  const step = async (): Promise<void> => {
    done++;
    if (options.onStep) await options.onStep(done, totalSteps);
  };

  const kScores: { k: number; coherence: number }[] = [];
  let k = options.k ?? 0;
  if (options.k === undefined) {
    const sample = tfidfMatrix(sampleDocs(docs, options.sampleForK ?? 10_000, options.seed), vocab);
    let best = -Infinity;
    for (const kc of candidates) {
      const m = await nmf(sample, kc, options.seed, iterationsForK, step);
      const coh = npmi(sample, range(0, kc - 1, 1).map((t) => topWordIds(m.h, cols, t, TOP_WORDS)));
      const mean = coh.reduce((s, c) => s + c, 0) / Math.max(1, coh.length);
      kScores.push({ k: kc, coherence: mean });
      if (mean > best + 1e-9) {
        best = mean;
        k = kc;
      }
    }
    if (k === 0) k = Math.max(1, Math.min(kLo, cols));
  }
  k = Math.max(1, Math.min(k, Math.max(1, cols)));
  const x = tfidfMatrix(docs, vocab);
  if (cols === 0) return { k: 0, topics: [], noteWeights: new Float32Array(0), kScores, vocabulary: 0 };
  const model = await nmf(x, k, options.seed, iterations, step);

  const noteWeights = new Float32Array(docs.length * k);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < docs.length; i++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += model.w[i * k + a] as number;
    if (s <= 0) continue;
    let bestA = 0;
    for (let a = 0; a < k; a++) {
      const v = (model.w[i * k + a] as number) / s;
      noteWeights[i * k + a] = v;
      if (v > (noteWeights[i * k + bestA] as number)) bestA = a;
    }
    sizes[bestA] = (sizes[bestA] ?? 0) + 1;
  }
  const tops = range(0, k - 1, 1).map((t) => topWordIds(model.h, cols, t, TOP_WORDS));
  const coherence = npmi(x, tops);
  const topics: Topic[] = tops.map((ids, t) => {
    const words = ids.map((j) => ({ word: vocab.terms[j] ?? '', weight: model.h[t * cols + j] as number }));
    return { topic: t, name: words.slice(0, 3).map((w) => w.word).join('·'), words, notes: sizes[t] ?? 0, coherence: coherence[t] ?? 0 };
  });
  return { k, topics, noteWeights, kScores, vocabulary: cols };
}

function range(lo: number, hi: number, stepSize: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += stepSize) out.push(v);
  return out;
}
