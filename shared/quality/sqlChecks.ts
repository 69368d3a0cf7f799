/**
 * Type checks of stored numbers, flags and dates, written as SQL so they run inside the one aggregate pass over a
 * table. The import stores these types canonically (integers, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`), so a stored
 * value fails through a foreign or hand-edited workspace, or as a date that parses but is implausible (a birth
 * date after the as-of date).
 */
import type { FieldType } from '#shared/model/entities.ts';
import { parseDate, parseDateTime } from '#shared/values/dates.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { quoteIdent } from './qualityTables.ts';

export interface SqlCheck {
  /**
   * The cheap test run on every row in the aggregate pass: 1 for a value that may fail (it also flags empty
   * strings, and for dates it tests only length and range), NULL or 0 otherwise.
   */
  readonly suspect: string;
  /** The full test (1 when a present, non-empty value fails): counts and breaks down failures once suspected. */
  readonly strict: string;
  /** A CASE expression giving the issue code of a value that fails `strict`. */
  readonly code: string;
  /** For dates: whether a stored value (from a tally) is in canonical form; a false answer calls for `strict`. */
  readonly canonical: ((value: string) => boolean) | null;
}

/** The plausible range of dates, as parseDate's default years (1900–2100). */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2100-12-31';

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The SQL check of a column, or null for types checked elsewhere (identifiers, in JavaScript) or not at all (text).
 * `latestBirthDate` bounds birth dates: a customer cannot be born after the as-of date.
 */
export function sqlCheck(column: string, type: FieldType, latestBirthDate: string): SqlCheck | null {
  const c = quoteIdent(column);
  const notOfType = (types: string): string => `(typeof(${c}) NOT IN (${types}, 'null'))`;
  const simple = (suspect: string, code: CellIssueCode): SqlCheck => ({ suspect, strict: `(${suspect} AND ${c} <> '')`, code: lit(code), canonical: null });
  switch (type) {
    case 'int':
      return simple(notOfType("'integer'"), 'INT_INVALID');
    case 'money':
      return simple(notOfType("'integer'"), 'AMOUNT_INVALID');
    case 'real':
      return simple(notOfType("'integer', 'real'"), 'NUMBER_INVALID');
    case 'bool':
      return simple(`(${notOfType("'integer'")} OR ${c} NOT IN (0, 1))`, 'BOOL_INVALID');
    case 'date':
    case 'datetime': {
      const long = type === 'datetime';
      const present = `${c} IS NOT NULL AND ${c} <> ''`;
      const max = column === 'birth_date' && latestBirthDate < MAX_DATE ? latestBirthDate : MAX_DATE;
      const range = `(${c} NOT BETWEEN ${lit(MIN_DATE)} AND ${lit(long ? `${max} 23:59:59` : max)})`;
      // SQLite's date()/datetime() return NULL for unreadable text and roll 2023-02-30 over to March, so a value
      // that does not come back unchanged is not a canonical calendar date.
      const notCalendar = `(typeof(${c}) <> 'text' OR ${c} IS NOT ${long ? 'datetime' : 'date'}(${c}))`;
      return {
        suspect: `(length(${c}) <> ${long ? 19 : 10} OR ${range})`,
        strict: `(${present} AND (${notCalendar} OR ${range}))`,
        code: `CASE WHEN ${notCalendar} THEN ${lit('DATE_INVALID' satisfies CellIssueCode)} ELSE ${lit('DATE_OUT_OF_RANGE' satisfies CellIssueCode)} END`,
        canonical: long ? (v) => isSame(parseDateTime(v), v) : (v) => isSame(parseDate(v), v),
      };
    }
    default:
      return null;
  }
}

const isSame = (r: { ok: true; value: string } | { ok: false }, v: string): boolean => r.ok && r.value === v;
