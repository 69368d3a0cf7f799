import { describe, expect, it } from 'vitest';
import type { BatchId, FileId } from '#shared/api/brands.ts';
import type { ColumnQuality, FileQuality, KeyCoverage, TableQuality } from '#shared/api/qualityTypes.ts';
import { barChartHeight, keyCoverageOption, missingColor, missingShareOption, rejectsByCode, rejectsByCodeOption, toPercent } from './qualityCharts.ts';

const col = (column: string, missingShare: number): ColumnQuality => ({
  column,
  zh: null,
  en: null,
  type: 'text',
  pii: null,
  rows: 100,
  missing: Math.round(missingShare * 100),
  missingShare,
  distinct: 10,
  distinctExact: true,
  invalid: 0,
  cellIssues: 0,
  conformity: 1,
  failuresByCode: [],
  failureExamples: [],
  validator: null,
  topValues: [],
  topValuesExact: true,
  sharedValues: 0,
});

const file = (name: string, codes: FileQuality['rejectsByCode']): FileQuality => ({
  fileId: 1 as FileId,
  batchId: 1 as BatchId,
  fileName: name,
  kind: 'customers',
  table: 'customers',
  encoding: 'gb18030',
  rowsRead: 10,
  accepted: 8,
  rejected: 2,
  status: 'done',
  cellIssues: 0,
  rejectsByCode: codes,
  cellIssuesByColumn: [],
  importedAt: '2024-06-30 10:00:00',
});

type Bar = { value: number; itemStyle: { color: string } };
const seriesData = (o: ReturnType<typeof missingShareOption>): Bar[] => (o.series as { data: Bar[] }[])[0]?.data ?? [];
const categories = (o: ReturnType<typeof missingShareOption>): string[] => (o.yAxis as { data: string[] }).data;

describe('quality chart builders', () => {
  it('rounds shares to one-decimal percentages', () => {
    expect(toPercent(0.12345)).toBe(12.3);
    expect(toPercent(1)).toBe(100);
    expect(toPercent(0)).toBe(0);
  });

  it('colours missing shares by severity', () => {
    expect(missingColor(0.01)).not.toBe(missingColor(0.1));
    expect(missingColor(0.1)).not.toBe(missingColor(0.5));
  });

  it('puts the column with the most missing values on top, labelled by the caller', () => {
    const table: TableQuality = { table: 'customers', kind: 'customers', zh: '客户', en: 'Customers', rows: 100, sampledRows: null, columns: [col('name', 0.02), col('phone', 0.4), col('city', 0.1)] };
    const o = missingShareOption(table, { title: 'T', column: (c) => `${c.column}!` });
    // The last category is drawn on top of a horizontal bar chart.
    expect(categories(o)).toEqual(['name!', 'city!', 'phone!']);
    expect(seriesData(o).map((d) => d.value)).toEqual([2, 10, 40]);
    expect(seriesData(o)[2]?.itemStyle.color).toBe(missingColor(0.4));
    expect(o.animation).toBe(false);
  });

  it('sums rejects by code over files and drops zero counts', () => {
    const files = [
      file('a.csv', [
        { code: 'COLUMN_COUNT', count: 3 },
        { code: 'TITLE_ROW', count: 1 },
      ]),
      file('b.csv', [
        { code: 'COLUMN_COUNT', count: 2 },
        { code: 'TRUNCATED', count: 0 },
      ]),
    ];
    expect(rejectsByCode(files)).toEqual([
      { code: 'COLUMN_COUNT', count: 5 },
      { code: 'TITLE_ROW', count: 1 },
    ]);
    const o = rejectsByCodeOption(files, { title: 'R', reason: (c) => `原因:${c}` });
    expect((o.series as { data: unknown[] }[])[0]?.data).toEqual([
      { name: '原因:COLUMN_COUNT', value: 5 },
      { name: '原因:TITLE_ROW', value: 1 },
    ]);
  });

  it('shows key coverage as percentages named by relation', () => {
    const cov: KeyCoverage = {
      fromTable: 'transactions',
      fromColumn: 'cust_no',
      toTable: 'customers',
      toColumn: 'cust_no',
      toRows: 180,
      distinctKeys: 200,
      matchedKeys: 150,
      coverage: 0.75,
      rowsWithKey: 1000,
      rowsMatched: 700,
      rowCoverage: 0.7,
      orphanExamples: [],
    };
    const o = keyCoverageOption([cov], { title: 'K', keys: 'keys', rows: 'rows' });
    expect((o.yAxis as { data: string[] }).data).toEqual(['transactions.cust_no → customers.cust_no']);
    const series = o.series as { name: string; data: Bar[] }[];
    expect(series.map((x) => [x.name, x.data.map((d) => d.value)])).toEqual([
      ['keys', [75]],
      ['rows', [70]],
    ]);
  });

  it('grows bar charts with the number of categories', () => {
    expect(barChartHeight(0)).toBe(120);
    expect(barChartHeight(30)).toBeGreaterThan(barChartHeight(10));
  });
});
