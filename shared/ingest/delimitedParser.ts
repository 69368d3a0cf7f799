import Papa from 'papaparse';
import { type BatchBuilder, clipRaw, isBlankRecord } from './records.ts';

/** How a delimited text file is written. */
export interface Dialect {
  /** One character, or '' for a file with one value per line (no delimiter). */
  readonly delimiter: string;
  /** Quote character, or null when quotes are ordinary characters. */
  readonly quote: string | null;
  /** '\n' (LF and CRLF files) or '\r' (old Mac files). */
  readonly newline: '\n' | '\r';
}

/**
 * The delimiter handed to papaparse for a one-column file: a sequence no text contains, so every line is one
 * field (papaparse accepts multi-character delimiters).
 */
const NO_DELIMITER = '\u001f\u001e\u001d\u001c';

/** A quoted record longer than this (in characters) is treated as a quote that never closes. */
export const MAX_RECORD_CHARS = 4 << 20;

interface PapaError {
  readonly code: string;
  readonly row?: number | undefined;
}
interface PapaResult {
  readonly data: string[][];
  readonly errors: PapaError[];
  readonly meta: { readonly cursor: number };
}
interface PapaStep {
  readonly data: string[][] | string[];
  readonly errors: PapaError[];
  readonly meta: { readonly cursor: number };
}

/**
 * Incremental CSV/TSV parser built on papaparse's core `Papa.Parser` — the class papaparse's own streamers drive.
 * Driving it directly (instead of a streamer with callbacks) keeps everything synchronous between awaits, so
 * the import loop decides when to yield, and gives us the text positions we need for physical line numbers and
 * for accounting for every line when a quote is unbalanced. No CSV grammar is hand-written here.
 *
 * Every physical line ends up as exactly one of: part of a record, a blank line, or a reader reject
 * (UNBALANCED_QUOTE, ROW_TOO_LONG, TRUNCATED).
 */
export class DelimitedParser {
  private pending = '';
  /** Physical line where `pending` starts. */
  private pendingLine = 1;
  /** Inside an over-long line: discard text up to the next line break. */
  private skipping = false;
  private readonly config: Papa.ParseConfig;
  private readonly parser: Papa.Parser;
  private readonly nl: '\n' | '\r';

  constructor(
    private readonly dialect: Dialect,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {
    this.nl = dialect.newline;
    const delimiter = dialect.delimiter === '' ? NO_DELIMITER : dialect.delimiter;
    const config: Papa.ParseConfig = { delimiter, newline: this.nl, quoteChar: dialect.quote ?? '"' };
    // Without a quote character nothing is quoted: papaparse's fast mode splits lines and fields literally.
    if (dialect.quote === null) config.fastMode = true;
    this.config = config;
    this.parser = new Papa.Parser(config);
  }

  /** Feeds the next piece of text; complete records go to `out`. */
  push(text: string, out: BatchBuilder): void {
    if (text.includes('\u0000') || text.includes('\ufffd')) out.suspect = true;
    if (this.skipping) {
      const i = text.indexOf(this.nl);
      if (i === -1) return;
      this.skipping = false;
      this.pendingLine++;
      text = text.slice(i + 1);
    }
    const buf = this.pending.length > 0 ? this.pending + text : text;
    this.pending = '';
    this.parse(buf, false, out);
    if (this.pending.length > this.maxRecordChars) this.runaway(out);
  }

  /** End of input: the rest becomes the last record(s). */
  end(out: BatchBuilder): void {
    if (this.skipping) {
      this.skipping = false;
      this.pending = '';
      return;
    }
    const buf = this.pending;
    this.pending = '';
    if (buf.length > 0) this.parse(buf, true, out);
  }

  private parse(buf: string, final: boolean, out: BatchBuilder): void {
    const res = this.parser.parse(buf, 0, !final) as PapaResult;
    const troubled = res.errors.some((e) => e.row !== undefined && e.row < res.data.length);
    if (troubled) {
      this.emitWithCursors(buf, final, out);
      return;
    }
    const rows = res.data;
    let count = rows.length;
    const endsWithNl = buf.endsWith(this.nl);
    if (final && endsWithNl && isArtifact(rows[count - 1])) count--;
    const quoted = this.dialect.quote !== null && buf.includes(this.dialect.quote);
    // Fast path: when the text consumed holds exactly one line break per row, no row spans lines.
    const consumed = final ? buf.length : res.meta.cursor;
    const simple = !quoted || countOf(buf, this.nl, consumed) === count - (final && !endsWithNl ? 1 : 0);
    let line = this.pendingLine;
    for (let i = 0; i < count; i++) {
      const fields = rows[i] as string[];
      this.fixCr(fields);
      const unterminated = final && !endsWithNl && i === count - 1;
      this.emit(fields, line, unterminated, out);
      line += simple ? 1 : 1 + newlinesIn(fields, this.nl);
    }
    this.pendingLine = line;
    if (!final) this.pending = buf.slice(res.meta.cursor);
  }

  /**
   * Slow path for text where papaparse reported quote errors: parse again row by row to learn where each row
   * starts and ends. A troubled row that spans several lines is an opening quote that swallowed the lines after
   * it: its first line becomes an UNBALANCED_QUOTE reject and the other lines are read again one by one.
   */
  private emitWithCursors(buf: string, final: boolean, out: BatchBuilder): void {
    const rows: string[][] = [];
    const ends: number[] = [];
    const troubled: boolean[] = [];
    const unclosed: boolean[] = [];
    const stepParser = new Papa.Parser({
      ...this.config,
      step: (r: PapaStep) => {
        const d = r.data;
        rows.push(Array.isArray(d[0]) ? (d[0]) : (d as string[]));
        ends.push(r.meta.cursor);
        troubled.push(r.errors.length > 0);
        unclosed.push(r.errors.some((e) => e.code === 'MissingQuotes'));
      },
    });
    const res = stepParser.parse(buf, 0, !final) as PapaResult;
    const endsWithNl = buf.endsWith(this.nl);
    let count = rows.length;
    if (final && endsWithNl && isArtifact(rows[count - 1]) && troubled[count - 1] !== true) count--;
    let start = 0;
    let line = this.pendingLine;
    for (let i = 0; i < count; i++) {
      const end = ends[i] ?? buf.length;
      const raw = buf.slice(start, end);
      const fields = rows[i] as string[];
      const unterminated = final && i === count - 1 && !endsWithNl;
      const span = countOf(raw, this.nl, raw.length) + (raw.endsWith(this.nl) ? 0 : 1);
      if (unclosed[i] === true || (troubled[i] === true && span > 1)) {
        this.lineMode(raw, line, unterminated, out);
      } else {
        this.fixCr(fields);
        this.emit(fields, line, unterminated, out);
      }
      line += span;
      start = end;
    }
    this.pendingLine = line;
    if (!final) this.pending = buf.slice(res.meta.cursor);
  }

  /** A record whose quote never closed within the size limit, or one over-long line. */
  private runaway(out: BatchBuilder): void {
    const text = this.pending;
    const lastNl = text.lastIndexOf(this.nl);
    if (lastNl === -1) {
      out.rejects.push({ line: this.pendingLine, code: 'ROW_TOO_LONG', raw: clipRaw(text), params: { limit: this.maxRecordChars } });
      this.pending = '';
      this.skipping = true;
      return;
    }
    const head = text.slice(0, lastNl + 1);
    this.lineMode(head, this.pendingLine, false, out);
    this.pendingLine += countOf(head, this.nl, head.length);
    this.pending = text.slice(lastNl + 1);
  }

  /**
   * Reads `raw` (text from a record start) line by line: the first line holds the quote that never closed and
   * is rejected; every following line is parsed on its own, so the lines a broken quote swallowed are not lost.
   */
  private lineMode(raw: string, firstLine: number, unterminated: boolean, out: BatchBuilder): void {
    const lines = raw.split(this.nl);
    if (raw.endsWith(this.nl)) lines.pop();
    for (let k = 0; k < lines.length; k++) {
      let text = lines[k] ?? '';
      if (this.nl === '\n' && text.endsWith('\r')) text = text.slice(0, -1);
      const line = firstLine + k;
      const lastOfFile = unterminated && k === lines.length - 1;
      if (k === 0) {
        out.rejects.push({ line, code: lastOfFile ? 'TRUNCATED' : 'UNBALANCED_QUOTE', raw: clipRaw(text), params: {} });
        continue;
      }
      const single = new Papa.Parser(this.config).parse(text, 0, false) as PapaResult;
      const fields = single.data[0] ?? [''];
      if (single.errors.some((e) => e.code === 'MissingQuotes')) {
        out.rejects.push({ line, code: lastOfFile ? 'TRUNCATED' : 'UNBALANCED_QUOTE', raw: clipRaw(text), params: {} });
        continue;
      }
      this.emit(fields, line, lastOfFile, out);
    }
  }

  private emit(fields: string[], line: number, unterminated: boolean, out: BatchBuilder): void {
    if (isBlankRecord(fields)) {
      out.blankLines++;
      return;
    }
    out.records.push(unterminated ? { line, fields, unterminated: true } : { line, fields });
  }

  /** LF is the record separator, so a CRLF file leaves CR on the last (unquoted) field. */
  private fixCr(fields: string[]): void {
    if (this.nl !== '\n') return;
    const i = fields.length - 1;
    const last = fields[i];
    if (last !== undefined && last.endsWith('\r')) fields[i] = last.slice(0, -1);
  }

}

/** papaparse reports the empty text after a file's final line break as one more row, `['']`. */
function isArtifact(row: readonly string[] | undefined): boolean {
  return row !== undefined && row.length === 1 && row[0] === '';
}

/** Occurrences of `ch` in `s` before position `end`. */
function countOf(s: string, ch: string, end: number): number {
  let n = 0;
  let i = s.indexOf(ch);
  while (i !== -1 && i < end) {
    n++;
    i = s.indexOf(ch, i + 1);
  }
  return n;
}

function newlinesIn(fields: readonly string[], nl: string): number {
  let n = 0;
  for (const f of fields) if (f.includes(nl)) n += countOf(f, nl, f.length);
  return n;
}
