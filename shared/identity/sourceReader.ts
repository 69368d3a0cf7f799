/**
 * Reads identity records from the workspace into a {@link RecordSetBuilder}:
 *
 * | source | table | record | record id |
 * |---|---|---|---|
 * | `customer` | customers (latest snapshot) | one per customer number | 客户号 as imported |
 * | `source_system` | identities | one per (source_system, record_id) | record_id |
 * | `event` | events | one per distinct identifier tuple (cust_no, app user, device, OpenID, UnionID, cookie, phone) | `e` + hash of the tuple |
 * | `touch` | touches | one per distinct tuple (cust_no, phone, OpenID, device, app user) | `t` + hash |
 * | `note` | notes | one per distinct (cust_no, phone) | `n` + hash |
 *
 * Event, touch and note rows become tuples, not one record per row: a device that logged 5,000 events is one
 * record, and the ids do not spell out the identifiers they stand for.
 *
 * Rows are streamed by {@link scanRows}.
 */
import type { IdentifierType } from '#shared/api/identityTypes.ts';
import type { Db, SqlParam } from '#shared/db/database.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { channelOfLabel } from './channels.ts';
import { hash53, hashText } from './hash53.ts';
import { typeCode } from './identifierTypes.ts';
import type { IssueCollector } from './identityIssues.ts';
import { normalizeIdentifier } from './normalizeIdentifiers.ts';
import { channelCode, NO_CHANNEL, type RecordSetBuilder, type SourceTable } from './recordSet.ts';
import { makeWeakFields } from './weakFields.ts';

const FIELD_SEP = '\u001f';

export interface ReadOptions {
  /** Only rows of import batches after this one (incremental runs); 0 reads everything. */
  readonly afterBatch: number;
  /** Identifier types that link; others are not read. */
  readonly enabled: ReadonlySet<IdentifierType>;
}

export interface ReadStats {
  /** Rows read per table. */
  readonly rows: Record<string, number>;
  /** Milliseconds per table. */
  readonly ms: Record<string, number>;
  /** Highest import batch seen. */
  maxBatch: number;
}

const ID_COLUMNS_IDENTITIES: readonly (readonly [string, IdentifierType])[] = [
  ['cust_no', 'cust_no'],
  ['app_user_id', 'app_user_id'],
  ['device_id', 'device_id'],
  ['openid', 'openid'],
  ['unionid', 'unionid'],
  ['phone', 'phone'],
  ['card_no', 'card_no'],
  ['email', 'email'],
];

const CUSTOMER_COLUMNS = ['row_id', 'cust_no', 'as_of', 'id_type', 'id_no', 'phone', 'email', 'name', 'birth_date', 'city', 'district', 'address'] as const;
const IDENTITY_COLUMNS = ['row_id', 'source_system', 'record_id', 'id_type', 'id_no', 'name', 'birth_date', 'address', ...ID_COLUMNS_IDENTITIES.map(([c]) => c)];

/** Event-like tables read as distinct identifier tuples: their identifier columns and the channel column. */
const TUPLE_TABLES = {
  events: { idCols: ['cust_no', 'app_user_id', 'device_id', 'openid', 'unionid', 'cookie_id', 'phone'], channelCol: 'channel' },
  touches: { idCols: ['cust_no', 'phone', 'openid', 'device_id', 'app_user_id'], channelCol: null },
  notes: { idCols: ['cust_no', 'phone'], channelCol: 'channel' },
} as const;

/** Every column a full read scans, per source table (the identity bench measures the cost of scanning them). */
export const SCANNED_COLUMNS: Readonly<Record<'customers' | 'identities' | keyof typeof TUPLE_TABLES, readonly string[]>> = {
  customers: CUSTOMER_COLUMNS,
  identities: IDENTITY_COLUMNS,
  events: ['row_id', ...TUPLE_TABLES.events.idCols, TUPLE_TABLES.events.channelCol],
  touches: ['row_id', ...TUPLE_TABLES.touches.idCols],
  notes: ['row_id', ...TUPLE_TABLES.notes.idCols, TUPLE_TABLES.notes.channelCol],
};

export class SourceReader {
  readonly stats: ReadStats = { rows: {}, ms: {}, maxBatch: 0 };

  constructor(
    private readonly db: Db,
    private readonly b: RecordSetBuilder,
    private readonly issues: IssueCollector,
    private readonly opts: ReadOptions,
    private readonly ctx: JobContext,
  ) {}

  /** Normalises and adds one identifier cell to the current record; invalid values go to the issues. */
  private id(source: string, recordId: string, type: IdentifierType, raw: string, idTypeLabel?: string): string | null {
    if (raw === '') return null;
    const r = normalizeIdentifier(type, raw, idTypeLabel);
    if (r === null) return null;
    if (!r.ok) {
      this.issues.invalidValue(source, r.type, r.code, raw, recordId);
      return null;
    }
    if (!this.opts.enabled.has(r.type)) return null;
    this.b.addId(typeCode(r.type), r.value);
    return r.value;
  }

  private batchWhere(): { where: string; params: SqlParam[] } {
    return this.opts.afterBatch > 0 ? { where: 'src_batch > ?', params: [this.opts.afterBatch] } : { where: '1', params: [] };
  }

  private noteBatch(): void {
    const v = this.db.value(`SELECT max(src_batch) FROM (${['customers', 'identities', 'events', 'touches', 'notes'].map((t) => `SELECT max(src_batch) AS src_batch FROM ${t}`).join(' UNION ALL ')})`);
    if (typeof v === 'number') this.stats.maxBatch = Math.max(this.stats.maxBatch, v);
  }

  async readAll(): Promise<void> {
    this.noteBatch();
    const timed = async (table: string, read: () => Promise<void>): Promise<void> => {
      const t0 = Date.now();
      await read();
      this.stats.ms[table] = Date.now() - t0;
    };
    await timed('customers', () => this.readCustomers());
    await timed('identities', () => this.readIdentities());
    await timed('events', () => this.readTuples('events', 'event', 'e', TUPLE_TABLES.events.idCols, TUPLE_TABLES.events.channelCol));
    await timed('touches', () => this.readTuples('touches', 'touch', 't', TUPLE_TABLES.touches.idCols, TUPLE_TABLES.touches.channelCol));
    await timed('notes', () => this.readTuples('notes', 'note', 'n', TUPLE_TABLES.notes.idCols, TUPLE_TABLES.notes.channelCol));
  }

  /**
   * Customers, one record per customer number from its latest snapshot. The table is scanned in row order and
   * a later row of a customer number replaces an earlier one when its as-of date is not older: the
   * `customers_latest` view answers the same with a correlated subquery that costs several microseconds a row.
   */
  private async readCustomers(): Promise<void> {
    const { where, params } = this.batchWhere();
    const core = channelCode('core');
    const latest = new Map<string, { rec: number; asOf: string }>();
    this.stats.rows.customers = await scanRows(
      this.db,
      this.ctx,
      'identity.read.customers',
      'customers',
      CUSTOMER_COLUMNS,
      `cust_no IS NOT NULL AND ${where}`,
      params,
      (f) => {
        const [rowId, custNo, asOf, idType, idNo, phone, email, name, birth, city, district, address] = f as readonly [string, string, string, string, string, string, string, string, string, string, string, string];
        const seen = latest.get(custNo);
        if (seen && seen.asOf > asOf) return;
        const rec = this.b.begin('customer', custNo, core, 'customers', Number(rowId));
        if (seen) this.b.drop(seen.rec);
        latest.set(custNo, { rec, asOf });
        this.id('customer', custNo, 'cust_no', custNo);
        this.id('customer', custNo, 'id_card', idNo, idType);
        const mobile = this.id('customer', custNo, 'phone', phone);
        const mail = this.id('customer', custNo, 'email', email);
        const w = makeWeakFields({ name, birth, city, district, address, email: mail, phone: mobile });
        if (w) this.b.setWeak(w);
      },
    );
  }

  private async readIdentities(): Promise<void> {
    const { where, params } = this.batchWhere();
    const channels = new Map<string, number>();
    this.stats.rows.identities = await scanRows(this.db, this.ctx, 'identity.read.identities', 'identities', IDENTITY_COLUMNS, where, params, (f) => {
      const source = (f[1] ?? '').trim();
      const recordId = (f[2] ?? '').trim();
      if (!source || !recordId) return;
      let ch = channels.get(source);
      if (ch === undefined) {
        const c = channelOfLabel(source);
        ch = c ? channelCode(c) : channelCode('other');
        channels.set(source, ch);
      }
      this.b.begin(source, recordId, ch, 'identities', Number(f[0]));
      this.id(source, recordId, 'id_card', f[4] ?? '', f[3] ?? '');
      let mobile: string | null = null;
      let mail: string | null = null;
      for (let k = 0; k < ID_COLUMNS_IDENTITIES.length; k++) {
        const type = (ID_COLUMNS_IDENTITIES[k] as readonly [string, IdentifierType])[1];
        const v = this.id(source, recordId, type, f[8 + k] ?? '');
        if (type === 'phone') mobile = v;
        else if (type === 'email') mail = v;
      }
      const w = makeWeakFields({ name: f[5] ?? '', birth: f[6] ?? '', address: f[7] ?? '', email: mail, phone: mobile });
      if (w) this.b.setWeak(w);
    });
  }

  /**
   * Distinct identifier tuples of an event-like table. Rows are streamed and de-duplicated here: a GROUP BY in
   * sql.js sorts at ~4 µs a row, a JavaScript Set of the raw tuple text costs a fraction of that. Tuples that
   * normalise to the same values are one record.
   */
  private async readTuples(table: SourceTable, source: string, prefix: string, idCols: readonly string[], channelCol: string | null): Promise<void> {
    const { where, params } = this.batchWhere();
    const anyId = idCols.map((c) => `${c} IS NOT NULL`).join(' OR ');
    const cols = channelCol ? [...idCols, channelCol] : [...idCols];
    const rawSeen = new Set<string>();
    const seen = new Set<string>();
    const types = idCols.map((c) => c as IdentifierType);
    const values: (string | null)[] = new Array<string | null>(idCols.length).fill(null);
    const digital = new Set<IdentifierType>(['app_user_id', 'device_id', 'cookie_id', 'openid', 'unionid']);
    this.stats.rows[table] = await scanRows(this.db, this.ctx, `identity.read.${table}`, table, ['row_id', ...cols], `(${anyId}) AND ${where}`, params, (f) => {
      let raw = '';
      for (let k = 1; k < f.length; k++) raw += `${f[k] ?? ''}${FIELD_SEP}`;
      if (rawSeen.has(raw)) return;
      rawSeen.add(raw);
      let key = '';
      let any = false;
      let hasDigital = false;
      for (let k = 0; k < idCols.length; k++) {
        const cell = f[1 + k] ?? '';
        const type = types[k] as IdentifierType;
        const r = cell === '' ? null : normalizeIdentifier(type, cell);
        if (r && !r.ok) this.issues.invalidValue(source, r.type, r.code, cell, `${prefix}?`);
        const v = r && r.ok && this.opts.enabled.has(r.type) ? r.value : null;
        values[k] = v;
        if (v !== null) {
          any = true;
          if (digital.has(type)) hasDigital = true;
        }
        key += `${v ?? ''}${FIELD_SEP}`;
      }
      if (!any || seen.has(key)) return;
      seen.add(key);
      const label = channelCol ? (f[1 + idCols.length] ?? '') : '';
      const named = channelCol ? channelOfLabel(label) : null;
      const channel = channelCol === null ? NO_CHANNEL : channelCode(named ?? (table === 'notes' ? 'call_centre' : hasDigital ? guessDigital(values, types) : 'branch'));
      this.b.begin(source, `${prefix}${hashText(hash53(key))}`, channel, table, Number(f[0]));
      for (let k = 0; k < idCols.length; k++) {
        const v = values[k];
        if (v !== null && v !== undefined) this.b.addId(typeCode(types[k] as IdentifierType), v);
      }
    });
  }
}

function guessDigital(values: readonly (string | null)[], types: readonly IdentifierType[]): 'app' | 'web' | 'official_account' {
  const has = (t: IdentifierType): boolean => values[types.indexOf(t)] !== null && types.includes(t);
  if (has('device_id') || has('app_user_id')) return 'app';
  if (has('cookie_id')) return 'web';
  return 'official_account';
}

/** The record id an event, touch or note tuple gets (exported for tests that map rows to records). */
export function tupleRecordId(prefix: 'e' | 't' | 'n', normalizedValues: readonly (string | null)[]): string {
  let key = '';
  for (const v of normalizedValues) key += `${v ?? ''}${FIELD_SEP}`;
  return `${prefix}${hashText(hash53(key))}`;
}
