import type { FieldType, PiiType } from '#shared/model/entities.ts';
import type { CellIssueCode } from '#shared/values/parseResult.ts';
import type { BatchId, FileId } from './brands.ts';
import type { RejectCode, ImportStatus } from './ingestTypes.ts';

/** A value and how many rows hold it. Personal data is masked; long text is cut to 100 characters. */
export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

/** The check a column's values go through: its field type, or null for free text (nothing to check). */
export type QualityValidator = Exclude<FieldType, 'text'>;

export interface ColumnQuality {
  readonly column: string;
  readonly zh: string | null;
  readonly en: string | null;
  readonly type: FieldType;
  /** Personal-data class; failure examples, top values and shared values of such a column are masked. */
  readonly pii: PiiType | null;
  readonly rows: number;
  /** Cells stored as missing (NULL or empty), including the `cellIssues` cells the import blanked. */
  readonly missing: number;
  readonly missingShare: number;
  /** Distinct non-missing values; estimated from a sample on large tables unless `distinctExact`. */
  readonly distinct: number;
  readonly distinctExact: boolean;
  /** Stored values that fail the column's validator (身份证 checksum, mobile prefix, Luhn, OpenID shape, date range …). */
  readonly invalid: number;
  /** Values that did not parse at import: the row was kept and the cell set to missing (see `cell_issue`). */
  readonly cellIssues: number;
  /**
   * Share of the values present in the source that conform: (non-missing − invalid) / (non-missing + cellIssues),
   * 0–1; null when the column has no values at all.
   */
  readonly conformity: number | null;
  /** Stored failures and import cell issues together, by code, most frequent first. */
  readonly failuresByCode: readonly { readonly code: CellIssueCode; readonly count: number }[];
  /** A few failing values, masked when the column holds personal data. */
  readonly failureExamples: readonly string[];
  readonly validator: QualityValidator | null;
  /** Most frequent values with counts (masked for personal data), for the distribution chart. */
  readonly topValues: readonly ValueCount[];
  /** False when `topValues` counts are scaled up from a sample of a large table. */
  readonly topValuesExact: boolean;
  /** Identifier values held by at least `QualityReport.sharedMinCustomers` different customers. */
  readonly sharedValues: number;
}

export interface TableQuality {
  readonly table: string;
  /** Entity kind, or `table` for a generic imported table with inferred column types. */
  readonly kind: string;
  readonly zh: string;
  readonly en: string;
  /** 0 means nothing was imported into this table; its `columns` are then empty. */
  readonly rows: number;
  /** Rows of the sample that distinct counts and top values were estimated from, or null when all rows were read. */
  readonly sampledRows: number | null;
  readonly columns: readonly ColumnQuality[];
}

export interface KeyCoverage {
  /** e.g. transactions.cust_no → customers.cust_no */
  readonly fromTable: string;
  readonly fromColumn: string;
  readonly toTable: string;
  readonly toColumn: string;
  /** Rows of the target table; 0 means the target was not imported, so nothing can match. */
  readonly toRows: number;
  readonly distinctKeys: number;
  readonly matchedKeys: number;
  /** matchedKeys / distinctKeys, 0–1 (0 when there are no keys). */
  readonly coverage: number;
  readonly rowsWithKey: number;
  readonly rowsMatched: number;
  /** rowsMatched / rowsWithKey, 0–1 (0 when no row has a key). */
  readonly rowCoverage: number;
  /** Unmatched keys with the most rows, masked when the key is personal data (account numbers). */
  readonly orphanExamples: readonly ValueCount[];
}

/** One identifier value that many different customers share: a call-centre number, a placeholder, a test ID. */
export interface SharedIdentifier {
  readonly table: string;
  readonly column: string;
  readonly pii: PiiType | null;
  /** Masked. */
  readonly value: string;
  readonly customers: number;
  readonly rows: number;
}

export interface FileQuality {
  readonly fileId: FileId;
  readonly batchId: BatchId;
  readonly fileName: string;
  readonly kind: string;
  readonly table: string;
  readonly encoding: string;
  readonly status: ImportStatus;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly cellIssues: number;
  readonly rejectsByCode: readonly { readonly code: RejectCode; readonly count: number }[];
  readonly cellIssuesByColumn: readonly { readonly column: string; readonly code: CellIssueCode; readonly count: number }[];
  readonly importedAt: string;
}

export interface QualityReport {
  readonly generatedAt: string;
  readonly asOfDate: string | null;
  readonly files: readonly FileQuality[];
  /** Every entity table (rows 0 when not imported), then the generic imported tables. */
  readonly tables: readonly TableQuality[];
  readonly keyCoverage: readonly KeyCoverage[];
  /** Cell-level issues (row kept, value set to missing) by table, column and code. */
  readonly cellIssues: readonly { readonly table: string; readonly column: string; readonly code: CellIssueCode; readonly count: number }[];
  /** The customer count from which an identifier value is reported as shared. */
  readonly sharedMinCustomers: number;
  /** Shared identifier values, most customers first (at most 20 per column). */
  readonly sharedIdentifiers: readonly SharedIdentifier[];
}
