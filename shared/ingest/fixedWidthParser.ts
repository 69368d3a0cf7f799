import type { FixedWidthColumn } from '#shared/api/ingestTypes.ts';
import { type BatchBuilder, type SourceRecord } from './records.ts';

/*
 * Fixed-width (定长) lines split into cells by a layout. Cells are trimmed (padding on either side is not
 * data). Content beyond the layout's last column becomes one more cell, so the row fails the column count
 * instead of losing text; a line shorter than the layout leaves the missing cells empty.
 */

function layoutEnd(columns: readonly FixedWidthColumn[]): number {
  let end = 0;
  for (const c of columns) end = Math.max(end, c.start - 1 + c.width);
  return end;
}

function emit(fields: string[], line: number, unterminated: boolean, out: BatchBuilder): void {
  if (fields.every((f) => f === '')) {
    out.blankLines++;
    return;
  }
  const r: SourceRecord = unterminated ? { line, fields, unterminated: true } : { line, fields };
  out.records.push(r);
}

/** Character mode: starts and widths count UTF-16 characters of the decoded line. */
export class FixedWidthCharParser {
  private pending = '';
  private line = 1;
  private readonly layoutEnd: number;

  constructor(private readonly columns: readonly FixedWidthColumn[]) {
    this.layoutEnd = layoutEnd(columns);
  }

  push(text: string, out: BatchBuilder): void {
    if (text.includes('\u0000') || text.includes('\ufffd')) out.suspect = true;
    const buf = this.pending + text;
    let from = 0;
    for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n', from)) {
      this.take(buf.slice(from, i), false, out);
      from = i + 1;
    }
    this.pending = buf.slice(from);
  }

  end(out: BatchBuilder): void {
    if (this.pending.length > 0) this.take(this.pending, true, out);
    this.pending = '';
  }

  private take(raw: string, unterminated: boolean, out: BatchBuilder): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fields = this.columns.map((c) => text.slice(c.start - 1, c.start - 1 + c.width).trim());
    const rest = text.slice(this.layoutEnd).trim();
    if (rest !== '') fields.push(rest);
    emit(fields, this.line++, unterminated, out);
  }
}

/**
 * Byte mode: starts and widths count bytes of the encoded file (GBK layouts, where a Chinese character takes
 * two bytes). Lines are split on the LF byte and each cell is decoded from its own bytes, so the layout is
 * applied exactly as the exporting system wrote it; a character cut by a wrong layout decodes as U+FFFD and
 * the row is rejected as ENCODING_INVALID rather than silently shifted.
 */
export class FixedWidthByteParser {
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;
  private skipped = 0;
  private readonly layoutEnd: number;
  private readonly decoder: TextDecoder;

  constructor(
    private readonly columns: readonly FixedWidthColumn[],
    encoding: string,
    private readonly skipBytes: number,
  ) {
    this.layoutEnd = layoutEnd(columns);
    this.decoder = new TextDecoder(encoding, { fatal: false });
  }

  push(bytes: Uint8Array, out: BatchBuilder): void {
    let chunk = bytes;
    if (this.skipped < this.skipBytes) {
      const n = Math.min(this.skipBytes - this.skipped, chunk.length);
      this.skipped += n;
      chunk = chunk.subarray(n);
    }
    const buf = this.pending.length > 0 ? concat(this.pending, chunk) : chunk;
    let from = 0;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, from)) {
      this.take(buf.subarray(from, i), false, out);
      from = i + 1;
    }
    this.pending = buf.slice(from);
  }

  end(out: BatchBuilder): void {
    if (this.pending.length > 0) this.take(this.pending, true, out);
    this.pending = new Uint8Array(0);
  }

  private take(raw: Uint8Array, unterminated: boolean, out: BatchBuilder): void {
    const line = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
    const whole = this.decoder.decode(line);
    if (whole.includes('\u0000') || whole.includes('\ufffd')) out.suspect = true;
    let fields: string[];
    let rest: string;
    if (whole.length === line.length) {
      // One byte per character (ASCII): byte and character positions agree.
      fields = this.columns.map((c) => whole.slice(c.start - 1, c.start - 1 + c.width).trim());
      rest = whole.slice(this.layoutEnd).trim();
    } else {
      fields = this.columns.map((c) => this.decoder.decode(line.subarray(c.start - 1, c.start - 1 + c.width)).trim());
      rest = this.decoder.decode(line.subarray(Math.min(this.layoutEnd, line.length))).trim();
    }
    if (rest !== '') fields.push(rest);
    emit(fields, this.line++, unterminated, out);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
