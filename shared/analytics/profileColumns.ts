/**
 * One column of `customer_profile` as a typed array in universe order (see universe.ts): numbers, money (fen),
 * booleans (0/1) and dates (day numbers, days.ts) as Float64Array with NaN for missing; text as dictionary
 * codes (Int32Array, −1 for missing) with the dictionary sorted, so value lists come out in a stable order.
 */
import type { Db } from '#shared/db/database.ts';
import type { ProfileColumnType } from '#shared/profile/profileSchema.ts';
import { dayNumber } from './days.ts';
import { PROFILE_TABLE } from './universe.ts';

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly type: Exclude<ProfileColumnType, 'text'>;
  readonly values: Float64Array;
}

export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  readonly type: 'text';
  readonly codes: Int32Array;
  /** Distinct values in code order (sorted). */
  readonly dict: readonly string[];
}

export type Column = NumericColumn | TextColumn;

function toNumber(type: Exclude<ProfileColumnType, 'text'>, v: unknown): number {
  if (v === null || v === undefined) return Number.NaN;
  if (type === 'date') return typeof v === 'string' ? dayNumber(v) : Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? Number.NaN : Number(t);
  }
  return Number.NaN;
}

/**
 * Reads one column in universe order. `n` is the universe size the caller holds; a table whose row count no
 * longer matches it changed underneath and the caller must reload (the data version guards this in practice).
 */
export function loadColumn(db: Db, name: string, type: ProfileColumnType, n: number): Column {
  // The name comes from the profile schema and was checked against PRAGMA table_info; quoting keeps it inert.
  const sql = `SELECT "${name.replace(/"/g, '""')}" FROM ${PROFILE_TABLE} NOT INDEXED`;
  if (type === 'text') {
    const raw = new Int32Array(n).fill(-1);
    const seen = new Map<string, number>();
    const values: string[] = [];
    let i = 0;
    db.each(sql, [], (row) => {
      const v = row[0];
      if (i < n && v !== null && v !== undefined) {
        const s = typeof v === 'string' ? v : String(v);
        let c = seen.get(s);
        if (c === undefined) {
          c = values.length;
          seen.set(s, c);
          values.push(s);
        }
        raw[i] = c;
      }
      i++;
    });
    const order = values.map((_, k) => k).sort((a, b) => ((values[a] ?? '') < (values[b] ?? '') ? -1 : 1));
    const remap = new Int32Array(values.length);
    order.forEach((old, pos) => (remap[old] = pos));
    for (let k = 0; k < n; k++) {
      const c = raw[k] ?? -1;
      if (c >= 0) raw[k] = remap[c] ?? -1;
    }
    return { kind: 'text', name, type, codes: raw, dict: order.map((k) => values[k] ?? '') };
  }
  const out = new Float64Array(n).fill(Number.NaN);
  let i = 0;
  db.each(sql, [], (row) => {
    if (i < n) out[i] = toNumber(type, row[0]);
    i++;
  });
  return { kind: 'numeric', name, type, values: out };
}
