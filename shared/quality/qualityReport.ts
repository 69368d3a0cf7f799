/** Builds the data-quality report of the open workspace (the `quality.report` engine method). */
import type { KeyCoverage, QualityReport, SharedIdentifier, TableQuality } from '#shared/api/qualityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { cellIssuesByColumn, fileQualities } from './importCounts.ts';
import { loadKeySet } from './keyCoverage.ts';
import { qualityTables, quoteIdent } from './qualityTables.ts';
import { FULL_SCAN_ROWS, profileTable, SAMPLE_ROWS, SHARED_MIN_CUSTOMERS, type ProfileContext } from './tableProfile.ts';

export interface QualityReportOptions {
  /** ISO timestamp the report is stamped with. */
  readonly generatedAt: string;
  /** The workspace as-of date (YYYY-MM-DD); birth dates after it count as out of range. */
  readonly asOfDate: string | null;
  /** Tables up to this many rows are read whole, larger ones sampled (default {@link FULL_SCAN_ROWS}). */
  readonly fullScanRows?: number;
  /** Rows sampled from larger tables (default {@link SAMPLE_ROWS}). */
  readonly sampleRows?: number;
}

/**
 * Profiles every entity table (listed with rows 0 when nothing was imported) and every generic imported table:
 * missing share, distinct values, type conformity with masked failure examples, bank identifier checks, shared
 * identifiers, cross-file key coverage and the per-file import counts. Reads only; call it inside the database's
 * write queue so an import cannot change the tables between its chunks. Reports progress as step `quality`
 * (current = tables done, detail = table name) and yields between chunks of at most 250,000 rows and between grouped queries.
 */
export async function buildQualityReport(db: Db, ctx: JobContext, options: QualityReportOptions): Promise<QualityReport> {
  const files = fileQualities(db);
  const issues = cellIssuesByColumn(db);
  const specs = qualityTables(db);
  const rowCounts = new Map<string, number>();
  const keySets = new Map<string, Set<string>>();
  const p: ProfileContext = {
    db,
    ctx,
    fullScanRows: Math.max(1, options.fullScanRows ?? FULL_SCAN_ROWS),
    sampleRows: Math.max(1, options.sampleRows ?? SAMPLE_ROWS),
    latestBirthDate: options.asOfDate ?? options.generatedAt.slice(0, 10),
    cellIssues: (table) => issues.get(table),
    rowCount(table) {
      let n = rowCounts.get(table);
      if (n === undefined) rowCounts.set(table, (n = Number(db.value(`SELECT count(*) FROM ${quoteIdent(table)}`) ?? 0)));
      return n;
    },
    keySet(table, column) {
      const key = `${table}.${column}`;
      let set = keySets.get(key);
      if (!set) keySets.set(key, (set = loadKeySet(db, table, column)));
      return set;
    },
  };

  const tables: TableQuality[] = [];
  const keyCoverage: KeyCoverage[] = [];
  const sharedIdentifiers: SharedIdentifier[] = [];
  for (const [i, spec] of specs.entries()) {
    ctx.progress('quality', i, specs.length, spec.table);
    await ctx.checkpoint();
    const profile = await profileTable(p, spec);
    tables.push(profile.quality);
    keyCoverage.push(...profile.coverage);
    sharedIdentifiers.push(...profile.shared);
  }
  ctx.progress('quality', specs.length, specs.length);

  const cellIssues = [...issues].flatMap(([table, cols]) => [...cols].flatMap(([column, c]) => c.byCode.map(({ code, count }) => ({ table, column, code, count }))));
  cellIssues.sort((a, b) => b.count - a.count || a.table.localeCompare(b.table) || a.column.localeCompare(b.column) || a.code.localeCompare(b.code));
  sharedIdentifiers.sort((a, b) => b.customers - a.customers);
  return {
    generatedAt: options.generatedAt,
    asOfDate: options.asOfDate,
    files,
    tables,
    keyCoverage,
    cellIssues,
    sharedMinCustomers: SHARED_MIN_CUSTOMERS,
    sharedIdentifiers,
  };
}
