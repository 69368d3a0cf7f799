/**
 * Scores ONE_ID resolution against the demo generator's planted truth (`truth/persons.csv`): every truth record is
 * mapped to the record resolution made of it, and pairwise precision and recall are computed over the records
 * whose true person is unambiguous (a shared device is listed once per person using it and is left out).
 */
import Papa from 'papaparse';
import initSqlJs, { type Database } from 'sql.js';
import type { DemoFile, Engine } from '#shared/api/engineApi.ts';
import type { EntityKind } from '#shared/model/entities.ts';
import type { IdentifierType } from '#shared/api/identityTypes.ts';
import { normalizeIdentifier } from '#shared/identity/normalizeIdentifiers.ts';
import { tupleRecordId } from '#shared/identity/sourceReader.ts';

/** Demo files resolution reads (accounts, transactions and the like carry only the customer number). */
export const IDENTITY_KINDS: ReadonlySet<string> = new Set<EntityKind>(['customers', 'identities', 'events', 'touches', 'notes']);

/** Imports the identity-bearing files of a generated demo drop. */
export async function importIdentityFiles(engine: Engine, files: readonly DemoFile[]): Promise<void> {
  const requests = files
    .filter((f) => f.kind !== undefined && IDENTITY_KINDS.has(f.kind))
    .map((f) => ({ file: { name: f.path.split('/').pop() ?? f.path, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) }, kind: f.kind as EntityKind }));
  const r = await engine.call('ingest.run', { files: requests });
  const failed = r.files.find((f) => f.status !== 'done');
  if (failed) throw new Error(`import of ${failed.fileName} failed: ${failed.message?.code ?? ''}`);
}

export interface PairScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly records: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly truePositives: number;
  /** Truth records that resolution had no record for. */
  readonly unmapped: number;
}

/** Pairwise precision/recall of `predicted` against `truth` (labels per item; only items with both count). */
export function pairwise(truth: readonly string[], predicted: readonly string[]): Omit<PairScore, 'unmapped'> {
  const pairs = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const t = new Map<string, number>();
  const p = new Map<string, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < truth.length; i++) {
    const a = truth[i] as string;
    const b = predicted[i] as string;
    t.set(a, (t.get(a) ?? 0) + 1);
    p.set(b, (p.get(b) ?? 0) + 1);
    const k = `${a}\u0000${b}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  const truePairs = pairs(t);
  const predictedPairs = pairs(p);
  const tp = pairs(both);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), records: truth.length, truePairs, predictedPairs, truePositives: tp };
}

function rows(db: Database, sql: string, params: (string | number)[] = []): (string | number | null)[][] {
  const st = db.prepare(sql);
  const out: (string | number | null)[][] = [];
  try {
    st.bind(params);
    while (st.step()) out.push(st.get() as (string | number | null)[]);
  } finally {
    st.free();
  }
  return out;
}

function norm(type: IdentifierType, v: string | number | null): string | null {
  if (v === null || v === '') return null;
  const r = normalizeIdentifier(type, String(v));
  return r && r.ok ? r.value : null;
}

const EVENT_COLS: readonly IdentifierType[] = ['cust_no', 'app_user_id', 'device_id', 'openid', 'unionid', 'cookie_id', 'phone'];

interface Mapped {
  oneId: string | null;
  /** Normalised identifiers (`type:value`) and weak keys (`w:name|birth`) the record carries. */
  readonly keys: Set<string>;
}

function keysOf(types: readonly IdentifierType[], values: readonly (string | number | null)[], idTypeLabel?: string | null): string[] {
  const out: string[] = [];
  types.forEach((t, k) => {
    const v = values[k];
    if (v === null || v === undefined || v === '') return;
    const r = normalizeIdentifier(t, String(v), idTypeLabel);
    if (r && r.ok) out.push(`${r.type}:${r.value}`);
  });
  return out;
}

function weakKey(name: string | number | null, birth: string | number | null): string[] {
  return name && birth ? [`w:${String(name).replace(/\s+/g, '')}|${String(birth)}`] : [];
}

/** ONE_ID and identifier keys of each truth record, keyed `file\u0000record_id`. */
function mapTruth(db: Database): Map<string, Mapped> {
  const oneId = new Map<string, string>();
  for (const [s, r, o] of rows(db, 'SELECT source, record_id, one_id FROM identity_map')) oneId.set(`${String(s)}\u0000${String(r)}`, String(o));
  const out = new Map<string, Mapped>();
  const put = (key: string, id: string | null, keys: readonly string[]): void => {
    const cur = out.get(key);
    if (cur) {
      for (const k of keys) cur.keys.add(k);
      if (cur.oneId === null) cur.oneId = id;
    } else out.set(key, { oneId: id, keys: new Set(keys) });
  };
  for (const r of rows(db, 'SELECT cust_no, id_type, id_no, phone, email, name, birth_date FROM customers_latest')) {
    put(`core/customers.csv\u0000${String(r[0])}`, oneId.get(`customer\u0000${String(r[0])}`) ?? null, [
      ...keysOf(['cust_no', 'id_card', 'phone', 'email'], [r[0] ?? null, r[2] ?? null, r[3] ?? null, r[4] ?? null], r[1] === null ? null : String(r[1])),
      ...weakKey(r[5] ?? null, r[6] ?? null),
    ]);
  }
  const fileOf: Readonly<Record<string, string>> = { 'users.csv': 'app/users.csv', 'official_account.csv': 'wechat/official_account.csv', 'mini_program.csv': 'wechat/mini_program.csv', 'contacts.tsv': 'crm/contacts.tsv' };
  const idCols: readonly IdentifierType[] = ['cust_no', 'app_user_id', 'device_id', 'openid', 'unionid', 'phone', 'id_card', 'card_no', 'email'];
  for (const r of rows(db, `SELECT f.file_name, i.source_system, i.record_id, i.id_type, i.name, i.birth_date, ${['cust_no', 'app_user_id', 'device_id', 'openid', 'unionid', 'phone', 'id_no', 'card_no', 'email'].map((c) => `i.${c}`).join(', ')} FROM identities i JOIN import_file f ON f.file_id = i.src_file`)) {
    const file = fileOf[String(r[0])];
    if (!file) continue;
    put(`${file}\u0000${String(r[2])}`, oneId.get(`${String(r[1])}\u0000${String(r[2])}`) ?? null, [
      ...keysOf(idCols, r.slice(6), r[3] === null ? null : String(r[3])),
      ...weakKey(r[4] ?? null, r[5] ?? null),
    ]);
  }
  // Event tuples: devices and cookies take the ONE_ID of their busiest tuple and the identifiers of all.
  const busiest = new Map<string, number>();
  for (const r of rows(db, `SELECT ${EVENT_COLS.join(', ')}, count(*) FROM events WHERE device_id IS NOT NULL OR cookie_id IS NOT NULL GROUP BY ${EVENT_COLS.join(', ')}`)) {
    const values = EVENT_COLS.map((t, k) => norm(t, r[k] ?? null));
    const id = oneId.get(`event\u0000${tupleRecordId('e', values)}`) ?? null;
    const n = Number(r[EVENT_COLS.length]);
    const keys = keysOf(EVENT_COLS, r.slice(0, EVENT_COLS.length));
    for (const [k, prefix] of [
      [2, 'device:'],
      [5, 'cookie:'],
    ] as const) {
      const v = r[k];
      if (v === null || v === undefined) continue;
      const key = `app/events.csv\u0000${prefix}${String(v)}`;
      put(key, null, keys);
      if (n > (busiest.get(key) ?? 0)) {
        busiest.set(key, n);
        (out.get(key) as Mapped).oneId = id;
      }
    }
  }
  for (const r of rows(db, `SELECT event_id, ${EVENT_COLS.join(', ')} FROM events WHERE channel IS NULL AND device_id IS NULL AND cookie_id IS NULL`)) {
    const values = r.slice(1);
    put(`branch/visits.xlsx\u0000${String(r[0])}`, oneId.get(`event\u0000${tupleRecordId('e', EVENT_COLS.map((t, k) => norm(t, values[k] ?? null)))}`) ?? null, keysOf(EVENT_COLS, values));
  }
  for (const r of rows(db, 'SELECT note_id, cust_no, phone FROM notes')) {
    put(`service/notes.csv\u0000${String(r[0])}`, oneId.get(`note\u0000${tupleRecordId('n', [norm('cust_no', r[1] ?? null), norm('phone', r[2] ?? null)])}`) ?? null, keysOf(['cust_no', 'phone'], [r[1] ?? null, r[2] ?? null]));
  }
  return out;
}

export interface TruthRecord {
  readonly file: string;
  readonly recordId: string;
  readonly person: string;
  readonly weakOnly: boolean;
  /** The ONE_ID resolution gave it, or null when it has no record. */
  readonly oneId: string | null;
  /**
   * Component of the record among its true person's records when records are joined by a shared identifier
   * or the same name and birth date: two records of one person in different components cannot be linked by
   * any rule (a cookie never used logged in, an OpenID nothing else carries).
   */
  readonly linkGroup: string;
}

/** Every unambiguous truth record with the ONE_ID the workspace gave it. */
export async function truthRecords(workspaceBytes: Uint8Array, personsCsv: Uint8Array): Promise<TruthRecord[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(workspaceBytes);
  try {
    const mapped = mapTruth(db);
    const parsed = Papa.parse<string[]>(new TextDecoder().decode(personsCsv).replace(/^\ufeff/, ''), { skipEmptyLines: true });
    const byKey = new Map<string, { file: string; recordId: string; persons: Set<string>; weakOnly: boolean }>();
    for (const [file = '', recordId = '', person = '', weakOnly] of parsed.data.slice(1)) {
      const key = `${file}\u0000${recordId}`;
      const cur = byKey.get(key) ?? { file, recordId, persons: new Set<string>(), weakOnly: weakOnly === '1' };
      cur.persons.add(person);
      byKey.set(key, cur);
    }
    const recs: { key: string; file: string; recordId: string; person: string; weakOnly: boolean }[] = [];
    for (const [key, r] of byKey) if (r.persons.size === 1) recs.push({ key, file: r.file, recordId: r.recordId, person: [...r.persons][0] as string, weakOnly: r.weakOnly });
    // Link groups: union records of one person that share a key.
    const parent = recs.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
      return i;
    };
    const firstByKey = new Map<string, number>();
    recs.forEach((r, i) => {
      for (const k of mapped.get(r.key)?.keys ?? []) {
        const pk = `${r.person}\u0000${k}`;
        const j = firstByKey.get(pk);
        if (j === undefined) firstByKey.set(pk, i);
        else parent[find(i)] = find(j);
      }
    });
    return recs.map((r, i) => ({ file: r.file, recordId: r.recordId, person: r.person, weakOnly: r.weakOnly, oneId: mapped.get(r.key)?.oneId ?? null, linkGroup: `${r.person}#${find(i)}` }));
  } finally {
    db.close();
  }
}

/**
 * Pairwise precision/recall of the workspace's ONE_IDs against `truth/persons.csv`. Records of the truth that
 * resolution did not map (rows the import rejected) count as singletons of their own.
 *
 * @param onlyLinkable measure recall over linkable pairs only: pairs of one true person's records joined, directly or
 *   through other records of that person, by a shared identifier or the same name and birth date.
 */
export async function scoreAgainstTruth(workspaceBytes: Uint8Array, personsCsv: Uint8Array, onlyLinkable = false): Promise<PairScore> {
  return scoreRecords(await truthRecords(workspaceBytes, personsCsv), onlyLinkable);
}

/** Both scores of {@link scoreAgainstTruth} from one reading of the workspace (a million-customer drop is large). */
export async function scoresAgainstTruth(workspaceBytes: Uint8Array, personsCsv: Uint8Array): Promise<{ all: PairScore; linkable: PairScore }> {
  const recs = await truthRecords(workspaceBytes, personsCsv);
  return { all: scoreRecords(recs, false), linkable: scoreRecords(recs, true) };
}

function scoreRecords(recs: readonly TruthRecord[], onlyLinkable: boolean): PairScore {
  const unmapped = recs.filter((r) => r.oneId === null).length;
  const pred = recs.map((r) => r.oneId ?? `unmapped:${r.file}:${r.recordId}`);
  const all = pairwise(recs.map((r) => r.person), pred);
  if (!onlyLinkable) return { ...all, unmapped };
  // Recall over linkable pairs only; precision stays over every predicted pair.
  const linkable = pairwise(recs.map((r) => r.linkGroup), pred);
  const recall = linkable.truePairs === 0 ? 1 : linkable.truePositives / linkable.truePairs;
  return { ...all, recall, f1: (2 * all.precision * recall) / (all.precision + recall || 1), truePairs: linkable.truePairs, truePositives: linkable.truePositives, unmapped };
}
