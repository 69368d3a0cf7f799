import { utils, type WorkBook } from '@e965/xlsx';
import { ExpectedError } from '#shared/api/errors.ts';
import type { FileFormat, FixedWidthColumn, Message, ReadOptions, SourceFile } from '#shared/api/ingestTypes.ts';
import { readSample, streamBytes, streamText, type FileDigest } from './blobStream.ts';
import { DelimitedParser, type Dialect } from './delimitedParser.ts';
import { FixedWidthByteParser, FixedWidthCharParser } from './fixedWidthParser.ts';
import { detectHeader, type HeaderLayout } from './headerRow.ts';
import { BatchBuilder, type RecordStream, type SourceRecord } from './records.ts';
import { sniffDialect } from './sniffDialect.ts';
import { detectBom, sniffEncoding, userEncoding, type EncodingSniff } from './sniffEncoding.ts';
import { chooseSheet, readWorkbook, sheetBatches } from './workbookReader.ts';

/** Bytes read from the start of a file to sniff encoding, dialect, header and column types. */
export const SNIFF_BYTES = 256 * 1024;
/** Records of the sample kept for type inference and the preview. */
const SAMPLE_RECORDS = 2000;

/** Everything known about a file before importing it, and a way to read all of it. */
export interface SourceReader {
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly format: FileFormat;
  readonly encoding: EncodingSniff | { readonly encoding: string; readonly confidence: number; readonly source: 'container'; readonly alternatives: readonly never[] };
  /** Delimited files: the dialect; '' delimiter for one value per line and for other formats. */
  readonly dialect: Dialect;
  readonly sheets: readonly string[];
  readonly sheet: string | null;
  /** First records of the file (blank lines left out), header and title lines included. */
  readonly sample: readonly SourceRecord[];
  readonly layout: HeaderLayout;
  readonly warnings: readonly Message[];
  /** How a reject's raw text joins a row's cells. */
  readonly joiner: string;
  /** Rows the whole file is expected to hold, extrapolated from the sample (exact for small files and workbooks). */
  readonly estimatedRows: number;
  /** Reads the whole file as record batches, feeding every byte to `digest`. */
  open(digest: FileDigest): RecordStream;
}

/** Magic numbers of formats that are not tabular text. */
const FOREIGN_FORMATS: readonly { readonly name: string; readonly magic: readonly number[] }[] = [
  { name: 'PDF', magic: [0x25, 0x50, 0x44, 0x46] },
  { name: 'PNG', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'gzip', magic: [0x1f, 0x8b] },
  { name: '7z', magic: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: 'RAR', magic: [0x52, 0x61, 0x72, 0x21] },
  { name: 'SQLite', magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
];

const startsWith = (b: Uint8Array, magic: readonly number[]): boolean => magic.every((m, i) => b[i] === m);

function detectFormat(sample: Uint8Array, file: SourceFile, read: ReadOptions): FileFormat {
  if (read.format) return read.format;
  if (read.fixedWidth && read.fixedWidth.length > 0) return 'fixed';
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0])) return 'xls';
  const foreign = FOREIGN_FORMATS.find((f) => startsWith(sample, f.magic));
  if (foreign) {
    throw new ExpectedError('FILE_FORMAT_UNSUPPORTED', `${file.name} is a ${foreign.name} file, not a table.`, { file: file.name, format: foreign.name });
  }
  return 'delimited';
}

/**
 * A wholly binary file: NUL bytes (outside UTF-16) or control characters make up a large share of the sample.
 * Single binary lines inside a text file are rejected row by row instead.
 */
function assertText(sample: Uint8Array, encoding: string, fileName: string): void {
  if (encoding.startsWith('utf-16')) return;
  let nul = 0;
  let control = 0;
  const n = Math.min(sample.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const b = sample[i] as number;
    if (b === 0) nul++;
    // \t \n \r and \x01 (a delimiter some exports use) are text.
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x01 && b !== 0x1a) control++;
  }
  if (n > 0 && (nul > n * 0.01 || (nul + control) > n * 0.1)) {
    throw new ExpectedError('FILE_BINARY', `${fileName} holds binary data, not text; it cannot be imported as a table.`, { file: fileName });
  }
}

function emptyFile(fileName: string): ExpectedError {
  return new ExpectedError('FILE_EMPTY', `${fileName} is empty.`, { file: fileName });
}

/**
 * Sniffs a file from its first 256 KB (workbooks: the whole file) and returns a reader for it. `read`
 * overrides whatever the sniffer would have chosen.
 */
export async function openSource(file: SourceFile, read: ReadOptions = {}): Promise<SourceReader> {
  const size = file.blob.size;
  if (size === 0) throw emptyFile(file.name);
  const sample = await readSample(file.blob, SNIFF_BYTES);
  const format = detectFormat(sample, file, read);
  if ((format === 'xlsx' || format === 'xls') && !isHtml(sample)) return openWorkbook(file, format, read, null);
  const complete = size <= sample.length;
  const html = isHtml(sample) && read.format !== 'delimited' && read.format !== 'fixed';
  const encoding = read.encoding !== undefined ? userEncoding(read.encoding, sample) : ((html ? declaredCharset(sample) : null) ?? sniffEncoding(sample, complete));
  assertText(sample, encoding.encoding, file.name);
  if (html) return openWorkbook(file, 'xls', read, encoding);
  const warnings: Message[] = [];
  if (encoding.source === 'detector' && encoding.confidence < 50) {
    warnings.push({ code: 'ingest.encodingUncertain', params: { encoding: encoding.encoding, confidence: encoding.confidence } });
  }
  let text = new TextDecoder(encoding.encoding, { fatal: false }).decode(sample, { stream: !complete });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'fixed') return openFixed(file, read, encoding, text, sample, complete, warnings);
  return openDelimited(file, read, encoding, text, sample.length, complete, warnings);
}

function openDelimited(
  file: SourceFile,
  read: ReadOptions,
  encoding: EncodingSniff,
  text: string,
  sampleBytes: number,
  complete: boolean,
  warnings: Message[],
): SourceReader {
  const guess = sniffDialect(text, complete);
  const dialect: Dialect = {
    delimiter: read.delimiter ?? guess.delimiter,
    quote: read.quote !== undefined ? read.quote : guess.quote,
    newline: guess.newline,
  };
  if (dialect.delimiter.length > 1 || dialect.delimiter === '\n' || dialect.delimiter === '\r' || dialect.delimiter === dialect.quote) {
    throw new ExpectedError('BAD_ARGUMENT', `"${dialect.delimiter}" cannot be the delimiter: use one character other than a line break or the quote.`, {
      delimiter: dialect.delimiter,
    });
  }
  if (dialect.quote !== null && dialect.quote.length !== 1) {
    throw new ExpectedError('BAD_ARGUMENT', `The quote must be one character, not "${dialect.quote}".`, { quote: dialect.quote });
  }
  const parser = new DelimitedParser(dialect);
  const out = new BatchBuilder();
  parser.push(text, out);
  if (complete) parser.end(out);
  const sample = out.records.slice(0, SAMPLE_RECORDS);
  const estimatedRows = extrapolate(out.records.length + out.rejects.length, complete, file.blob.size, sampleBytes);
  if (sample.length === 0 && out.rejects.length === 0) {
    if (complete) throw emptyFile(file.name);
    warnings.push({ code: 'ingest.noRecordsInSample', params: { bytes: SNIFF_BYTES } });
  }
  const layout = detectHeader(sample, read.headerRow);
  return {
    fileName: file.name,
    sizeBytes: file.blob.size,
    format: 'delimited',
    encoding,
    dialect,
    sheets: [],
    sheet: null,
    sample,
    layout,
    warnings,
    joiner: dialect.delimiter,
    estimatedRows,
    async *open(digest) {
      const p = new DelimitedParser(dialect);
      const b = new BatchBuilder();
      for await (const chunk of streamText(file.blob, encoding.encoding, { digest })) {
        p.push(chunk.text, b);
        yield b.take(chunk.bytesDone);
      }
      p.end(b);
      yield b.take(file.blob.size);
    },
  };
}

/** Records in the whole file, extrapolated by bytes from the records found in the sample. */
function extrapolate(records: number, complete: boolean, size: number, sampleBytes: number): number {
  if (complete || sampleBytes === 0) return records;
  return Math.round((records * size) / sampleBytes);
}

function checkLayout(columns: readonly FixedWidthColumn[] | undefined): readonly FixedWidthColumn[] {
  if (!columns || columns.length === 0) {
    throw new ExpectedError('BAD_ARGUMENT', 'A fixed-width file needs its column layout (name, start, width).', {});
  }
  for (const c of columns) {
    if (!Number.isInteger(c.start) || c.start < 1 || !Number.isInteger(c.width) || c.width < 1 || c.name.trim() === '') {
      throw new ExpectedError('BAD_ARGUMENT', `Fixed-width column ${c.name || '?'} needs a name, a start ≥ 1 and a width ≥ 1.`, { column: c.name, start: c.start, width: c.width });
    }
  }
  return columns;
}

function openFixed(
  file: SourceFile,
  read: ReadOptions,
  encoding: EncodingSniff,
  text: string,
  sampleBytes: Uint8Array,
  complete: boolean,
  warnings: Message[],
): SourceReader {
  const columns = checkLayout(read.fixedWidth);
  const unit = read.fixedWidthUnit ?? 'char';
  if (unit === 'byte' && encoding.encoding.startsWith('utf-16')) {
    throw new ExpectedError('BAD_ARGUMENT', 'Byte widths need an ASCII-compatible encoding; this file is UTF-16.', { encoding: encoding.encoding });
  }
  const names = columns.map((c) => c.name.trim());
  const out = new BatchBuilder();
  if (unit === 'char') {
    const p = new FixedWidthCharParser(columns);
    p.push(text, out);
    if (complete) p.end(out);
  } else {
    const p = new FixedWidthByteParser(columns, encoding.encoding, encoding.bomLength);
    p.push(sampleBytes, out);
    if (complete) p.end(out);
  }
  const sample = out.records.slice(0, SAMPLE_RECORDS);
  const estimatedRows = extrapolate(out.records.length, complete, file.blob.size, sampleBytes.length);
  if (sample.length === 0 && complete) throw emptyFile(file.name);
  const first = sample[0];
  const headerRow = read.headerRow ?? (first && first.line === 1 && first.fields.slice(0, names.length).every((f, i) => f === names[i]) ? 1 : 0);
  const layout: HeaderLayout = { headerRow, headers: names, named: true, leading: sample.filter((r) => r.line < headerRow) };
  return {
    fileName: file.name,
    sizeBytes: file.blob.size,
    format: 'fixed',
    encoding,
    dialect: { delimiter: '', quote: null, newline: '\n' },
    sheets: [],
    sheet: null,
    sample,
    layout,
    warnings,
    joiner: '\t',
    estimatedRows,
    async *open(digest) {
      const b = new BatchBuilder();
      if (unit === 'char') {
        const p = new FixedWidthCharParser(columns);
        for await (const chunk of streamText(file.blob, encoding.encoding, { digest })) {
          p.push(chunk.text, b);
          yield b.take(chunk.bytesDone);
        }
        p.end(b);
      } else {
        const p = new FixedWidthByteParser(columns, encoding.encoding, encoding.bomLength);
        let done = 0;
        for await (const bytes of streamBytes(file.blob, digest)) {
          p.push(bytes, b);
          done += bytes.byteLength;
          if (b.size >= 10_000) yield b.take(done);
        }
        p.end(b);
      }
      yield b.take(file.blob.size);
    },
  };
}

/**
 * Web systems often save an HTML table under a `.xls` name; Excel opens it, so analysts have such files. The
 * first non-blank character is `<` and a `<table` follows within the sample.
 */
function isHtml(sample: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(sample.subarray(0, 64 * 1024)).replace(/^(?:\u00ef\u00bb\u00bf|\s)+/, '');
  return head.startsWith('<') && /<table[\s>]/i.test(head);
}

/** The charset an HTML file declares in a `<meta>` tag, unless a BOM says otherwise. */
function declaredCharset(sample: Uint8Array): EncodingSniff | null {
  if (detectBom(sample)) return null;
  const head = new TextDecoder('latin1').decode(sample.subarray(0, 4096));
  const m = /<meta[^>]*charset\s*=\s*["']?([\w-]+)/i.exec(head);
  if (!m?.[1]) return null;
  try {
    return { ...userEncoding(m[1], sample), source: 'container' };
  } catch {
    return null;
  }
}

async function openWorkbook(file: SourceFile, format: 'xlsx' | 'xls', read: ReadOptions, htmlEncoding: EncodingSniff | null): Promise<SourceReader> {
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  const content = htmlEncoding ? new TextDecoder(htmlEncoding.encoding, { fatal: false }).decode(bytes) : bytes;
  const wb: WorkBook = readWorkbook(content, file.name);
  const sheet = chooseSheet(wb, read.sheet, file.name);
  const sample: SourceRecord[] = [];
  for (const batch of sheetBatches(wb, sheet, bytes.byteLength, SAMPLE_RECORDS)) {
    sample.push(...batch.records);
    if (sample.length >= SAMPLE_RECORDS) break;
  }
  if (sample.length === 0) throw new ExpectedError('FILE_EMPTY', `Sheet ${sheet} of ${file.name} is empty.`, { file: file.name, sheet });
  const layout = detectHeader(sample.slice(0, SAMPLE_RECORDS), read.headerRow);
  const ref = wb.Sheets[sheet]?.['!ref'];
  const range = ref ? utils.decode_range(ref) : null;
  const estimatedRows = range ? range.e.r - range.s.r + 1 : sample.length;
  return {
    fileName: file.name,
    sizeBytes: file.blob.size,
    format,
    encoding: htmlEncoding ?? { encoding: 'utf-8', confidence: 100, source: 'container', alternatives: [] },
    dialect: { delimiter: '', quote: null, newline: '\n' },
    sheets: wb.SheetNames,
    sheet,
    sample: sample.slice(0, SAMPLE_RECORDS),
    layout,
    warnings: [],
    joiner: '\t',
    estimatedRows,
    // eslint-disable-next-line @typescript-eslint/require-await -- the workbook is already in memory
    async *open(digest) {
      digest.update(bytes);
      yield* sheetBatches(wb, sheet, bytes.byteLength);
    },
  };
}
