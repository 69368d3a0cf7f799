/**
 * Influence (PageRank) and communities (Louvain) on the relation graph, with graphology and its maintained
 * algorithm packages. Influence follows social fission: an invitation or a share is a vote from the receiver
 * for the sender, so edges run receiver → sender. Communities use every relation, money included, undirected.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import type { RelationKind } from '#shared/api/behaviourTypes.ts';
import { createRandom } from '#shared/jobs/random.ts';

export interface ScoredEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: RelationKind;
}

/** Edge weights: an invitation that brought someone in says more than a forwarded link. */
const INFLUENCE_WEIGHT: Readonly<Record<RelationKind, number>> = { invite: 2, share: 1, transfer: 0, other: 0 };
const COMMUNITY_WEIGHT: Readonly<Record<RelationKind, number>> = { invite: 1, share: 0.5, transfer: 1, other: 0.5 };

function key(i: number): string {
  return String(i);
}

/** PageRank of every node (0 for nodes without fission edges), summing to about 1 over nodes that have some. */
export function influenceScores(n: number, edges: readonly ScoredEdge[]): Float64Array {
  const g = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const e of edges) {
    const w = INFLUENCE_WEIGHT[e.kind];
    if (w === 0 || e.from === e.to) continue;
    const a = key(e.to);
    const b = key(e.from);
    g.mergeNode(a);
    g.mergeNode(b);
    g.updateEdge(a, b, (attr: { weight?: number }) => ({ weight: (attr.weight ?? 0) + w }));
  }
  const out = new Float64Array(n);
  if (g.order === 0) return out;
  const pr = pagerank(g, { getEdgeWeight: 'weight', alpha: 0.85, maxIterations: 200, tolerance: 1e-9 });
  for (const [node, v] of Object.entries(pr)) out[Number(node)] = v;
  return out;
}

export interface Communities {
  /** Community of each node (−1 for nodes without edges). */
  readonly of: Int32Array;
  readonly count: number;
  readonly modularity: number;
}

/** Louvain communities, seeded: the same seed and graph give the same partition. */
export function detectCommunities(n: number, edges: readonly ScoredEdge[], seed: number, resolution = 1): Communities {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const e of edges) {
    if (e.from === e.to) continue;
    const a = key(Math.min(e.from, e.to));
    const b = key(Math.max(e.from, e.to));
    g.mergeNode(a);
    g.mergeNode(b);
    const w = COMMUNITY_WEIGHT[e.kind];
    g.updateEdge(a, b, (attr: { weight?: number }) => ({ weight: (attr.weight ?? 0) + w }));
  }
  const of = new Int32Array(n).fill(-1);
  if (g.size === 0) return { of, count: 0, modularity: 0 };
  const rng = createRandom(seed);
  const r = louvain.detailed(g, { getEdgeWeight: 'weight', resolution, rng: () => rng.next() });
  for (const [node, c] of Object.entries(r.communities)) of[Number(node)] = c;
  return { of, count: r.count, modularity: r.modularity };
}
