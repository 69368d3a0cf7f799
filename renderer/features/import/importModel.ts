/**
 * The import wizard's state and its pure transformations: per-file read options and mapping edits, target
 * field choices grouped by entity kind, and the request handed to `ingest.run`. No React, no engine calls.
 */
import type { ColumnMapping, ColumnMappingEntry, ImportFileRequest, ImportPreview, MoneyUnit, ReadOptions } from '#shared/api/ingestTypes.ts';
import { ENTITIES, type EntityKind, type FieldType } from '#shared/model/entities.ts';

export type ImportKind = EntityKind | 'table';

export interface FileEntry {
  /** Stable key for React and for matching async previews to their file. */
  readonly key: number;
  readonly file: File;
  /** The user's overrides of what the sniffer detected. */
  readonly read: ReadOptions;
  /** The user's choice of kind, or null to use the detected one. */
  readonly kind: ImportKind | null;
  readonly template: string | null;
  readonly preview: ImportPreview | null;
  /** The mapping as edited in the wizard; starts as the preview's suggestion. */
  readonly mapping: ColumnMapping | null;
  readonly status: 'previewing' | 'ready' | 'failed';
  readonly error: unknown;
}

export function newEntry(key: number, file: File): FileEntry {
  return { key, file, read: {}, kind: null, template: null, preview: null, mapping: null, status: 'previewing', error: null };
}

/** Encodings the user can force; the detected one is added when it is not among them (e.g. gbk). */
export const ENCODINGS: readonly string[] = ['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le'];

export function encodingChoices(detected: string | undefined): string[] {
  const d = detected?.toLowerCase();
  return d && !ENCODINGS.includes(d) ? [d, ...ENCODINGS] : [...ENCODINGS];
}

export const DELIMITERS: readonly { readonly value: string; readonly key: 'comma' | 'tab' | 'semicolon' | 'pipe' | 'caret' | 'soh' }[] = [
  { value: ',', key: 'comma' },
  { value: '\t', key: 'tab' },
  { value: ';', key: 'semicolon' },
  { value: '|', key: 'pipe' },
  { value: '^', key: 'caret' },
  { value: '\u0001', key: 'soh' },
];

export interface FieldChoice {
  readonly name: string;
  readonly type: FieldType;
  readonly zh: string;
  readonly en: string;
  readonly required: boolean;
}

export interface FieldGroup {
  readonly kind: EntityKind;
  readonly zh: string;
  readonly en: string;
  readonly fields: readonly FieldChoice[];
}

/** Target fields grouped by entity kind, the file's own kind first. */
export function fieldGroups(current: ImportKind): FieldGroup[] {
  const groups = ENTITIES.map((e) => ({
    kind: e.kind,
    zh: e.zh,
    en: e.en,
    fields: e.fields.map((f) => ({ name: f.name, type: f.type, zh: f.zh, en: f.en, required: f.required ?? false })),
  }));
  return [...groups.filter((g) => g.kind === current), ...groups.filter((g) => g.kind !== current)];
}

/** Option value of a target field in the dropdown: `<kind>:<field>`, or '' for "keep as raw column". */
export function fieldOptionValue(kind: EntityKind, field: string): string {
  return `${kind}:${field}`;
}

export function parseFieldOption(value: string): { readonly kind: EntityKind; readonly field: string } | null {
  const i = value.indexOf(':');
  if (i <= 0) return null;
  const kind = value.slice(0, i) as EntityKind;
  if (!ENTITIES.some((e) => e.kind === kind)) return null;
  return { kind, field: value.slice(i + 1) };
}

export function fieldType(kind: ImportKind, field: string | null): FieldType | null {
  if (field === null) return null;
  return ENTITIES.find((e) => e.kind === kind)?.fields.find((f) => f.name === field)?.type ?? null;
}

/** The unit a money column is written in, from its header: 万元 → wan, 千元 → qian, 分 → fen, else yuan. */
export function defaultMoneyUnit(header: string): MoneyUnit {
  if (/万元|万/.test(header)) return 'wan';
  if (/千元/.test(header)) return 'qian';
  if (/[（(]分[)）]|_fen$/i.test(header)) return 'fen';
  return 'yuan';
}

/**
 * Maps the source column at `sourceIndex` to `field` (null: keep raw). A field takes values from one column
 * only, so another column mapped to the same field is un-mapped. Money fields get a unit; others lose it.
 */
export function setColumnField(mapping: ColumnMapping, sourceIndex: number, field: string | null): ColumnMapping {
  const columns = mapping.columns.map((c): ColumnMappingEntry => {
    if (c.sourceIndex === sourceIndex) {
      const isMoney = fieldType(mapping.kind, field) === 'money';
      const { moneyUnit: _unit, ...rest } = c;
      return isMoney ? { ...rest, field, moneyUnit: c.moneyUnit ?? defaultMoneyUnit(c.source) } : { ...rest, field };
    }
    if (field !== null && c.field === field) {
      const { moneyUnit: _unit, ...rest } = c;
      return { ...rest, field: null };
    }
    return c;
  });
  return { ...mapping, columns };
}

export function setMoneyUnit(mapping: ColumnMapping, sourceIndex: number, unit: MoneyUnit): ColumnMapping {
  return { ...mapping, columns: mapping.columns.map((c) => (c.sourceIndex === sourceIndex ? { ...c, moneyUnit: unit } : c)) };
}

/** Required fields of the mapping's kind that no column is mapped to. */
export function missingRequired(mapping: ColumnMapping): string[] {
  const def = ENTITIES.find((e) => e.kind === mapping.kind);
  if (!def) return [];
  const mapped = new Set(mapping.columns.map((c) => c.field).filter((f): f is string => f !== null));
  return def.fields.filter((f) => f.required && !mapped.has(f.name)).map((f) => f.name);
}

/** What `ingest.run` gets for one file of the wizard. */
export function toImportRequest(entry: FileEntry): ImportFileRequest {
  const req: { -readonly [K in keyof ImportFileRequest]: ImportFileRequest[K] } = { file: { name: entry.file.name, blob: entry.file } };
  if (Object.keys(entry.read).length > 0) req.read = entry.read;
  if (entry.mapping) req.mapping = entry.mapping;
  else if (entry.template) req.template = entry.template;
  if (entry.kind) req.kind = entry.kind;
  return req;
}

/** Arguments of `ingest.preview` for a file's current choices. */
export function previewArgs(entry: FileEntry): { file: { name: string; blob: Blob }; read?: ReadOptions; kind?: ImportKind; template?: string } {
  return {
    file: { name: entry.file.name, blob: entry.file },
    ...(Object.keys(entry.read).length > 0 ? { read: entry.read } : {}),
    ...(entry.kind ? { kind: entry.kind } : {}),
    ...(entry.template ? { template: entry.template } : {}),
  };
}

/** Shows a delimiter so that tabs and control characters are visible. */
export function delimiterText(d: string): string {
  if (d === '\t') return '\\t';
  if (d === '\u0001') return '\\x01';
  return d;
}
