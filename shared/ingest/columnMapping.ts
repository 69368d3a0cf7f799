import { ExpectedError } from '#shared/api/errors.ts';
import type { ColumnMapping, ColumnMappingEntry } from '#shared/api/ingestTypes.ts';
import { ENTITIES, entityDef, isEntityKind, type EntityDef, type EntityKind, type FieldDef, type FieldType } from '#shared/model/entities.ts';
import { detectPiiByShape } from '#shared/privacy/mask.ts';
import { isMissing } from '#shared/values/missing.ts';
import { moneyUnitFromHeader } from '#shared/values/money.ts';
import { inferColumnType } from '#shared/values/inferType.ts';
import { parseValue } from '#shared/values/parseValue.ts';
import { columnNameFor, fieldIndex, headerKey, isReservedColumn, tableNameFor } from './headerNames.ts';

/** A column of the file as the mapper sees it: its header and some of its values. */
export interface ColumnSample {
  readonly header: string;
  readonly values: readonly string[];
}

/** What a column's values look like, for suggestions when its header is unknown. */
export type ContentClass = 'id_no' | 'phone' | 'email' | 'card_no' | 'longtext' | 'date' | 'datetime';

/** Share of non-missing sample values that must agree before the content decides. */
const CONTENT_AGREEMENT = 0.9;

/**
 * Classifies a column by its values: valid 身份证 numbers, 11-digit mobiles, e-mails, card numbers (by shape,
 * then validated by the value parsers), long free text (mostly Chinese, 10+ characters on average), dates.
 */
export function contentClass(values: readonly string[]): ContentClass | null {
  const present = values.filter((v) => !isMissing(v)).slice(0, 300);
  if (present.length === 0) return null;
  const need = Math.ceil(present.length * CONTENT_AGREEMENT);
  const shapes = new Map<string, number>();
  for (const v of present) {
    const s = detectPiiByShape(v);
    if (s) shapes.set(s, (shapes.get(s) ?? 0) + 1);
  }
  for (const [shape, n] of shapes) {
    if (n < need) continue;
    const type = shape as 'phone' | 'id_no' | 'card_no' | 'email';
    const valid = present.filter((v) => parseValue(type, v).ok).length;
    if (valid >= need) return type;
  }
  const guess = inferColumnType(present);
  if ((guess.type === 'date' || guess.type === 'datetime') && guess.conformity >= CONTENT_AGREEMENT) return guess.type;
  if (guess.type === 'text' || guess.type === 'empty') {
    let chars = 0;
    let cjk = 0;
    for (const v of present) {
      chars += v.length;
      if (/[\u4e00-\u9fff]/.test(v)) cjk++;
    }
    if (chars / present.length >= 10 && cjk >= present.length / 2) return 'longtext';
  }
  return null;
}

const CONTENT_FIELD_TYPE: Partial<Record<ContentClass, FieldType>> = { id_no: 'id_no', phone: 'phone', email: 'email', card_no: 'card_no' };

/** Column index → field for one kind: header synonyms first, then content for the columns still unmatched. */
export function matchColumns(def: EntityDef, columns: readonly ColumnSample[], contents: readonly (ContentClass | null)[]): Map<number, FieldDef> {
  const idx = fieldIndex(def);
  const out = new Map<number, FieldDef>();
  const taken = new Set<string>();
  columns.forEach((c, i) => {
    const fd = idx.get(headerKey(c.header));
    if (fd && !taken.has(fd.name)) {
      out.set(i, fd);
      taken.add(fd.name);
    }
  });
  contents.forEach((cls, i) => {
    if (cls === null || out.has(i)) return;
    let fd: FieldDef | undefined;
    const wanted = CONTENT_FIELD_TYPE[cls];
    if (wanted) fd = def.fields.find((f) => f.type === wanted && !taken.has(f.name));
    else if (cls === 'longtext') fd = def.fields.find((f) => f.name === 'text' && !taken.has(f.name));
    else if (def.timeField && !taken.has(def.timeField)) fd = def.fields.find((f) => f.name === def.timeField);
    if (fd) {
      out.set(i, fd);
      taken.add(fd.name);
    }
  });
  return out;
}

export interface KindScore {
  readonly kind: EntityKind;
  /** 0–1: share of the file's columns the kind explains, cut to a quarter when a required field is missing. */
  readonly score: number;
  readonly matched: number;
  readonly requiredMissing: readonly string[];
}

/** Scores every entity kind against the file's columns; best first. */
export function scoreKinds(columns: readonly ColumnSample[], contents: readonly (ContentClass | null)[]): KindScore[] {
  const named = columns.filter((c) => c.header.trim() !== '').length || 1;
  return ENTITIES.map((def) => {
    const m = matchColumns(def, columns, contents);
    const mapped = new Set([...m.values()].map((f) => f.name));
    const requiredMissing = def.fields.filter((f) => f.required && !mapped.has(f.name)).map((f) => f.name);
    const coverage = m.size / named;
    const score = Math.round((requiredMissing.length === 0 ? coverage : coverage / 4) * 1000) / 1000;
    return { kind: def.kind, score, matched: m.size, requiredMissing };
  }).sort((a, b) => b.score - a.score || b.matched - a.matched);
}

/** The kind to import as: the best-scoring kind with all required fields found, else a generic table. */
export function detectKind(scores: readonly KindScore[], columnCount: number): EntityKind | 'table' {
  const best = scores.find((s) => s.requiredMissing.length === 0 && s.matched >= Math.min(2, columnCount) && s.score >= 0.2);
  return best ? best.kind : 'table';
}

function entryFor(source: string, sourceIndex: number, field: string | null, fd?: FieldDef): ColumnMappingEntry {
  if (fd?.type === 'money') {
    const unit = moneyUnitFromHeader(source);
    if (unit) return { source, sourceIndex, field, moneyUnit: unit };
  }
  return { source, sourceIndex, field };
}

/**
 * The suggested mapping of a file's columns to a kind: synonyms, then content; unmatched columns map to null
 * (kept in the row's `extra`). For kind 'table' every column becomes a column of the generic table.
 */
export function suggestMapping(
  kind: EntityKind | 'table',
  columns: readonly ColumnSample[],
  contents: readonly (ContentClass | null)[],
  fileName: string,
): ColumnMapping {
  if (kind === 'table') {
    const used = new Set<string>();
    return {
      kind,
      tableName: tableNameFor(undefined, fileName),
      columns: columns.map((c, i) => entryFor(c.header, i, columnNameFor(c.header, i, used))),
    };
  }
  const m = matchColumns(entityDef(kind), columns, contents);
  return {
    kind,
    columns: columns.map((c, i) => {
      const fd = m.get(i);
      return entryFor(c.header, i, fd ? fd.name : null, fd);
    }),
  };
}

/**
 * Applies a saved mapping to a file by header name, so a template still fits when next month's export has
 * its columns in another order or a column more: each of the file's columns takes the entry whose source
 * header matches (normalised); columns the template does not know are kept as extra (field null).
 */
export function applyTemplate(template: ColumnMapping, headers: readonly string[]): ColumnMapping {
  const bySource = new Map<string, ColumnMappingEntry>();
  for (const e of template.columns) {
    const k = headerKey(e.source);
    if (!bySource.has(k)) bySource.set(k, e);
  }
  const columns = headers.map((h, i): ColumnMappingEntry => {
    const e = bySource.get(headerKey(h));
    if (!e) return { source: h, sourceIndex: i, field: null };
    const out: { -readonly [K in keyof ColumnMappingEntry]: ColumnMappingEntry[K] } = { source: h, sourceIndex: i, field: e.field };
    if (e.moneyUnit !== undefined) out.moneyUnit = e.moneyUnit;
    if (e.dateOrder !== undefined) out.dateOrder = e.dateOrder;
    return out;
  });
  return { ...template, columns };
}

/**
 * Checks a mapping against the file and the model before anything is written: known kind, columns that exist,
 * fields of the kind mapped at most once, every required field mapped or given a default. Throws
 * MAPPING_INVALID with the offending field or column.
 */
export function checkMapping(mapping: ColumnMapping, width: number): void {
  const bad = (message: string, params: Record<string, string | number>): never => {
    throw new ExpectedError('MAPPING_INVALID', message, params);
  };
  if (mapping.kind !== 'table' && !isEntityKind(mapping.kind)) bad(`Unknown kind ${String(mapping.kind)}.`, { kind: String(mapping.kind) });
  const seenFields = new Set<string>();
  const seenSources = new Set<number>();
  for (const e of mapping.columns) {
    if (!Number.isInteger(e.sourceIndex) || e.sourceIndex < 0 || e.sourceIndex >= width) {
      bad(`Column ${e.source} (#${e.sourceIndex + 1}) is not in the file.`, { column: e.source, index: e.sourceIndex });
    }
    if (seenSources.has(e.sourceIndex)) bad(`Column ${e.source} is mapped twice.`, { column: e.source });
    seenSources.add(e.sourceIndex);
    if (e.field === null) continue;
    // SQLite column names ignore ASCII case.
    const key = mapping.kind === 'table' ? e.field.toLowerCase() : e.field;
    if (seenFields.has(key)) bad(`Field ${e.field} is mapped from two columns.`, { field: e.field });
    seenFields.add(key);
    if (mapping.kind === 'table') {
      if (!/^[\p{L}\p{N}_]{1,64}$/u.test(e.field)) bad(`Column name ${e.field} may only hold letters, digits and underscores.`, { field: e.field });
      if (isReservedColumn(e.field)) bad(`Column name ${e.field} is reserved for the workbench's own columns.`, { field: e.field });
      continue;
    }
    if (!entityDef(mapping.kind).fields.some((f) => f.name === e.field)) bad(`Field ${e.field} is not a field of ${mapping.kind}.`, { field: e.field, kind: mapping.kind });
  }
  if (mapping.kind === 'table') return;
  const def = entityDef(mapping.kind);
  for (const [name] of Object.entries(mapping.defaults ?? {})) {
    if (!def.fields.some((f) => f.name === name)) bad(`Default for ${name}, which is not a field of ${mapping.kind}.`, { field: name, kind: mapping.kind });
  }
  for (const f of def.fields) {
    if (!f.required || seenFields.has(f.name) || (mapping.defaults?.[f.name] ?? '') !== '') continue;
    if (f.name === def.customerKey && mapping.generateCustomerKey) continue;
    bad(`Required field ${f.name} (${f.zh}) is not mapped.`, { field: f.name, zh: f.zh });
  }
}
