/**
 * Okapi BM25 keyword search over segmented notes: works without any model (semantic search is added when the
 * analyst picks one). k1 = 1.2 and b = 0.75, the usual defaults.
 */
export interface Bm25Hit {
  /** Index of the document in the list the index was built from. */
  readonly doc: number;
  readonly score: number;
}

export interface Bm25Index {
  search(query: readonly string[], limit: number): Bm25Hit[];
  readonly size: number;
}

export function buildBm25(docs: readonly (readonly string[])[], k1 = 1.2, b = 0.75): Bm25Index {
  const postings = new Map<string, { docs: number[]; tf: number[] }>();
  const lengths = new Float64Array(docs.length);
  let total = 0;
  docs.forEach((d, i) => {
    lengths[i] = d.length;
    total += d.length;
    const tf = new Map<string, number>();
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const [w, c] of tf) {
      let p = postings.get(w);
      if (!p) postings.set(w, (p = { docs: [], tf: [] }));
      p.docs.push(i);
      p.tf.push(c);
    }
  });
  const avg = docs.length > 0 ? total / docs.length : 0;
  const n = docs.length;
  return {
    size: n,
    search(query, limit) {
      const scores = new Map<number, number>();
      for (const term of new Set(query)) {
        const p = postings.get(term);
        if (!p) continue;
        const idf = Math.log(1 + (n - p.docs.length + 0.5) / (p.docs.length + 0.5));
        for (let k = 0; k < p.docs.length; k++) {
          const doc = p.docs[k] as number;
          const f = p.tf[k] as number;
          const norm = f + k1 * (1 - b + (b * (lengths[doc] ?? 0)) / (avg || 1));
          scores.set(doc, (scores.get(doc) ?? 0) + (idf * f * (k1 + 1)) / norm);
        }
      }
      return [...scores]
        .map(([doc, score]) => ({ doc, score }))
        .sort((x, y) => y.score - x.score || x.doc - y.doc)
        .slice(0, limit);
    },
  };
}
