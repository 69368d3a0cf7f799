/**
 * User paths for a Sankey chart: within sessions, the events after a start event (or after the session start),
 * level by level. At each node only the `top` most common next events are kept; the others merge into one
 * 其他 node where those paths stop, so the chart stays readable and every count still adds up.
 */
import type { PathNode, PathsArgs, PathsResult } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { nameCode, timeOfDay, type EventStore } from './eventStore.ts';
import { DEFAULT_GAP_MINUTES, forEachSession } from './sessions.ts';

export const OTHER_EVENT = '其他';
export const MAX_PATH_DEPTH = 6;

export function paths(store: EventStore, args: PathsArgs): PathsResult {
  const t0 = performance.now();
  const depth = args.depth ?? 3;
  const top = args.top ?? 5;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_PATH_DEPTH) throw new ExpectedError('BAD_ARGUMENT', `depth must be 1–${MAX_PATH_DEPTH}.`, { depth });
  if (!Number.isInteger(top) || top < 1) throw new ExpectedError('BAD_ARGUMENT', 'top must be a positive integer.', { top });
  const startCode = args.start === undefined ? -1 : nameCode(store, args.start);
  const from = args.days === undefined ? Number.NEGATIVE_INFINITY : timeOfDay(store.asOfDay - args.days + 1);
  // Each path: the event codes from the start, at most depth + 1 of them, flattened with a length per path.
  const seqs: number[][] = [];
  if (args.start === undefined || startCode >= 0) {
    forEachSession(store, (args.gapMinutes ?? DEFAULT_GAP_MINUTES) * 60, from, (_c, lo, hi) => {
      let s = lo;
      if (startCode >= 0) {
        while (s < hi && store.name[s] !== startCode) s++;
        if (s === hi) return;
      }
      const seq: number[] = [];
      for (let e = s; e < hi && seq.length <= depth; e++) seq.push(store.name[e] ?? 0);
      seqs.push(seq);
    });
  }
  const nodes = new Map<string, PathNode & { count: number }>();
  const links = new Map<string, { source: string; target: string; value: number }>();
  const nodeId = (level: number, event: string): string => `${level}:${event}`;
  const bump = (level: number, event: string, by: number): string => {
    const id = nodeId(level, event);
    const n = nodes.get(id);
    if (n) n.count += by;
    else nodes.set(id, { id, event, level, count: by });
    return id;
  };
  // alive[i]: the node id path i is at; null once it stopped.
  const alive: (string | null)[] = new Array<string | null>(seqs.length).fill(null);
  // Level 0: every path's first event (all the start event when one is given), top events kept.
  const firstCounts = new Map<number, number>();
  for (const s of seqs) firstCounts.set(s[0] ?? 0, (firstCounts.get(s[0] ?? 0) ?? 0) + 1);
  const keepFirst = new Set([...firstCounts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, top).map(([code]) => code));
  seqs.forEach((s, i) => {
    const code = s[0] ?? 0;
    if (keepFirst.has(code)) alive[i] = bump(0, store.names[code] ?? '', 1);
    else bump(0, OTHER_EVENT, 1);
  });
  for (let level = 0; level < depth; level++) {
    // Next-event counts per source node.
    const next = new Map<string, Map<number, number>>();
    seqs.forEach((s, i) => {
      const src = alive[i];
      const code = s[level + 1];
      if (src === null || src === undefined || code === undefined) return;
      let m = next.get(src);
      if (!m) next.set(src, (m = new Map<number, number>()));
      m.set(code, (m.get(code) ?? 0) + 1);
    });
    const kept = new Map<string, Set<number>>();
    for (const [src, m] of next) kept.set(src, new Set([...m.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, top).map(([code]) => code)));
    seqs.forEach((s, i) => {
      const src = alive[i];
      const code = s[level + 1];
      if (src === null || src === undefined) return;
      if (code === undefined) {
        alive[i] = null;
        return;
      }
      const keep = kept.get(src)?.has(code) ?? false;
      const event = keep ? (store.names[code] ?? '') : OTHER_EVENT;
      const target = bump(level + 1, event, 1);
      const key = `${src}\u0000${target}`;
      const link = links.get(key);
      if (link) link.value++;
      else links.set(key, { source: src, target, value: 1 });
      alive[i] = keep ? target : null;
    });
  }
  return { nodes: [...nodes.values()], links: [...links.values()], paths: seqs.length, ms: performance.now() - t0 };
}
