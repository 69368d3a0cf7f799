import { ENTITIES, type EntityDef, type EntityKind, type FieldDef, type PiiType } from '#shared/model/entities.ts';
import { foldCell } from '#shared/values/chars.ts';

/**
 * Normalises a column header for synonym matching: full-width forms folded, lower case, bracketed parts and
 * units removed (`交易金额（元）` → `交易金额`; the unit itself is read by `moneyUnitFromHeader`), spaces,
 * underscores, hyphens, dots and a trailing required-marker `*` removed (`Cust_No` → `custno`).
 */
export function headerKey(header: string): string {
  let s = foldCell(header).toLowerCase();
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>|〔[^〕]*〕/g, '');
  s = s.replace(/[\s_\-.·・:*'"`]/g, '');
  // A unit written without brackets at the end: 金额元, 余额万元.
  const bare = s.replace(/(?:万元|千元|元|rmb|cny)$/, '');
  return bare.length > 0 ? bare : s;
}

function fieldKeys(fd: FieldDef): string[] {
  return [fd.name, fd.zh, fd.en, ...fd.synonyms].map(headerKey).filter((k) => k.length > 0);
}

const kindIndexes = new Map<EntityKind, ReadonlyMap<string, FieldDef>>();

/** Normalised header → field of one entity kind; the first field in the model's order wins a shared synonym. */
export function fieldIndex(def: EntityDef): ReadonlyMap<string, FieldDef> {
  let idx = kindIndexes.get(def.kind);
  if (!idx) {
    const m = new Map<string, FieldDef>();
    for (const fd of def.fields) for (const k of fieldKeys(fd)) if (!m.has(k)) m.set(k, fd);
    kindIndexes.set(def.kind, m);
    idx = m;
  }
  return idx;
}

let anyIndex: ReadonlyMap<string, FieldDef> | null = null;

/** Normalised header → a field of any kind (the first kind in model order wins): for header detection and PII. */
function globalIndex(): ReadonlyMap<string, FieldDef> {
  if (!anyIndex) {
    const m = new Map<string, FieldDef>();
    for (const e of ENTITIES) for (const [k, fd] of fieldIndex(e)) if (!m.has(k)) m.set(k, fd);
    anyIndex = m;
  }
  return anyIndex;
}

/** True when a header names a field of the data model (in any kind). */
export function isKnownHeader(header: string): boolean {
  const k = headerKey(header);
  return k.length > 0 && globalIndex().has(k);
}

/** The personal-data class a header implies (`身份证号` → id_no), or null. */
export function piiFromHeader(header: string): PiiType | null {
  return globalIndex().get(headerKey(header))?.pii ?? null;
}

/** Columns every entity table carries; a generic table's column may not take these names. */
const RESERVED_COLUMNS: ReadonlySet<string> = new Set(['row_id', 'row_key', 'extra', 'src_file', 'src_batch', 'src_row', 'rowid', 'oid', '_rowid_']);

export function isReservedColumn(name: string): boolean {
  return RESERVED_COLUMNS.has(name.toLowerCase());
}

/**
 * A column name for a generic table from a header: letters (any script), digits and underscores, ASCII lower
 * case, unique among `used` (a suffix `_2`, `_3` … otherwise). Chinese headers stay Chinese.
 */
export function columnNameFor(header: string, index: number, used: Set<string>): string {
  let base = foldCell(header)
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (base.length === 0) base = `col${index + 1}`;
  if (/^\p{N}/u.test(base)) base = `c_${base}`;
  if (base.length > 60) base = base.slice(0, 60);
  if (RESERVED_COLUMNS.has(base)) base = `${base}_1`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}

/** A generic table's name from a requested name or the file name: `t_` + letters, digits, underscores. */
export function tableNameFor(requested: string | undefined, fileName: string): string {
  const source = requested ?? fileName.replace(/\.[^.]*$/, '');
  let base = foldCell(source)
    .replace(/^t_/i, '')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (base.length === 0) base = 'import';
  return `t_${base.slice(0, 60)}`;
}

/** Unique display names for the columns of a file: the header text, `列N` when empty, `_2` … when repeated. */
export function displayHeaders(cells: readonly string[], width: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    let h = (cells[i] ?? '').replace(/^\ufeff/, '').trim();
    if (h.length === 0) h = `列${i + 1}`;
    let name = h;
    for (let n = 2; seen.has(name); n++) name = `${h}_${n}`;
    seen.add(name);
    out.push(name);
  }
  return out;
}
