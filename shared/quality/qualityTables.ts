/**
 * What the quality report looks at: every entity table of the data model, then the generic tables imported with
 * kind `table` (listed in `user_table`, column types inferred at import).
 */
import type { Db } from '#shared/db/database.ts';
import { SYSTEM_COLUMNS } from '#shared/db/schema.ts';
import { ENTITIES, type FieldType, type PiiType } from '#shared/model/entities.ts';
import { userTableColumns } from '#shared/ingest/genericTable.ts';
import { sensitiveColumns } from '#shared/privacy/register.ts';

export interface QualityColumnSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly zh: string | null;
  readonly en: string | null;
  readonly pii: PiiType | null;
}

export interface QualityTableSpec {
  readonly table: string;
  readonly kind: string;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly QualityColumnSpec[];
  /** Column holding the customer number, when rows belong to customers (shared-identifier check). */
  readonly customerKey: string | null;
}

/** Identifier types are personal data by themselves, even where the register does not list the column. */
function piiOfType(type: FieldType): PiiType | null {
  switch (type) {
    case 'phone':
    case 'id_no':
    case 'email':
    case 'card_no':
    case 'openid':
    case 'unionid':
    case 'device_id':
      return type;
    default:
      return null;
  }
}

/** Quotes an SQL identifier (generic tables keep header-derived column names). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Entity tables in model order, then generic tables by name. */
export function qualityTables(db: Db): QualityTableSpec[] {
  const pii = sensitiveColumns(db);
  const out: QualityTableSpec[] = ENTITIES.map((e) => {
    const registered = pii.get(e.table);
    return {
      table: e.table,
      kind: e.kind,
      zh: e.zh,
      en: e.en,
      customerKey: e.customerKey ?? null,
      columns: e.fields.map((fd) => ({
        name: fd.name,
        type: fd.type,
        zh: fd.zh,
        en: fd.en,
        pii: registered?.get(fd.name) ?? fd.pii ?? piiOfType(fd.type),
      })),
    };
  });
  for (const t of db.all<{ table_name: string; label: string }>('SELECT table_name, label FROM user_table ORDER BY table_name')) {
    const stored = db.all<{ name: string; type: string }>(`PRAGMA table_info(${quoteIdent(t.table_name)})`);
    if (stored.length === 0) continue;
    const declared = new Map((userTableColumns(db, t.table_name) ?? []).map((c) => [c.name, c]));
    const registered = pii.get(t.table_name);
    const columns: QualityColumnSpec[] = stored
      .filter((c) => !SYSTEM_COLUMN_NAMES.has(c.name))
      .map((c) => {
        const d = declared.get(c.name);
        const type = d?.type ?? typeOfStorage(c.type);
        return { name: c.name, type, zh: d?.header ?? null, en: d?.header ?? null, pii: registered?.get(c.name) ?? piiOfType(type) };
      });
    out.push({ table: t.table_name, kind: 'table', zh: t.label, en: t.label, customerKey: null, columns });
  }
  return out;
}

const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(SYSTEM_COLUMNS);

/** A column the recorded metadata does not describe (added by hand, or an older workspace): its storage class. */
function typeOfStorage(sqlType: string): FieldType {
  const t = sqlType.toUpperCase();
  if (t.includes('INT')) return 'int';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  return 'text';
}
