import Papa from 'papaparse';
import type { BatchId, FileId } from '#shared/api/brands.ts';
import type { ErrorParams } from '#shared/api/errors.ts';
import type { ColumnMapping, RejectCode, RejectPage, RejectRow } from '#shared/api/ingestTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { entityDef, isEntityKind, type PiiType } from '#shared/model/entities.ts';
import { detectPiiByShape, maskValue } from '#shared/privacy/mask.ts';
import { sensitiveColumns } from '#shared/privacy/register.ts';
import { piiFromHeader } from './headerNames.ts';
import { rejectMessage } from './rejectMessages.ts';

export interface RejectFilter {
  readonly fileId?: FileId | undefined;
  readonly batchId?: BatchId | undefined;
}

interface RejectDbRow {
  reject_id: number;
  file_id: number;
  file_name: string;
  row_no: number;
  column_name: string | null;
  code: string;
  params: string;
  raw: string;
  [key: string]: number | string | null;
}

function where(f: RejectFilter): { sql: string; params: number[] } {
  if (f.fileId !== undefined) return { sql: 'WHERE r.file_id = ?', params: [f.fileId] };
  if (f.batchId !== undefined) return { sql: 'WHERE f.batch_id = ?', params: [f.batchId] };
  return { sql: '', params: [] };
}

const SELECT = `SELECT r.reject_id, r.file_id, f.file_name, r.row_no, r.column_name, r.code, r.params, r.raw
  FROM reject r JOIN import_file f ON f.file_id = r.file_id`;

/**
 * One page of rejected rows (ordered by file and line). The raw text is masked: cells of personal-data columns,
 * and anything shaped like a phone, 身份证, card number or e-mail elsewhere in it.
 */
export function rejectsPage(db: Db, filter: RejectFilter, offset: number, limit: number): RejectPage {
  const w = where(filter);
  const total = Number(db.value(`SELECT count(*) FROM reject r JOIN import_file f ON f.file_id = r.file_id ${w.sql}`, w.params) ?? 0);
  const lim = Math.max(0, Math.min(Math.floor(limit), 5000));
  const off = Math.max(0, Math.floor(offset));
  const masker = new RawMasker(db);
  const rows = db
    .all<RejectDbRow>(`${SELECT} ${w.sql} ORDER BY r.file_id, r.row_no, r.reject_id LIMIT ? OFFSET ?`, [...w.params, lim, off])
    .map((r): RejectRow => ({
      rejectId: r.reject_id,
      fileId: r.file_id as FileId,
      fileName: r.file_name,
      rowNo: r.row_no,
      column: r.column_name,
      code: r.code as RejectCode,
      params: JSON.parse(r.params) as ErrorParams,
      raw: masker.mask(r.file_id, r.raw),
    }));
  return { total, rows };
}

/**
 * Rejected rows as CSV bytes (UTF-8 with BOM, so Excel opens Chinese text correctly), columns
 * 文件/行号/列/原因代码/原因/原始内容 with the Chinese reason text. Raw text is masked unless `unmasked`.
 * Cells starting with = + - @ are escaped so a spreadsheet does not run them as formulas.
 */
export function rejectsCsv(db: Db, filter: RejectFilter, unmasked: boolean): { bytes: Uint8Array; rows: number } {
  const w = where(filter);
  const masker = new RawMasker(db);
  const data: string[][] = [];
  db.each(`${SELECT} ${w.sql} ORDER BY r.file_id, r.row_no, r.reject_id`, w.params, (v) => {
    const [, fileId, fileName, rowNo, column, code, params, raw] = v as [number, number, string, number, string | null, string, string, string];
    data.push([
      fileName,
      String(rowNo),
      column ?? '',
      code,
      rejectMessage(code as RejectCode, JSON.parse(params) as ErrorParams, 'zh'),
      unmasked ? raw : masker.mask(fileId, raw),
    ]);
  });
  const csv = Papa.unparse({ fields: ['文件', '行号', '列', '原因代码', '原因', '原始内容'], data }, { escapeFormulae: true, newline: '\r\n' });
  const body = new TextEncoder().encode(csv);
  const bytes = new Uint8Array(body.length + 3);
  bytes.set([0xef, 0xbb, 0xbf], 0);
  bytes.set(body, 3);
  return { bytes, rows: data.length };
}

/** Masks the raw text of rejects file by file, using each file's mapping to know its personal-data columns. */
class RawMasker {
  private readonly files = new Map<number, { joiner: string; pii: (PiiType | null)[] }>();
  private registry: Map<string, Map<string, PiiType>> | null = null;

  constructor(private readonly db: Db) {}

  mask(fileId: number, raw: string): string {
    const info = this.fileInfo(fileId);
    const cells = info.joiner === '' ? [raw] : raw.split(info.joiner);
    const aligned = cells.length === info.pii.length;
    return cells.map((c, i) => (aligned && info.pii[i] ? maskValue(info.pii[i], c) : maskEmbedded(c))).join(info.joiner);
  }

  private fileInfo(fileId: number): { joiner: string; pii: (PiiType | null)[] } {
    let info = this.files.get(fileId);
    if (info) return info;
    const row = this.db.get<{ mapping: string | null; delimiter: string | null; format: string | null; target_table: string | null }>(
      'SELECT mapping, delimiter, format, target_table FROM import_file WHERE file_id = ?',
      [fileId],
    );
    const joiner = row?.format === 'delimited' ? (row.delimiter ?? ',') : '\t';
    const pii: (PiiType | null)[] = [];
    if (row?.mapping) {
      const mapping = JSON.parse(row.mapping) as ColumnMapping;
      this.registry ??= sensitiveColumns(this.db);
      const tableCols = row.target_table ? this.registry.get(row.target_table) : undefined;
      for (const e of mapping.columns) {
        let t: PiiType | null = null;
        if (e.field !== null && mapping.kind !== 'table' && isEntityKind(mapping.kind)) {
          t = entityDef(mapping.kind).fields.find((f) => f.name === e.field)?.pii ?? null;
        } else if (e.field !== null) {
          t = tableCols?.get(e.field) ?? tableCols?.get(`${e.field}_fen`) ?? null;
        }
        pii[e.sourceIndex] = t ?? piiFromHeader(e.source);
      }
    }
    info = { joiner, pii: Array.from(pii, (p) => p ?? null) };
    this.files.set(fileId, info);
    return info;
  }
}

const EMBEDDED: readonly [RegExp, PiiType][] = [
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, 'id_no'],
  [/(?<!\d)\d{16,19}(?!\d)/g, 'card_no'],
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g, 'phone'],
  [/[^\s@,;，；]+@[^\s@,;，；]+\.[A-Za-z]{2,}/g, 'email'],
];

/** Masks a cell of unknown meaning: as a whole when it has a personal-data shape, else any such part inside it. */
export function maskEmbedded(text: string): string {
  const whole = detectPiiByShape(text);
  if (whole) return maskValue(whole, text);
  let out = text;
  for (const [re, type] of EMBEDDED) out = out.replace(re, (m) => maskValue(type, m));
  return out;
}
