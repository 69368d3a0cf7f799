/**
 * Exact statistics of a key column — an identifier, or a column other files refer to — from one grouped query
 * streamed in value order: distinct values, top values, identifier checks once per distinct value, customers per
 * value (shared identifiers) and coverage against a referenced key set. Nothing is held per distinct value, so a
 * million different card numbers cost no memory; SQLite's sorter does the grouping (or an index, when the column
 * leads one), which measured no slower than counting in a JavaScript Map and keeps the heap flat.
 */
import type { Db, Row } from '#shared/db/database.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { checkIdentifier, type IdentifierType } from './identifierChecks.ts';
import { quoteIdent } from './qualityTables.ts';
import { TopK } from './valueTally.ts';

export interface KeyColumnOptions {
  readonly identifier: IdentifierType | null;
  /** Customer-number column: customers per value are counted when set (shared identifiers). */
  readonly customerKey: string | null;
  /** 证件类型 column passed to the ID check, so a passport number is checked as a passport. */
  readonly idTypeColumn: string | null;
  /** Keys of the referenced column, for coverage. */
  readonly targetKeys: ReadonlySet<string> | null;
  readonly topValues: number;
  readonly failureExamples: number;
  readonly sharedMinCustomers: number;
  readonly sharedListed: number;
  readonly orphanExamples: number;
}

export interface KeyColumnStats {
  /** Rows with a non-empty value. */
  readonly values: number;
  /** Rows holding an empty string (missing, like NULL). */
  readonly empties: number;
  readonly distinct: number;
  readonly top: readonly [string, number][];
  readonly invalid: number;
  readonly failures: ReadonlyMap<CellIssueCode, number>;
  /** Raw failing values: the caller masks them. */
  readonly examples: readonly string[];
  readonly sharedValues: number;
  /** Most-shared values: [value, customers, rows]. */
  readonly shared: readonly [string, number, number][];
  readonly matchedKeys: number;
  readonly rowsMatched: number;
  readonly orphans: readonly [string, number][];
}

type Cell = Row[string];

export function scanKeyColumn(db: Db, table: string, column: string, o: KeyColumnOptions): KeyColumnStats {
  const c = quoteIdent(column);
  const cust = o.customerKey && o.customerKey !== column ? quoteIdent(o.customerKey) : null;
  const idType = o.identifier === 'id_no' && o.idTypeColumn ? quoteIdent(o.idTypeColumn) : null;
  const keys = [c, ...(cust ? [cust] : []), ...(idType ? [idType] : [])].join(', ');
  const custAt = cust ? 1 : -1;
  const idTypeAt = idType ? (cust ? 2 : 1) : -1;
  const countAt = 1 + (cust ? 1 : 0) + (idType ? 1 : 0);

  let values = 0;
  let empties = 0;
  let distinct = 0;
  let invalid = 0;
  let sharedValues = 0;
  let matchedKeys = 0;
  let rowsMatched = 0;
  const top = new TopK(o.topValues);
  const shared: [string, number, number][] = [];
  const orphans = new TopK(o.orphanExamples);
  const failures = new Map<CellIssueCode, number>();
  const examples: string[] = [];

  // The group being read: rows arrive ordered by value, then customer, then 证件类型.
  let value: string | null = null;
  let rows = 0;
  let customers = 0;
  let lastCustomer: string | null = null;
  let lastLabel: string | null | undefined;
  let lastVerdict: CellIssueCode | null = null;

  const flush = (): void => {
    if (value === null) return;
    distinct++;
    values += rows;
    top.offer(value, rows);
    if (customers >= o.sharedMinCustomers) {
      sharedValues++;
      shared.push([value, customers, rows]);
    }
    if (o.targetKeys) {
      if (o.targetKeys.has(value)) {
        matchedKeys++;
        rowsMatched += rows;
      } else orphans.offer(value, rows);
    }
  };

  db.each(`SELECT ${keys}, count(*) FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL GROUP BY ${keys} ORDER BY ${keys}`, [], (row) => {
    const v = text(row[0] ?? null);
    const n = Number(row[countAt] ?? 0);
    if (v === '') {
      empties += n;
      return;
    }
    if (v !== value) {
      flush();
      value = v;
      rows = 0;
      customers = 0;
      lastCustomer = null;
      lastLabel = undefined;
    }
    rows += n;
    if (custAt >= 0) {
      const who = row[custAt] ?? null;
      const whoText = who === null ? null : text(who);
      if (whoText !== null && whoText !== '' && whoText !== lastCustomer) {
        customers++;
        lastCustomer = whoText;
      }
    }
    if (o.identifier) {
      const label = idTypeAt >= 0 ? nonEmpty(text(row[idTypeAt] ?? null)) : null;
      if (label !== lastLabel) {
        lastLabel = label;
        lastVerdict = checkIdentifier(o.identifier, v, label);
        if (lastVerdict !== null && examples.length < o.failureExamples && !examples.includes(v)) examples.push(v);
      }
      if (lastVerdict !== null) {
        invalid += n;
        failures.set(lastVerdict, (failures.get(lastVerdict) ?? 0) + n);
      }
    }
  });
  flush();

  shared.sort((a, b) => b[1] - a[1] || b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
  return {
    values,
    empties,
    distinct,
    top: top.entries(),
    invalid,
    failures,
    examples,
    sharedValues,
    shared: shared.slice(0, o.sharedListed),
    matchedKeys,
    rowsMatched,
    orphans: orphans.entries(),
  };
}

const nonEmpty = (s: string): string | null => (s === '' ? null : s);

/** A stored value as text (NULL is filtered out by the query). */
function text(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return `<${v.byteLength} bytes>`;
}
