/** DDL of `customer_profile`, generated from {@link PROFILE_COLUMNS} (the contract every feature reads). */
import { PROFILE_COLUMNS, type ProfileColumnType } from './profileSchema.ts';

export const PROFILE_TABLE = 'customer_profile';

function sqlType(t: ProfileColumnType): string {
  switch (t) {
    case 'int':
    case 'money':
    case 'bool':
      return 'INTEGER';
    case 'real':
      return 'REAL';
    default:
      return 'TEXT';
  }
}

/**
 * `CREATE TABLE` of the wide table. `one_id` is the primary key; rows are written in ONE_ID order, so the
 * table's storage order is ONE_ID order too.
 */
export function profileTableDdl(table = PROFILE_TABLE): string {
  const cols = PROFILE_COLUMNS.map((c) => (c.name === 'one_id' ? '  one_id TEXT NOT NULL PRIMARY KEY' : `  ${c.name} ${sqlType(c.type)}`));
  return `CREATE TABLE ${table} (\n${cols.join(',\n')}\n)`;
}
