/**
 * Invitation trees (邀请裂变树): every invitee hangs under the first person who invited them; roots are inviters
 * nobody invited. Per generation (1 = invited directly by a root) how many were invited and how many converted,
 * per tree its depth and breadth (largest generation), and per person the people downstream of them.
 */
import type { InvitationGeneration } from '#shared/api/behaviourTypes.ts';

export interface InviteEdge {
  readonly from: number;
  readonly to: number;
  /** Seconds or any increasing time; the earliest invitation of an invitee wins. */
  readonly time: number;
}

export interface InvitationForest {
  /** Inviter of each node (−1: none). */
  readonly parent: Int32Array;
  readonly roots: readonly number[];
  /** Descendants and converted descendants of each node. */
  readonly downstream: Int32Array;
  readonly downstreamConverted: Int32Array;
  /** Tree depth and breadth per root, in `roots` order. */
  readonly depth: readonly number[];
  readonly breadth: readonly number[];
  readonly generations: readonly InvitationGeneration[];
}

export function invitationForest(n: number, edges: readonly InviteEdge[], converted: (node: number) => boolean): InvitationForest {
  const parent = new Int32Array(n).fill(-1);
  const parentTime = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (e.time < (parentTime[e.to] ?? Number.POSITIVE_INFINITY)) {
      parent[e.to] = e.from;
      parentTime[e.to] = e.time;
    }
  }
  // Break cycles (A invites B, B invites A): walking up from a node that meets itself cuts the last link.
  const state = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (state[v] !== 0) continue;
    const stack: number[] = [];
    let u = v;
    while (u >= 0 && state[u] === 0) {
      state[u] = 1;
      stack.push(u);
      u = parent[u] ?? -1;
    }
    if (u >= 0 && state[u] === 1) parent[u] = -1;
    for (const w of stack) state[w] = 2;
  }
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) {
    const p = parent[v] ?? -1;
    if (p >= 0) children[p]?.push(v);
  }
  const roots: number[] = [];
  for (let v = 0; v < n; v++) if ((parent[v] ?? -1) < 0 && (children[v]?.length ?? 0) > 0) roots.push(v);
  const downstream = new Int32Array(n);
  const downstreamConverted = new Int32Array(n);
  const depth: number[] = [];
  const breadth: number[] = [];
  const gen = new Map<number, { invited: number; converted: number }>();
  for (const root of roots) {
    // Breadth-first by generation; the order list is reversed afterwards to sum descendants bottom-up.
    const order: number[] = [];
    let level = [root];
    let g = 0;
    let widest = 0;
    while (level.length > 0) {
      order.push(...level);
      if (g > 0) {
        widest = Math.max(widest, level.length);
        const row = gen.get(g) ?? { invited: 0, converted: 0 };
        row.invited += level.length;
        row.converted += level.filter(converted).length;
        gen.set(g, row);
      }
      const next: number[] = [];
      for (const v of level) next.push(...(children[v] ?? []));
      level = next;
      if (next.length > 0) g++;
    }
    depth.push(g);
    breadth.push(widest);
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k] ?? 0;
      const p = parent[v] ?? -1;
      if (p < 0 || v === root) continue;
      downstream[p] = (downstream[p] ?? 0) + 1 + (downstream[v] ?? 0);
      downstreamConverted[p] = (downstreamConverted[p] ?? 0) + (converted(v) ? 1 : 0) + (downstreamConverted[v] ?? 0);
    }
  }
  const generations = [...gen.entries()].sort((a, b) => a[0] - b[0]).map(([generation, r]) => ({ generation, ...r }));
  return { parent, roots, downstream, downstreamConverted, depth, breadth, generations };
}
