/**
 * The deterministic stage and the merge rules every later link obeys.
 *
 * Records are nodes; a value shared by several records is an edge set between them. Types are processed in
 * priority order (customer number, ID documents, card, UnionID, app user id, phone, e-mail, OpenID, device,
 * cookie). For each value the records carrying it fall into components already identified by a stronger
 * identifier ("anchored": they form the persons the cap counts) and the rest ("floating"):
 *
 * - more records than `maxRecords`, or more anchored persons than `cap + reviewSlack` → over-shared: the value
 *   links nothing and is reported (a call-centre number, a dummy ID);
 * - more anchored persons than `cap` → over cap: nothing links, the pairs go to review;
 * - otherwise the anchored persons are merged, each merge checked against exclusive identifiers (two different
 *   ID numbers never meet in one component, so A–B by phone then B–C by device cannot chain A and C when they
 *   carry different ID numbers); a refused merge is reported as a conflict. Floating records then join the one
 *   remaining person; when two or more remain, the value is ambiguous and floating records stay apart.
 *
 * Analyst decisions win: rejected and split pairs may never end up in one component, whatever links them;
 * accepted pairs join the persons the rules formed (still never across two ID numbers).
 */
import type { IdentitySettings } from '#shared/api/identityTypes.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { IDENTIFIER_TYPES, linkOrder, TYPE_COUNT, type Exclusivity } from './identifierTypes.ts';
import { recordsByValue, type RecordSet } from './recordSet.ts';
import { UnionFind } from './unionFind.ts';

/** Rank of a record with no linking identifier (weaker than every type). */
const NO_RANK = 255;

export type LinkIssueKind = 'over_shared' | 'over_cap' | 'conflict' | 'ambiguous';

export interface LinkIssue {
  readonly kind: LinkIssueKind;
  readonly type: number;
  readonly value: number;
  /** Records carrying the value (including, in an incremental run, older records known from the index). */
  readonly records: number;
  /** Anchored persons carrying it. */
  readonly persons: number;
  /** A record on each side, for conflicts. */
  readonly a: number;
  readonly b: number;
  readonly detail: string | null;
}

export interface CapReview {
  readonly a: number;
  readonly b: number;
  readonly type: number;
  readonly value: number;
  readonly persons: number;
}

export type UnionResult = 'merged' | 'same' | 'conflict' | 'cannot';

export interface LinkerInput {
  readonly rs: RecordSet;
  readonly settings: IdentitySettings;
  /** Pairs the analyst accepted (record indexes). */
  readonly accepted?: readonly (readonly [number, number])[];
  /** Pairs the analyst rejected or split apart. */
  readonly forbidden?: readonly (readonly [number, number])[];
  /** Best rank per record when it is stronger than its carried identifiers show (index nodes of older persons). */
  readonly minRank?: Uint8Array;
  /** Older records per value id known only from the index (incremental runs), added to the record count. */
  readonly valueBaseRecords?: Int32Array;
}

/** Union-find with per-component rank, exclusive values and cannot-link lists. */
export class Linker {
  readonly uf: UnionFind;
  /** Rank (position in link order) of the strongest identifier type in each component, by root. */
  private readonly best: Uint8Array;
  /** Per exclusive type code: value id carried by each component (by root), −1 none. */
  private readonly excl: (Int32Array | null)[];
  private readonly exclKind: Exclusivity[];
  private readonly cannot = new Map<number, number[]>();
  readonly rankOf: Uint8Array;
  readonly order: number[];
  /** Merges refused by an analyst decision. */
  decisionsApplied = 0;

  constructor(
    readonly rs: RecordSet,
    settings: IdentitySettings,
    minRank?: Uint8Array,
  ) {
    const n = rs.n;
    this.uf = new UnionFind(n);
    this.order = linkOrder(settings);
    this.rankOf = new Uint8Array(TYPE_COUNT).fill(NO_RANK);
    this.order.forEach((t, r) => (this.rankOf[t] = r));
    this.exclKind = IDENTIFIER_TYPES.map((d) => d.exclusivity);
    this.excl = IDENTIFIER_TYPES.map((d, t) => (d.exclusivity !== 'none' && this.rankOf[t] !== NO_RANK ? new Int32Array(n).fill(-1) : null));
    this.best = new Uint8Array(n).fill(NO_RANK);
    for (let i = 0; i < n; i++) {
      let b = minRank ? (minRank[i] as number) : NO_RANK;
      for (let k = rs.idStart[i] as number; k < (rs.idStart[i + 1] as number); k++) {
        const t = rs.occType[k] as number;
        const r = this.rankOf[t] as number;
        if (r < b) b = r;
        const ex = this.excl[t];
        if (ex && (ex[i] as number) < 0) ex[i] = rs.occValue[k] as number;
      }
      this.best[i] = b;
    }
  }

  /** Forbids `a` and `b` (records) from ever being in one component. */
  forbid(a: number, b: number): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const r = this.uf.find(x);
      const list = this.cannot.get(r);
      if (list) list.push(y);
      else this.cannot.set(r, [y]);
    }
  }

  /** True when a component carries an identifier ranked before `rank`. */
  anchored(root: number, rank: number): boolean {
    return (this.best[root] as number) < rank;
  }

  /** True when the component of `x` carries any exclusive identifier (a customer number or an ID document). */
  hasExclusive(x: number): boolean {
    const r = this.uf.find(x);
    for (const ex of this.excl) if (ex && (ex[r] as number) >= 0) return true;
    return false;
  }

  /** The exclusive type that keeps `a` and `b` apart, or −1. `hardLink`: the link is itself an ID document. */
  conflictType(a: number, b: number, hardLink: boolean): number {
    const ra = this.uf.find(a);
    const rb = this.uf.find(b);
    for (let t = 0; t < this.excl.length; t++) {
      const ex = this.excl[t];
      if (!ex) continue;
      const va = ex[ra] as number;
      const vb = ex[rb] as number;
      if (va >= 0 && vb >= 0 && va !== vb && (this.exclKind[t] === 'hard' || !hardLink)) return t;
    }
    return -1;
  }

  private forbidden(ra: number, rb: number): boolean {
    const la = this.cannot.get(ra);
    if (la) for (const p of la) if (this.uf.find(p) === rb) return true;
    return false;
  }

  /**
   * Merges the components of `a` and `b` unless an exclusive identifier or an analyst decision keeps them apart.
   * `hardLink`: the link is an ID document or an analyst's accept, which may join two customer numbers.
   */
  union(a: number, b: number, hardLink: boolean): UnionResult {
    const ra = this.uf.find(a);
    const rb = this.uf.find(b);
    if (ra === rb) return 'same';
    if (this.conflictType(ra, rb, hardLink) >= 0) return 'conflict';
    if (this.forbidden(ra, rb) || this.forbidden(rb, ra)) {
      this.decisionsApplied++;
      return 'cannot';
    }
    const r = this.uf.union(ra, rb);
    const other = r === ra ? rb : ra;
    if ((this.best[other] as number) < (this.best[r] as number)) this.best[r] = this.best[other] as number;
    for (const ex of this.excl) if (ex && (ex[r] as number) < 0) ex[r] = ex[other] as number;
    const lo = this.cannot.get(other);
    if (lo) {
      const lr = this.cannot.get(r);
      if (lr) lr.push(...lo);
      else this.cannot.set(r, lo);
      this.cannot.delete(other);
    }
    return 'merged';
  }
}

export interface DeterministicResult {
  readonly linker: Linker;
  /** Records of each value (see recordsByValue), for later passes over the same record set. */
  readonly byValue: { readonly start: Int32Array; readonly records: Int32Array };
  readonly issues: LinkIssue[];
  readonly reviews: CapReview[];
  /** Accepted decisions refused because the two sides carry different ID numbers. */
  readonly refusedAccepts: number;
}

/** Runs the deterministic stage; see the module comment for the rules. Yields between chunks of values. */
export async function linkDeterministic(input: LinkerInput, ctx: JobContext): Promise<DeterministicResult> {
  const { rs, settings } = input;
  const linker = new Linker(rs, settings, input.minRank);
  const issues: LinkIssue[] = [];
  const reviews: CapReview[] = [];
  for (const [a, b] of input.forbidden ?? []) linker.forbid(a, b);

  const { start, records } = recordsByValue(rs);
  const nv = rs.valueType.length;
  // Values grouped by type, in link order.
  const byType: number[][] = Array.from({ length: TYPE_COUNT }, () => []);
  for (let v = 0; v < nv; v++) {
    if ((start[v + 1] as number) - (start[v] as number) >= 2) (byType[rs.valueType[v] as number] as number[]).push(v);
  }
  const stamp = new Int32Array(rs.n).fill(-1);
  const anchoredRec: number[] = [];
  const identifiedRec: number[] = [];
  const floatingRec: number[] = [];
  const total = linker.order.reduce((s, t) => s + (byType[t] as number[]).length, 0);
  let done = 0;
  for (const t of linker.order) {
    const rank = linker.rankOf[t] as number;
    const typeRule = settings.rules[IDENTIFIER_TYPES[t]?.type ?? 'cust_no'];
    const hardLink = IDENTIFIER_TYPES[t]?.exclusivity === 'hard';
    const values = byType[t] as number[];
    for (let vi = 0; vi < values.length; vi++) {
      const v = values[vi] as number;
      const s = start[v] as number;
      const e = start[v + 1] as number;
      const recordCount = e - s + (input.valueBaseRecords ? (input.valueBaseRecords[v] as number) : 0);
      anchoredRec.length = 0;
      identifiedRec.length = 0;
      floatingRec.length = 0;
      for (let k = s; k < e; k++) {
        const rec = records[k] as number;
        const root = linker.uf.find(rec);
        if (stamp[root] === v) continue;
        stamp[root] = v;
        if (!linker.anchored(root, rank)) floatingRec.push(rec);
        else if (linker.hasExclusive(root)) anchoredRec.push(rec);
        else identifiedRec.push(rec);
      }
      // Persons the cap counts: components with a customer number or ID document, or, when there are none,
      // components identified by another stronger identifier (a prospect's app user or UnionID).
      const byExclusive = anchoredRec.length > 0;
      const counted = byExclusive ? anchoredRec : identifiedRec;
      const persons = counted.length;
      if (recordCount > typeRule.maxRecords || persons > typeRule.cap + settings.reviewSlack) {
        issues.push({ kind: 'over_shared', type: t, value: v, records: recordCount, persons, a: records[s] as number, b: -1, detail: null });
      } else if (persons > typeRule.cap) {
        issues.push({ kind: 'over_cap', type: t, value: v, records: recordCount, persons, a: counted[0] as number, b: -1, detail: null });
        for (let j = 1; j < counted.length; j++) reviews.push({ a: counted[0] as number, b: counted[j] as number, type: t, value: v, persons });
      } else {
        const rest = byExclusive ? [...identifiedRec, ...floatingRec] : floatingRec;
        if (persons + rest.length >= 2) linkGroup(linker, t, v, recordCount, hardLink, counted, rest, issues);
      }
      if ((++done & 4095) === 0) {
        ctx.progress('identity.deterministic', done, total);
        await ctx.checkpoint();
      }
    }
  }
  ctx.progress('identity.deterministic', total, total);
  // Accepted pairs join the persons the rules formed (two customer numbers may meet this way, two ID numbers not).
  let refusedAccepts = 0;
  for (const [a, b] of input.accepted ?? []) {
    if (linker.union(a, b, true) === 'conflict') {
      refusedAccepts++;
      issues.push({ kind: 'conflict', type: -1, value: -1, records: 2, persons: 2, a, b, detail: 'accepted_decision' });
    }
  }
  return { linker, issues, reviews, refusedAccepts, byValue: { start, records } };
}

function linkGroup(linker: Linker, t: number, v: number, recordCount: number, hardLink: boolean, anchored: number[], floating: number[], issues: LinkIssue[]): void {
  const persons = anchored.length;
  const base = anchored[0];
  for (let j = 1; j < anchored.length; j++) {
    const other = anchored[j] as number;
    if (linker.union(base as number, other, hardLink) === 'conflict') {
      issues.push({ kind: 'conflict', type: t, value: v, records: recordCount, persons, a: base as number, b: other, detail: null });
    }
  }
  let remaining = 0;
  for (let j = 0; j < anchored.length; j++) {
    const r = linker.uf.find(anchored[j] as number);
    let seen = false;
    for (let q = 0; q < j && !seen; q++) seen = linker.uf.find(anchored[q] as number) === r;
    if (!seen) remaining++;
  }
  if (remaining >= 2) {
    if (floating.length > 0) issues.push({ kind: 'ambiguous', type: t, value: v, records: recordCount, persons: remaining, a: floating[0] as number, b: -1, detail: null });
    return;
  }
  const target = base ?? floating[0];
  if (target === undefined) return;
  for (const f of floating) {
    if (f === target) continue;
    if (linker.union(target, f, hardLink) === 'conflict') {
      issues.push({ kind: 'conflict', type: t, value: v, records: recordCount, persons, a: target, b: f, detail: null });
    }
  }
}
