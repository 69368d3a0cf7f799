/**
 * Keywords of a note or a group of notes: TF-IDF, TextRank, and contrastive keywords of a group against a base
 * (log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008, "Fightin' Words") with a
 * text TGI (share of the group's notes using a word over the base's share × 100), the bank analyst's index.
 *
 * Written here rather than taken from a library: the JavaScript keyword packages segment English only or bring
 * their own tokenizer; these work on our jieba tokens and are a few dozen lines each.
 */

export interface Keyword {
  readonly word: string;
  /** TF-IDF weight, TextRank score, or log-odds z-score, by method. */
  readonly score: number;
  /** Notes of the group (or the single note) containing the word. */
  readonly notes: number;
}

export interface ContrastKeyword extends Keyword {
  /** Notes of the base containing the word. */
  readonly baseNotes: number;
  /** (group notes with the word / group notes) ÷ (base notes with the word / base notes) × 100; null when the base has none. */
  readonly tgi: number | null;
}

/** Document frequency of every word: in how many notes it appears. */
export function documentFrequencies(docs: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** Smoothed IDF, `ln((1 + N) / (1 + df)) + 1` (the scikit-learn form: never zero, never negative). */
export function idf(df: number, nDocs: number): number {
  return Math.log((1 + nDocs) / (1 + df)) + 1;
}

function top<T extends { score: number; word: string }>(items: T[], limit: number): T[] {
  return items.sort((a, b) => b.score - a.score || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0)).slice(0, limit);
}

/**
 * TF-IDF keywords of a group of notes (a single note is a group of one): term counts summed over the group,
 * times the corpus IDF.
 *
 * @param df document frequencies over the whole corpus
 * @param nDocs notes in the corpus
 */
export function tfidfKeywords(group: readonly (readonly string[])[], df: ReadonlyMap<string, number>, nDocs: number, limit = 20): Keyword[] {
  const tf = new Map<string, number>();
  const notes = new Map<string, number>();
  for (const d of group) {
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of new Set(d)) notes.set(w, (notes.get(w) ?? 0) + 1);
  }
  const out: Keyword[] = [];
  for (const [word, count] of tf) out.push({ word, score: count * idf(df.get(word) ?? 0, nDocs), notes: notes.get(word) ?? 0 });
  return top(out, limit);
}

/**
 * TextRank keywords (Mihalcea & Tarau 2004): PageRank over the co-occurrence graph of words within `window`
 * tokens of each other, inside each note.
 *
 * @param window co-occurrence window in tokens (default 5, as jieba's TextRank)
 * @param damping PageRank damping (default 0.85)
 * @param iterations power iterations (default 30; scores settle well before)
 */
export function textRankKeywords(group: readonly (readonly string[])[], limit = 20, window = 5, damping = 0.85, iterations = 30): Keyword[] {
  const index = new Map<string, number>();
  const words: string[] = [];
  const notes: number[] = [];
  const edges = new Map<number, Map<number, number>>();
  const idOf = (w: string): number => {
    let i = index.get(w);
    if (i === undefined) {
      i = words.length;
      index.set(w, i);
      words.push(w);
      notes.push(0);
    }
    return i;
  };
  const link = (a: number, b: number): void => {
    let m = edges.get(a);
    if (!m) edges.set(a, (m = new Map<number, number>()));
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  for (const d of group) {
    const ids = d.map(idOf);
    for (const i of new Set(ids)) notes[i] = (notes[i] ?? 0) + 1;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < Math.min(ids.length, i + window); j++) {
        const a = ids[i] as number;
        const b = ids[j] as number;
        if (a === b) continue;
        link(a, b);
        link(b, a);
      }
    }
  }
  const n = words.length;
  if (n === 0) return [];
  const outWeight = new Float64Array(n);
  for (const [a, m] of edges) for (const w of m.values()) outWeight[a] = (outWeight[a] ?? 0) + w;
  let score = new Float64Array(n).fill(1);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n).fill(1 - damping);
    for (const [a, m] of edges) {
      const share = (score[a] ?? 0) / (outWeight[a] || 1);
      for (const [b, w] of m) next[b] = (next[b] ?? 0) + damping * share * w;
    }
    score = next;
  }
  return top(
    words.map((word, i) => ({ word, score: score[i] ?? 0, notes: notes[i] ?? 0 })),
    limit,
  );
}

/**
 * Contrastive keywords of a group against a base (the rest of the corpus): the z-score of the log-odds ratio
 * with an informative Dirichlet prior taken from the whole corpus (group + base), which keeps rare words from
 * topping the list on a count of one. Words the group uses more come first.
 *
 * @param minNotes a word must appear in at least this many notes of the group (default 2)
 */
export function contrastKeywords(group: readonly (readonly string[])[], base: readonly (readonly string[])[], limit = 20, minNotes = 2): ContrastKeyword[] {
  const count = (docs: readonly (readonly string[])[]): { tokens: Map<string, number>; notes: Map<string, number>; total: number } => {
    const tokens = new Map<string, number>();
    const notes = new Map<string, number>();
    let total = 0;
    for (const d of docs) {
      total += d.length;
      for (const w of d) tokens.set(w, (tokens.get(w) ?? 0) + 1);
      for (const w of new Set(d)) notes.set(w, (notes.get(w) ?? 0) + 1);
    }
    return { tokens, notes, total };
  };
  const g = count(group);
  const b = count(base);
  const a0 = g.total + b.total;
  if (g.total === 0 || a0 === 0) return [];
  const out: ContrastKeyword[] = [];
  for (const [word, yg] of g.tokens) {
    const notes = g.notes.get(word) ?? 0;
    if (notes < minNotes) continue;
    const yb = b.tokens.get(word) ?? 0;
    const aw = yg + yb;
    const delta = Math.log((yg + aw) / (g.total + a0 - yg - aw)) - Math.log((yb + aw) / (b.total + a0 - yb - aw));
    const z = delta / Math.sqrt(1 / (yg + aw) + 1 / (yb + aw));
    const baseNotes = b.notes.get(word) ?? 0;
    const tgi = baseNotes > 0 && base.length > 0 ? (100 * (notes / group.length)) / (baseNotes / base.length) : null;
    out.push({ word, score: z, notes, baseNotes, tgi });
  }
  return top(out, limit);
}
