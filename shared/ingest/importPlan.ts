import type { SqlValue } from 'sql.js';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ColumnMapping, ColumnMappingEntry } from '#shared/api/ingestTypes.ts';
import type { EntityDef, FieldType } from '#shared/model/entities.ts';
import { inferColumnType } from '#shared/values/inferType.ts';
import { moneyUnitFromHeader } from '#shared/values/money.ts';
import { parseValue, type ParseOptions } from '#shared/values/parseValue.ts';
import type { UserTableColumn } from './genericTable.ts';
import type { FieldPlan, ImportPlan } from './rowConverter.ts';

function parseOptions(e: ColumnMappingEntry): ParseOptions | undefined {
  if (e.moneyUnit === undefined && e.dateOrder === undefined) return undefined;
  const o: { -readonly [K in keyof ParseOptions]: ParseOptions[K] } = {};
  if (e.moneyUnit !== undefined) o.moneyUnit = e.moneyUnit;
  if (e.dateOrder !== undefined) o.dateOrder = e.dateOrder;
  return o;
}

function fieldPlan(
  name: string,
  type: FieldType,
  source: number,
  header: string,
  required: boolean,
  fallback: SqlValue,
  opts?: ParseOptions,
  blankOnly = false,
): FieldPlan {
  const base: FieldPlan = opts === undefined ? { name, type, source, header, required, fallback } : { name, type, source, header, required, fallback, opts };
  return blankOnly ? { ...base, blankOnly } : base;
}

/** The free-text field of a kind, whose every non-blank value is content. */
const FREE_TEXT: Readonly<Partial<Record<string, string>>> = { notes: 'text' };

/** Parses a mapping default (`defaults.as_of`, `defaults.source_system` …) once, before any row. */
function parseDefault(name: string, type: FieldType, raw: string): SqlValue {
  const r = parseValue(type, raw);
  if (!r.ok) throw new ExpectedError('MAPPING_INVALID', `The default value for ${name} cannot be read as ${type}.`, { field: name, issue: r.code });
  return r.value;
}

function extraColumnsOf(mapping: ColumnMapping, headers: readonly string[]): ImportPlan['extraColumns'] {
  const used = new Set(mapping.columns.filter((e) => e.field !== null).map((e) => e.sourceIndex));
  const out: { index: number; key: string }[] = [];
  headers.forEach((h, i) => {
    if (!used.has(i)) out.push({ index: i, key: JSON.stringify(h) });
  });
  return out;
}

/**
 * The plan for an entity kind. `asOf` is the snapshot date used where a row has none (see `resolveAsOf`).
 * Required fields must be mapped (checked by `checkMapping`); the natural key of an append kind counts only
 * when all its fields are mapped, otherwise rows are keyed by a hash of their values.
 */
export function entityPlan(def: EntityDef, mapping: ColumnMapping, headers: readonly string[], headerRow: number, asOf: string | null): ImportPlan {
  const fields: FieldPlan[] = [];
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  let idTypeSource = -1;
  for (const e of mapping.columns) {
    if (e.field === null) continue;
    const fd = byName.get(e.field);
    if (!fd) continue;
    if (fd.name === 'id_type') idTypeSource = e.sourceIndex;
    const fallback = fd.name === 'as_of' ? asOf : null;
    const required = fd.required === true && fd.name !== 'as_of';
    fields.push(fieldPlan(fd.name, fd.type, e.sourceIndex, e.source, required, fallback, parseOptions(e), FREE_TEXT[def.kind] === fd.name));
  }
  const mapped = new Set(fields.map((f) => f.name));
  for (const [name, raw] of Object.entries(mapping.defaults ?? {})) {
    const fd = byName.get(name);
    if (!fd || mapped.has(name) || raw === '') continue;
    fields.push(fieldPlan(name, fd.type, -1, name, false, parseDefault(name, fd.type, raw)));
    mapped.add(name);
  }
  let generatedKeyField = -1;
  if (def.customerKey && !mapped.has(def.customerKey) && mapping.generateCustomerKey) {
    generatedKeyField = fields.length;
    fields.push(fieldPlan(def.customerKey, 'text', -1, def.customerKey, false, null));
    mapped.add(def.customerKey);
  }
  const hasAsOf = def.reimport === 'snapshot' && byName.has('as_of');
  if (hasAsOf && !mapped.has('as_of')) fields.push(fieldPlan('as_of', 'date', -1, 'as_of', false, asOf));
  const keyIdx = def.naturalKey.map((k) => fields.findIndex((f) => f.name === k));
  const keyFields = def.reimport === 'append' && keyIdx.some((i) => i < 0) ? [] : keyIdx.filter((i) => i >= 0);
  return {
    table: def.table,
    mode: def.reimport,
    fields,
    keyFields,
    asOfField: hasAsOf ? fields.findIndex((f) => f.name === 'as_of') : -1,
    generatedKeyField,
    idTypeSource,
    extraColumns: extraColumnsOf(mapping, headers),
    width: headers.length,
    headerRow,
  };
}

/**
 * A column's storage type in a generic table: the inferred type only when every sample value fits it, else text.
 * A value that later fails the type is stored as NULL with a cell issue, so doubt goes to text, which keeps
 * everything as written (`yes`/`no` with an occasional `unknown` stays text).
 */
export function genericColumnType(values: readonly string[], header: string): FieldType {
  const g = inferColumnType(values, header);
  if (g.type === 'empty' || g.conformity < 1) return 'text';
  return g.type;
}

/**
 * The plan for a generic table, and its columns. Existing columns keep their recorded type; new ones take the
 * type inferred from the sample. Money columns hold integer fen and their names end in `_fen`.
 */
export function tablePlan(
  table: string,
  mapping: ColumnMapping,
  headers: readonly string[],
  headerRow: number,
  samples: readonly (readonly string[])[],
  existing: readonly UserTableColumn[] | null,
): { plan: ImportPlan; columns: UserTableColumn[] } {
  const fields: FieldPlan[] = [];
  const columns: UserTableColumn[] = [];
  for (const e of mapping.columns) {
    if (e.field === null) continue;
    const known = existing?.find((c) => c.name === e.field || c.name === `${e.field}_fen`);
    let type: FieldType;
    let name: string;
    if (known) {
      type = known.type;
      name = known.name;
    } else {
      type = genericColumnType(samples[e.sourceIndex] ?? [], e.source);
      name = type === 'money' && !e.field.endsWith('_fen') ? `${e.field}_fen` : e.field;
    }
    let opts = parseOptions(e);
    if (type === 'money' && e.moneyUnit === undefined) {
      const unit = moneyUnitFromHeader(e.source);
      if (unit) opts = { ...opts, moneyUnit: unit };
    }
    fields.push(fieldPlan(name, type, e.sourceIndex, e.source, false, null, opts, type === 'text'));
    columns.push({ name, type, header: e.source });
  }
  return {
    plan: {
      table,
      mode: 'append',
      fields,
      keyFields: [],
      asOfField: -1,
      generatedKeyField: -1,
      idTypeSource: -1,
      extraColumns: extraColumnsOf(mapping, headers),
      width: headers.length,
      headerRow,
    },
    columns,
  };
}
