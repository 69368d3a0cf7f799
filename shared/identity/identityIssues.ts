/**
 * Identifier values resolution did not link on, aggregated for the `identity_issue` table and the quality
 * report. Values are masked before they are kept.
 */
import type { IdentifierType, IssueKind } from '#shared/api/identityTypes.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { IDENTIFIER_TYPES, typeCode } from './identifierTypes.ts';

export interface IssueRecord {
  readonly kind: IssueKind;
  readonly idType: IdentifierType | null;
  readonly code: string | null;
  readonly source: string | null;
  readonly recordId: string | null;
  readonly valueMasked: string | null;
  records: number;
  readonly persons: number | null;
  readonly detail: Readonly<Record<string, string | number>>;
}

/** Distinct invalid values kept per (source, type, code); more are counted in one row without a value. */
const MAX_DISTINCT_INVALID = 20;

/** Masks an identifier by its personal-data class; ids without one keep their first and last two characters. */
export function maskIdentifier(type: IdentifierType | null, value: string): string {
  const pii = type ? IDENTIFIER_TYPES[typeCode(type)]?.pii : null;
  if (pii) return maskValue(pii, value);
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 8))}${value.slice(-2)}`;
}

export class IssueCollector {
  readonly rows: IssueRecord[] = [];
  private readonly invalid = new Map<string, IssueRecord>();
  private readonly distinct = new Map<string, number>();

  /** An identifier cell that failed normalisation (placeholder, bad check digit, wrong shape). */
  invalidValue(source: string, type: IdentifierType, code: string, raw: string, recordId: string): void {
    const group = `${source}\u001f${type}\u001f${code}`;
    const key = `${group}\u001f${raw}`;
    const existing = this.invalid.get(key);
    if (existing) {
      existing.records++;
      return;
    }
    const kept = this.distinct.get(group) ?? 0;
    if (kept >= MAX_DISTINCT_INVALID) {
      const restKey = `${group}\u001f`;
      const rest = this.invalid.get(restKey);
      if (rest) rest.records++;
      else this.push(restKey, { kind: 'invalid', idType: type, code, source, recordId: null, valueMasked: null, records: 1, persons: null, detail: { more: 1 } });
      return;
    }
    this.distinct.set(group, kept + 1);
    this.push(key, { kind: 'invalid', idType: type, code, source, recordId, valueMasked: maskIdentifier(type, raw), records: 1, persons: null, detail: {} });
  }

  private push(key: string, r: IssueRecord): void {
    this.invalid.set(key, r);
    this.rows.push(r);
  }

  add(r: IssueRecord): void {
    this.rows.push(r);
  }
}
