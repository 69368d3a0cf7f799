/**
 * UMAP 2-D embedding of a row sample, step by step (umap-js: the maintained JS port of UMAP by the PAIR team), so
 * the caller reports progress and honours cancel between epochs. All randomness (random-projection trees, nearest-
 * neighbour descent, initial layout, negative sampling) comes from the seeded generator: same rows and seed, same map.
 */
import { UMAP } from 'umap-js';
import type { Random } from '#shared/jobs/random.ts';

export interface UmapOptions {
  /** Neighbours per point in the fuzzy graph (default 15, umap-learn's). */
  readonly nNeighbors?: number;
  /** Smallest distance between embedded points (default 0.1, umap-learn's). */
  readonly minDist?: number;
  /**
   * Optimisation epochs (default 200: umap-learn's choice above 10,000 rows; umap-js would take 400–500 on small
   * samples, doubling the time for little visible change).
   */
  readonly epochs?: number;
}

export type UmapStep = { readonly phase: 'graph' } | { readonly phase: 'layout'; readonly epoch: number; readonly epochs: number };

/**
 * Embeds the `n × d` row-major matrix `x` in 2-D. Yields once before building the neighbour graph (one piece of
 * work that cannot be interrupted: about 4 s for 5,000 × 20 here) and after every epoch; returns interleaved x, y.
 * Needs more rows than `nNeighbors`.
 */
export function* umapSteps(x: Float64Array, n: number, d: number, random: Random, options: UmapOptions = {}): Generator<UmapStep, Float32Array, void> {
  const rows: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(x.subarray(i * d, i * d + d));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: options.nNeighbors ?? 15,
    minDist: options.minDist ?? 0.1,
    nEpochs: options.epochs ?? 200,
    random: () => random.next(),
  });
  yield { phase: 'graph' };
  const epochs = umap.initializeFit(rows);
  for (let e = 0; e < epochs; ) {
    e = umap.step();
    yield { phase: 'layout', epoch: e, epochs };
  }
  const embedding = umap.getEmbedding();
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = embedding[i];
    xy[2 * i] = p?.[0] ?? 0;
    xy[2 * i + 1] = p?.[1] ?? 0;
  }
  return xy;
}
