/**
 * Incremental resolution: only records imported after the last run are read. Each of their identifier values
 * is looked up in the last run's index (identity_state); every older person carrying one of them enters the
 * graph as one node that carries those values, its exclusive identifiers (so conflicts are still checked) and
 * its strongest identifier rank (so caps count it as a person). New weak-field records meet the older records
 * of their blocks, fetched by row id. The same rules then run over this small graph: new records join older
 * persons, a new record bridging two older persons merges them (the older id stays, the other becomes its
 * alias), and everything else gets new ids.
 *
 * What an incremental run does not do: re-examine links among older records (a changed setting or a decision
 * that splits older records takes effect at the next full run).
 */
import type { IdentitySettings } from '#shared/api/identityTypes.ts';
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import type { FsParams } from './fellegiSunter.ts';
import { hash53 } from './hash53.ts';
import { IDENTIFIER_TYPES, linkOrder, TYPE_COUNT } from './identifierTypes.ts';
import { IssueCollector } from './identityIssues.ts';
import { decisionPairs, historyCounts, linkRows, modelSummary, recordRef, resolve, reviewRows, runFull, type RunEnv, type RunResult } from './identityRun.ts';
import { lowerBound, sortOrder, type IdentityState } from './identityState.ts';
import { finishRun, lastRun, loadState, oneIdSeq, saveState, setOneIdSeq, startRun, writeHistory, writeIssues, writeLinks, writeMap, writeReviews, type MapRow, type RecordRef } from './identityStore.ts';
import { maskIdentifier, type IssueRecord } from './identityIssues.ts';
import { recordsByValue, RecordSetBuilder, SOURCE_TABLES, NO_CHANNEL, type RecordSet } from './recordSet.ts';
import { SourceReader } from './sourceReader.ts';
import { assignStableIds } from './stableIds.ts';
import { issueCounts, readSummary, type StoredCounts } from './summary.ts';
import { makeWeakFields, weakBlockKeys } from './weakFields.ts';
import type { LinkIssue } from './linker.ts';

const PERSON_SOURCE = '~person';
const PERSON_TABLE = SOURCE_TABLES.indexOf('person');

/** Weak fields of older records, fetched by row id per source table. */
function fetchWeakRows(db: Db, table: string, rows: readonly number[]): Map<number, { ref: RecordRef; fields: ReturnType<typeof makeWeakFields> }> {
  const out = new Map<number, { ref: RecordRef; fields: ReturnType<typeof makeWeakFields> }>();
  for (let k = 0; k < rows.length; k += 500) {
    const chunk = rows.slice(k, k + 500);
    const ph = chunk.map(() => '?').join(', ');
    if (table === 'customers') {
      db.each(`SELECT row_id, cust_no, name, birth_date, city, district, address, email, phone FROM customers WHERE row_id IN (${ph})`, chunk, (r) => {
        const [rowId, custNo, name, birth, city, district, address, email, phone] = r.map((v) => (v === null ? null : String(v)));
        out.set(Number(rowId), { ref: { source: 'customer', recordId: custNo ?? '' }, fields: makeWeakFields({ name: name ?? null, birth: birth ?? null, city: city ?? null, district: district ?? null, address: address ?? null, email: email ?? null, phone: phone ?? null }) });
      });
    } else if (table === 'identities') {
      db.each(`SELECT row_id, source_system, record_id, name, birth_date, address, email, phone FROM identities WHERE row_id IN (${ph})`, chunk, (r) => {
        const [rowId, source, recordId, name, birth, address, email, phone] = r.map((v) => (v === null ? null : String(v)));
        out.set(Number(rowId), { ref: { source: (source ?? '').trim(), recordId: (recordId ?? '').trim() }, fields: makeWeakFields({ name: name ?? null, birth: birth ?? null, address: address ?? null, email: email ?? null, phone: phone ?? null }) });
      });
    }
  }
  return out;
}

interface Lookup {
  /** Older person indexes in the graph, in order of node creation. */
  readonly persons: number[];
  /** Value ids (of the new records' builder) each older person carries. */
  readonly personValues: Map<number, number[]>;
  readonly valueBase: Map<number, number>;
}

/** Looks up every value of the new records in the index. */
function lookupValues(state: IdentityState, rsNew: RecordSet): Lookup {
  const persons: number[] = [];
  const personValues = new Map<number, number[]>();
  const valueBase = new Map<number, number>();
  for (let v = 0; v < rsNew.valueType.length; v++) {
    const h = rsNew.valueHash[v] as number;
    let base = 0;
    for (let k = lowerBound(state.keyHash, h); k < state.keyHash.length && state.keyHash[k] === h; k++) {
      if (state.keyType[k] !== rsNew.valueType[v]) continue;
      const p = state.keyPerson[k] as number;
      base += state.keyRecords[k] as number;
      let list = personValues.get(p);
      if (!list) {
        list = [];
        personValues.set(p, list);
        persons.push(p);
      }
      if (!list.includes(v)) list.push(v);
    }
    if (base > 0) valueBase.set(v, base);
  }
  return { persons, personValues, valueBase };
}

export async function runIncremental(env: RunEnv, settings: IdentitySettings): Promise<RunResult> {
  const { db, ctx } = env;
  const prev = lastRun(db);
  const state = loadState(db);
  const prevModel = prev?.model ? (JSON.parse(prev.model) as { params?: FsParams }).params : undefined;
  if (!prev || !state || !prev.counts) return runFull(env, settings, 'full');
  const prevCounts = JSON.parse(prev.counts) as StoredCounts;
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (name: string): void => {
    const t = Date.now();
    timings[name] = t - t0;
    t0 = t;
  };
  const startedAt = env.now();
  const runId = startRun(db, 'incremental', settings, ctx.seed, startedAt);
  const collector = new IssueCollector();
  const enabled = new Set(IDENTIFIER_TYPES.filter((d) => settings.rules[d.type].enabled).map((d) => d.type));

  // 1. New records only, in a builder of their own so their values can be looked up before the graph is built.
  const newBuilder = new RecordSetBuilder(TYPE_COUNT);
  const reader = new SourceReader(db, newBuilder, collector, { afterBatch: state.lastBatch, enabled }, ctx);
  await reader.readAll();
  const rsNew = newBuilder.build();
  lap('read');

  // 2. Older persons touched by their values, and older weak records in their blocks.
  const look = lookupValues(state, rsNew);
  const weakHits = new Map<string, Set<number>>();
  const weakPerson = new Map<string, number>();
  const exclusiveType = IDENTIFIER_TYPES.map((d) => d.exclusivity !== 'none');
  for (let i = 0; i < rsNew.n; i++) {
    const w = rsNew.weak[rsNew.weakIndex[i] as number];
    if (!w) continue;
    // A record with a customer number or ID document is never the weak side of a pair: no need for its blocks.
    let strong = false;
    for (let k = rsNew.idStart[i] as number; k < (rsNew.idStart[i + 1] as number) && !strong; k++) strong = exclusiveType[rsNew.occType[k] as number] === true;
    if (strong) continue;
    for (const key of weakBlockKeys(w)) {
      const h = hash53(key);
      const from = lowerBound(state.weakHash, h);
      let to = from;
      while (to < state.weakHash.length && state.weakHash[to] === h) to++;
      if (to - from > settings.maxBlockSize) continue;
      for (let k = from; k < to; k++) {
        const table = SOURCE_TABLES[state.weakTable[k] as number] ?? 'customers';
        const row = state.weakRow[k] as number;
        let set = weakHits.get(table);
        if (!set) weakHits.set(table, (set = new Set()));
        set.add(row);
        weakPerson.set(`${table}:${row}`, state.weakPerson[k] as number);
      }
    }
  }
  const weakRows = new Map<string, Map<number, { ref: RecordRef; fields: ReturnType<typeof makeWeakFields> }>>();
  for (const [table, rows] of weakHits) weakRows.set(table, fetchWeakRows(db, table, [...rows]));
  const inGraph = new Set<number>(look.persons);
  for (const p of weakPerson.values()) inGraph.add(p);
  // Exclusive identifiers of every older person in the graph, so conflicts are checked against them.
  const exclusive = exclusiveType;
  const extraExcl = new Map<number, { type: number; hash: number }[]>();
  for (let k = 0; k < state.keyHash.length; k++) {
    if (!exclusive[state.keyType[k] as number]) continue;
    const p = state.keyPerson[k] as number;
    if (!inGraph.has(p)) continue;
    let list = extraExcl.get(p);
    if (!list) extraExcl.set(p, (list = []));
    list.push({ type: state.keyType[k] as number, hash: state.keyHash[k] as number });
  }
  lap('lookup');

  // 3. The graph: new records, then one node per older person, then older weak records.
  const order = linkOrder(settings);
  const rankOf = new Uint8Array(TYPE_COUNT).fill(255);
  order.forEach((t, r) => (rankOf[t] = r));
  const b = new RecordSetBuilder(TYPE_COUNT);
  const valueMap = new Int32Array(rsNew.valueType.length);
  for (let v = 0; v < rsNew.valueType.length; v++) valueMap[v] = b.valueIdByHash(rsNew.valueType[v] as number, rsNew.valueHash[v] as number, rsNew.valueText[v] ?? null);
  for (let i = 0; i < rsNew.n; i++) {
    const ref = recordRef(rsNew, i);
    b.begin(ref.source, ref.recordId, rsNew.recChannel[i] as number, SOURCE_TABLES[rsNew.recTable[i] as number] ?? 'identities', rsNew.recRow[i] as number);
    for (let k = rsNew.idStart[i] as number; k < (rsNew.idStart[i + 1] as number); k++) b.addValue(rsNew.occType[k] as number, valueMap[rsNew.occValue[k] as number] as number);
    const w = rsNew.weak[rsNew.weakIndex[i] as number];
    if (w) b.setWeak(w);
  }
  const personNode = new Map<number, number>();
  for (const p of inGraph) {
    const node = b.begin(PERSON_SOURCE, state.persons[p] ?? `#${p}`, NO_CHANNEL, 'person', p);
    personNode.set(p, node);
    for (const v of look.personValues.get(p) ?? []) b.addValue(rsNew.valueType[v] as number, valueMap[v] as number);
    for (const x of extraExcl.get(p) ?? []) b.addValue(x.type, b.valueIdByHash(x.type, x.hash, null));
  }
  // Older weak records join their person's node by an accepted pair before any rule runs.
  const accepted: [number, number][] = [];
  for (const [table, rows] of weakRows) {
    for (const [row, info] of rows) {
      const p = weakPerson.get(`${table}:${row}`);
      const pn = p === undefined ? undefined : personNode.get(p);
      if (pn === undefined || !info.fields) continue;
      const node = b.begin(info.ref.source, info.ref.recordId, NO_CHANNEL, 'person', p as number);
      b.setWeak(info.fields);
      accepted.push([pn, node]);
    }
  }
  const rs = b.build();
  const minRank = new Uint8Array(rs.n).fill(255);
  for (let i = rsNew.n; i < rs.n; i++) {
    const p = rs.recRow[i] as number;
    const types = state.personTypes[p] as number;
    let best = 255;
    for (let t = 0; t < TYPE_COUNT; t++) if (types & (1 << t) && (rankOf[t] as number) < best) best = rankOf[t] as number;
    minRank[i] = best;
  }
  const valueBaseRecords = new Int32Array(rs.valueType.length);
  for (const [v, base] of look.valueBase) valueBaseRecords[valueMap[v] as number] = base;

  // Decisions whose records are in the graph: new records by key, older ones through their person node.
  const newIndex = new Map<string, number>();
  for (let i = 0; i < rsNew.n; i++) newIndex.set(`${recordRef(rsNew, i).source}\u001f${recordRef(rsNew, i).recordId}`, i);
  const personByOneId = new Map<string, number>();
  for (const [p, node] of personNode) personByOneId.set(state.persons[p] ?? '', node);
  const oneIdOf = db.prepare('SELECT one_id FROM identity_map WHERE source = ? AND record_id = ?');
  const decisions = (() => {
    try {
      return decisionPairs(db, (ref) => {
        const i = newIndex.get(`${ref.source}\u001f${ref.recordId}`);
        if (i !== undefined) return i;
        const row = oneIdOf.get([ref.source, ref.recordId]);
        return typeof row?.one_id === 'string' ? (personByOneId.get(row.one_id) ?? -1) : -1;
      });
    } finally {
      oneIdOf.free();
    }
  })();
  lap('graph');

  const out = await resolve(rs, settings, { accepted: [...accepted, ...decisions.accepted], forbidden: decisions.forbidden }, ctx, {
    minRank,
    valueBaseRecords,
    ...(prevModel ? { model: prevModel } : {}),
  });
  lap('resolve');

  // 4. Stable ids: new records keep an id they already had; older persons keep theirs; merges keep the oldest.
  const prior: (string | null)[] = new Array<string | null>(rs.n).fill(null);
  const priorStmt = db.prepare('SELECT one_id FROM identity_map WHERE source = ? AND record_id = ?');
  const priorRows = new Array<boolean>(rsNew.n).fill(false);
  try {
    for (let i = 0; i < rsNew.n; i++) {
      const ref = recordRef(rsNew, i);
      const r = priorStmt.get([ref.source, ref.recordId]);
      if (typeof r?.one_id === 'string') {
        prior[i] = r.one_id;
        priorRows[i] = true;
      }
    }
  } finally {
    priorStmt.free();
  }
  for (let i = rsNew.n; i < rs.n; i++) prior[i] = state.persons[rs.recRow[i] as number] ?? null;
  const ids = assignStableIds(out.labels, out.comps, prior, oneIdSeq(db));
  lap('stableIds');

  // 5. Writes: new records' rows, older persons' rows renamed by merges, history, links, reviews, issues.
  const inserts: MapRow[] = [];
  const updates: MapRow[] = [];
  const methodCounts = new Map<string, number>(prevCounts.linksByMethod.map((m) => [m.method, m.links]));
  for (let i = 0; i < rsNew.n; i++) {
    const ref = recordRef(rsNew, i);
    const oneId = ids.compId[out.labels[i] as number] as string;
    const code = out.method[i] as number;
    const method = code < TYPE_COUNT ? (IDENTIFIER_TYPES[code]?.type ?? 'single') : code === 200 ? 'probabilistic' : code === 201 ? 'review' : ref.source === 'customer' ? 'source_key' : 'single';
    methodCounts.set(method, (methodCounts.get(method) ?? 0) + 1);
    const w = out.weight[i] as number;
    const row: MapRow = { ...ref, oneId, method, weight: Number.isNaN(w) ? null : Math.round(w * 1000) / 1000, rowRef: rs.recRow[i] as number };
    (priorRows[i] ? updates : inserts).push(row);
  }
  const at = env.now();
  writeMap(db, inserts, updates, [], runId);
  db.withStatement('UPDATE identity_map SET one_id = ?, run_id = ? WHERE one_id = ?', (st) => {
    for (const h of ids.history) if (h.event === 'merge') st.run([h.oneId, runId, h.otherId]);
  });
  lap('writeMap');
  setOneIdSeq(db, ids.nextSeq);
  writeHistory(db, runId, at, ids.history);
  // Person nodes are not records: pairs naming one are shown with a record of that person.
  const representative = (i: number): RecordRef => {
    if (i < rsNew.n || rs.recTable[i] !== PERSON_TABLE || rs.sources[rs.recSource[i] as number] !== PERSON_SOURCE) return recordRef(rs, i);
    const id = ids.compId[out.labels[i] as number] as string;
    const r = db.get<{ source: string; record_id: string }>('SELECT source, record_id FROM identity_map WHERE one_id = ? LIMIT 1', [id]);
    return r ? { source: r.source, recordId: r.record_id } : recordRef(rs, i);
  };
  const links = linkRows(rs, out, decisions).filter((l) => l.a.source !== PERSON_SOURCE && l.b.source !== PERSON_SOURCE);
  writeLinks(db, runId, links, false);
  const reviews = reviewRows(rs, out, settings).map((r) => ({ ...r, a: r.a.source === PERSON_SOURCE ? representativeOf(r.a) : r.a, b: r.b.source === PERSON_SOURCE ? representativeOf(r.b) : r.b }));
  function representativeOf(ref: RecordRef): RecordRef {
    for (let i = rsNew.n; i < rs.n; i++) if (rs.recKey[i] === ref.recordId) return representative(i);
    return ref;
  }
  writeReviews(db, runId, at, reviews, false);
  const issues: IssueRecord[] = [...collector.rows, ...incrementalIssues(rs, out.det.issues, representative)];
  writeIssues(db, runId, issues, false);
  saveState(db, runId, updateState(state, rsNew, rs, out.labels, out.comps, ids.compId, reader.stats.maxBatch));
  lap('write');

  const bySource = prevCounts.bySource.map((s) => ({ ...s }));
  for (let i = 0; i < rsNew.n; i++) {
    if (priorRows[i]) continue;
    const src = recordRef(rsNew, i).source;
    const cur = bySource.find((s) => s.source === src);
    if (cur) (cur as { records: number }).records++;
    else bySource.push({ source: src, channel: null, records: 1, persons: 1, linkedShare: 0 });
  }
  const prevHistory = prevCounts.history;
  const h = historyCounts(ids.history, ids.newIds);
  const newRecords = inserts.length;
  // Persons now: the older ones, plus components without an older person, minus older persons merged away.
  const olderIn = new Map<number, Set<number>>();
  for (let i = rsNew.n; i < rs.n; i++) {
    const c = out.labels[i] as number;
    const set = olderIn.get(c) ?? new Set<number>();
    set.add(rs.recRow[i] as number);
    olderIn.set(c, set);
  }
  let persons = prev.persons;
  for (let c = 0; c < out.comps; c++) persons += olderIn.has(c) ? 1 - (olderIn.get(c)?.size ?? 1) : 1;
  const counts: StoredCounts = {
    timings,
    bySource,
    linksByMethod: [...methodCounts.entries()].map(([method, links]) => ({ method, links })).sort((x, y) => y.links - x.links),
    issues: issueCounts(issues),
    history: { newIds: prevHistory.newIds + h.newIds, merges: prevHistory.merges + h.merges, splits: prevHistory.splits + h.splits },
    lastBatch: reader.stats.maxBatch,
    model: modelSummary(out) ?? prevCounts.model,
  };
  finishRun(db, runId, 'done', env.now(), prev.records + newRecords, persons, counts, prevModel ? { params: prevModel } : out.params ? { params: out.params } : null);
  const summary = readSummary(db);
  if (!summary) throw new BugIndicatingError('identity run summary missing after finishing the run');
  return { summary, issues };
}

function incrementalIssues(rs: RecordSet, found: readonly LinkIssue[], representative: (i: number) => RecordRef): IssueRecord[] {
  return found.map((f) => {
    const type = f.type >= 0 ? (IDENTIFIER_TYPES[f.type]?.type ?? null) : null;
    const text = f.value >= 0 ? rs.valueText[f.value] : null;
    const a = f.a >= 0 ? representative(f.a) : null;
    const b = f.b >= 0 ? representative(f.b) : null;
    return {
      kind: f.kind,
      idType: type,
      code: f.detail,
      source: a?.source ?? null,
      recordId: a?.recordId ?? null,
      valueMasked: text ? maskIdentifier(type, text) : null,
      records: f.records,
      persons: f.persons,
      detail: b ? { otherSource: b.source, otherRecordId: b.recordId } : {},
    };
  });
}

/**
 * The index after an incremental run: older persons merged into the kept one (entries remapped), new persons
 * appended, entries of the new records added, everything re-sorted by hash.
 */
function updateState(state: IdentityState, rsNew: RecordSet, rs: RecordSet, labels: Int32Array, comps: number, compId: readonly string[], lastBatch: number): IdentityState {
  const persons = [...state.persons];
  // Person index of every component: the older person whose id the component kept, else a new one.
  const compPerson = new Int32Array(comps).fill(-1);
  const byId = new Map<string, number>();
  for (let i = rsNew.n; i < rs.n; i++) {
    const p = rs.recRow[i] as number;
    byId.set(state.persons[p] ?? '', p);
  }
  for (let c = 0; c < comps; c++) {
    const p = byId.get(compId[c] as string);
    if (p !== undefined) compPerson[c] = p;
    else {
      compPerson[c] = persons.length;
      persons.push(compId[c] as string);
    }
  }
  const remap = new Int32Array(state.persons.length);
  for (let p = 0; p < remap.length; p++) remap[p] = p;
  for (let i = rsNew.n; i < rs.n; i++) remap[rs.recRow[i] as number] = compPerson[labels[i] as number] as number;
  const np = persons.length;
  const personTypes = new Uint16Array(np);
  personTypes.set(state.personTypes);
  const personRecords = new Int32Array(np);
  personRecords.set(state.personRecords);
  const personChannels = new Uint16Array(np);
  personChannels.set(state.personChannels);
  for (let p = 0; p < state.persons.length; p++) {
    const to = remap[p] as number;
    if (to === p) continue;
    personTypes[to] = (personTypes[to] as number) | (personTypes[p] as number);
    personRecords[to] = (personRecords[to] as number) + (personRecords[p] as number);
    personChannels[to] = (personChannels[to] as number) | (personChannels[p] as number);
    personTypes[p] = 0;
    personRecords[p] = 0;
    personChannels[p] = 0;
  }
  for (let i = 0; i < rsNew.n; i++) {
    const p = compPerson[labels[i] as number] as number;
    personRecords[p] = (personRecords[p] as number) + 1;
    const c = rsNew.recChannel[i] as number;
    if (c !== NO_CHANNEL) personChannels[p] = (personChannels[p] as number) | (1 << c);
    for (let k = rsNew.idStart[i] as number; k < (rsNew.idStart[i + 1] as number); k++) personTypes[p] = (personTypes[p] as number) | (1 << (rsNew.occType[k] as number));
  }
  // New identifier entries: (value, person) of new records with counts.
  const { start, records } = recordsByValue(rsNew);
  const h: number[] = [];
  const t: number[] = [];
  const pe: number[] = [];
  const ce: number[] = [];
  const counts = new Map<number, number>();
  for (let v = 0; v < rsNew.valueType.length; v++) {
    counts.clear();
    for (let k = start[v] as number; k < (start[v + 1] as number); k++) {
      const p = compPerson[labels[records[k] as number] as number] as number;
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const [p, c] of counts) {
      h.push(rsNew.valueHash[v] as number);
      t.push(rsNew.valueType[v] as number);
      pe.push(p);
      ce.push(c);
    }
  }
  const n0 = state.keyHash.length;
  const keyHashAll = new Float64Array(n0 + h.length);
  keyHashAll.set(state.keyHash);
  keyHashAll.set(h, n0);
  const order = sortOrder(keyHashAll);
  const keyHash = new Float64Array(order.length);
  const keyType = new Uint8Array(order.length);
  const keyPerson = new Int32Array(order.length);
  const keyRecords = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const o = order[k] as number;
    keyHash[k] = keyHashAll[o] as number;
    if (o < n0) {
      keyType[k] = state.keyType[o] as number;
      keyPerson[k] = remap[state.keyPerson[o] as number] as number;
      keyRecords[k] = state.keyRecords[o] as number;
    } else {
      keyType[k] = t[o - n0] as number;
      keyPerson[k] = pe[o - n0] as number;
      keyRecords[k] = ce[o - n0] as number;
    }
  }
  // Weak entries of new records.
  const wh: number[] = [];
  const wp: number[] = [];
  const wt: number[] = [];
  const wr: number[] = [];
  const exclusiveType = IDENTIFIER_TYPES.map((d) => d.exclusivity !== 'none');
  for (let i = 0; i < rsNew.n; i++) {
    const w = rsNew.weak[rsNew.weakIndex[i] as number];
    if (!w) continue;
    // A record with a customer number or ID document is never the weak side of a pair: no need for its blocks.
    let strong = false;
    for (let k = rsNew.idStart[i] as number; k < (rsNew.idStart[i + 1] as number) && !strong; k++) strong = exclusiveType[rsNew.occType[k] as number] === true;
    if (strong) continue;
    for (const key of weakBlockKeys(w)) {
      wh.push(hash53(key));
      wp.push(compPerson[labels[i] as number] as number);
      wt.push(rsNew.recTable[i] as number);
      wr.push(rsNew.recRow[i] as number);
    }
  }
  const m0 = state.weakHash.length;
  const weakAll = new Float64Array(m0 + wh.length);
  weakAll.set(state.weakHash);
  weakAll.set(wh, m0);
  const wOrder = sortOrder(weakAll);
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(make: (n: number) => T, old: (o: number) => number, add: (o: number) => number): T => {
    const out = make(wOrder.length);
    for (let k = 0; k < wOrder.length; k++) {
      const o = wOrder[k] as number;
      out[k] = o < m0 ? old(o) : add(o - m0);
    }
    return out;
  };
  return {
    persons,
    personTypes,
    personRecords,
    personChannels,
    keyHash,
    keyType,
    keyPerson,
    keyRecords,
    weakHash: pick((n) => new Float64Array(n), (o) => state.weakHash[o] as number, (o) => wh[o] as number),
    weakPerson: pick((n) => new Int32Array(n), (o) => remap[state.weakPerson[o] as number] as number, (o) => wp[o] as number),
    weakTable: pick((n) => new Uint8Array(n), (o) => state.weakTable[o] as number, (o) => wt[o] as number),
    weakRow: pick((n) => new Float64Array(n), (o) => state.weakRow[o] as number, (o) => wr[o] as number),
    lastBatch,
  };
}
