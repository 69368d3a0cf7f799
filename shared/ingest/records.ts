import type { ErrorParams } from '#shared/api/errors.ts';
import type { RejectCode } from '#shared/api/ingestTypes.ts';

/** One record of a source file as text cells, before any mapping. */
export interface SourceRecord {
  /** 1-based physical line where the record starts (the row number for spreadsheets). */
  readonly line: number;
  readonly fields: string[];
  /** Set on the file's last record when the file does not end with a line break (a possibly cut-off line). */
  readonly unterminated?: boolean;
}

/** A line the reader could not turn into a record (unbalanced quote, over-long line …), kept as a reject. */
export interface ReaderReject {
  readonly line: number;
  readonly code: RejectCode;
  readonly raw: string;
  readonly params: ErrorParams;
}

/** What a reader delivers between two checkpoints of the import loop. */
export interface RecordBatch {
  readonly records: SourceRecord[];
  readonly rejects: ReaderReject[];
  /** Lines with no content (nothing but whitespace or delimiters): counted, never rows. */
  readonly blankLines: number;
  /** Bytes of the file consumed so far, for progress. */
  readonly bytesDone: number;
  /** The batch's text held NUL or U+FFFD (undecodable bytes): its rows need the binary and encoding checks. */
  readonly suspect: boolean;
}

export type RecordStream = AsyncGenerator<RecordBatch, void, undefined>;

/** Longest raw text kept with a reject. */
export const MAX_RAW_CHARS = 4000;

export function clipRaw(raw: string): string {
  return raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw;
}

/** A record with nothing in it: every cell empty or whitespace (a DOS end-of-file mark counts as empty). */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) {
    if (f.length === 0) continue;
    if (f.trim() !== '' && f !== '\u001a') return false;
  }
  return true;
}

/** Collects one batch. */
export class BatchBuilder {
  records: SourceRecord[] = [];
  rejects: ReaderReject[] = [];
  blankLines = 0;
  suspect = false;

  take(bytesDone: number): RecordBatch {
    const b: RecordBatch = { records: this.records, rejects: this.rejects, blankLines: this.blankLines, bytesDone, suspect: this.suspect };
    this.records = [];
    this.rejects = [];
    this.blankLines = 0;
    this.suspect = false;
    return b;
  }

  get size(): number {
    return this.records.length + this.rejects.length + this.blankLines;
  }
}
