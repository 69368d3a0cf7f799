import type { SqlValue } from 'sql.js';
import type { ErrorParams } from '#shared/api/errors.ts';
import type { RejectCode } from '#shared/api/ingestTypes.ts';
import type { FieldType } from '#shared/model/entities.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import { idTypeFromLabel, type IdDocType } from '#shared/values/idNumbers.ts';
import { isMissing } from '#shared/values/missing.ts';
import { parseValue, type ParseOptions } from '#shared/values/parseValue.ts';
import { isTotalRow } from './headerRow.ts';
import { hash64, KEY_SEP } from './rowHash.ts';
import type { SourceRecord } from './records.ts';
import type { ReimportMode } from './tableWriter.ts';

/** How one table column is filled. */
export interface FieldPlan {
  /** Column of the target table. */
  readonly name: string;
  readonly type: FieldType;
  /** 0-based source column, or -1 when the value is a default or generated. */
  readonly source: number;
  /** Source header, for reject and cell-issue messages. */
  readonly header: string;
  readonly required: boolean;
  readonly opts?: ParseOptions;
  /** Value used when there is no source column (a mapping default), or the cell is empty (as_of). */
  readonly fallback: SqlValue;
  /**
   * Only a blank cell is missing: markers such as `无`, `-` or `NULL` are kept as written. For free text (a
   * review that says "无") and generic tables' text columns, where the importer cannot know they mean "none".
   */
  readonly blankOnly?: boolean;
}

/** Everything the converter needs to turn records of one file into table rows. */
export interface ImportPlan {
  readonly table: string;
  readonly mode: ReimportMode;
  readonly fields: readonly FieldPlan[];
  /** Indexes into `fields` of the natural key; empty: rows are keyed by a hash of their values. */
  readonly keyFields: readonly number[];
  /** Index into `fields` of `as_of` for snapshots (part of the uniqueness), or -1. */
  readonly asOfField: number;
  /** Index into `fields` of a customer number generated as `<file>#<line>`, or -1. */
  readonly generatedKeyField: number;
  /** Source column of 证件类型, whose value tells the 证件号码 parser what document to expect; -1 if none. */
  readonly idTypeSource: number;
  /** Unmapped source columns, kept in the row's `extra` JSON: index and JSON-encoded header. */
  readonly extraColumns: readonly { readonly index: number; readonly key: string }[];
  /** Number of columns the header defines. */
  readonly width: number;
  /** 1-based header line (0: none); records above it are title lines. */
  readonly headerRow: number;
}

export interface RowReject {
  readonly line: number;
  readonly code: RejectCode;
  readonly column: string | null;
  readonly params: ErrorParams;
  readonly fields: readonly string[];
}

export interface CellIssue {
  readonly line: number;
  readonly column: string;
  readonly code: CellIssueCode;
  readonly value: string;
}

/**
 * Turns records into rows for a {@link TableWriter}, or into rejects — every record becomes exactly one of the
 * two, or is the header. Checks, in order: title line above the header, NUL bytes (BINARY_DATA), undecodable
 * bytes (ENCODING_INVALID), summary line (TOTAL_ROW), field count against the header (trailing empty fields
 * tolerated; a short last line of a file that does not end with a line break is TRUNCATED), required fields
 * (REQUIRED_MISSING, or VALUE_INVALID when present but unreadable), and for snapshots a second, different row
 * for the same key (DUPLICATE_IN_FILE). An optional value that does not parse is stored as NULL and recorded as a
 * cell issue; the row is kept.
 */
export class RowConverter {
  private readonly occurrences = new Map<string, number>();
  /** Snapshot/replace: key → first line and value hash, to tell repeated rows from conflicting ones. */
  private readonly seenKeys = new Map<string, { line: number; hash: string }>();
  private readonly width: number;
  /** One array reused for every row: the writer binds it before the next row is converted. */
  private readonly values: SqlValue[];

  rejects: RowReject[] = [];
  issues: CellIssue[] = [];
  /** Accepted rows with at least one cell issue. */
  rowsWithIssues = 0;
  /** Repeated snapshot rows identical to an earlier row of the same file (counted as duplicates, not written). */
  repeatedInFile = 0;
  /** Records that were the header line (not rows). */
  headerRecords = 0;
  private issueStart = 0;

  constructor(
    private readonly plan: ImportPlan,
    private readonly fileName: string,
    private readonly encoding: string,
  ) {
    this.width = plan.width;
    this.values = new Array<SqlValue>(plan.fields.length + 3).fill(null);
  }

  /**
   * The row's values for the writer, or null when the record was rejected (see `rejects`), was the header
   * (`headerRecords`) or repeats an identical row of the same snapshot file (`repeatedInFile`). The array is
   * reused: it is valid until the next call.
   */
  convert(rec: SourceRecord, suspect: boolean): SqlValue[] | null {
    const plan = this.plan;
    const { line } = rec;
    let fields = rec.fields;
    this.issueStart = this.issues.length;
    if (line < plan.headerRow) return this.reject(rec, 'TITLE_ROW', null, { headerRow: plan.headerRow });
    if (line === plan.headerRow) {
      this.headerRecords++;
      return null;
    }
    if (suspect) {
      const bad = suspectCells(fields);
      if (bad.nul > 0) return this.reject(rec, 'BINARY_DATA', null, { count: bad.nul });
      if (bad.replacement > 0) return this.reject(rec, 'ENCODING_INVALID', null, { encoding: this.encoding, count: bad.replacement });
    }
    if (isTotalRow(fields)) return this.reject(rec, 'TOTAL_ROW', null, {});
    if (fields.length !== this.width) {
      fields = fitWidth(fields, this.width);
      if (fields.length !== this.width) {
        const code = rec.unterminated && rec.fields.length < this.width ? 'TRUNCATED' : 'COLUMN_COUNT';
        return this.reject(rec, code, null, { expected: this.width, actual: rec.fields.length });
      }
    }

    const fp = plan.fields;
    const values = this.values;
    let issues = 0;
    let idHint: IdDocType | null | undefined;
    for (let i = 0; i < fp.length; i++) {
      const f = fp[i] as FieldPlan;
      if (f.source < 0) {
        values[i] = i === plan.generatedKeyField ? `${this.fileName}#${line}` : f.fallback;
        continue;
      }
      const raw = fields[f.source] as string;
      // Text accepts any string, so a missing-value marker must be caught first; every other type rejects the
      // markers, so the (rarer) missing check can wait until a value does not parse.
      const text = f.type === 'text';
      if (text && (f.blankOnly === true ? raw.trim() === '' : isMissing(raw, f.type))) {
        if (f.required) return this.reject(rec, 'REQUIRED_MISSING', f.header, { field: f.name, column: f.header });
        values[i] = f.fallback;
        continue;
      }
      let opts = f.opts;
      if (f.type === 'id_no' && plan.idTypeSource >= 0) {
        idHint ??= idTypeFromLabel(fields[plan.idTypeSource] ?? '');
        opts = { ...opts, idTypeHint: idHint };
      }
      const r = parseValue(f.type, raw, opts);
      if (r.ok) {
        values[i] = r.value;
        continue;
      }
      if (!text && (f.blankOnly === true ? raw.trim() === '' : isMissing(raw, f.type))) {
        if (f.required) return this.reject(rec, 'REQUIRED_MISSING', f.header, { field: f.name, column: f.header });
        values[i] = f.fallback;
        continue;
      }
      if (f.required) return this.reject(rec, 'VALUE_INVALID', f.header, { field: f.name, column: f.header, issue: r.code });
      values[i] = f.fallback;
      this.issues.push({ line, column: f.name, code: r.code, value: raw });
      issues++;
    }

    const extra = this.extraJson(fields);
    const key = this.rowKey(values, fp.length);
    if (plan.mode !== 'append') {
      const hash = hash64(`${values.slice(0, fp.length).join(KEY_SEP)}${KEY_SEP}${extra ?? ''}`);
      const seenKey = plan.asOfField >= 0 ? `${key}${KEY_SEP}${String(values[plan.asOfField])}` : key;
      const seen = this.seenKeys.get(seenKey);
      if (seen) {
        if (seen.hash !== hash) return this.reject(rec, 'DUPLICATE_IN_FILE', null, { firstRow: seen.line });
        this.repeatedInFile++;
        if (issues > 0) this.rowsWithIssues++;
        return null;
      }
      this.seenKeys.set(seenKey, { line, hash });
    }
    if (issues > 0) this.rowsWithIssues++;
    values[fp.length] = key;
    values[fp.length + 1] = extra;
    values[fp.length + 2] = line;
    return values;
  }

  /** Natural key; for append rows without one, a hash of the values plus its occurrence in this file. */
  private rowKey(values: readonly SqlValue[], n: number): string {
    const kf = this.plan.keyFields;
    if (kf.length === 1) {
      const v = values[kf[0] as number];
      if (v !== null && v !== undefined && v !== '') return String(v);
      if (this.plan.mode !== 'append') return '';
    } else if (kf.length > 0) {
      let complete = true;
      const parts: string[] = [];
      for (const i of kf) {
        const v = values[i];
        if (v === null || v === undefined || v === '') complete = false;
        parts.push(v === null || v === undefined ? '' : String(v));
      }
      if (complete || this.plan.mode !== 'append') return parts.join(KEY_SEP);
    }
    const h = hash64(values.slice(0, n).join(KEY_SEP));
    const seen = (this.occurrences.get(h) ?? 0) + 1;
    this.occurrences.set(h, seen);
    return `#${h}#${seen}`;
  }

  private extraJson(fields: readonly string[]): string | null {
    const extras = this.plan.extraColumns;
    if (extras.length === 0) return null;
    let out = '';
    for (const e of extras) {
      const v = fields[e.index] ?? '';
      if (v.trim() === '') continue;
      out += `${out === '' ? '{' : ','}${e.key}:${JSON.stringify(v)}`;
    }
    return out === '' ? null : `${out}}`;
  }

  private reject(rec: SourceRecord, code: RejectCode, column: string | null, params: ErrorParams): null {
    // A rejected row keeps no cell issues: the whole row is in the reject.
    this.issues.length = this.issueStart;
    this.rejects.push({ line: rec.line, code, column, params, fields: rec.fields });
    return null;
  }

  /** Hands over the rejects and cell issues collected since the last call. */
  drain(): { rejects: RowReject[]; issues: CellIssue[] } {
    const out = { rejects: this.rejects, issues: this.issues };
    this.rejects = [];
    this.issues = [];
    return out;
  }
}

/** Drops trailing empty fields beyond the header's width (exports pad rows with delimiters). */
function fitWidth(fields: string[], width: number): string[] {
  if (fields.length <= width) return fields;
  for (let i = width; i < fields.length; i++) if ((fields[i] as string).trim() !== '') return fields;
  return fields.slice(0, width);
}

function suspectCells(fields: readonly string[]): { nul: number; replacement: number } {
  let nul = 0;
  let replacement = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\u0000'); i !== -1; i = f.indexOf('\u0000', i + 1)) nul++;
    for (let i = f.indexOf('\ufffd'); i !== -1; i = f.indexOf('\ufffd', i + 1)) replacement++;
  }
  return { nul, replacement };
}
