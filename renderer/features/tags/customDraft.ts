/**
 * The custom-tag editor's draft: conditions as the form holds them (text inputs) and their conversion to the
 * engine's rule. Numbers typed for numeric columns become numbers; `in` takes a comma-separated list.
 */
import type { CustomTagRule, TagCondition } from '#shared/api/tagTypes.ts';
import { profileColumn } from '#shared/profile/profileSchema.ts';

export type ColumnOp = Extract<TagCondition, { kind: 'column' }>['op'];
export type BehaviourTable = Extract<TagCondition, { kind: 'behaviour' }>['table'];

export type DraftCondition =
  | { readonly kind: 'column'; readonly column: string; readonly op: ColumnOp; readonly value: string }
  | { readonly kind: 'behaviour'; readonly table: BehaviourTable; readonly days: string; readonly min: string; readonly column: string; readonly contains: string }
  | { readonly kind: 'tag'; readonly tag: string; readonly value: string; readonly negate: boolean };

export interface Draft {
  readonly zh: string;
  readonly en: string;
  readonly definition: string;
  readonly match: 'all' | 'any';
  readonly conditions: readonly DraftCondition[];
}

export const EMPTY_DRAFT: Draft = { zh: '', en: '', definition: '', match: 'all', conditions: [] };

export const COLUMN_OPS: readonly ColumnOp[] = ['=', '!=', '>', '>=', '<', '<=', 'in', 'contains', 'empty', 'notEmpty'];
export const BEHAVIOUR_TABLES: readonly BehaviourTable[] = ['transactions', 'events', 'touches', 'notes'];

export function newCondition(kind: DraftCondition['kind']): DraftCondition {
  if (kind === 'column') return { kind, column: 'aum_fen', op: '>=', value: '' };
  if (kind === 'behaviour') return { kind, table: 'transactions', days: '30', min: '1', column: '', contains: '' };
  return { kind, tag: '', value: '', negate: false };
}

function scalar(column: string, text: string): string | number {
  const col = profileColumn(column);
  const numeric = col !== undefined && col.type !== 'text' && col.type !== 'date';
  const n = Number(text.trim());
  return numeric && text.trim() !== '' && Number.isFinite(n) ? n : text.trim();
}

export function draftToRule(d: Draft): CustomTagRule {
  const conditions = d.conditions.map((c): TagCondition => {
    if (c.kind === 'column') {
      if (c.op === 'empty' || c.op === 'notEmpty') return { kind: 'column', column: c.column, op: c.op };
      if (c.op === 'in') return { kind: 'column', column: c.column, op: 'in', value: c.value.split(/[,，]/).map((v) => scalar(c.column, v)).filter((v) => v !== '') };
      return { kind: 'column', column: c.column, op: c.op, value: scalar(c.column, c.value) };
    }
    if (c.kind === 'behaviour') {
      const base = { kind: 'behaviour' as const, table: c.table, days: Number(c.days), min: Number(c.min) };
      return c.column && c.contains.trim() ? { ...base, column: c.column, contains: c.contains.trim() } : base;
    }
    return { kind: 'tag', tag: c.tag, negate: c.negate, ...(c.value.trim() ? { value: c.value.trim() } : {}) };
  });
  return { match: d.match, conditions };
}

export function ruleToDraft(rule: CustomTagRule): Draft['conditions'] {
  return rule.conditions.map((c): DraftCondition => {
    if (c.kind === 'column') return { kind: 'column', column: c.column, op: c.op, value: Array.isArray(c.value) ? c.value.join(',') : c.value === undefined ? '' : String(c.value) };
    if (c.kind === 'behaviour') return { kind: 'behaviour', table: c.table, days: String(c.days), min: String(c.min), column: c.column ?? '', contains: c.contains ?? '' };
    return { kind: 'tag', tag: c.tag, value: c.value ?? '', negate: c.negate ?? false };
  });
}
