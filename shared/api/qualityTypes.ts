import type { FileId } from './brands.ts';
import type { RejectCode } from './ingestTypes.ts';

export interface ColumnQuality {
  readonly column: string;
  readonly zh: string | null;
  readonly type: string;
  readonly rows: number;
  readonly missing: number;
  readonly missingShare: number;
  readonly distinct: number;
  /** Values that fail the column's validator (身份证 checksum, mobile prefix, Luhn, OpenID shape, date range …). */
  readonly invalid: number;
  /** Share of non-missing values that conform to the column's type and validator, 0–1. */
  readonly conformity: number;
  /** A few failing values, masked when the column holds personal data. */
  readonly failureExamples: readonly string[];
  readonly validator: string | null;
  /** Most frequent values with counts (masked for personal data), for the distribution chart. */
  readonly topValues: readonly { readonly value: string; readonly count: number }[];
}

export interface TableQuality {
  readonly table: string;
  readonly kind: string;
  readonly rows: number;
  readonly columns: readonly ColumnQuality[];
}

export interface KeyCoverage {
  /** e.g. transactions.cust_no → customers.cust_no */
  readonly fromTable: string;
  readonly fromColumn: string;
  readonly toTable: string;
  readonly toColumn: string;
  readonly distinctKeys: number;
  readonly matchedKeys: number;
  readonly coverage: number;
  readonly rowsWithKey: number;
  readonly rowsMatched: number;
}

export interface FileQuality {
  readonly fileId: FileId;
  readonly fileName: string;
  readonly kind: string;
  readonly table: string;
  readonly encoding: string;
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly cellIssues: number;
  readonly rejectsByCode: readonly { readonly code: RejectCode; readonly count: number }[];
  readonly importedAt: string;
}

export interface QualityReport {
  readonly generatedAt: string;
  readonly asOfDate: string | null;
  readonly files: readonly FileQuality[];
  readonly tables: readonly TableQuality[];
  readonly keyCoverage: readonly KeyCoverage[];
  /** Cell-level issues (row kept, value set to missing) by table, column and code. */
  readonly cellIssues: readonly { readonly table: string; readonly column: string; readonly code: string; readonly count: number }[];
}
