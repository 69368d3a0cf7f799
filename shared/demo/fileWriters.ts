/**
 * Builders of the demo's export files. Rows are appended one person at a time and encoded in chunks of about
 * a megabyte, so a two-million-customer run holds encoded bytes, never one giant string per file.
 */
import * as XLSX from '@e965/xlsx';
import type { DemoFile } from '#shared/api/engineApi.ts';
import { encodeGbk } from '#shared/text-encoding/gbk.ts';

export type TextEncoding = 'utf8' | 'utf8-bom' | 'gbk';
export type Cell = string | number | null;

export interface TextFileOptions {
  readonly encoding: TextEncoding;
  /** Field separator; default `,`. */
  readonly delimiter?: string;
  /** Line ending; default `\n`. Windows-made exports use `\r\n`. */
  readonly eol?: string;
  /** Entity kind for import; absent for truth files. */
  readonly kind?: string;
}

const CHUNK_CHARS = 1 << 20;
const utf8 = new TextEncoder();

function concatBytes(chunks: readonly Uint8Array[], prefix?: Uint8Array): Uint8Array {
  let size = prefix?.length ?? 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  if (prefix) {
    out.set(prefix, 0);
    at = prefix.length;
  }
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A delimited text file (CSV/TSV) in a given encoding, with RFC 4180 quoting. */
export class TextFileWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly chunks: Uint8Array[] = [];
  private readonly delimiter: string;
  private readonly eol: string;
  private readonly needsQuote: RegExp;
  /** Physical lines written so far (title and header lines included). */
  lines = 0;

  constructor(
    readonly path: string,
    private readonly options: TextFileOptions,
  ) {
    this.delimiter = options.delimiter ?? ',';
    this.eol = options.eol ?? '\n';
    this.needsQuote = this.delimiter === '\t' ? /[\t"\r\n]/ : /[,"\r\n]/;
  }

  /** Appends one row and returns its 1-based physical line number. */
  row(cells: readonly Cell[]): number {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) line += this.delimiter;
      const v = cells[i];
      if (v === null || v === undefined) continue;
      const s = typeof v === 'number' ? String(v) : v;
      line += this.needsQuote.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    }
    return this.raw(line);
  }

  /** Appends a line exactly as given (a report title, a deliberately malformed row). */
  raw(line: string): number {
    this.pending.push(line, this.eol);
    this.pendingChars += line.length + this.eol.length;
    this.lines++;
    if (this.pendingChars >= CHUNK_CHARS) this.flush();
    return this.lines;
  }

  private flush(): void {
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.chunks.push(this.options.encoding === 'gbk' ? encodeGbk(text) : utf8.encode(text));
  }

  finish(): DemoFile {
    this.flush();
    const bom = this.options.encoding === 'utf8-bom' ? new Uint8Array([0xef, 0xbb, 0xbf]) : undefined;
    const bytes = concatBytes(this.chunks, bom);
    this.chunks.length = 0;
    return this.options.kind === undefined ? { path: this.path, bytes } : { path: this.path, bytes, kind: this.options.kind };
  }
}

/** A typed spreadsheet cell: text, a number, or an Excel date serial shown with `format`. */
export type SheetCell = string | number | null | { readonly serial: number; readonly format: string };

/** Excel stops at 1,048,576 rows per sheet; real exports then continue on the next sheet. */
const MAX_SHEET_ROWS = 1_000_000;

/** An XLSX workbook with one header row per sheet, written with SheetJS. */
export class XlsxWriter {
  private readonly rows: SheetCell[][] = [];

  constructor(
    readonly path: string,
    private readonly sheetName: string,
    private readonly header: readonly string[],
    private readonly kind?: string,
  ) {}

  /** Appends a row; returns `{ sheet, row }` with the 1-based spreadsheet row number (header is row 1). */
  row(cells: SheetCell[]): { readonly sheet: string; readonly row: number } {
    const index = this.rows.length;
    this.rows.push(cells);
    const sheetNo = Math.floor(index / MAX_SHEET_ROWS);
    return { sheet: this.nameOf(sheetNo), row: (index % MAX_SHEET_ROWS) + 2 };
  }

  private nameOf(sheetNo: number): string {
    return sheetNo === 0 ? this.sheetName : `${this.sheetName}${sheetNo + 1}`;
  }

  finish(): DemoFile {
    const wb = XLSX.utils.book_new();
    const sheets = Math.max(1, Math.ceil(this.rows.length / MAX_SHEET_ROWS));
    for (let s = 0; s < sheets; s++) {
      const aoa: (string | number | XLSX.CellObject | undefined)[][] = [[...this.header]];
      const end = Math.min(this.rows.length, (s + 1) * MAX_SHEET_ROWS);
      for (let i = s * MAX_SHEET_ROWS; i < end; i++) aoa.push((this.rows[i] ?? []).map(toCell));
      // Dense sheets keep a row array instead of one object key per cell: far less memory on large exports.
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true }), this.nameOf(s));
    }
    this.rows.length = 0;
    const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
    const bytes = new Uint8Array(out);
    return this.kind === undefined ? { path: this.path, bytes } : { path: this.path, bytes, kind: this.kind };
  }
}

/** Empty cells stay absent (SheetJS skips `undefined`), as in a real export of a blank field. */
function toCell(c: SheetCell): string | number | XLSX.CellObject | undefined {
  if (c === null) return undefined;
  if (typeof c === 'string' || typeof c === 'number') return c;
  return { t: 'n', v: c.serial, z: c.format };
}
