import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import { sqlType, type FieldType } from '#shared/model/entities.ts';
import { quoteId } from './tableWriter.ts';

/** A column of a generic imported table, as recorded in `user_table.columns`. */
export interface UserTableColumn {
  readonly name: string;
  readonly type: FieldType;
  /** The source header it came from. */
  readonly header: string;
}

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>([
  'text', 'int', 'real', 'money', 'date', 'datetime', 'bool', 'phone', 'id_no', 'email', 'card_no', 'openid', 'unionid', 'device_id',
]);

/** The recorded columns of a generic table, or null when the table does not exist yet. */
export function userTableColumns(db: Db, table: string): UserTableColumn[] | null {
  const row = db.get<{ columns: string }>('SELECT columns FROM user_table WHERE table_name = ?', [table]);
  if (!row) return null;
  const parsed = JSON.parse(row.columns) as unknown;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (c): c is UserTableColumn =>
      typeof c === 'object' && c !== null && typeof (c as UserTableColumn).name === 'string' && FIELD_TYPES.has((c as UserTableColumn).type),
  );
}

/**
 * Creates a generic table `t_<name>` (typed columns plus the system columns every imported table has, with
 * `row_key` unique so re-imports de-duplicate), or adds the columns a new file brings to an existing one, and
 * records its columns in `user_table`. Runs inside the file's transaction, so a cancelled import leaves no table.
 */
export function ensureGenericTable(db: Db, host: Pick<Host, 'now'>, table: string, label: string, columns: readonly UserTableColumn[]): void {
  const existing = userTableColumns(db, table);
  const exists = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [table]) !== 0;
  if (!exists) {
    const cols = columns.map((c) => `  ${quoteId(c.name)} ${sqlType(c.type)}`);
    db.exec(`CREATE TABLE ${quoteId(table)} (
  row_id INTEGER PRIMARY KEY,
${cols.join(',\n')}${cols.length > 0 ? ',' : ''}
  row_key TEXT NOT NULL UNIQUE,
  extra TEXT,
  src_file INTEGER NOT NULL,
  src_batch INTEGER NOT NULL,
  src_row INTEGER NOT NULL
)`);
  } else {
    const present = new Set(db.all<{ name: string }>(`PRAGMA table_info(${quoteId(table)})`).map((r) => r.name));
    for (const c of columns) if (!present.has(c.name)) db.exec(`ALTER TABLE ${quoteId(table)} ADD COLUMN ${quoteId(c.name)} ${sqlType(c.type)}`);
  }
  const merged = [...(existing ?? [])];
  for (const c of columns) if (!merged.some((m) => m.name === c.name)) merged.push(c);
  db.run(
    `INSERT INTO user_table(table_name, label, columns, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(table_name) DO UPDATE SET columns = excluded.columns`,
    [table, label, JSON.stringify(merged), new Date(host.now()).toISOString()],
  );
}
