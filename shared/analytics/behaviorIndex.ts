/**
 * Per-customer behaviour in compact CSR form, so a window condition ("近30天登录 ≥ 3 次") is answered without
 * SQL. Rows of the behaviour tables are reduced to (customer, day, kind, count), where a kind is one distinct
 * combination of the filter columns of one source (event name + channel, touch channel + action + campaign,
 * transaction type + channel + direction). Customer c's entries are `offsets[c] … offsets[c+1]`, newest day
 * first, so a window scan stops at the first entry older than the window.
 */
import type { BehaviorSource } from '#shared/api/segmentTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import { BEHAVIOR_SOURCES, type BehaviorSourceDef } from './behaviorSources.ts';
import { emptySet, type CustomerSet } from './bitsets.ts';
import { dayNumber } from './days.ts';
import { createOwnerResolver, loadPersons } from './rowOwners.ts';
import { tableExists, type Universe } from './universe.ts';

export interface BehaviorKind {
  readonly source: BehaviorSource;
  /** Values of the source's filter columns (null for empty), in {@link BehaviorSourceDef.dims} order. */
  readonly dims: readonly (string | null)[];
  /** Rows of this kind tied to a customer. */
  rows: number;
}

export interface SourceStats {
  readonly rows: number;
  /** Rows tied to a customer of the universe. */
  readonly owned: number;
  /** Rows whose time is missing or not a date (they fall in no window). */
  readonly undated: number;
}

export interface BehaviorIndex {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly day: Int32Array;
  readonly kind: Int32Array;
  readonly count: Int32Array;
  readonly kinds: readonly BehaviorKind[];
  readonly stats: Readonly<Record<BehaviorSource, SourceStats>>;
  /** Raw identifier key → customer index (−1 for nobody) per source, for the SQL path's owner table. */
  readonly owners: Readonly<Record<BehaviorSource, ReadonlyMap<string, number>>>;
}

/** A growable Int32 array: the row count of a table is not known before it is read. */
class IntVector {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Kinds are keyed by source and filter values, joined with a separator import never lets into a value. */
function kindKey(source: BehaviorSource, dims: readonly string[]): string {
  return `${source}\u001e${dims.join('\u001f')}`;
}

/**
 * Reads every behaviour table once and builds the index for `universe`. Progress steps `analytics.behavior.<table>`.
 * About 1 µs a row in Node (10 M rows ≈ 10 s), dominated by reading the rows out of sql.js. `onRow` is called for
 * every row read (the columnar cache watches whether a write transaction was open meanwhile).
 */
export async function buildBehaviorIndex(db: Db, universe: Universe, ctx: JobContext, onRow?: () => void): Promise<BehaviorIndex> {
  const owner = new IntVector();
  const days = new IntVector();
  const kindOf = new IntVector();
  const kinds: BehaviorKind[] = [];
  const kindIds = new Map<string, number>();
  const persons = loadPersons(db);
  const stats = {} as Record<BehaviorSource, SourceStats>;
  const owners = {} as Record<BehaviorSource, ReadonlyMap<string, number>>;

  for (const def of BEHAVIOR_SOURCES) {
    if (!tableExists(db, def.table)) {
      stats[def.source] = { rows: 0, owned: 0, undated: 0 };
      owners[def.source] = new Map();
      continue;
    }
    const resolver = createOwnerResolver(db, def, universe, persons);
    const nd = def.dims.length;
    const nid = def.idColumns.length;
    const columns = [def.timeColumn, ...def.dims.map((d) => d.column), ...def.idColumns];
    let rows = 0;
    let owned = 0;
    let undated = 0;
    const dimVals: string[] = new Array<string>(nd).fill('');
    const ids: string[] = new Array<string>(nid).fill('');
    await scanRows(db, ctx, `analytics.behavior.${def.table}`, def.table, columns, '1', [], (f) => {
      rows++;
      onRow?.();
      for (let k = 0; k < nid; k++) ids[k] = f[1 + nd + k] ?? '';
      const who = resolver.owner(ids);
      if (who < 0) return;
      const day = dayNumber(f[0] ?? '');
      if (Number.isNaN(day)) {
        undated++;
        return;
      }
      for (let k = 0; k < nd; k++) dimVals[k] = f[1 + k] ?? '';
      const key = kindKey(def.source, dimVals);
      let kind = kindIds.get(key);
      if (kind === undefined) {
        kind = kinds.length;
        kindIds.set(key, kind);
        kinds.push({ source: def.source, dims: dimVals.map((v) => (v === '' ? null : v)), rows: 0 });
      }
      (kinds[kind] as BehaviorKind).rows++;
      owned++;
      owner.push(who);
      days.push(day);
      kindOf.push(kind);
    });
    stats[def.source] = { rows, owned, undated };
    owners[def.source] = resolver.resolved;
  }
  ctx.progress('analytics.behavior.index', 0, 1);
  const index = toCsr(universe.n, owner, days, kindOf);
  ctx.progress('analytics.behavior.index', 1, 1);
  return { n: universe.n, ...index, kinds, stats, owners };
}

/** Day and kind packed so that a numeric sort orders newest day first, then by kind. */
const KIND_SPAN = 2 ** 21;
const DAY_TOP = 2 ** 24;

function toCsr(n: number, owner: IntVector, days: IntVector, kindOf: IntVector): Pick<BehaviorIndex, 'offsets' | 'day' | 'kind' | 'count'> {
  const m = owner.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const slot = (owner.data[e] ?? 0) + 1;
    offsets[slot] = (offsets[slot] ?? 0) + 1;
  }
  for (let c = 0; c < n; c++) offsets[c + 1] = (offsets[c + 1] ?? 0) + (offsets[c] ?? 0);
  const fill = offsets.slice(0, n);
  const keys = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const c = owner.data[e] ?? 0;
    const at = fill[c] ?? 0;
    fill[c] = at + 1;
    keys[at] = (DAY_TOP - (days.data[e] ?? 0)) * KIND_SPAN + (kindOf.data[e] ?? 0);
  }
  // Merge equal (day, kind) entries of a customer into one with a count.
  const outOffsets = new Int32Array(n + 1);
  const day = new Int32Array(m);
  const kind = new Int32Array(m);
  const count = new Int32Array(m);
  let w = 0;
  for (let c = 0; c < n; c++) {
    const a = offsets[c] ?? 0;
    const b = offsets[c + 1] ?? 0;
    if (b - a > 1) keys.subarray(a, b).sort();
    let prev = -1;
    for (let e = a; e < b; e++) {
      const k = keys[e] ?? 0;
      if (k === prev) {
        count[w - 1] = (count[w - 1] ?? 0) + 1;
        continue;
      }
      prev = k;
      const kd = Math.floor(k / KIND_SPAN);
      day[w] = DAY_TOP - kd;
      kind[w] = k - kd * KIND_SPAN;
      count[w] = 1;
      w++;
    }
    outOffsets[c + 1] = w;
  }
  return { offsets: outOffsets, day: day.slice(0, w), kind: kind.slice(0, w), count: count.slice(0, w) };
}

export interface BehaviorQuery {
  /** 1 for kinds the condition counts. */
  readonly kindMask: Uint8Array;
  /** Window (lo, hi] in day numbers: days after `lo` up to and including `hi`. */
  readonly lo: number;
  readonly hi: number;
  readonly measure: 'count' | 'days';
}

/** The measure (rows or distinct days of matching kinds in the window) of customer `c`. */
export function behaviorMeasure(ix: BehaviorIndex, q: BehaviorQuery, c: number): number {
  const a = ix.offsets[c] ?? 0;
  const b = ix.offsets[c + 1] ?? 0;
  let m = 0;
  let lastDay = Number.NaN;
  for (let e = a; e < b; e++) {
    const d = ix.day[e] ?? 0;
    if (d > q.hi) continue;
    if (d <= q.lo) break;
    if (q.kindMask[ix.kind[e] ?? 0] !== 1) continue;
    if (q.measure === 'count') m += ix.count[e] ?? 0;
    else if (d !== lastDay) {
      m++;
      lastDay = d;
    }
  }
  return m;
}

/** Customers whose measure passes `test` (customers without any matching row have measure 0). */
export function behaviorSet(ix: BehaviorIndex, q: BehaviorQuery, test: (measure: number) => boolean): CustomerSet {
  const set = emptySet(ix.n);
  const words = set.words;
  const zeroPasses = test(0);
  for (let c = 0; c < ix.n; c++) {
    const m = ix.offsets[c] === ix.offsets[c + 1] ? 0 : behaviorMeasure(ix, q, c);
    if (m === 0 ? zeroPasses : test(m)) words[c >>> 5] = (words[c >>> 5] ?? 0) | (1 << (c & 31));
  }
  return set;
}

/** Kinds of `source` whose filter values are each in `where[column]` (absent columns accept anything). */
export function kindMask(ix: BehaviorIndex, def: BehaviorSourceDef, where: Readonly<Record<string, readonly string[]>>): Uint8Array {
  const mask = new Uint8Array(Math.max(ix.kinds.length, 1));
  const filters = def.dims.map((d) => {
    const accepted = where[d.column];
    return accepted ? new Set(accepted) : null;
  });
  ix.kinds.forEach((k, id) => {
    if (k.source !== def.source) return;
    for (let j = 0; j < filters.length; j++) {
      const f = filters[j];
      if (!f) continue;
      const v = k.dims[j];
      if (v === null || v === undefined || !f.has(v)) return;
    }
    mask[id] = 1;
  });
  return mask;
}
