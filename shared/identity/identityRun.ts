/**
 * One resolution run: read records, apply analyst decisions, link deterministically, match probabilistically,
 * keep ONE_IDs stable, and write the map, links, review queue, history, issues and the incremental index.
 * A full run re-resolves every record; an incremental run resolves the records imported since the last run
 * against the index the last run left (see incrementalRun.ts).
 */
import type { IdentityRunMode, IdentitySettings, IdentitySummary } from '#shared/api/identityTypes.ts';
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { BLOCK_SLOTS, blockHashes, NO_BLOCK } from './blockHashes.ts';
import type { FsParams } from './fellegiSunter.ts';
import { hash53 } from './hash53.ts';
import { HashIndex } from './hashIndex.ts';
import { IDENTIFIER_TYPES, TYPE_COUNT } from './identifierTypes.ts';
import { IssueCollector, maskIdentifier, type IssueRecord } from './identityIssues.ts';
import { sortOrder, type IdentityState } from './identityState.ts';
import {
  finishRun,
  loadDecisions,
  oneIdSeq,
  readMap,
  saveState,
  setOneIdSeq,
  startRun,
  writeHistory,
  writeIssues,
  writeLinks,
  writeMap,
  mapNeedsRewrite,
  rewriteMap,
  writeReviews,
  type LinkRow,
  type MapRow,
  type RecordRef,
  type ReviewRow,
} from './identityStore.ts';
import { linkDeterministic, type DeterministicResult, type LinkIssue } from './linker.ts';
import { matchProbabilistic, type ScoredPair } from './probabilistic.ts';
import { recordsByValue, RecordSetBuilder, SOURCE_TABLES, type RecordSet } from './recordSet.ts';
import { SourceReader } from './sourceReader.ts';
import { assignStableIds, type HistoryEvent } from './stableIds.ts';
import { issueCounts, personChannelMasks, readSummary, sourceStats, type StoredCounts } from './summary.ts';
import { FIELDS, levelOf, MISSING } from './weakFields.ts';
import { levelWeights } from './fellegiSunter.ts';

export interface RunEnv {
  readonly db: Db;
  readonly ctx: JobContext;
  readonly now: () => string;
}

/** Finds a record by source code and record id through a hash table of their hashes (no string map). */
export function recordKeyIndex(rs: RecordSet): { find(source: number, recordId: string): number } {
  const table = new HashIndex(rs.n);
  const collisions = new Map<string, number>();
  for (let i = 0; i < rs.n; i++) {
    const h = hash53(rs.recKey[i] as string, (rs.recSource[i] as number) + 1000);
    if (table.get(h) < 0) table.set(h, i);
    else collisions.set(`${rs.recSource[i] as number}\u001f${rs.recKey[i] as string}`, i);
  }
  return {
    find(source, recordId) {
      if (source < 0) return -1;
      const i = table.get(hash53(recordId, source + 1000));
      if (i >= 0 && rs.recSource[i] === source && rs.recKey[i] === recordId) return i;
      return collisions.get(`${source}\u001f${recordId}`) ?? -1;
    },
  };
}

/** Map row status of a record in a full run. */
const UNCHANGED = 0;
const INSERTED = 1;
const UPDATED = 2;

/** Method codes beyond identifier type codes, for records joined otherwise. */
const M_PROB = 200;
const M_REVIEW = 201;
const M_NONE = 255;

export function recordRef(rs: RecordSet, i: number): RecordRef {
  return { source: rs.sources[rs.recSource[i] as number] as string, recordId: rs.recKey[i] as string };
}

/** Evidence of a scored pair: per-field level and Bayes factor, for the link table and the review UI. */
export function pairEvidence(pattern: number, params: FsParams): { field: string; level: string; weight: number }[] {
  const lw = levelWeights(params);
  const out: { field: string; level: string; weight: number }[] = [];
  FIELDS.forEach((f, i) => {
    const l = levelOf(pattern, i);
    if (l === MISSING) out.push({ field: f.name, level: 'missing', weight: 0 });
    else out.push({ field: f.name, level: f.levels[l] ?? '', weight: Math.round((lw[i]?.[l] ?? 0) * 1000) / 1000 });
  });
  return out;
}

/** How each record joined its person: the strongest identifier it shares with another record of it. */
function joinMethods(rs: RecordSet, labels: Int32Array, order: readonly number[], forced: Uint8Array, byValue: { readonly start: Int32Array; readonly records: Int32Array }): Uint8Array {
  const method = new Uint8Array(rs.n).fill(M_NONE);
  const rank = new Uint8Array(TYPE_COUNT).fill(255);
  order.forEach((t, r) => (rank[t] = r));
  const { start, records } = byValue;
  for (let v = 0; v < rs.valueType.length; v++) {
    const s = start[v] as number;
    const e = start[v + 1] as number;
    if (e - s < 2) continue;
    const t = rs.valueType[v] as number;
    const rt = rank[t] as number;
    if (rt === 255) continue;
    // Records sharing this value within one component: each gets the type unless it has a stronger one.
    const counts = new Map<number, number>();
    for (let k = s; k < e; k++) {
      const l = labels[records[k] as number] as number;
      counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    for (let k = s; k < e; k++) {
      const i = records[k] as number;
      if ((counts.get(labels[i] as number) ?? 0) < 2) continue;
      const cur = method[i] as number;
      if (cur === M_NONE || (cur < TYPE_COUNT && (rank[cur] as number) > rt)) method[i] = t;
    }
  }
  for (let i = 0; i < rs.n; i++) if (method[i] === M_NONE && forced[i] !== 0) method[i] = forced[i] as number;
  return method;
}

function methodName(code: number, isCustomer: boolean): string {
  if (code < TYPE_COUNT) return IDENTIFIER_TYPES[code]?.type ?? 'unknown';
  if (code === M_PROB) return 'probabilistic';
  if (code === M_REVIEW) return 'review';
  return isCustomer ? 'source_key' : 'single';
}

/** Issue rows from the linker's findings, with masked values. */
function linkIssues(rs: RecordSet, found: readonly LinkIssue[]): IssueRecord[] {
  return found.map((f) => {
    const type = f.type >= 0 ? (IDENTIFIER_TYPES[f.type]?.type ?? null) : null;
    const text = f.value >= 0 ? rs.valueText[f.value] : null;
    const a = f.a >= 0 ? recordRef(rs, f.a) : null;
    const b = f.b >= 0 ? recordRef(rs, f.b) : null;
    return {
      kind: f.kind,
      idType: type,
      code: f.detail,
      source: a?.source ?? null,
      recordId: a?.recordId ?? null,
      valueMasked: text !== null && text !== undefined ? maskIdentifier(type, text) : null,
      records: f.records,
      persons: f.persons,
      detail: b ? { otherSource: b.source, otherRecordId: b.recordId } : {},
    };
  });
}

/** The incremental index of a finished run: identifier hashes and weak block keys → persons. */
export function buildState(
  rs: RecordSet,
  labels: Int32Array,
  comps: number,
  compId: readonly string[],
  lastBatch: number,
  byValue: { readonly start: Int32Array; readonly records: Int32Array } = recordsByValue(rs),
): IdentityState {
  const personTypes = new Uint16Array(comps);
  const personRecords = new Int32Array(comps);
  for (let i = 0; i < rs.n; i++) {
    const l = labels[i] as number;
    personRecords[l] = (personRecords[l] as number) + 1;
  }
  // (value, person) pairs with record counts.
  const pairCount = new Map<number, number>();
  const pv: number[] = [];
  const pp: number[] = [];
  const pc: number[] = [];
  const { start, records } = byValue;
  for (let v = 0; v < rs.valueType.length; v++) {
    const s = start[v] as number;
    const e = start[v + 1] as number;
    if (e === s) continue;
    const t = rs.valueType[v] as number;
    const first = labels[records[s] as number] as number;
    let same = true;
    for (let k = s + 1; k < e && same; k++) same = labels[records[k] as number] === first;
    if (same) {
      // The usual case: every record of the value belongs to one person.
      pv.push(v);
      pp.push(first);
      pc.push(e - s);
      personTypes[first] = (personTypes[first] as number) | (1 << t);
      continue;
    }
    pairCount.clear();
    for (let k = s; k < e; k++) {
      const l = labels[records[k] as number] as number;
      pairCount.set(l, (pairCount.get(l) ?? 0) + 1);
    }
    for (const [l, c] of pairCount) {
      pv.push(v);
      pp.push(l);
      pc.push(c);
      personTypes[l] = (personTypes[l] as number) | (1 << t);
    }
  }
  const hashes = new Float64Array(pv.length);
  for (let k = 0; k < pv.length; k++) hashes[k] = rs.valueHash[pv[k] as number] as number;
  const order = sortOrder(hashes);
  const keyHash = new Float64Array(pv.length);
  const keyType = new Uint8Array(pv.length);
  const keyPerson = new Int32Array(pv.length);
  const keyRecords = new Int32Array(pv.length);
  for (let k = 0; k < order.length; k++) {
    const o = order[k] as number;
    keyHash[k] = hashes[o] as number;
    keyType[k] = rs.valueType[pv[o] as number] as number;
    keyPerson[k] = pp[o] as number;
    keyRecords[k] = pc[o] as number;
  }
  // Weak block keys of records with weak fields.
  const wh: number[] = [];
  const wp: number[] = [];
  const wt: number[] = [];
  const wr: number[] = [];
  const personTable = SOURCE_TABLES.indexOf('person');
  const keyHashes = blockHashes(rs);
  for (let i = 0; i < rs.n; i++) {
    const w = rs.weakIndex[i] as number;
    if (w < 0 || rs.recTable[i] === personTable) continue;
    for (let s = 0; s < BLOCK_SLOTS; s++) {
      const h = keyHashes[w * BLOCK_SLOTS + s] as number;
      if (h === NO_BLOCK) continue;
      wh.push(h);
      wp.push(labels[i] as number);
      wt.push(rs.recTable[i] as number);
      wr.push(rs.recRow[i] as number);
    }
  }
  const personChannels = personChannelMasks(rs, labels, comps);
  const whArr = Float64Array.from(wh);
  const wOrder = sortOrder(whArr);
  return {
    persons: compId,
    personTypes,
    personRecords,
    personChannels,
    keyHash,
    keyType,
    keyPerson,
    keyRecords,
    weakHash: permute(new Float64Array(wOrder.length), wOrder, whArr),
    weakPerson: permute(new Int32Array(wOrder.length), wOrder, wp),
    weakTable: permute(new Uint8Array(wOrder.length), wOrder, wt),
    weakRow: permute(new Float64Array(wOrder.length), wOrder, wr),
    lastBatch,
  };
}

function permute<T extends Float64Array | Int32Array | Uint8Array>(out: T, order: Int32Array, from: ArrayLike<number>): T {
  for (let k = 0; k < order.length; k++) out[k] = from[order[k] as number] as number;
  return out;
}

export interface ResolveOutcome {
  readonly labels: Int32Array;
  readonly comps: number;
  readonly det: DeterministicResult;
  readonly probLinks: ScoredPair[];
  readonly probReviews: ScoredPair[];
  readonly params: FsParams | null;
  readonly method: Uint8Array;
  readonly weight: Float64Array;
  readonly emInfo: { iterations: number; converged: boolean; candidatePairs: number; skippedBlocks: number } | null;
}

/** Runs decisions, the deterministic and the probabilistic stages over a record set. */
export async function resolve(
  rs: RecordSet,
  settings: IdentitySettings,
  decisions: { accepted: [number, number][]; forbidden: [number, number][] },
  ctx: JobContext,
  extra: { minRank?: Uint8Array; valueBaseRecords?: Int32Array; model?: FsParams } = {},
): Promise<ResolveOutcome> {
  const det = await linkDeterministic(
    {
      rs,
      settings,
      accepted: decisions.accepted,
      forbidden: decisions.forbidden,
      ...(extra.minRank ? { minRank: extra.minRank } : {}),
      ...(extra.valueBaseRecords ? { valueBaseRecords: extra.valueBaseRecords } : {}),
    },
    ctx,
  );
  const forced = new Uint8Array(rs.n);
  const weight = new Float64Array(rs.n).fill(Number.NaN);
  for (const [a, b] of decisions.accepted) {
    if (det.linker.uf.find(a) === det.linker.uf.find(b)) {
      forced[a] = M_REVIEW;
      forced[b] = M_REVIEW;
    }
  }
  let probLinks: ScoredPair[] = [];
  let probReviews: ScoredPair[] = [];
  let params: FsParams | null = null;
  let emInfo: ResolveOutcome['emInfo'] = null;
  if (settings.probabilistic) {
    const pr = await matchProbabilistic(rs, det.linker, settings, ctx, extra.model);
    params = pr.params;
    emInfo = { iterations: pr.em?.iterations ?? 0, converged: pr.em?.converged ?? true, candidatePairs: pr.candidatePairs, skippedBlocks: pr.skippedBlocks };
    probReviews = pr.reviews;
    for (const l of pr.links) {
      if (det.linker.union(l.a, l.b, false) === 'merged') {
        probLinks.push(l);
        if (forced[l.a] === 0) {
          forced[l.a] = M_PROB;
          weight[l.a] = l.weight;
        }
      } else probReviews.push(l);
    }
    probLinks = probLinks.slice();
  }
  const labels = det.linker.uf.labels();
  const comps = det.linker.uf.count;
  const method = joinMethods(rs, labels, det.linker.order, forced, det.byValue);
  return { labels, comps, det, probLinks, probReviews, params, method, weight, emInfo };
}

/** Turns decision rows into record-index pairs; pairs naming unknown records are skipped. */
export function decisionPairs(db: Db, keyIndex: (ref: RecordRef) => number): { accepted: [number, number][]; forbidden: [number, number][] } {
  const accepted: [number, number][] = [];
  const forbidden: [number, number][] = [];
  for (const d of loadDecisions(db)) {
    const a = keyIndex(d.a);
    const b = keyIndex(d.b);
    if (a < 0 || b < 0 || a === b) continue;
    if (d.decision === 'accept') accepted.push([a, b]);
    else forbidden.push([a, b]);
  }
  return { accepted, forbidden };
}

/** Review rows of a resolution: probabilistic pairs between the thresholds and pairs a cap refused. */
export function reviewRows(rs: RecordSet, out: ResolveOutcome, settings: IdentitySettings): ReviewRow[] {
  const rows: ReviewRow[] = [];
  const find = (i: number): number => out.labels[i] as number;
  for (const r of out.probReviews) {
    if (find(r.a) === find(r.b)) continue;
    rows.push({ a: recordRef(rs, r.a), b: recordRef(rs, r.b), kind: 'probabilistic', idType: null, weight: r.weight, evidence: out.params ? pairEvidence(r.pattern, out.params) : [] });
  }
  for (const r of out.det.reviews) {
    if (find(r.a) === find(r.b)) continue;
    const type = IDENTIFIER_TYPES[r.type]?.type ?? null;
    const text = rs.valueText[r.value];
    rows.push({
      a: recordRef(rs, r.a),
      b: recordRef(rs, r.b),
      kind: 'over_cap',
      idType: type,
      weight: null,
      evidence: { persons: r.persons, cap: type ? settings.rules[type].cap : null, value: text ? maskIdentifier(type, text) : null },
    });
  }
  return rows;
}

/** Link rows of a resolution: probabilistic links and accepted decisions, with evidence. */
export function linkRows(rs: RecordSet, out: ResolveOutcome, decisions: { accepted: [number, number][] }): LinkRow[] {
  const rows: LinkRow[] = [];
  for (const l of out.probLinks) {
    rows.push({ a: recordRef(rs, l.a), b: recordRef(rs, l.b), method: 'probabilistic', idType: null, weight: l.weight, evidence: out.params ? pairEvidence(l.pattern, out.params) : [] });
  }
  for (const [a, b] of decisions.accepted) {
    if (out.labels[a] !== out.labels[b]) continue;
    rows.push({ a: recordRef(rs, a), b: recordRef(rs, b), method: 'review', idType: null, weight: null, evidence: { decision: 'accept' } });
  }
  return rows;
}

export interface RunResult {
  readonly summary: IdentitySummary;
  readonly issues: readonly IssueRecord[];
}

/** A full run over every record of the workspace. Runs inside the caller's write queue and transaction. */
export async function runFull(env: RunEnv, settings: IdentitySettings, mode: IdentityRunMode): Promise<RunResult> {
  const { db, ctx } = env;
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (name: string): void => {
    const t = Date.now();
    timings[name] = t - t0;
    t0 = t;
  };
  const startedAt = env.now();
  const runId = startRun(db, mode, settings, ctx.seed, startedAt);
  const builder = new RecordSetBuilder(TYPE_COUNT);
  const collector = new IssueCollector();
  const enabled = new Set(IDENTIFIER_TYPES.filter((d) => settings.rules[d.type].enabled).map((d) => d.type));
  const reader = new SourceReader(db, builder, collector, { afterBatch: 0, enabled }, ctx);
  await reader.readAll();
  const rs = builder.build();
  lap('read');
  for (const [table, ms] of Object.entries(reader.stats.ms)) timings[`read.${table}`] = ms;

  // Record index by (source, record id), for the prior map and decisions.
  const keys = recordKeyIndex(rs);
  const keyIndex = (ref: RecordRef): number => keys.find(rs.sources.indexOf(ref.source), ref.recordId);
  const sourceCodes = new Map<string, number>(rs.sources.map((s, i) => [s, i]));
  const { prior, stale } = await readMap(db, ctx, rs.n, (source, recordId) => keys.find(sourceCodes.get(source) ?? -1, recordId));
  const decisions = decisionPairs(db, keyIndex);
  lap('prior');

  const out = await resolve(rs, settings, decisions, ctx);
  lap('resolve');

  const ids = assignStableIds(
    out.labels,
    out.comps,
    prior.oneId,
    oneIdSeq(db),
  );
  lap('stableIds');

  await ctx.checkpoint();
  const methodCounts = new Map<string, number>();
  const customerSource = rs.sources.indexOf('customer');
  const mapRow = (i: number): MapRow => {
    const w = out.weight[i] as number;
    return {
      source: rs.sources[rs.recSource[i] as number] as string,
      recordId: rs.recKey[i] as string,
      oneId: ids.compId[out.labels[i] as number] as string,
      method: methodName(out.method[i] as number, rs.recSource[i] === customerSource),
      weight: Number.isNaN(w) ? null : Math.round(w * 1000) / 1000,
      rowRef: rs.recRow[i] as number,
    };
  };
  // Rows this run writes get its run id; the others keep the run that last wrote them.
  const status = new Uint8Array(rs.n);
  let changed = stale.length;
  for (let i = 0; i < rs.n; i++) {
    const row = mapRow(i);
    methodCounts.set(row.method, (methodCounts.get(row.method) ?? 0) + 1);
    if (prior.oneId[i] === null) status[i] = INSERTED;
    else if (!prior.same(i, row)) status[i] = UPDATED;
    if (status[i] !== UNCHANGED) changed++;
  }
  const at = env.now();
  if (mapNeedsRewrite(db, changed)) {
    rewriteMap(db, (emit) => {
      for (let i = 0; i < rs.n; i++) emit(mapRow(i), status[i] !== UNCHANGED ? runId : Number.isNaN(prior.runId[i]) ? null : (prior.runId[i] as number));
    });
  } else {
    const inserts: MapRow[] = [];
    const updates: MapRow[] = [];
    for (let i = 0; i < rs.n; i++) {
      if (status[i] === INSERTED) inserts.push(mapRow(i));
      else if (status[i] === UPDATED) updates.push(mapRow(i));
    }
    writeMap(db, inserts, updates, stale, runId);
  }
  lap('writeMap');
  setOneIdSeq(db, ids.nextSeq);
  writeHistory(db, runId, at, ids.history);
  writeLinks(db, runId, linkRows(rs, out, decisions), true);
  writeReviews(db, runId, at, reviewRows(rs, out, settings), true);
  const issues = [...collector.rows, ...linkIssues(rs, out.det.issues)];
  writeIssues(db, runId, issues, true);
  lap('write');
  const state = buildState(rs, out.labels, out.comps, ids.compId, reader.stats.maxBatch, out.det.byValue);
  lap('buildState');
  saveState(db, runId, state);
  lap('saveState');
  const counts: StoredCounts = {
    timings,
    bySource: sourceStats(rs, out.labels, out.comps),
    linksByMethod: [...methodCounts.entries()].map(([method, links]) => ({ method, links })).sort((a, b) => b.links - a.links),
    issues: issueCounts(issues),
    history: historyCounts(ids.history, ids.newIds),
    lastBatch: reader.stats.maxBatch,
    model: modelSummary(out),
  };
  finishRun(db, runId, 'done', env.now(), rs.n, out.comps, counts, out.params ? { params: out.params } : null);
  const summary = readSummary(db);
  if (!summary) throw new BugIndicatingError('identity run summary missing after finishing the run');
  return { summary, issues };
}

export function historyCounts(history: readonly HistoryEvent[], newIds: number): { newIds: number; merges: number; splits: number } {
  return { newIds, merges: history.filter((h) => h.event === 'merge').length, splits: history.filter((h) => h.event === 'split').length };
}

export function modelSummary(out: ResolveOutcome): StoredCounts['model'] {
  if (!out.params || !out.emInfo) return null;
  const p = out.params;
  return {
    lambda: p.lambda,
    iterations: out.emInfo.iterations,
    converged: out.emInfo.converged,
    candidatePairs: out.emInfo.candidatePairs,
    skippedBlocks: out.emInfo.skippedBlocks,
    fields: FIELDS.map((f, i) => ({ field: f.name, levels: f.levels, m: p.m[i] ?? [], u: p.u[i] ?? [] })),
  };
}

export type { HistoryEvent };
