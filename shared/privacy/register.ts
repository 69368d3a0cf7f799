import type { Db } from '#shared/db/database.ts';
import { ENTITIES, type PiiType } from '#shared/model/entities.ts';

const PII_TYPES: ReadonlySet<string> = new Set<PiiType>(['name', 'phone', 'id_no', 'card_no', 'account_no', 'address', 'email', 'openid', 'unionid', 'device_id']);

export function isPiiType(v: unknown): v is PiiType {
  return typeof v === 'string' && PII_TYPES.has(v);
}

/** table → column → class, from the model's declared fields plus what import detection and the user added. */
export function sensitiveColumns(db: Db): Map<string, Map<string, PiiType>> {
  const out = new Map<string, Map<string, PiiType>>();
  const put = (table: string, column: string, type: PiiType): void => {
    let m = out.get(table);
    if (!m) out.set(table, (m = new Map<string, PiiType>()));
    m.set(column, type);
  };
  for (const e of ENTITIES) for (const fd of e.fields) if (fd.pii) put(e.table, fd.name, fd.pii);
  for (const r of db.all<{ table_name: string; column_name: string; pii_type: string }>('SELECT table_name, column_name, pii_type FROM sensitive_column')) {
    if (isPiiType(r.pii_type)) put(r.table_name, r.column_name, r.pii_type);
  }
  return out;
}

/** Column name → class over all tables: for query output whose source table is unknown. */
export function sensitiveColumnNames(db: Db): Map<string, PiiType> {
  const out = new Map<string, PiiType>();
  for (const cols of sensitiveColumns(db).values()) for (const [c, t] of cols) out.set(c, t);
  return out;
}

export function registerSensitiveColumn(db: Db, table: string, column: string, type: PiiType, source: 'detected' | 'user'): void {
  db.run(
    `INSERT INTO sensitive_column(table_name, column_name, pii_type, source) VALUES (?, ?, ?, ?)
     ON CONFLICT(table_name, column_name) DO UPDATE SET pii_type = excluded.pii_type, source = excluded.source
     WHERE sensitive_column.source <> 'user' OR excluded.source = 'user'`,
    [table, column, type, source],
  );
}
