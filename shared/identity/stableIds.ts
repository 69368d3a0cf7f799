/**
 * Stable ONE_IDs across runs. Every component (person) of this run inherits an id its records had before:
 *
 * - each old id goes "home" to the component holding most of its records (ties: the lower component);
 * - a component that is home to several old ids keeps the oldest (smallest `P…` number) — a merge; the others
 *   become its aliases;
 * - records of an old id left outside its home component are a split: their component gets the oldest old id
 *   homed there or, when none, a new id;
 * - components whose records had no id get new ids, continuing the workspace counter (`meta.one_id_seq`) that
 *   import also uses.
 */

export interface HistoryEvent {
  readonly oneId: string;
  readonly event: 'merge' | 'alias' | 'split';
  readonly otherId: string;
  readonly records: number;
}

export interface StableIdResult {
  /** ONE_ID per component. */
  readonly compId: string[];
  readonly history: HistoryEvent[];
  readonly newIds: number;
  readonly nextSeq: number;
}

/** Formats a ONE_ID from the counter (`P000000042`). */
export function formatOneId(seq: number): string {
  return `P${String(seq).padStart(9, '0')}`;
}

/** Older first: by length, then text (P000000001 < P000000002 < P1000000000). */
export function olderId(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/**
 * @param labels component of every record (0…comps−1).
 * @param prior the id each record had before the run, or null.
 * @param seq the counter's current value (the last id handed out).
 */
export function assignStableIds(labels: Int32Array, comps: number, prior: readonly (string | null)[], seq: number): StableIdResult {
  const idIndex = new Map<string, number>();
  const ids: string[] = [];
  const priorIdx = new Int32Array(labels.length).fill(-1);
  for (let i = 0; i < labels.length; i++) {
    const p = prior[i];
    if (p === null || p === undefined) continue;
    let k = idIndex.get(p);
    if (k === undefined) {
      k = ids.length;
      ids.push(p);
      idIndex.set(p, k);
    }
    priorIdx[i] = k;
  }
  // Home component of each old id: the one holding most of its records.
  const first = new Int32Array(ids.length).fill(-1);
  const split = new Uint8Array(ids.length);
  for (let i = 0; i < labels.length; i++) {
    const k = priorIdx[i] as number;
    if (k < 0) continue;
    const c = labels[i] as number;
    if (first[k] === -1) first[k] = c;
    else if (first[k] !== c) split[k] = 1;
  }
  const counts = new Map<number, Map<number, number>>();
  for (let i = 0; i < labels.length; i++) {
    const k = priorIdx[i] as number;
    if (k < 0 || !split[k]) continue;
    let m = counts.get(k);
    if (!m) counts.set(k, (m = new Map<number, number>()));
    const c = labels[i] as number;
    m.set(c, (m.get(c) ?? 0) + 1);
  }
  const home = Int32Array.from(first);
  const history: HistoryEvent[] = [];
  for (const [k, m] of counts) {
    let best = -1;
    let bestN = -1;
    for (const [c, n] of m) if (n > bestN || (n === bestN && c < best)) [best, bestN] = [c, n];
    home[k] = best;
  }
  // Candidates per component: the old ids homed there; the oldest stays, the others become its aliases.
  const compId: (string | null)[] = new Array<string | null>(comps).fill(null);
  const extra = new Map<number, string[]>();
  for (let k = 0; k < ids.length; k++) {
    const c = home[k] as number;
    if (c < 0) continue;
    const id = ids[k] as string;
    const cur = compId[c];
    if (cur === null || cur === undefined) {
      compId[c] = id;
      continue;
    }
    const list = extra.get(c) ?? [];
    extra.set(c, list);
    if (olderId(id, cur)) {
      list.push(cur);
      compId[c] = id;
    } else list.push(id);
  }
  for (const [c, others] of extra) {
    const kept = compId[c] as string;
    for (const o of others) history.push({ oneId: kept, event: 'merge', otherId: o, records: 0 }, { oneId: o, event: 'alias', otherId: kept, records: 0 });
  }
  let next = seq;
  let newIds = 0;
  const out: string[] = new Array<string>(comps);
  for (let c = 0; c < comps; c++) {
    const id = compId[c];
    if (id !== null && id !== undefined) out[c] = id;
    else {
      out[c] = formatOneId(++next);
      newIds++;
    }
  }
  // Splits: records of an old id that ended outside its home.
  for (const [k, m] of counts) {
    for (const [c, n] of m) {
      if (c === home[k]) continue;
      history.push({ oneId: ids[k] as string, event: 'split', otherId: out[c] as string, records: n });
    }
  }
  return { compId: out, history, newIds, nextSeq: next };
}
