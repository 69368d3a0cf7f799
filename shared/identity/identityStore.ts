/**
 * Reading and writing the identity tables (schema migration 2): settings, runs, the ONE_ID map, links, the
 * review queue, decisions, history, issues and the incremental index.
 */
import type { IdentitySettings, IdentitySettingsPatch, ReviewDecision } from '#shared/api/identityTypes.ts';
import type { Db, SqlValue } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { getMeta, setMeta } from '#shared/workspace/workspaceService.ts';
import { DEFAULT_SETTINGS, mergeSettings } from './identifierTypes.ts';
import type { IssueRecord } from './identityIssues.ts';
import { decodeState, encodeState, type IdentityState } from './identityState.ts';
import type { HistoryEvent } from './stableIds.ts';
import { scanRows } from '#shared/db/rowScan.ts';

const SETTINGS_KEY = 'identity_settings';

export function loadSettings(db: Db): IdentitySettings {
  const raw = getMeta(db, SETTINGS_KEY);
  if (!raw) return DEFAULT_SETTINGS;
  try {
    return mergeSettings(DEFAULT_SETTINGS, JSON.parse(raw) as IdentitySettingsPatch);
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(db: Db, s: IdentitySettings): void {
  setMeta(db, SETTINGS_KEY, JSON.stringify(s));
}

export function oneIdSeq(db: Db): number {
  return Number(getMeta(db, 'one_id_seq') ?? '0');
}

export function setOneIdSeq(db: Db, seq: number): void {
  setMeta(db, 'one_id_seq', String(seq));
}

/** A record reference as stored: source and record id. */
export interface RecordRef {
  readonly source: string;
  readonly recordId: string;
}

/** Orders a pair so (a, b) and (b, a) are stored once. */
export function orderPair(a: RecordRef, b: RecordRef): [RecordRef, RecordRef] {
  if (a.source < b.source || (a.source === b.source && a.recordId <= b.recordId)) return [a, b];
  return [b, a];
}

/**
 * The map as a run found it, by record index, in columns (no object per row: a full run holds millions).
 * Numbers are NaN where the row had NULL; `oneId` is null for records without a row.
 */
export class PriorMap {
  readonly oneId: (string | null)[];
  readonly method: string[];
  readonly weight: Float64Array;
  readonly rowRef: Float64Array;
  readonly runId: Float64Array;

  constructor(n: number) {
    this.oneId = new Array<string | null>(n).fill(null);
    this.method = new Array<string>(n).fill('');
    this.weight = new Float64Array(n).fill(Number.NaN);
    this.rowRef = new Float64Array(n).fill(Number.NaN);
    this.runId = new Float64Array(n).fill(Number.NaN);
  }

  /** True when record `i` had a row and the row holds exactly `row`. */
  same(i: number, row: MapRow): boolean {
    const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);
    return this.oneId[i] === row.oneId && this.method[i] === row.method && nullable(this.weight[i] as number) === row.weight && nullable(this.rowRef[i] as number) === row.rowRef;
  }
}

/**
 * Streams identity_map into a {@link PriorMap} of the run's records (`find` gives a row's record index, or −1);
 * rows of no record are returned as stale (their record no longer exists).
 */
export async function readMap(db: Db, ctx: JobContext, n: number, find: (source: string, recordId: string) => number): Promise<{ prior: PriorMap; stale: RecordRef[] }> {
  const prior = new PriorMap(n);
  const stale: RecordRef[] = [];
  const methods = new Map<string, string>();
  await scanRows(
    db,
    ctx,
    'identity.read.map',
    'identity_map',
    ['rowid', 'source', 'record_id', 'one_id', 'method', 'weight', 'row_ref', 'run_id'],
    '1',
    [],
    (f) => {
      const source = f[1] ?? '';
      const recordId = f[2] ?? '';
      const i = find(source, recordId);
      if (i < 0) {
        stale.push({ source, recordId });
        return;
      }
      const m = f[4] ?? '';
      let method = methods.get(m);
      if (method === undefined) {
        method = m;
        methods.set(m, m);
      }
      const w = f[5] ?? '';
      const r = f[6] ?? '';
      const run = f[7] ?? '';
      prior.oneId[i] = f[3] ?? '';
      prior.method[i] = method;
      if (w !== '') prior.weight[i] = Number(w);
      if (r !== '') prior.rowRef[i] = Number(r);
      if (run !== '') prior.runId[i] = Number(run);
    },
    'rowid',
  );
  return { prior, stale };
}

export interface MapRow {
  readonly source: string;
  readonly recordId: string;
  readonly oneId: string;
  readonly method: string;
  readonly weight: number | null;
  readonly rowRef: number | null;
}

/** Above this many changed rows (and a fifth of the table) the indexes are dropped and rebuilt around the writes. */
const BULK_ROWS = 50_000;

/** Inserts rows into `table` through the bulk writer (multi-row statements, values bound without copies). */
function insertRows(db: Db, table: string, each: (emit: (row: MapRow, rowRunId: number | null) => void) => void): void {
  const bulk = db.prepareBulkInsert(
    (n) => `INSERT INTO ${table} (source, record_id, one_id, method, weight, run_id, row_ref) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    7,
  );
  const values: SqlValue[] = new Array<SqlValue>(7);
  try {
    each((r, rowRunId) => {
      values[0] = r.source;
      values[1] = r.recordId;
      values[2] = r.oneId;
      values[3] = r.method;
      values[4] = r.weight;
      values[5] = rowRunId;
      values[6] = r.rowRef;
      bulk.add(values);
    });
    bulk.flush();
  } finally {
    bulk.free();
  }
}

const allOf =
  (rows: readonly MapRow[], runId: number) =>
  (emit: (row: MapRow, rowRunId: number | null) => void): void => {
    for (const r of rows) emit(r, runId);
  };

/**
 * True when a full run changing `changed` rows should rewrite the whole map ({@link rewriteMap}) rather than
 * apply its changes: above 50,000 rows and a fifth of the table, an UPDATE joined to a temporary table of the
 * changes costs several times more in sql.js than writing every row again.
 */
export function mapNeedsRewrite(db: Db, changed: number): boolean {
  return changed > BULK_ROWS && changed > Number(db.value('SELECT count(*) FROM identity_map') ?? 0) / 5;
}

/** Replaces every row of the map by the rows `each` emits, each with the run that last changed it. */
export function rewriteMap(db: Db, each: (emit: (row: MapRow, rowRunId: number | null) => void) => void): void {
  dropMapIndexes(db);
  db.exec('DELETE FROM identity_map');
  insertRows(db, 'identity_map', each);
  createMapIndexes(db);
}

function dropMapIndexes(db: Db): void {
  db.exec('DROP INDEX IF EXISTS identity_map_key');
  db.exec('DROP INDEX IF EXISTS identity_map_one_id');
  // Index builds sort every row: with the default 2 MB page cache the sort spills to temporary files.
  db.exec('PRAGMA cache_size = -262144');
}

function createMapIndexes(db: Db): void {
  db.exec('CREATE UNIQUE INDEX identity_map_key ON identity_map(source, record_id)');
  db.exec('CREATE INDEX identity_map_one_id ON identity_map(one_id)');
  db.exec('PRAGMA cache_size = -2000');
}

/**
 * Applies the map changes of a run: new rows, changed rows (upserted), stale rows (deleted). Large change sets
 * drop both indexes, load, and rebuild them, which sql.js does several times faster than indexed inserts.
 */
export function writeMap(db: Db, inserts: readonly MapRow[], updates: readonly MapRow[], stale: readonly RecordRef[], runId: number): void {
  const tableRows = Number(db.value('SELECT count(*) FROM identity_map') ?? 0);
  const changed = inserts.length + updates.length + stale.length;
  const bulk = changed > BULK_ROWS && changed > tableRows / 5;
  if (updates.length > 0 || stale.length > 0) {
    db.exec('DROP TABLE IF EXISTS temp.identity_map_change');
    db.exec('CREATE TEMP TABLE identity_map_change (source TEXT, record_id TEXT, one_id TEXT, method TEXT, weight REAL, run_id INTEGER, row_ref INTEGER, PRIMARY KEY (source, record_id))');
    insertRows(db, 'temp.identity_map_change', allOf(updates, runId));
    if (stale.length > 0) {
      db.withStatement("INSERT OR IGNORE INTO temp.identity_map_change (source, record_id, one_id, method) VALUES (?, ?, '', '')", (st) => {
        for (const r of stale) st.runUnchecked([r.source, r.recordId]);
      });
    }
  }
  if (bulk) dropMapIndexes(db);
  if (updates.length > 0 || stale.length > 0) {
    db.exec(`DELETE FROM identity_map WHERE EXISTS (SELECT 1 FROM temp.identity_map_change c WHERE c.source = identity_map.source AND c.record_id = identity_map.record_id AND c.one_id = '')`);
    db.exec(`UPDATE identity_map SET one_id = c.one_id, method = c.method, weight = c.weight, run_id = c.run_id, row_ref = c.row_ref
             FROM temp.identity_map_change c WHERE c.source = identity_map.source AND c.record_id = identity_map.record_id AND c.one_id <> ''`);
    db.exec('DROP TABLE temp.identity_map_change');
  }
  insertRows(db, 'identity_map', allOf(inserts, runId));
  if (bulk) createMapIndexes(db);
}

export function startRun(db: Db, mode: string, settings: IdentitySettings, seed: number, at: string): number {
  db.run("INSERT INTO identity_run (mode, settings, seed, started_at, status) VALUES (?, ?, ?, ?, 'running')", [mode, JSON.stringify(settings), seed, at]);
  return Number(db.value('SELECT last_insert_rowid()'));
}

export function finishRun(db: Db, runId: number, status: string, at: string, records: number, persons: number, counts: unknown, model: unknown): void {
  db.run('UPDATE identity_run SET status = ?, finished_at = ?, records = ?, persons = ?, counts = ?, model = ? WHERE run_id = ?', [
    status,
    at,
    records,
    persons,
    JSON.stringify(counts),
    model === null ? null : JSON.stringify(model),
    runId,
  ]);
}

export interface DecisionRow {
  readonly a: RecordRef;
  readonly b: RecordRef;
  readonly decision: ReviewDecision;
}

export function loadDecisions(db: Db): DecisionRow[] {
  return db
    .all<{ source_a: string; record_a: string; source_b: string; record_b: string; decision: string }>('SELECT source_a, record_a, source_b, record_b, decision FROM identity_decision ORDER BY decision_id')
    .map((r) => ({ a: { source: r.source_a, recordId: r.record_a }, b: { source: r.source_b, recordId: r.record_b }, decision: r.decision as ReviewDecision }));
}

export interface LinkRow {
  readonly a: RecordRef;
  readonly b: RecordRef;
  readonly method: string;
  readonly idType: string | null;
  readonly weight: number | null;
  readonly evidence: unknown;
}

export function writeLinks(db: Db, runId: number, links: readonly LinkRow[], replace: boolean): void {
  if (replace) db.exec('DELETE FROM identity_link');
  db.withStatement(
    'INSERT INTO identity_link (run_id, source_a, record_a, source_b, record_b, method, id_type, weight, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (st) => {
      for (const l of links) st.run([runId, l.a.source, l.a.recordId, l.b.source, l.b.recordId, l.method, l.idType, l.weight, JSON.stringify(l.evidence)]);
    },
  );
}

export interface ReviewRow {
  readonly a: RecordRef;
  readonly b: RecordRef;
  readonly kind: 'probabilistic' | 'over_cap';
  readonly idType: string | null;
  readonly weight: number | null;
  readonly evidence: unknown;
}

/**
 * Replaces the pending queue with this run's pairs (full runs) or adds to it (incremental). Decided pairs are
 * kept and never re-queued.
 */
export function writeReviews(db: Db, runId: number, at: string, rows: readonly ReviewRow[], replacePending: boolean): void {
  if (replacePending) db.exec("DELETE FROM identity_review WHERE status = 'pending'");
  db.withStatement(
    `INSERT OR IGNORE INTO identity_review (source_a, record_a, source_b, record_b, kind, id_type, weight, evidence, status, run_id, created_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?
     WHERE NOT EXISTS (SELECT 1 FROM identity_decision d WHERE d.source_a = ?1 AND d.record_a = ?2 AND d.source_b = ?3 AND d.record_b = ?4)`,
    (st) => {
      for (const r of rows) {
        const [a, b] = orderPair(r.a, r.b);
        st.run([a.source, a.recordId, b.source, b.recordId, r.kind, r.idType, r.weight, JSON.stringify(r.evidence), runId, at]);
      }
    },
  );
}

export function writeHistory(db: Db, runId: number, at: string, events: readonly HistoryEvent[]): void {
  db.withStatement('INSERT INTO identity_history (one_id, event, other_id, records, run_id, at) VALUES (?, ?, ?, ?, ?, ?)', (st) => {
    for (const e of events) st.run([e.oneId, e.event, e.otherId, e.records, runId, at]);
  });
}

export function writeIssues(db: Db, runId: number, issues: readonly IssueRecord[], replace: boolean): void {
  if (replace) db.run('DELETE FROM identity_issue WHERE run_id <> ?', [runId]);
  db.withStatement(
    'INSERT INTO identity_issue (run_id, kind, id_type, code, source, record_id, value_masked, records, persons, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (st) => {
      for (const i of issues) st.run([runId, i.kind, i.idType, i.code, i.source, i.recordId, i.valueMasked, i.records, i.persons, JSON.stringify(i.detail)]);
    },
  );
}

export function saveState(db: Db, runId: number, state: IdentityState): void {
  db.exec('DELETE FROM identity_state');
  db.run('INSERT INTO identity_state (run_id, state) VALUES (?, ?)', [runId, encodeState(state)]);
}

export function loadState(db: Db): IdentityState | null {
  const v = db.value('SELECT state FROM identity_state ORDER BY run_id DESC LIMIT 1');
  return v instanceof Uint8Array ? decodeState(v) : null;
}

export interface RunRow {
  readonly runId: number;
  readonly mode: string;
  readonly seed: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: string;
  readonly records: number;
  readonly persons: number;
  readonly counts: string | null;
  readonly model: string | null;
}

export function lastRun(db: Db, status = 'done'): RunRow | null {
  const r = db.get<{ run_id: number; mode: string; seed: number; started_at: string; finished_at: string | null; status: string; records: number; persons: number; counts: string | null; model: string | null }>(
    'SELECT run_id, mode, seed, started_at, finished_at, status, records, persons, counts, model FROM identity_run WHERE status = ? ORDER BY run_id DESC LIMIT 1',
    [status],
  );
  if (!r) return null;
  return { runId: r.run_id, mode: r.mode, seed: r.seed, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, records: r.records, persons: r.persons, counts: r.counts, model: r.model };
}
