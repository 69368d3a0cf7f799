/**
 * Which person an event, touch or note row belongs to. A row with a customer number belongs to that customer's
 * person. Otherwise ONE_ID resolution mapped its identifier tuple (one record per distinct tuple, see
 * docs/identity.md) and the row is looked up by the tuple's record id, computed exactly as resolution does.
 * Rows of persons who are not customers (prospects) belong to no row of the wide table.
 */
import type { IdentifierType } from '#shared/api/identityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { IDENTIFIER_TYPES } from '#shared/identity/identifierTypes.ts';
import { loadSettings } from '#shared/identity/identityStore.ts';
import { normalizeIdentifier } from '#shared/identity/normalizeIdentifiers.ts';
import { tupleRecordId } from '#shared/identity/sourceReader.ts';
import type { Persons } from './persons.ts';

export interface TupleLayout {
  /** `identity_map.source` of the table's records. */
  readonly source: 'event' | 'touch' | 'note';
  readonly prefix: 'e' | 't' | 'n';
  /** Identifier columns in resolution's order; each column is named after its identifier type. */
  readonly columns: readonly IdentifierType[];
}

export const EVENT_TUPLE: TupleLayout = { source: 'event', prefix: 'e', columns: ['cust_no', 'app_user_id', 'device_id', 'openid', 'unionid', 'cookie_id', 'phone'] };
export const TOUCH_TUPLE: TupleLayout = { source: 'touch', prefix: 't', columns: ['cust_no', 'phone', 'openid', 'device_id', 'app_user_id'] };
export const NOTE_TUPLE: TupleLayout = { source: 'note', prefix: 'n', columns: ['cust_no', 'phone'] };

const SEP = '\u001f';

export class FactOwners {
  private readonly records = new Map<string, number>();
  private readonly cache = new Map<string, number>();
  private readonly enabled: ReadonlySet<IdentifierType>;
  private readonly values: (string | null)[];

  constructor(
    db: Db,
    private readonly persons: Persons,
    private readonly layout: TupleLayout,
  ) {
    const settings = loadSettings(db);
    this.enabled = new Set(IDENTIFIER_TYPES.filter((d) => settings.rules[d.type].enabled).map((d) => d.type));
    this.values = new Array<string | null>(layout.columns.length).fill(null);
    db.each('SELECT record_id, one_id FROM identity_map WHERE source = ?', [layout.source], (r) => {
      const i = persons.indexOfOneId(String(r[1]));
      if (i >= 0) this.records.set(String(r[0]), i);
    });
  }

  /**
   * The person of a row given its identifier cells (in {@link TupleLayout.columns} order, '' for NULL) starting
   * at `offset` in `fields`; −1 when it belongs to nobody in the wide table.
   */
  ownerOf(fields: readonly string[], offset: number): number {
    const custNo = fields[offset] ?? '';
    if (custNo !== '') {
      const i = this.persons.indexOfCustNo(custNo);
      if (i >= 0) return i;
    }
    if (this.records.size === 0) return -1;
    let raw = '';
    for (let k = 0; k < this.layout.columns.length; k++) raw += (fields[offset + k] ?? '') + SEP;
    let owner = this.cache.get(raw);
    if (owner === undefined) {
      owner = this.resolve(fields, offset);
      this.cache.set(raw, owner);
    }
    return owner;
  }

  private resolve(fields: readonly string[], offset: number): number {
    let any = false;
    for (let k = 0; k < this.layout.columns.length; k++) {
      const cell = fields[offset + k] ?? '';
      const r = cell === '' ? null : normalizeIdentifier(this.layout.columns[k] as IdentifierType, cell);
      const v = r && r.ok && this.enabled.has(r.type) ? r.value : null;
      this.values[k] = v;
      if (v !== null) any = true;
    }
    if (!any) return -1;
    return this.records.get(tupleRecordId(this.layout.prefix, this.values)) ?? -1;
  }
}
