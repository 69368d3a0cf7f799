/**
 * What the identity UI and CLI read: a person's graph, search by any identifier, the review queue and its
 * decisions, the issue list, and batch review as CSV.
 */
import Papa from 'papaparse';
import { ExpectedError } from '#shared/api/errors.ts';
import type {
  FieldEvidence,
  IdentifierType,
  IdentitySettings,
  IssueKind,
  IssuePage,
  PersonEdge,
  PersonGraph,
  PersonRecord,
  ReviewApplyResult,
  ReviewDecision,
  ReviewItem,
  ReviewPage,
  ReviewSide,
  ReviewStatus,
  SearchHit,
} from '#shared/api/identityTypes.ts';
import type { CellValue } from '#shared/api/engineApi.ts';
import type { Db } from '#shared/db/database.ts';
import { channelOfLabel } from './channels.ts';
import { hash53 } from './hash53.ts';
import { IDENTIFIER_TYPES, isIdentifierType, linkOrder, typeCode } from './identifierTypes.ts';
import { lowerBound, type IdentityState } from './identityState.ts';
import { orderPair, type RecordRef } from './identityStore.ts';
import { normalizeIdentifier } from './normalizeIdentifiers.ts';
import { recordFields } from './recordView.ts';
import { UnionFind } from './unionFind.ts';

const MAX_PERSON_RECORDS = 500;
const MAX_ALIAS_HOPS = 20;

/** The current ONE_ID of `id`, following alias history from older ids; null when unknown. */
export function currentOneId(db: Db, id: string): string | null {
  let cur = id;
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    if (db.value('SELECT 1 FROM identity_map WHERE one_id = ? LIMIT 1', [cur]) !== undefined) return cur;
    const next = db.value("SELECT other_id FROM identity_history WHERE one_id = ? AND event = 'alias' ORDER BY history_id DESC LIMIT 1", [cur]);
    if (typeof next !== 'string') return null;
    cur = next;
  }
  return null;
}

function channelOfSource(source: string): PersonRecord['channel'] {
  if (source === 'customer') return 'core';
  if (source === 'touch') return null;
  if (source === 'note') return 'call_centre';
  return channelOfLabel(source);
}

/** A person's records, identifiers and the edges that joined them. */
export function personGraph(db: Db, oneIdArg: string, settings: IdentitySettings, unmasked: boolean): PersonGraph {
  const oneId = currentOneId(db, oneIdArg);
  if (oneId === null) throw new ExpectedError('NOT_FOUND', `No person with ONE_ID ${oneIdArg}.`, { oneId: oneIdArg });
  const rows = db.all<{ source: string; record_id: string; method: string; weight: number | null; row_ref: number | null }>(
    'SELECT source, record_id, method, weight, row_ref FROM identity_map WHERE one_id = ? ORDER BY source, record_id LIMIT ?',
    [oneId, MAX_PERSON_RECORDS],
  );
  const records: PersonRecord[] = [];
  const raws: { type: IdentifierType; value: string }[][] = [];
  for (const r of rows) {
    const f = recordFields(db, r.source, r.record_id, r.row_ref, unmasked);
    const channel = r.source === 'event' && f?.fields.channel ? (channelOfLabel(f.fields.channel) ?? null) : channelOfSource(r.source);
    records.push({ source: r.source, recordId: r.record_id, channel, method: r.method, weight: r.weight, identifiers: f?.identifiers ?? [], fields: f?.fields ?? {} });
    raws.push(f?.raw ?? []);
  }
  const edges = personEdges(db, rows, raws, settings);
  const aliases = db.all<{ other_id: string }>("SELECT DISTINCT other_id FROM identity_history WHERE one_id = ? AND event = 'merge'", [oneId]).map((r) => r.other_id);
  const history = db
    .all<{ event: string; other_id: string | null; run_id: number; at: string }>('SELECT event, other_id, run_id, at FROM identity_history WHERE one_id = ? OR other_id = ? ORDER BY history_id', [oneId, oneId])
    .map((h) => ({ event: h.event, otherId: h.other_id, runId: h.run_id, at: h.at }));
  return { oneId, aliases, records, edges, history, masked: !unmasked };
}

/**
 * Edges of a person: weighted links and decisions from identity_link, then, type by type in link order, the
 * first shared identifier value that joined two still-separate parts (a spanning forest: the edge that made each
 * merge, recomputed rather than stored).
 */
function personEdges(db: Db, rows: readonly { source: string; record_id: string }[], raws: readonly { type: IdentifierType; value: string }[][], settings: IdentitySettings): PersonEdge[] {
  const index = new Map<string, number>(rows.map((r, i) => [`${r.source}\u001f${r.record_id}`, i]));
  const uf = new UnionFind(rows.length);
  const edges: PersonEdge[] = [];
  for (const t of linkOrder(settings)) {
    const type = IDENTIFIER_TYPES[t]?.type;
    const firstWith = new Map<string, number>();
    raws.forEach((list, i) => {
      for (const x of list) {
        if (x.type !== type) continue;
        const first = firstWith.get(x.value);
        if (first === undefined) firstWith.set(x.value, i);
        else if (uf.union(first, i) >= 0) edges.push({ a: first, b: i, method: 'deterministic', idType: type, weight: null, evidence: {} });
      }
    });
  }
  const oneId = rows.length > 0 ? db.value('SELECT one_id FROM identity_map WHERE source = ? AND record_id = ?', [rows[0]?.source ?? '', rows[0]?.record_id ?? '']) : null;
  const links =
    typeof oneId === 'string'
      ? db.all<{ source_a: string; record_a: string; source_b: string; record_b: string; method: string; weight: number | null; evidence: string }>(
          `SELECT l.source_a, l.record_a, l.source_b, l.record_b, l.method, l.weight, l.evidence FROM identity_link l
           JOIN identity_map m ON m.source = l.source_a AND m.record_id = l.record_a WHERE m.one_id = ?`,
          [oneId],
        )
      : [];
  for (const l of links) {
    const a = index.get(`${l.source_a}\u001f${l.record_a}`);
    const b = index.get(`${l.source_b}\u001f${l.record_b}`);
    if (a === undefined || b === undefined) continue;
    uf.union(a, b);
    edges.push({ a, b, method: l.method, idType: null, weight: l.weight, evidence: { fields: JSON.parse(l.evidence) as unknown } });
  }
  return edges;
}

/** Search by ONE_ID (current or older), record id, or any identifier (normalised as at import). */
export function searchIdentity(db: Db, query: string, state: IdentityState | null, limit = 50): SearchHit[] {
  const q = query.trim();
  if (!q) return [];
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const push = (h: SearchHit): void => {
    const key = `${h.oneId}\u001f${h.matchedType}\u001f${h.source ?? ''}\u001f${h.recordId ?? ''}`;
    if (seen.has(key) || hits.length >= limit) return;
    seen.add(key);
    hits.push(h);
  };
  if (/^P\d{9,}$/i.test(q)) {
    const cur = currentOneId(db, q.toUpperCase());
    if (cur) push({ oneId: cur, matchedType: cur === q.toUpperCase() ? 'one_id' : 'alias', source: null, recordId: null });
  }
  if (state) {
    for (const d of IDENTIFIER_TYPES) {
      const n = normalizeIdentifier(d.type, q);
      if (!n || !n.ok) continue;
      const h = hash53(n.value, typeCode(n.type) + 1);
      for (let k = lowerBound(state.keyHash, h); k < state.keyHash.length && state.keyHash[k] === h; k++) {
        const person = state.persons[state.keyPerson[k] as number];
        if (!person) continue;
        const cur = currentOneId(db, person);
        if (cur) push({ oneId: cur, matchedType: n.type, source: null, recordId: null });
      }
    }
  }
  for (const r of db.all<{ one_id: string; source: string; record_id: string }>('SELECT one_id, source, record_id FROM identity_map WHERE record_id = ? LIMIT ?', [q, limit])) {
    push({ oneId: r.one_id, matchedType: 'record', source: r.source, recordId: r.record_id });
  }
  return hits;
}

function side(db: Db, source: string, recordId: string, unmasked: boolean): ReviewSide {
  const m = db.get<{ one_id: string; row_ref: number | null }>('SELECT one_id, row_ref FROM identity_map WHERE source = ? AND record_id = ?', [source, recordId]);
  const f = recordFields(db, source, recordId, m?.row_ref ?? null, unmasked);
  return { source, recordId, oneId: m?.one_id ?? null, identifiers: f?.identifiers ?? [], fields: f?.fields ?? {} };
}

type ReviewDbRow = {
  review_id: number;
  source_a: string;
  record_a: string;
  source_b: string;
  record_b: string;
  kind: string;
  id_type: string | null;
  weight: number | null;
  evidence: string;
  status: string;
};

function toItem(db: Db, r: ReviewDbRow, unmasked: boolean): ReviewItem {
  const ev = JSON.parse(r.evidence) as unknown;
  const evidence: FieldEvidence[] = Array.isArray(ev) ? (ev as FieldEvidence[]) : [];
  const detail: Record<string, CellValue> = {};
  if (!Array.isArray(ev) && ev && typeof ev === 'object') {
    for (const [k, v] of Object.entries(ev as Record<string, unknown>)) detail[k] = typeof v === 'number' || typeof v === 'string' ? v : v === null ? null : JSON.stringify(v);
  }
  return {
    reviewId: r.review_id,
    kind: r.kind === 'over_cap' ? 'over_cap' : 'probabilistic',
    idType: isIdentifierType(r.id_type) ? r.id_type : null,
    weight: r.weight,
    status: r.status as ReviewStatus,
    a: side(db, r.source_a, r.record_a, unmasked),
    b: side(db, r.source_b, r.record_b, unmasked),
    evidence,
    detail,
  };
}

/** A page of the review queue, strongest pairs first. */
export function reviewList(db: Db, status: ReviewStatus, offset: number, limit: number, unmasked: boolean): ReviewPage {
  const lim = Math.max(0, Math.min(limit, 500));
  const rows = db.all<ReviewDbRow>(
    'SELECT review_id, source_a, record_a, source_b, record_b, kind, id_type, weight, evidence, status FROM identity_review WHERE status = ? ORDER BY weight DESC, review_id LIMIT ? OFFSET ?',
    [status, lim, Math.max(0, offset)],
  );
  const total = Number(db.value('SELECT count(*) FROM identity_review WHERE status = ?', [status]) ?? 0);
  return { total, offset: Math.max(0, offset), items: rows.map((r) => toItem(db, r, unmasked)), masked: !unmasked };
}

/**
 * Records an analyst decision on a pair (by review id or by the two records). It wins over every later run:
 * `accept` links the pair, `reject` and `split` keep the two records apart. Takes effect at the next run.
 */
export function decide(db: Db, at: string, args: { reviewId?: number; a?: RecordRef; b?: RecordRef; decision: ReviewDecision; note?: string }): { reviewId: number | null } {
  let a = args.a;
  let b = args.b;
  let reviewId: number | null = args.reviewId ?? null;
  if (reviewId !== null) {
    const r = db.get<{ source_a: string; record_a: string; source_b: string; record_b: string }>('SELECT source_a, record_a, source_b, record_b FROM identity_review WHERE review_id = ?', [reviewId]);
    if (!r) throw new ExpectedError('NOT_FOUND', `No review item ${reviewId}.`, { reviewId });
    a = { source: r.source_a, recordId: r.record_a };
    b = { source: r.source_b, recordId: r.record_b };
  }
  if (!a || !b) throw new ExpectedError('BAD_ARGUMENT', 'Give a review id or both records of the pair.', {});
  if (a.source === b.source && a.recordId === b.recordId) throw new ExpectedError('BAD_ARGUMENT', 'A record cannot be paired with itself.', {});
  for (const ref of [a, b]) {
    if (db.value('SELECT 1 FROM identity_map WHERE source = ? AND record_id = ?', [ref.source, ref.recordId]) === undefined) {
      throw new ExpectedError('NOT_FOUND', `No record ${ref.source}/${ref.recordId} in identity_map.`, { source: ref.source, recordId: ref.recordId });
    }
  }
  if (!['accept', 'reject', 'split'].includes(args.decision)) throw new ExpectedError('BAD_ARGUMENT', `Unknown decision ${String(args.decision)}.`, { decision: String(args.decision) });
  const [x, y] = orderPair(a, b);
  db.run(
    `INSERT INTO identity_decision (source_a, record_a, source_b, record_b, decision, note, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_a, record_a, source_b, record_b) DO UPDATE SET decision = excluded.decision, note = excluded.note, decided_at = excluded.decided_at`,
    [x.source, x.recordId, y.source, y.recordId, args.decision, args.note ?? null, at],
  );
  const status = args.decision === 'accept' ? 'accepted' : 'rejected';
  db.run('UPDATE identity_review SET status = ?, decided_at = ? WHERE source_a = ? AND record_a = ? AND source_b = ? AND record_b = ?', [status, at, x.source, x.recordId, y.source, y.recordId]);
  if (reviewId === null) {
    const v = db.value('SELECT review_id FROM identity_review WHERE source_a = ? AND record_a = ? AND source_b = ? AND record_b = ?', [x.source, x.recordId, y.source, y.recordId]);
    reviewId = typeof v === 'number' ? v : null;
  }
  return { reviewId };
}

export function issuePage(db: Db, kind: IssueKind | undefined, offset: number, limit: number): IssuePage {
  const run = db.value("SELECT max(run_id) FROM identity_run WHERE status = 'done'");
  const runId = typeof run === 'number' ? run : null;
  const where = kind ? 'WHERE kind = ?' : '';
  const params = kind ? [kind] : [];
  const rows = db.all<{ kind: string; id_type: string | null; code: string | null; source: string | null; record_id: string | null; value_masked: string | null; records: number; persons: number | null }>(
    `SELECT kind, id_type, code, source, record_id, value_masked, records, persons FROM identity_issue ${where} ORDER BY records DESC, issue_id LIMIT ? OFFSET ?`,
    [...params, Math.max(0, Math.min(limit, 5000)), Math.max(0, offset)],
  );
  const total = Number(db.value(`SELECT count(*) FROM identity_issue ${where}`, params) ?? 0);
  return {
    runId,
    total,
    rows: rows.map((r) => ({
      kind: r.kind as IssueKind,
      idType: isIdentifierType(r.id_type) ? r.id_type : null,
      code: r.code,
      source: r.source,
      recordId: r.record_id,
      value: r.value_masked,
      records: r.records,
      persons: r.persons,
    })),
  };
}

const EXPORT_COLUMNS = [
  'review_id', 'kind', 'id_type', 'weight', 'source_a', 'record_a', 'one_id_a', 'name_a', 'birth_a', 'source_b', 'record_b', 'one_id_b', 'name_b', 'birth_b', 'evidence', 'decision', 'note',
];

/** The pending queue as CSV (UTF-8 with BOM, masked) for deciding in a spreadsheet; fill `decision` and apply. */
export function exportReview(db: Db): Uint8Array {
  const lines: string[][] = [EXPORT_COLUMNS];
  const total = Number(db.value("SELECT count(*) FROM identity_review WHERE status = 'pending'") ?? 0);
  for (let off = 0; off < total; off += 500) {
    for (const it of reviewList(db, 'pending', off, 500, false).items) {
      const ev = it.evidence.length > 0 ? it.evidence.map((e) => `${e.field}=${e.level}(${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)})`).join('; ') : Object.entries(it.detail).map(([k, v]) => `${k}=${String(v)}`).join('; ');
      lines.push([
        String(it.reviewId), it.kind, it.idType ?? '', it.weight === null ? '' : it.weight.toFixed(2), it.a.source, it.a.recordId, it.a.oneId ?? '', it.a.fields.name ?? '', it.a.fields.birth_date ?? '',
        it.b.source, it.b.recordId, it.b.oneId ?? '', it.b.fields.name ?? '', it.b.fields.birth_date ?? '', ev, '', '',
      ]);
    }
  }
  return new TextEncoder().encode(`\ufeff${Papa.unparse(lines, { newline: '\r\n' })}\r\n`);
}

const DECISION_WORDS: Readonly<Record<string, ReviewDecision>> = {
  accept: 'accept', accepted: 'accept', yes: 'accept', y: 'accept', 接受: 'accept', 同意: 'accept', 合并: 'accept', 是: 'accept',
  reject: 'reject', rejected: 'reject', no: 'reject', n: 'reject', 拒绝: 'reject', 否: 'reject', 不合并: 'reject',
  split: 'split', 拆分: 'split',
};

/** Applies a filled-in review CSV: one decision per row with a `review_id`; blank decisions are skipped. */
export function applyReview(db: Db, at: string, bytes: Uint8Array): ReviewApplyResult {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('review_id') || !fields.includes('decision')) {
    throw new ExpectedError('BAD_ARGUMENT', 'The review file needs the columns review_id and decision.', { columns: fields.join(',') });
  }
  let applied = 0;
  let unchanged = 0;
  const errors: { line: number; message: string }[] = [];
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const word = (row.decision ?? '').trim().toLowerCase();
    if (!word) {
      unchanged++;
      return;
    }
    const decision = DECISION_WORDS[word];
    const id = Number((row.review_id ?? '').trim());
    if (!decision) errors.push({ line, message: `unknown decision "${row.decision ?? ''}" (accept, reject or split)` });
    else if (!Number.isInteger(id)) errors.push({ line, message: `review_id "${row.review_id ?? ''}" is not a number` });
    else {
      try {
        const note = (row.note ?? '').trim();
        decide(db, at, { reviewId: id, decision, ...(note ? { note } : {}) });
        applied++;
      } catch (e) {
        errors.push({ line, message: e instanceof Error ? e.message : String(e) });
      }
    }
  });
  return { applied, unchanged, errors };
}
