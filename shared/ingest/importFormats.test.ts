import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { CellValue, Engine } from '#shared/api/engineApi.ts';
import type { ImportFileRequest, ImportFileResult } from '#shared/api/ingestTypes.ts';
import { encodeLegacy, fileOf, invariantHolds, newEngine } from './testKit.ts';

async function importOne(engine: Engine, name: string, content: string | Uint8Array, extra: Omit<ImportFileRequest, 'file'> = {}): Promise<ImportFileResult> {
  const r = await engine.call('ingest.run', { files: [{ file: fileOf(name, content), ...extra }] });
  const f = r.files[0];
  if (!f) throw new Error('no result');
  expect(f.status).toBe('done');
  expect(invariantHolds(f)).toBe(true);
  return f;
}

async function query(engine: Engine, sql: string): Promise<CellValue[][]> {
  const r = await engine.call('sql.query', { sql, unmask: { reason: 'test' } });
  return r.rows.map((row) => [...row]);
}

function workbook(bookType: 'xlsx' | 'biff8'): Uint8Array {
  const customers = XLSX.utils.aoa_to_sheet(
    [
      ['客户信息导出 2024-06-30'],
      ['客户号', '姓名', '开户日期', '资产余额(元)', '最近登录'],
      ['C001', '张三', new Date(2021, 2, 15), 1234.5, new Date(2024, 5, 30, 13, 45, 10)],
      ['C002', '李四', new Date(2019, 11, 1), 88, null],
      [],
      ['合计', '', '', 1322.5, ''],
    ],
    { cellDates: true },
  );
  const other = XLSX.utils.aoa_to_sheet([['产品代码', '产品名称'], ['P1', '稳健理财']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, customers, '客户');
  XLSX.utils.book_append_sheet(wb, other, '产品');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

describe('workbooks', () => {
  it.each(['xlsx', 'biff8'] as const)('imports a %s workbook with dates as ISO text and Excel row numbers', async (bookType) => {
    const bytes = workbook(bookType);
    const name = bookType === 'xlsx' ? 'c.xlsx' : 'c.xls';
    const e = await newEngine();
    const preview = await e.call('ingest.preview', { file: fileOf(name, bytes) });
    expect(preview).toMatchObject({ format: bookType === 'xlsx' ? 'xlsx' : 'xls', sheets: ['客户', '产品'], sheet: '客户', headerRow: 2, detectedKind: 'customers' });
    expect(preview.encoding.source).toBe('container');
    const r = await importOne(e, name, bytes);
    expect(r).toMatchObject({ rowsRead: 4, accepted: 2, rejected: 2, blankLines: 1 });
    expect(await query(e, 'SELECT cust_no, open_date, aum_fen, as_of, extra FROM customers ORDER BY cust_no')).toEqual([
      ['C001', '2021-03-15', 123_450, '2024-06-30', '{"最近登录":"2024-06-30 13:45:10"}'],
      ['C002', '2019-12-01', 8800, '2024-06-30', null],
    ]);
    const page = await e.call('rejects.page', { fileId: r.fileId, offset: 0, limit: 10 });
    expect(page.rows.map((x) => [x.rowNo, x.code])).toEqual([
      [1, 'TITLE_ROW'],
      [6, 'TOTAL_ROW'],
    ]);
  });

  it('imports the sheet the user picks', async () => {
    const e = await newEngine();
    const r = await importOne(e, 'c.xlsx', workbook('xlsx'), { read: { sheet: '产品' } });
    expect(r).toMatchObject({ kind: 'products', newRows: 1 });
    const bad = await e.call('ingest.run', { files: [{ file: fileOf('c.xlsx', workbook('xlsx')), read: { sheet: '没有' } }] });
    expect(bad.files[0]).toMatchObject({ status: 'failed', message: { code: 'BAD_ARGUMENT' } });
  });

  it('reports a damaged workbook clearly', async () => {
    const e = await newEngine();
    const bytes = workbook('xlsx').slice(0, 200);
    await expect(e.call('ingest.preview', { file: fileOf('broken.xlsx', bytes) })).rejects.toMatchObject({ code: 'FILE_FORMAT_UNSUPPORTED' });
  });
});

describe('generic tables', () => {
  it('creates t_<name> with inferred columns, records it and registers personal-data columns', async () => {
    const text = 'age;job;contact;balance\n58;"management";"13912345678";2143\n44;"technician";"13812345678";29\n';
    const e = await newEngine();
    const r = await importOne(e, 'bank-like.csv', text);
    expect(r).toMatchObject({ kind: 'table', table: 't_bank_like', delimiter: ';', newRows: 2 });
    expect(await query(e, 'SELECT job, contact FROM t_bank_like ORDER BY row_id')).toEqual([
      ['management', '13912345678'],
      ['technician', '13812345678'],
    ]);
    const [[columns]] = (await query(e, "SELECT columns FROM user_table WHERE table_name = 't_bank_like'")) as [[string]];
    // The values' parser reads `balance` as money, which is stored as fen in a column named *_fen.
    expect((JSON.parse(columns) as { name: string; type: string }[]).map((c) => [c.name, c.type])).toEqual([
      ['age', 'int'],
      ['job', 'text'],
      ['contact', 'phone'],
      ['balance_fen', 'money'],
    ]);
    expect(await query(e, "SELECT column_name, pii_type, source FROM sensitive_column WHERE table_name = 't_bank_like'")).toEqual([['contact', 'phone', 'detected']]);
    const masked = await e.call('sql.query', { sql: 'SELECT contact FROM t_bank_like' });
    expect(masked.rows[0]?.[0]).toBe('139****5678');
    expect(counts(await importOne(e, 'bank-like.csv', text))).toEqual([0, 2, 0]);
  });

  it('imports into a named table and widens it with new columns', async () => {
    const e = await newEngine();
    const first = await e.call('ingest.preview', { file: fileOf('a.csv', 'k,v\n1,x\n'), kind: 'table' });
    await importOne(e, 'a.csv', 'k,v\n1,x\n', { mapping: { ...first.mapping, tableName: 'survey' } });
    const second = await e.call('ingest.preview', { file: fileOf('b.csv', 'k,v,w\n2,y,z\n'), kind: 'table' });
    await importOne(e, 'b.csv', 'k,v,w\n2,y,z\n', { mapping: { ...second.mapping, tableName: 'survey' } });
    expect(await query(e, 'SELECT k, v, w FROM t_survey ORDER BY k')).toEqual([
      [1, 'x', null],
      [2, 'y', 'z'],
    ]);
  });
});

const counts = (r: ImportFileResult): [number, number, number] => [r.newRows, r.duplicateRows, r.updatedRows];

describe('fixed-width files', () => {
  const layout = [
    { name: '客户号', start: 1, width: 6 },
    { name: '姓名', start: 7, width: 6 },
    { name: '城市', start: 13, width: 4 },
  ];

  it('slices lines by character columns', async () => {
    const text = 'C001  张三    北京\nC002  欧阳小明  上海\n\nC003  王五    广州  多余\n';
    const e = await newEngine();
    const r = await importOne(e, 'fixed.txt', text, { read: { fixedWidth: layout }, kind: 'customers' });
    expect(r).toMatchObject({ format: 'fixed', rowsRead: 3, accepted: 2, rejected: 1, blankLines: 1 });
    expect(await query(e, 'SELECT cust_no, name, city FROM customers ORDER BY cust_no')).toEqual([
      ['C001', '张三', '北京'],
      ['C002', '欧阳小明', '上海'],
    ]);
  });

  it('slices GBK lines by byte columns', async () => {
    // 客户号 6 bytes, 姓名 8 bytes (four Chinese characters), 城市 4 bytes (two).
    const bytesLayout = [
      { name: '客户号', start: 1, width: 6 },
      { name: '姓名', start: 7, width: 8 },
      { name: '城市', start: 15, width: 4 },
    ];
    const lines = ['C001  张三    北京', 'C002  欧阳小明上海', 'C003  王五    广州'];
    const e = await newEngine();
    const r = await importOne(e, 'fixed-gbk.txt', encodeLegacy(`${lines.join('\r\n')}\r\n`, 'gbk'), {
      read: { fixedWidth: bytesLayout, fixedWidthUnit: 'byte', encoding: 'gbk' },
      kind: 'customers',
    });
    expect(r).toMatchObject({ rowsRead: 3, accepted: 3 });
    expect(await query(e, 'SELECT name, city FROM customers ORDER BY cust_no')).toEqual([
      ['张三', '北京'],
      ['欧阳小明', '上海'],
      ['王五', '广州'],
    ]);
  });

  it('refuses a fixed-width import without a layout', async () => {
    const e = await newEngine();
    await expect(e.call('ingest.preview', { file: fileOf('f.txt', 'abc\n'), read: { format: 'fixed' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});

describe('rejects', () => {
  const text = '客户号,姓名,手机号\nC1,张三,13912345678\n,李四,13812345678\nC3,王五,13712345678,多余\n';

  it('pages through rejects of a batch', async () => {
    const e = await newEngine();
    const run = await e.call('ingest.run', { files: [{ file: fileOf('r.csv', text) }] });
    const page = await e.call('rejects.page', { batchId: run.batchId, offset: 1, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => [r.fileName, r.rowNo, r.code])).toEqual([['r.csv', 4, 'COLUMN_COUNT']]);
  });

  it('exports rejects as a UTF-8 CSV with BOM, masked unless revealed with a reason (which is audited)', async () => {
    const e = await newEngine();
    const run = await e.call('ingest.run', { files: [{ file: fileOf('r.csv', text) }] });
    const masked = await e.call('rejects.export', { batchId: run.batchId });
    expect([...masked.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(masked);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('文件,行号,列,原因代码,原因,原始内容');
    expect(lines[1]).toBe('r.csv,3,客户号,REQUIRED_MISSING,必填字段“客户号”为空,"，李*,138****5678"'.replace('，', ','));
    expect(lines[2]).toContain('COLUMN_COUNT,字段数为 4，表头有 3 列,');
    expect(csv).not.toContain('13812345678');

    const open = new TextDecoder().decode(await e.call('rejects.export', { batchId: run.batchId, unmask: { reason: '核对退回数据' } }));
    expect(open).toContain(',李四,13812345678');
    const audit = await e.call('audit.list', { limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'pii.reveal', detail: { where: 'rejects.export', reason: '核对退回数据', rows: 2 } });
  });

  it('records counts and hashes, never raw values, in the audit log', async () => {
    const e = await newEngine();
    await e.call('ingest.run', { files: [{ file: fileOf('r.csv', text) }] });
    const audit = await e.call('audit.list', { limit: 10 });
    const entry = audit.find((a) => a.action === 'ingest.file');
    expect(entry?.detail).toMatchObject({ file: 'r.csv', kind: 'customers', status: 'done', newRows: 1 });
    expect(JSON.stringify(audit)).not.toContain('1391234');
    expect(await query(e, "SELECT rows_read, rows_accepted, rows_rejected, length(input_sha256) FROM audit_log WHERE action = 'ingest.file'")).toEqual([[3, 1, 2, 64]]);
  });
});

describe('HTML tables saved as .xls', () => {
  it('reads the table, keeping cells as written', async () => {
    const html = '<html><head><meta charset="gbk"></head><body><table><tr><td>客户号</td><td>姓名</td><td>邮编</td></tr><tr><td>C001</td><td>张三</td><td>010020</td></tr></table></body></html>';
    const e = await newEngine();
    const r = await importOne(e, 'export.xls', encodeLegacy(html, 'gbk'));
    expect(r).toMatchObject({ format: 'xls', encoding: 'gb18030', kind: 'customers', rowsRead: 1 });
    expect(await query(e, 'SELECT name, extra FROM customers')).toEqual([['张三', '{"邮编":"010020"}']]);
  });
});

describe('bad read options and mappings', () => {
  it('refuses a delimiter that cannot be one', async () => {
    const e = await newEngine();
    await expect(e.call('ingest.preview', { file: fileOf('a.csv', 'a,b\n1,2\n'), read: { delimiter: '"' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(e.call('ingest.preview', { file: fileOf('a.csv', 'a,b\n1,2\n'), read: { delimiter: ';;' } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it("refuses a generic column named like the workbench's own columns", async () => {
    const e = await newEngine();
    const mapping = { kind: 'table' as const, tableName: 'x', columns: [{ source: 'a', sourceIndex: 0, field: 'ROW_ID' }] };
    const r = await e.call('ingest.run', { files: [{ file: fileOf('a.csv', 'a\n1\n'), mapping }] });
    expect(r.files[0]).toMatchObject({ status: 'failed', message: { code: 'MAPPING_INVALID' } });
  });
});
