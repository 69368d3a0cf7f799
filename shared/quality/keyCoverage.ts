/** Cross-file key coverage: how many keys of one file exist in the file they refer to. */
import type { KeyCoverage } from '#shared/api/qualityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { ENTITIES } from '#shared/model/entities.ts';
import { quoteIdent } from './qualityTables.ts';
import type { KeyColumnStats } from './keyColumnScan.ts';

export interface KeyReference {
  readonly fromTable: string;
  readonly fromColumn: string;
  readonly toTable: string;
  readonly toColumn: string;
}

/**
 * Every table with rows of customers refers to customers.cust_no (from the model's `customerKey`); account and
 * product references are the ones the model has no declaration for, listed here.
 */
export const KEY_REFERENCES: readonly KeyReference[] = [
  ...ENTITIES.filter((e) => e.customerKey && e.kind !== 'customers').map((e) => ({
    fromTable: e.table,
    fromColumn: e.customerKey ?? '',
    toTable: 'customers',
    toColumn: 'cust_no',
  })),
  { fromTable: 'transactions', fromColumn: 'account_no', toTable: 'accounts', toColumn: 'account_no' },
  { fromTable: 'holdings', fromColumn: 'account_no', toTable: 'accounts', toColumn: 'account_no' },
  { fromTable: 'holdings', fromColumn: 'product_code', toTable: 'products', toColumn: 'product_code' },
];

/** Distinct non-missing keys of a target column (one index or table scan; cached per report by the caller). */
export function loadKeySet(db: Db, table: string, column: string): Set<string> {
  const keys = new Set<string>();
  const c = quoteIdent(column);
  db.each(`SELECT DISTINCT ${c} FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL AND ${c} <> ''`, [], (row) => {
    const v = row[0];
    if (typeof v === 'string' || typeof v === 'number') keys.add(String(v));
  });
  return keys;
}

/**
 * Coverage of a source column's keys (counted by `scanKeyColumn` against the target's keys). `mask` hides
 * personal-data keys (account numbers) in the orphan examples.
 */
export function keyCoverage(ref: KeyReference, stats: KeyColumnStats, toRows: number, mask: (v: string) => string): KeyCoverage {
  return {
    ...ref,
    toRows,
    distinctKeys: stats.distinct,
    matchedKeys: stats.matchedKeys,
    coverage: stats.distinct === 0 ? 0 : stats.matchedKeys / stats.distinct,
    rowsWithKey: stats.values,
    rowsMatched: stats.rowsMatched,
    rowCoverage: stats.values === 0 ? 0 : stats.rowsMatched / stats.values,
    orphanExamples: stats.orphans.map(([value, count]) => ({ value: mask(value), count })),
  };
}
