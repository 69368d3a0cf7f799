/**
 * A record's identifiers and weak fields as the person graph and the review queue show them, fetched from its
 * source row (by `identity_map.row_ref`, or by key when the row predates the map) and masked unless revealed.
 */
import type { IdentifierType, IdentifierView } from '#shared/api/identityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { maskIdentifier } from './identityIssues.ts';
import { normalizeIdentifier } from './normalizeIdentifiers.ts';

export interface RecordFields {
  readonly identifiers: IdentifierView[];
  readonly fields: Record<string, string>;
  /** Normalised identifier values (unmasked), for recomputing edges; never returned to callers. */
  readonly raw: { readonly type: IdentifierType; readonly value: string }[];
}

interface Layout {
  readonly table: string;
  readonly ids: readonly (readonly [string, IdentifierType])[];
  readonly weak: readonly string[];
}

const LAYOUTS: Readonly<Record<string, Layout>> = {
  customer: {
    table: 'customers',
    ids: [['cust_no', 'cust_no'], ['id_no', 'id_card'], ['phone', 'phone'], ['email', 'email']],
    weak: ['name', 'birth_date', 'province', 'city', 'district', 'address'],
  },
  event: {
    table: 'events',
    ids: [['cust_no', 'cust_no'], ['app_user_id', 'app_user_id'], ['device_id', 'device_id'], ['openid', 'openid'], ['unionid', 'unionid'], ['cookie_id', 'cookie_id'], ['phone', 'phone']],
    weak: ['channel'],
  },
  touch: {
    table: 'touches',
    ids: [['cust_no', 'cust_no'], ['phone', 'phone'], ['openid', 'openid'], ['device_id', 'device_id'], ['app_user_id', 'app_user_id']],
    weak: ['channel'],
  },
  note: { table: 'notes', ids: [['cust_no', 'cust_no'], ['phone', 'phone']], weak: ['channel'] },
};

const IDENTITIES: Layout = {
  table: 'identities',
  ids: [
    ['cust_no', 'cust_no'], ['app_user_id', 'app_user_id'], ['device_id', 'device_id'], ['openid', 'openid'], ['unionid', 'unionid'], ['phone', 'phone'],
    ['id_no', 'id_card'], ['card_no', 'card_no'], ['email', 'email'],
  ],
  weak: ['name', 'birth_date', 'address'],
};

const WEAK_PII: Readonly<Record<string, 'name' | 'address' | null>> = { name: 'name', address: 'address', birth_date: null, province: null, city: null, district: null, channel: null };

/** Fetches and normalises the fields of one record; null when its row is gone. */
export function recordFields(db: Db, source: string, recordId: string, rowRef: number | null, unmasked: boolean): RecordFields | null {
  const layout = LAYOUTS[source] ?? IDENTITIES;
  const cols = [...layout.ids.map(([c]) => c), ...layout.weak, ...(layout === IDENTITIES || source === 'customer' ? ['id_type'] : [])];
  let row: Record<string, unknown> | undefined;
  if (rowRef !== null) row = db.get(`SELECT ${cols.join(', ')} FROM ${layout.table} WHERE row_id = ?`, [rowRef]);
  if (!row && source === 'customer') row = db.get(`SELECT ${cols.join(', ')} FROM customers_latest WHERE cust_no = ?`, [recordId]);
  if (!row && layout === IDENTITIES) row = db.get(`SELECT ${cols.join(', ')} FROM identities WHERE source_system = ? AND record_id = ?`, [source, recordId]);
  if (!row) return null;
  const identifiers: IdentifierView[] = [];
  const raw: { type: IdentifierType; value: string }[] = [];
  for (const [col, type] of layout.ids) {
    const v = row[col];
    if (typeof v !== 'string' || v === '') continue;
    const n = normalizeIdentifier(type, v, typeof row.id_type === 'string' ? row.id_type : null);
    if (!n || !n.ok) continue;
    raw.push({ type: n.type, value: n.value });
    identifiers.push({ type: n.type, value: unmasked ? n.value : maskIdentifier(n.type, n.value) });
  }
  const fields: Record<string, string> = {};
  for (const col of layout.weak) {
    const v = row[col];
    if (typeof v !== 'string' || v === '') continue;
    const pii = WEAK_PII[col] ?? null;
    fields[col] = unmasked || !pii ? v : maskValue(pii, v);
  }
  return { identifiers, fields, raw };
}
