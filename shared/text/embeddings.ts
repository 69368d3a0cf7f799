/**
 * Sentence embeddings of notes from a local model the analyst chose (never downloaded), cached in the workspace
 * (`note_embedding`, keyed by model and text hash, so re-runs and edits of other notes cost nothing), and what
 * they are used for: semantic search (找出所有抱怨提额的客户), near-duplicate detection and per-customer vectors as
 * clustering features.
 */
import type { Db } from '#shared/db/database.ts';
import { hash53, hashText } from '#shared/identity/hash53.ts';
import { createRandom } from '#shared/jobs/random.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { normalizeNote } from './normalize.ts';
import type { Embedder } from './textHost.ts';

const BATCH = 32;

export function textHash(text: string): string {
  return `${hashText(hash53(text))}${hashText(hash53(text, 0x5bd1e995))}`;
}

function toBlob(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

function fromBlob(b: Uint8Array): Float32Array {
  const copy = b.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export interface NoteVectors {
  readonly rowIds: readonly number[];
  readonly vectors: readonly Float32Array[];
  readonly computed: number;
  readonly cached: number;
  readonly embedMs: number;
}

/**
 * Vectors of the given notes: from the cache when the same text was embedded with the same model, else computed
 * in batches of 32 and stored. Empty notes get no vector.
 */
export async function embedNotes(db: Db, embedder: Embedder, notes: readonly { readonly rowId: number; readonly text: string | null }[], ctx: JobContext): Promise<NoteVectors> {
  const rowIds: number[] = [];
  const texts: string[] = [];
  const hashes: string[] = [];
  for (const n of notes) {
    const t = normalizeNote(n.text).text;
    if (t === '') continue;
    rowIds.push(n.rowId);
    texts.push(t);
    hashes.push(textHash(t));
  }
  const cached = new Map<string, Float32Array>();
  db.each('SELECT text_hash, vec FROM note_embedding WHERE model_key = ?', [embedder.key], (r) => {
    if (r[1] instanceof Uint8Array) cached.set(String(r[0]), fromBlob(r[1]));
  });
  const missing = [...new Set(hashes.filter((h) => !cached.has(h)))];
  const textOf = new Map(hashes.map((h, i) => [h, texts[i] ?? '']));
  let embedMs = 0;
  for (let i = 0; i < missing.length; i += BATCH) {
    ctx.progress('text.embed', i, missing.length);
    await ctx.checkpoint();
    const batch = missing.slice(i, i + BATCH);
    const t0 = Date.now();
    const vecs = await embedder.embed(batch.map((h) => textOf.get(h) ?? ''));
    embedMs += Date.now() - t0;
    await db.mutate(() =>
      db.transaction(() => {
        batch.forEach((h, k) => {
          const v = vecs[k];
          if (!v) return;
          cached.set(h, v);
          db.run('INSERT OR REPLACE INTO note_embedding (model_key, text_hash, dims, vec) VALUES (?, ?, ?, ?)', [embedder.key, h, v.length, toBlob(v)]);
        });
      }),
    );
  }
  ctx.progress('text.embed', missing.length, missing.length);
  return { rowIds, vectors: hashes.map((h) => cached.get(h) ?? new Float32Array(embedder.dims)), computed: missing.length, cached: hashes.length - missing.length, embedMs };
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Indices of the `limit` vectors most similar (cosine; vectors are unit length) to `query`. */
export function nearest(query: Float32Array, vectors: readonly Float32Array[], limit: number): { index: number; score: number }[] {
  return vectors
    .map((v, index) => ({ index, score: dot(query, v) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit);
}

/**
 * Pairs of vectors with cosine ≥ `threshold`, found with random-hyperplane LSH (Charikar 2002): 12 tables of
 * seeded hyperplanes, as many per table as put ~50 vectors in a bucket (at least 8), candidates compared exactly,
 * so 100k notes do not take 5·10⁹ comparisons. A pair at cosine 0.95 lands in a shared bucket with probability
 * ≥ 0.98 (0.93 at cosine 0.9).
 */
export function nearDuplicatePairs(vectors: readonly Float32Array[], threshold: number, seed: number): { a: number; b: number; score: number }[] {
  const dims = vectors[0]?.length ?? 0;
  if (dims === 0) return [];
  const rnd = createRandom(seed);
  const tables = 12;
  const bits = Math.min(20, Math.max(8, Math.ceil(Math.log2(vectors.length / 50))));
  const planes = Array.from({ length: tables * bits }, () => Float32Array.from({ length: dims }, () => rnd.normal()));
  const seen = new Set<string>();
  const out: { a: number; b: number; score: number }[] = [];
  for (let t = 0; t < tables; t++) {
    const buckets = new Map<number, number[]>();
    vectors.forEach((v, i) => {
      let key = 0;
      for (let b = 0; b < bits; b++) if (dot(v, planes[t * bits + b] as Float32Array) >= 0) key |= 1 << b;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    });
    for (const list of buckets.values()) {
      if (list.length < 2 || list.length > 2000) continue;
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x] as number;
          const b = list[y] as number;
          const id = `${a}:${b}`;
          if (seen.has(id)) continue;
          seen.add(id);
          const score = dot(vectors[a] as Float32Array, vectors[b] as Float32Array);
          if (score >= threshold) out.push({ a, b, score });
        }
      }
    }
  }
  return out.sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);
}

/** Mean note vector per ONE_ID (unit length), for clustering customers by what they write. */
export function customerVectors(owners: ReadonlyMap<number, string>, rowIds: readonly number[], vectors: readonly Float32Array[]): Map<string, Float32Array> {
  const sums = new Map<string, Float32Array>();
  rowIds.forEach((rowId, i) => {
    const oneId = owners.get(rowId);
    const v = vectors[i];
    if (!oneId || !v) return;
    let s = sums.get(oneId);
    if (!s) sums.set(oneId, (s = new Float32Array(v.length)));
    for (let d = 0; d < v.length; d++) s[d] = (s[d] as number) + (v[d] as number);
  });
  for (const s of sums.values()) {
    const norm = Math.sqrt(dot(s, s)) || 1;
    for (let d = 0; d < s.length; d++) s[d] = (s[d] as number) / norm;
  }
  return sums;
}
