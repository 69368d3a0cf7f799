/**
 * The side-by-side rows of a review item: the weak fields the match weight was computed on, each with its
 * comparison level and Bayes factor, then every identifier either record carries, then the remaining fields.
 */
import type { FieldEvidence, IdentifierType, ReviewItem, ReviewSide } from '#shared/api/identityTypes.ts';
import { IDENTIFIER_TYPES } from './identityLabels.ts';

export type Comparison = 'same' | 'differ' | 'oneSide';

export interface CompareRow {
  readonly key: string;
  /** A weak-field name (`name`, `area` …) or an identifier type. */
  readonly label: string;
  readonly kind: 'field' | 'identifier';
  readonly a: string;
  readonly b: string;
  /** Null when neither side has a value. */
  readonly comparison: Comparison | null;
  /** The identifier an over-cap pair shares (the reason it is in review). */
  readonly shared: boolean;
  readonly evidence: FieldEvidence | null;
}

/** Weak fields in the order the match model compares them, then the rest. */
const EVIDENCE_FIELDS = ['name', 'birth_date', 'area', 'email'] as const;
const OTHER_FIELDS = ['channel'] as const;

/** The area a record is in as the model compares it: province, city and district, else the address. */
export function areaOf(side: ReviewSide): string {
  const parts = ['province', 'city', 'district'].map((k) => side.fields[k] ?? '').filter((v) => v !== '');
  return parts.length > 0 ? parts.join('') : (side.fields.address ?? '');
}

function idValues(side: ReviewSide, type: IdentifierType): string[] {
  return side.identifiers.filter((x) => x.type === type).map((x) => x.value);
}

function compareValues(a: readonly string[], b: readonly string[]): Comparison | null {
  if (a.length === 0 && b.length === 0) return null;
  if (a.length === 0 || b.length === 0) return 'oneSide';
  return a.some((v) => b.includes(v)) ? 'same' : 'differ';
}

function fieldValues(side: ReviewSide, field: string): string[] {
  if (field === 'area') {
    const area = areaOf(side);
    return area ? [area] : [];
  }
  if (field === 'email') return idValues(side, 'email');
  const v = side.fields[field];
  return v ? [v] : [];
}

/** Rows comparing the two records of `item`. */
export function compareRows(item: ReviewItem): CompareRow[] {
  const rows: CompareRow[] = [];
  const evidence = new Map(item.evidence.map((e) => [e.field, e]));
  const row = (key: string, label: string, kind: CompareRow['kind'], a: readonly string[], b: readonly string[], ev: FieldEvidence | null, shared = false): void => {
    const comparison = compareValues(a, b);
    if (comparison === null && ev === null && !shared) return;
    rows.push({ key, label, kind, a: a.join(' · '), b: b.join(' · '), comparison, shared, evidence: ev });
  };
  for (const f of EVIDENCE_FIELDS) {
    if (f === 'email') continue;
    row(`field:${f}`, f, 'field', fieldValues(item.a, f), fieldValues(item.b, f), evidence.get(f) ?? null);
  }
  for (const type of IDENTIFIER_TYPES) {
    const ev = type === 'email' ? (evidence.get('email') ?? null) : null;
    row(`id:${type}`, type, 'identifier', idValues(item.a, type), idValues(item.b, type), ev, item.kind === 'over_cap' && item.idType === type);
  }
  for (const f of OTHER_FIELDS) row(`field:${f}`, f, 'field', fieldValues(item.a, f), fieldValues(item.b, f), null);
  // Evidence on a field this list does not know yet is still shown.
  const known = new Set<string>([...EVIDENCE_FIELDS, ...OTHER_FIELDS]);
  for (const e of item.evidence) if (!known.has(e.field)) row(`field:${e.field}`, e.field, 'field', fieldValues(item.a, e.field), fieldValues(item.b, e.field), e);
  return rows;
}

