/**
 * CSV for audience files (RFC 4180, CRLF line ends): UTF-8 with a BOM so Excel and WPS read Chinese correctly,
 * or GBK for systems and spreadsheets that expect the Chinese Windows code page. Rows are encoded chunk by chunk
 * into a {@link ByteSink}, never joined into one string.
 */
import type { CsvEncoding } from '#shared/api/exportTypes.ts';
import { encodeGbkLossy } from '#shared/text-encoding/gbk.ts';
import type { ByteSink } from './byteSink.ts';
import type { Cell } from './xlsxWriter.ts';

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/**
 * Text a spreadsheet would run as a formula (CSV injection, OWASP): `=`, `+`, `-`, `@`, tab or CR first. Such
 * cells get a leading `'`, which Excel and WPS hide; numbers are written as numbers and are not affected.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted when it holds a delimiter, quote, line break or edge space; formulas defused. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class CsvWriter {
  private unmappableChars = 0;
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly sink: ByteSink,
    private readonly encoding: CsvEncoding,
  ) {
    if (encoding === 'utf8-bom') sink.write(BOM);
  }

  writeRows(rows: readonly (readonly Cell[])[]): void {
    let text = '';
    for (const row of rows) text += `${row.map(csvField).join(',')}\r\n`;
    if (this.encoding === 'gbk') {
      const r = encodeGbkLossy(text);
      this.unmappableChars += r.unmappable;
      this.sink.write(r.bytes);
    } else {
      this.sink.write(this.utf8.encode(text));
    }
  }

  /** Characters GBK has no code for, written as `?`. */
  get unmappable(): number {
    return this.unmappableChars;
  }
}
