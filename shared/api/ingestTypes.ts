import type { EntityKind, FieldType, PiiType } from '#shared/model/entities.ts';
import type { BatchId, FileId } from './brands.ts';
import type { ErrorParams } from './errors.ts';

/**
 * A file handed to the engine. A `Blob` works everywhere the engine runs: a `File` from a drop or file input in
 * the browser, `fs.openAsBlob(path)` in Node, bytes from the desktop bridge wrapped in a Blob in Electron.
 */
export interface SourceFile {
  readonly name: string;
  readonly blob: Blob;
}

export type FileFormat = 'delimited' | 'xlsx' | 'xls' | 'fixed';

/** Column layout of a fixed-width (定长) file: character columns, 1-based start, inclusive width. */
export interface FixedWidthColumn {
  readonly name: string;
  readonly start: number;
  readonly width: number;
}

/** Overrides of what the sniffer detected; every field is optional. */
export interface ReadOptions {
  /** WHATWG encoding label: utf-8, gb18030, gbk, big5, windows-1252, utf-16le, … */
  readonly encoding?: string;
  /** One character: `,` `\t` `;` `|` `^` `\x01` … */
  readonly delimiter?: string;
  /** Quote character, or null when the file does not quote. */
  readonly quote?: string | null;
  /** 1-based physical line (row for spreadsheets) of the header; 0 means the file has no header row. */
  readonly headerRow?: number;
  /** Sheet name of a workbook. */
  readonly sheet?: string;
  readonly format?: FileFormat;
  readonly fixedWidth?: readonly FixedWidthColumn[];
  /**
   * What `fixedWidth` starts and widths count: 'char' (default) counts characters of the decoded text; 'byte'
   * counts bytes of the file, as GBK exports laid out for COBOL/mainframe systems do (a Chinese character is two
   * bytes there). Byte mode needs an ASCII-compatible encoding (not UTF-16).
   */
  readonly fixedWidthUnit?: 'char' | 'byte';
}

export interface EncodingGuess {
  readonly encoding: string;
  /** 0–100. */
  readonly confidence: number;
  readonly source: 'bom' | 'utf8-valid' | 'detector' | 'user' | 'container';
  readonly alternatives: readonly { readonly encoding: string; readonly confidence: number }[];
}

/** A Chinese/English message by code, rendered by the UI's catalog. */
export interface Message {
  readonly code: string;
  readonly params: ErrorParams;
}

export type InferredType = FieldType | 'empty';

export interface ColumnPreview {
  readonly index: number;
  readonly header: string;
  readonly samples: readonly string[];
  readonly inferredType: InferredType;
  /** Share of non-missing sample values that parse as the inferred type, 0–1. */
  readonly conformity: number;
  readonly missingShare: number;
  /** Canonical field this column maps to by header synonym or content, or null. */
  readonly suggestedField: string | null;
  readonly pii: PiiType | null;
}

/** Unit of source money values: 元, 分, 千元 or 万元. Stored values are always fen. */
export type MoneyUnit = 'yuan' | 'fen' | 'qian' | 'wan';

export interface ColumnMappingEntry {
  /** Header text of the source column (or `列N` when the file has no header). */
  readonly source: string;
  /** 0-based position of the source column. */
  readonly sourceIndex: number;
  /** Canonical field name, or null to keep the column only as a raw extra column. */
  readonly field: string | null;
  /** For money fields: the unit of the source values (default: yuan, or wan when the header says 万元). */
  readonly moneyUnit?: MoneyUnit;
  /** For date fields whose values are ambiguous (e.g. 03/04/2024): 'ymd' | 'dmy' | 'mdy'. */
  readonly dateOrder?: 'ymd' | 'dmy' | 'mdy';
}

export interface ColumnMapping {
  /** An entity kind of the data model, or 'table' for a generic table with inferred column types. */
  readonly kind: EntityKind | 'table';
  /** Target table for kind 'table' (letters, digits, underscore; prefixed `t_`). */
  readonly tableName?: string;
  readonly columns: readonly ColumnMappingEntry[];
  /** Values for fields the file lacks, e.g. `{ as_of: '2024-06-30', source_system: 'crm' }`. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** When the file has no customer key column, number rows (`<file>#<row>`) as customer numbers. */
  readonly generateCustomerKey?: boolean;
}

export interface ImportPreview {
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly format: FileFormat;
  readonly encoding: EncodingGuess;
  readonly delimiter: string;
  readonly quote: string | null;
  readonly headerRow: number;
  readonly sheets: readonly string[];
  readonly sheet: string | null;
  readonly columns: readonly ColumnPreview[];
  /** First data rows, as text, for the preview grid. */
  readonly rows: readonly (readonly string[])[];
  /** Lines above the header (report titles, export stamps) that will become rejects with a reason. */
  readonly leadingLines: readonly { readonly line: number; readonly text: string }[];
  readonly detectedKind: EntityKind | 'table';
  readonly kindScores: readonly { readonly kind: EntityKind; readonly score: number }[];
  readonly mapping: ColumnMapping;
  readonly warnings: readonly Message[];
}

export interface ImportFileRequest {
  readonly file: SourceFile;
  readonly read?: ReadOptions;
  /** Mapping chosen in the wizard; when absent, the suggested mapping (or `template`) is used. */
  readonly mapping?: ColumnMapping;
  /** Name of a saved mapping template to apply. */
  readonly template?: string;
  /** Import as this kind (CLI `--as`), overriding detection. */
  readonly kind?: EntityKind | 'table';
}

export type ImportStatus = 'done' | 'cancelled' | 'failed';

export interface ImportFileResult {
  readonly fileId: FileId;
  readonly fileName: string;
  readonly kind: EntityKind | 'table';
  readonly table: string;
  readonly format: FileFormat;
  readonly encoding: string;
  readonly delimiter: string;
  readonly sha256: string;
  /** Data rows read (blank lines are not rows). Invariant: accepted + rejected = rowsRead. */
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Of the accepted rows: new to the workspace, identical to a row already there, or changing one. */
  readonly newRows: number;
  readonly duplicateRows: number;
  readonly updatedRows: number;
  readonly blankLines: number;
  /** Accepted rows with at least one field set to missing because its value did not parse. */
  readonly cellIssues: number;
  readonly status: ImportStatus;
  readonly message?: Message;
}

export interface ImportRunResult {
  readonly batchId: BatchId;
  readonly files: readonly ImportFileResult[];
  readonly asOfDate: string | null;
}

/** Why a row was rejected. Each has a zh-CN and en message in the catalogs (`reject.<code>`). */
export type RejectCode =
  | 'COLUMN_COUNT'
  | 'REQUIRED_MISSING'
  | 'VALUE_INVALID'
  | 'UNBALANCED_QUOTE'
  | 'ROW_TOO_LONG'
  | 'TITLE_ROW'
  | 'TOTAL_ROW'
  | 'ENCODING_INVALID'
  | 'BINARY_DATA'
  | 'DUPLICATE_IN_FILE'
  | 'TRUNCATED';

export interface RejectRow {
  readonly rejectId: number;
  readonly fileId: FileId;
  readonly fileName: string;
  /** 1-based physical line in the file (row number for spreadsheets). */
  readonly rowNo: number;
  readonly column: string | null;
  readonly code: RejectCode;
  readonly params: ErrorParams;
  /** The row as it was read (joined with the file's delimiter), truncated to 4,000 characters. */
  readonly raw: string;
}

export interface RejectPage {
  readonly total: number;
  readonly rows: readonly RejectRow[];
}

export interface MappingTemplate {
  readonly name: string;
  readonly mapping: ColumnMapping;
  readonly updatedAt: string;
}
