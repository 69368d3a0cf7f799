/**
 * Reads what an export needs about each segment member, column by column for all of them at once: contact
 * identifiers and attributes for the file, and the facts the compliance rules check. A person's records are
 * found through identity_map: `customer` → customers (latest snapshot of each customer number), other sources
 * → their row in identities, events, touches or notes (`row_ref`). Members go into a temporary table first, so
 * every read is one indexed join per chunk of members. The joins are written as CROSS JOIN, which makes SQLite
 * keep the member table outermost: without statistics it otherwise scans identity_map first and probes the
 * member range for every row (1.7 s instead of 20 ms for 3,000 members).
 *
 * Rows come back as one `group_concat` string per chunk (sql.js costs about a microsecond per column fetched
 * through its statement API; splitting one long string in JavaScript is several times faster), falling back to
 * row-by-row reading for a chunk whose values hold the separator characters.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { ComplianceSettings, ContactChannel } from '#shared/api/exportTypes.ts';
import type { Db, SqlParam } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { addDays, birthDateOfIdNumber, wholeYears } from '#shared/compliance/dateMath.ts';
import type { DndIdType, DndIndex } from '#shared/compliance/dndList.ts';
import { PERSON_FIELDS, type PersonField } from './exportColumns.ts';
import type { Cell } from './xlsxWriter.ts';

const FS = '\u001f';
const RS = '\u001e';
const CHUNK = 20_000;

export interface ReadOptions {
  /** `YYYY-MM-DD HH:MM:SS` of the planned contact; ages, expiry and DND validity are taken at its date. */
  readonly plannedAt: string;
  readonly channel: ContactChannel;
  readonly settings: ComplianceSettings;
  /** Applicable DND entries; null when the DND rule is off. */
  readonly dnd: DndIndex | null;
  /** Contacts of this campaign do not count towards its own caps (a re-export replaces the earlier plan). */
  readonly campaignKey: string | null;
  /** `customer_profile` columns to read (names without the `profile.` prefix). */
  readonly profileColumns: readonly string[];
}

/** Per-member values in columns: index i of every array is member i of `oneIds`. */
export class Audience {
  readonly size: number;
  private readonly fields = new Map<PersonField, Cell[]>();
  private readonly ranks = new Map<PersonField, string[]>();
  readonly riskExpiry: (string | null)[];
  readonly statuses: string[];
  readonly accountStatuses: string[];
  readonly accounts: Uint32Array;
  readonly closedAccounts: Uint32Array;
  readonly staff: Uint8Array;
  readonly dnd: Uint8Array;
  readonly contacts7d: Uint32Array;
  readonly contacts30d: Uint32Array;
  readonly profile = new Map<string, Cell[]>();

  constructor(readonly oneIds: readonly string[]) {
    const n = oneIds.length;
    this.size = n;
    for (const f of PERSON_FIELDS) this.fields.set(f, new Array<Cell>(n).fill(null));
    this.riskExpiry = new Array<string | null>(n).fill(null);
    this.statuses = new Array<string>(n).fill('');
    this.accountStatuses = new Array<string>(n).fill('');
    this.accounts = new Uint32Array(n);
    this.closedAccounts = new Uint32Array(n);
    this.staff = new Uint8Array(n);
    this.dnd = new Uint8Array(n);
    this.contacts7d = new Uint32Array(n);
    this.contacts30d = new Uint32Array(n);
  }

  get(field: PersonField, i: number): Cell {
    return this.fields.get(field)?.[i] ?? null;
  }

  /** All members' values of a field (index = member), for loops that read one field of everyone. */
  column(field: PersonField): readonly Cell[] {
    const col = this.fields.get(field);
    if (!col) throw new BugIndicatingError(`no audience field ${field}`);
    return col;
  }

  set(field: PersonField, i: number, v: Cell): void {
    const col = this.fields.get(field);
    if (col) col[i] = v === '' ? null : v;
  }

  /**
   * Offers a value for a field from a lower-priority source: it wins when the field is empty, or when its rank
   * (priority then time, compared as text) is higher; equal ranks keep the smaller value, so the choice does not
   * depend on row order.
   */
  offer(field: PersonField, i: number, value: string, rank: string): void {
    if (value === '') return;
    let ranks = this.ranks.get(field);
    if (!ranks) this.ranks.set(field, (ranks = new Array<string>(this.size).fill('')));
    const cur = this.get(field, i);
    const curRank = ranks[i] ?? '';
    if (cur === null || rank > curRank || (rank === curRank && value < String(cur))) {
      this.set(field, i, value);
      ranks[i] = rank;
    }
  }
}

/** Customer-table values outrank every other source. */
const CUSTOMER_RANK = '9';

/**
 * Calls `onRow(ord, fields)` for each row of `SELECT <cols> FROM export_member m <joins> WHERE <where>`, chunk by
 * chunk of members; empty strings stand for NULL. `params` bind the `?` of `where`.
 */
async function readJoined(
  db: Db,
  ctx: JobContext,
  step: string,
  n: number,
  cols: readonly string[],
  joins: string,
  where: string,
  params: readonly SqlParam[],
  onRow: (ord: number, f: readonly string[]) => void,
  onChunkEnd?: () => void,
): Promise<void> {
  const expr = ['m.ord', ...cols].map((c) => `ifnull(${c}, '')`).join(' || char(31) || ');
  const from = `FROM temp.export_member m ${joins} WHERE m.ord >= ? AND m.ord < ? AND (${where})`;
  const packed = `SELECT group_concat(line, char(30)) FROM (SELECT ${expr} AS line ${from})`;
  const plain = `SELECT m.ord, ${cols.join(', ')} ${from}`;
  for (let lo = 0; lo < n; lo += CHUNK) {
    const bind = [lo, lo + CHUNK, ...params];
    const text = db.value(packed, bind);
    if (typeof text === 'string' && text !== '') {
      const rows = text.split(RS).map((line) => line.split(FS));
      if (rows.every((f) => f.length === cols.length + 1)) {
        for (const f of rows) onRow(Number(f[0]), f.slice(1));
      } else {
        db.each(plain, bind, (r) => onRow(Number(r[0]), r.slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      }
    }
    onChunkEnd?.();
    ctx.progress(step, Math.min(lo + CHUNK, n), n);
    await ctx.checkpoint();
  }
}

function anyWord(text: string, words: readonly string[]): boolean {
  if (text === '') return false;
  const lower = text.toLowerCase();
  return words.some((w) => lower.includes(w.toLowerCase()));
}

function markDnd(a: Audience, dnd: DndIndex | null, i: number, type: DndIdType, value: string): void {
  if (dnd && value !== '' && dnd.has(type, value)) a.dnd[i] = 1;
}

/**
 * Loads the members into `temp.export_member(ord, one_id)`; `ord` is the index into `oneIds`. One statement over
 * a JSON array: four times faster in sql.js than a prepared insert per member.
 */
function loadMembers(db: Db, oneIds: readonly string[]): void {
  db.exec('DROP TABLE IF EXISTS temp.export_member');
  db.exec('CREATE TEMP TABLE export_member (ord INTEGER PRIMARY KEY, one_id TEXT NOT NULL)');
  db.run('INSERT INTO temp.export_member (ord, one_id) SELECT key, value FROM json_each(?)', [JSON.stringify(oneIds)]);
}

export function dropMembers(db: Db): void {
  db.exec('DROP TABLE IF EXISTS temp.export_member');
}

const CUSTOMER_COLS = [
  'cust_no', 'as_of', 'name', 'gender', 'birth_date', 'age', 'id_no', 'phone', 'email', 'province', 'city', 'district', 'branch', 'manager',
  'vip_level', 'risk_level', 'risk_expiry', 'aum_fen', 'is_staff', 'status',
] as const;
type CustomerCol = (typeof CUSTOMER_COLS)[number];
/** Position of each column in a customer row (rows stay the arrays the reader split, no object per row). */
const C = Object.fromEntries(CUSTOMER_COLS.map((c, k) => [c, k])) as Readonly<Record<CustomerCol, number>>;
const ATTRIBUTES = ['cust_no', 'name', 'gender', 'id_no', 'phone', 'email', 'province', 'city', 'district', 'branch', 'manager', 'vip_level', 'risk_level'] as const;
const DND_COLUMNS = [['cust_no', C.cust_no], ['id_no', C.id_no], ['phone', C.phone], ['email', C.email]] as const;

/**
 * Customer numbers of each member: latest snapshot per number; the primary one (latest snapshot, then the
 * smallest number) gives the attributes, and status and staff flags are read from all of them. Rows arrive in
 * member order (the member table is the outer loop), so one member's rows are grouped as they stream by.
 */
async function readCustomers(db: Db, ctx: JobContext, a: Audience, o: ReadOptions): Promise<void> {
  const plannedDate = o.plannedAt.slice(0, 10);
  let current = -1;
  let rows: (readonly string[])[] = [];
  const flush = (): void => {
    if (current < 0 || rows.length === 0) return;
    const i = current;
    const col = (r: readonly string[], c: CustomerCol): string => r[C[c]] ?? '';
    // One customer number with one snapshot is the common case; several are reduced to the latest of each.
    let latest: (readonly string[])[] = rows;
    if (rows.length > 1) {
      const byNo = new Map<string, readonly string[]>();
      for (const r of rows) {
        const seen = byNo.get(col(r, 'cust_no'));
        if (!seen || col(r, 'as_of') > col(seen, 'as_of')) byNo.set(col(r, 'cust_no'), r);
      }
      latest = [...byNo.values()];
    }
    let primary: readonly string[] | null = null;
    const statuses: string[] = [];
    for (const r of rows) for (const [type, k] of DND_COLUMNS) markDnd(a, o.dnd, i, type, r[k] ?? '');
    for (const r of latest) {
      const status = col(r, 'status');
      if (status !== '') statuses.push(status);
      if (col(r, 'is_staff') === '1') a.staff[i] = 1;
      if (!primary || col(r, 'as_of') > col(primary, 'as_of') || (col(r, 'as_of') === col(primary, 'as_of') && col(r, 'cust_no') < col(primary, 'cust_no'))) primary = r;
    }
    a.statuses[i] = statuses.join('|');
    if (!primary) return;
    for (const f of ATTRIBUTES) a.set(f, i, col(primary, f));
    const aum = col(primary, 'aum_fen');
    a.set('aum_fen', i, aum === '' ? null : Number(aum));
    const expiry = col(primary, 'risk_expiry');
    a.riskExpiry[i] = expiry === '' ? null : expiry;
    const birth = col(primary, 'birth_date') !== '' ? col(primary, 'birth_date') : birthDateOfIdNumber(col(primary, 'id_no'));
    const ageText = col(primary, 'age');
    const age = birth ? wholeYears(birth, plannedDate) : ageText !== '' ? Number(ageText) : null;
    a.set('age', i, age !== null && Number.isFinite(age) ? age : null);
    // A phone on another customer number of the same person still reaches them.
    if (latest.length > 1) for (const r of latest) a.offer('phone', i, col(r, 'phone'), CUSTOMER_RANK);
    else if (col(primary, 'phone') !== '') a.offer('phone', i, col(primary, 'phone'), CUSTOMER_RANK);
  };
  await readJoined(
    db,
    ctx,
    'export.readCustomers',
    a.size,
    CUSTOMER_COLS.map((c) => `c.${c}`),
    "CROSS JOIN identity_map im ON im.one_id = m.one_id AND im.source = 'customer' CROSS JOIN customers c ON c.cust_no = im.record_id",
    '1',
    [],
    (i, f) => {
      if (i !== current) {
        flush();
        current = i;
        rows = [];
      }
      rows.push(f);
    },
    () => {
      flush();
      current = -1;
      rows = [];
    },
  );
}

/** Accounts of each member's customer numbers (latest snapshot per account): frozen and closed ones. */
async function readAccounts(db: Db, ctx: JobContext, a: Audience, o: ReadOptions): Promise<void> {
  const plannedDate = o.plannedAt.slice(0, 10);
  const closedWords = o.settings.exclusions.closedWords;
  type Account = { asOf: string; status: string; closeDate: string };
  let chunk = new Map<number, Map<string, Account>>();
  const flush = (): void => {
    for (const [i, accounts] of chunk) {
      let closed = 0;
      const statuses: string[] = [];
      for (const acc of accounts.values()) {
        if (acc.status !== '') statuses.push(acc.status);
        if (anyWord(acc.status, closedWords) || (acc.closeDate !== '' && acc.closeDate <= plannedDate)) closed++;
      }
      a.accounts[i] = accounts.size;
      a.closedAccounts[i] = closed;
      a.accountStatuses[i] = statuses.join('|');
    }
    chunk = new Map();
  };
  await readJoined(
    db,
    ctx,
    'export.readAccounts',
    a.size,
    ['acc.account_no', 'acc.as_of', 'acc.status', 'acc.close_date'],
    "CROSS JOIN identity_map im ON im.one_id = m.one_id AND im.source = 'customer' CROSS JOIN accounts acc ON acc.cust_no = im.record_id",
    '1',
    [],
    (i, [accountNo = '', asOf = '', status = '', closeDate = '']) => {
      let accounts = chunk.get(i);
      if (!accounts) chunk.set(i, (accounts = new Map<string, Account>()));
      const seen = accounts.get(accountNo);
      if (!seen || asOf > seen.asOf) accounts.set(accountNo, { asOf, status, closeDate });
    },
    flush,
  );
}

interface ChannelSource {
  readonly step: string;
  readonly table: string;
  readonly where: string;
  /** Identifier columns of the table and the field or DND type each feeds. */
  readonly ids: readonly (readonly [column: string, field: PersonField | null, dnd: DndIdType])[];
  readonly timeColumn: string;
  /** Higher wins between sources: registered channel identities over identifiers seen in logs. */
  readonly priority: string;
}

const CHANNEL_SOURCES: readonly ChannelSource[] = [
  {
    step: 'export.readIdentities',
    table: 'identities',
    where: "im.source NOT IN ('customer', 'event', 'touch', 'note')",
    ids: [
      ['phone', 'phone', 'phone'], ['openid', 'openid', 'openid'], ['unionid', 'unionid', 'unionid'], ['device_id', 'device_id', 'device_id'],
      ['app_user_id', 'app_user_id', 'app_user_id'], ['id_no', null, 'id_no'], ['email', null, 'email'], ['cust_no', null, 'cust_no'],
    ],
    timeColumn: 'register_time',
    priority: '3',
  },
  {
    step: 'export.readEvents',
    table: 'events',
    where: "im.source = 'event'",
    ids: [
      ['phone', 'phone', 'phone'], ['openid', 'openid', 'openid'], ['unionid', 'unionid', 'unionid'], ['device_id', 'device_id', 'device_id'],
      ['app_user_id', 'app_user_id', 'app_user_id'], ['cust_no', null, 'cust_no'],
    ],
    timeColumn: 'event_time',
    priority: '2',
  },
  {
    step: 'export.readTouches',
    table: 'touches',
    where: "im.source = 'touch'",
    ids: [['phone', 'phone', 'phone'], ['openid', 'openid', 'openid'], ['device_id', 'device_id', 'device_id'], ['app_user_id', 'app_user_id', 'app_user_id'], ['cust_no', null, 'cust_no']],
    timeColumn: 'touch_time',
    priority: '2',
  },
  {
    step: 'export.readNotes',
    table: 'notes',
    where: "im.source = 'note'",
    ids: [['phone', 'phone', 'phone'], ['cust_no', null, 'cust_no']],
    timeColumn: 'note_time',
    priority: '1',
  },
];

/**
 * Identifiers of each member's channel records. A record is found by `identity_map.row_ref` (the row an identity
 * run points each record at); its identifiers fill empty contact fields and are checked against the DND list.
 */
async function readChannel(db: Db, ctx: JobContext, a: Audience, o: ReadOptions, src: ChannelSource): Promise<void> {
  const cols = [...src.ids.map(([c]) => `x.${c}`), `x.${src.timeColumn}`];
  await readJoined(db, ctx, src.step, a.size, cols, `CROSS JOIN identity_map im ON im.one_id = m.one_id CROSS JOIN ${src.table} x ON x.row_id = im.row_ref`, src.where, [], (i, f) => {
    const rank = `${src.priority}|${f[src.ids.length] ?? ''}`;
    src.ids.forEach(([, field, dndType], k) => {
      const v = f[k] ?? '';
      if (v === '') return;
      markDnd(a, o.dnd, i, dndType, v);
      if (field) a.offer(field, i, v, rank);
    });
  });
}

/** Planned target contacts of other campaigns in the 7 and 30 days up to the planned time. */
async function readContacts(db: Db, ctx: JobContext, a: Audience, o: ReadOptions): Promise<void> {
  const from7 = addDays(o.plannedAt, -7);
  const from30 = addDays(o.plannedAt, -30);
  const sql = `SELECT m.ord, sum(c.planned_at > ?), count(*) FROM temp.export_member m
    CROSS JOIN export_contact c ON c.one_id = m.one_id CROSS JOIN export_log l ON l.export_id = c.export_id
    WHERE m.ord >= ? AND m.ord < ? AND c.arm = 'target' AND c.planned_at > ? AND c.planned_at <= ?
      AND (l.campaign_key IS NULL OR l.campaign_key IS NOT ?)
    GROUP BY m.ord`;
  for (let lo = 0; lo < a.size; lo += CHUNK) {
    db.each(sql, [from7, lo, lo + CHUNK, from30, o.plannedAt, o.campaignKey], (r) => {
      const i = Number(r[0]);
      a.contacts7d[i] = Number(r[1] ?? 0);
      a.contacts30d[i] = Number(r[2] ?? 0);
    });
    ctx.progress('export.readContacts', Math.min(lo + CHUNK, a.size), a.size);
    await ctx.checkpoint();
  }
}

/** Columns of the customer wide table, typed as stored. */
async function readProfile(db: Db, ctx: JobContext, a: Audience, columns: readonly string[]): Promise<void> {
  for (const c of columns) a.profile.set(c, new Array<Cell>(a.size).fill(null));
  const sql = `SELECT m.ord, ${columns.map((c) => `p."${c}"`).join(', ')} FROM temp.export_member m CROSS JOIN customer_profile p ON p.one_id = m.one_id WHERE m.ord >= ? AND m.ord < ?`;
  for (let lo = 0; lo < a.size; lo += CHUNK) {
    db.each(sql, [lo, lo + CHUNK], (r) => {
      const i = Number(r[0]);
      columns.forEach((c, k) => {
        const v = r[k + 1];
        const col = a.profile.get(c);
        if (col) col[i] = typeof v === 'string' || typeof v === 'number' ? v : null;
      });
    });
    ctx.progress('export.readProfile', Math.min(lo + CHUNK, a.size), a.size);
    await ctx.checkpoint();
  }
}

function hasTable(db: Db, name: string): boolean {
  return db.value("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [name]) !== undefined;
}

/**
 * Reads everything the export needs about `oneIds` (distinct). Leaves `temp.export_member` in place for the
 * caller to drop with {@link dropMembers} once done.
 */
export async function readAudience(db: Db, ctx: JobContext, oneIds: readonly string[], o: ReadOptions): Promise<Audience> {
  const a = new Audience(oneIds);
  loadMembers(db, oneIds);
  if (oneIds.length === 0) return a;
  await readCustomers(db, ctx, a, o);
  const x = o.settings.exclusions;
  if (x.closed || x.frozen) await readAccounts(db, ctx, a, o);
  for (const src of CHANNEL_SOURCES) await readChannel(db, ctx, a, o, src);
  const caps = o.settings.caps;
  const anyContacts = db.value('SELECT 1 FROM export_contact LIMIT 1') !== undefined;
  if (anyContacts && caps.enabled && (caps.max7d !== null || caps.max30d !== null)) await readContacts(db, ctx, a, o);
  const profileColumns = o.profileColumns.filter((c) => /^[a-z0-9_]+$/.test(c));
  if (profileColumns.length > 0 && hasTable(db, 'customer_profile')) await readProfile(db, ctx, a, profileColumns);
  return a;
}
