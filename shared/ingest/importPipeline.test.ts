import { describe, expect, it } from 'vitest';
import type { CellValue, Engine } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ImportFileRequest, ImportFileResult, ReadOptions } from '#shared/api/ingestTypes.ts';
import { encodeLatin1, encodeLegacy, fileOf, invariantHolds, newEngine } from './testKit.ts';

async function importOne(engine: Engine, name: string, content: string | Uint8Array, extra: Omit<ImportFileRequest, 'file'> = {}): Promise<ImportFileResult> {
  const r = await engine.call('ingest.run', { files: [{ file: fileOf(name, content), ...extra }] });
  const f = r.files[0];
  if (!f) throw new Error('no result');
  if (f.status === 'done') expect(invariantHolds(f)).toBe(true);
  return f;
}

async function query(engine: Engine, sql: string): Promise<CellValue[][]> {
  const r = await engine.call('sql.query', { sql, unmask: { reason: 'test' } });
  return r.rows.map((row) => [...row]);
}

async function rejects(engine: Engine, fileId: number): Promise<{ line: number; code: string; column: string | null; raw: string }[]> {
  const page = await engine.call('rejects.page', { fileId: fileId as never, offset: 0, limit: 1000 });
  return page.rows.map((r) => ({ line: r.rowNo, code: r.code, column: r.column, raw: r.raw }));
}

const CUSTOMERS = '客户号,姓名,年龄,城市\nC001,张三,30,北京\nC002,李四,41,上海\n';

describe('encodings', () => {
  it('imports GBK text correctly', async () => {
    const e = await newEngine();
    const r = await importOne(e, 'gbk.csv', encodeLegacy(CUSTOMERS, 'gbk'));
    expect(r).toMatchObject({ encoding: 'gb18030', kind: 'customers', rowsRead: 2, newRows: 2 });
    expect(await query(e, 'SELECT name, city FROM customers ORDER BY cust_no')).toEqual([
      ['张三', '北京'],
      ['李四', '上海'],
    ]);
  });

  it('strips a UTF-8 BOM so the first header still maps', async () => {
    const e = await newEngine();
    const r = await importOne(e, 'bom.csv', `\ufeff${CUSTOMERS}`);
    expect(r).toMatchObject({ encoding: 'utf-8', kind: 'customers', newRows: 2 });
    const preview = await e.call('ingest.preview', { file: fileOf('bom.csv', `\ufeff${CUSTOMERS}`) });
    expect(preview.encoding.source).toBe('bom');
    expect(preview.columns[0]?.header).toBe('客户号');
  });

  it('keeps GB18030 four-byte characters', async () => {
    // 𠀀 (U+20000) is the four-byte sequence 95 32 82 36 in GB18030.
    const rows = ['C002,王小明,广州市天河区', 'C003,李晓红,深圳市南山区', 'C004,赵建国,杭州市西湖区'].join('\n');
    const bytes = new Uint8Array([
      ...encodeLegacy('客户号,姓名,地址\nC001,', 'gbk'),
      0x95, 0x32, 0x82, 0x36,
      ...encodeLegacy(`张,北京市朝阳区\n${rows}\n`, 'gbk'),
    ]);
    const e = await newEngine();
    const r = await importOne(e, 'gb18030.csv', bytes);
    expect(r).toMatchObject({ encoding: 'gb18030', newRows: 4 });
    expect(await query(e, "SELECT name FROM customers WHERE cust_no = 'C001'")).toEqual([['𠀀张']]);
  });

  it('shows Big5 as Big5 and imports traditional characters', async () => {
    const text = '客戶號,姓名,城市\nC001,張三,臺北\nC002,陳大文,高雄\n';
    const e = await newEngine();
    const preview = await e.call('ingest.preview', { file: fileOf('big5.csv', encodeLegacy(text, 'big5')) });
    expect(preview.encoding.encoding).toBe('big5');
    const fields = ['cust_no', 'name', 'city'];
    const mapping = { kind: 'customers' as const, columns: preview.columns.map((c, i) => ({ source: c.header, sourceIndex: i, field: fields[i] ?? null })) };
    await importOne(e, 'big5.csv', encodeLegacy(text, 'big5'), { mapping });
    expect(await query(e, 'SELECT name, city FROM customers ORDER BY cust_no')).toEqual([
      ['張三', '臺北'],
      ['陳大文', '高雄'],
    ]);
  });

  it("reads Excel's Unicode text export (UTF-16LE with BOM, tab-separated)", async () => {
    const text = '客户号\t姓名\t城市\r\nC001\t张三\t北京\r\nC002\t李四\t上海\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const e = await newEngine();
    const r = await importOne(e, 'unicode.txt', bytes);
    expect(r).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', kind: 'customers', newRows: 2 });
    expect(await query(e, 'SELECT name, city FROM customers ORDER BY cust_no')).toEqual([
      ['张三', '北京'],
      ['李四', '上海'],
    ]);
  });

  it('reads Latin-1 exports', async () => {
    const text = 'age;job;education\n58;"técnico";"educação"\n44;"empresário";"básico"\n';
    const e = await newEngine();
    const r = await importOne(e, 'latin1.csv', encodeLatin1(text));
    expect(r).toMatchObject({ encoding: 'windows-1252', delimiter: ';', kind: 'table', table: 't_latin1', newRows: 2 });
    expect(await query(e, 'SELECT job, education FROM t_latin1 ORDER BY age')).toEqual([
      ['empresário', 'básico'],
      ['técnico', 'educação'],
    ]);
  });

  it('rejects rows with undecodable bytes when the user forces the wrong encoding', async () => {
    const e = await newEngine();
    const bytes = new Uint8Array([...new TextEncoder().encode('客户号,姓名\nC001,ok\n'), ...encodeLegacy('C002,张三\n', 'gbk'), ...new TextEncoder().encode('C003,fine\n')]);
    const r = await importOne(e, 'mixed.csv', bytes, { read: { encoding: 'utf-8' } });
    expect(r).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1 });
    expect((await rejects(e, r.fileId)).map((x) => [x.line, x.code])).toEqual([[3, 'ENCODING_INVALID']]);
  });
});

describe('delimiters and quoting', () => {
  it.each([',', '\t', ';', '|', '^', '\u0001'])('imports with delimiter %j', async (d) => {
    const e = await newEngine();
    const text = `${['客户号', '姓名', '城市'].join(d)}\n${['C1', '张三', '北京'].join(d)}\n${['C2', '李四', '上海'].join(d)}\n`;
    const r = await importOne(e, 'd.txt', text);
    expect(r).toMatchObject({ delimiter: d, rowsRead: 2, newRows: 2 });
  });

  it('numbers rejects by physical line across quoted line breaks and blank lines', async () => {
    const text = '客户号,姓名,地址\nC001,张三,"北京市\n朝阳区"\n\nC003,王五,"上海\r\n浦东"\n,缺客户号,广州\nC005,赵六,深圳\n';
    const e = await newEngine();
    const r = await importOne(e, 'q.csv', text);
    expect(r).toMatchObject({ rowsRead: 4, accepted: 3, rejected: 1, blankLines: 1 });
    // The raw line is masked: 姓名 and 地址 are personal-data columns.
    expect(await rejects(e, r.fileId)).toEqual([{ line: 7, code: 'REQUIRED_MISSING', column: '客户号', raw: ',缺***,广州****' }]);
    expect(await query(e, "SELECT address, src_row FROM customers WHERE cust_no = 'C001'")).toEqual([['北京市\n朝阳区', 2]]);
  });
});

describe('title, total and broken lines', () => {
  it('rejects report titles above the header and summary lines as such', async () => {
    const text = '客户信息导出 2024-06-30\n导出时间：2024-07-01 09:30\n客户号,姓名,资产余额(万元)\nC001,张三,1.5\nC002,李四,2\n合计,,3.5\n';
    const e = await newEngine();
    const preview = await e.call('ingest.preview', { file: fileOf('t.csv', text) });
    expect(preview.headerRow).toBe(3);
    expect(preview.leadingLines.map((l) => l.line)).toEqual([1, 2]);
    const r = await importOne(e, 't.csv', text);
    expect(r).toMatchObject({ rowsRead: 5, accepted: 2, rejected: 3 });
    expect((await rejects(e, r.fileId)).map((x) => [x.line, x.code])).toEqual([
      [1, 'TITLE_ROW'],
      [2, 'TITLE_ROW'],
      [6, 'TOTAL_ROW'],
    ]);
    expect(await query(e, 'SELECT aum_fen, as_of FROM customers ORDER BY cust_no')).toEqual([
      [1_500_000, '2024-06-30'],
      [2_000_000, '2024-06-30'],
    ]);
  });

  it('accounts for a 10,000-column line, NUL bytes, an unbalanced quote and a truncated last line', async () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => `v${i}`).join(',');
    const text = ['客户号,姓名,城市', 'C001,张三,北京', wide, 'C003,王\u0000五,广州', 'C004,"未闭合,上海', 'C005,赵六,深圳', 'C006,钱'].join('\n');
    const e = await newEngine();
    const r = await importOne(e, 'broken.csv', text, { kind: 'customers' });
    expect(r).toMatchObject({ rowsRead: 6, accepted: 2, rejected: 4 });
    const rej = await rejects(e, r.fileId);
    expect(rej.map((x) => [x.line, x.code])).toEqual([
      [3, 'COLUMN_COUNT'],
      [4, 'BINARY_DATA'],
      [5, 'UNBALANCED_QUOTE'],
      [7, 'TRUNCATED'],
    ]);
    expect(rej[0]?.raw.length).toBe(4000);
    expect(await query(e, 'SELECT cust_no FROM customers ORDER BY cust_no')).toEqual([['C001'], ['C005']]);
  });

  it('rejects an undecodable line far beyond the sniffed sample', async () => {
    const head = '客户号,姓名\n';
    const body = Array.from({ length: 30_000 }, (_, i) => `C${i},客户${i}\n`).join('');
    const bad = new Uint8Array([0x43, 0x58, 0x2c, 0xff, 0xfe, 0x0a]);
    const bytes = new Uint8Array([...new TextEncoder().encode(head + body), ...bad]);
    const e = await newEngine();
    const r = await importOne(e, 'late.csv', bytes);
    expect(r).toMatchObject({ encoding: 'utf-8', rowsRead: 30_001, accepted: 30_000, rejected: 1 });
    expect((await rejects(e, r.fileId)).map((x) => [x.line, x.code])).toEqual([[30_002, 'ENCODING_INVALID']]);
  });

  it('fails clearly on an empty, a blank and a binary file', async () => {
    const e = await newEngine();
    for (const [name, content, code] of [
      ['empty.csv', '', 'FILE_EMPTY'],
      ['blank.csv', '\n\n  \n', 'FILE_EMPTY'],
      ['binary.dat', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 37) % 7)), 'FILE_BINARY'],
      ['scan.pdf', new TextEncoder().encode('%PDF-1.7 ...'), 'FILE_FORMAT_UNSUPPORTED'],
    ] as const) {
      await expect(e.call('ingest.preview', { file: fileOf(name, content) })).rejects.toMatchObject({ code });
      const r = await importOne(e, name, content);
      expect(r).toMatchObject({ status: 'failed', rowsRead: 0, message: { code } });
    }
    await expect(e.call('ingest.preview', { file: fileOf('empty.csv', '') })).rejects.toBeInstanceOf(ExpectedError);
  });

  it('imports a header-only file as zero rows', async () => {
    const e = await newEngine();
    const r = await importOne(e, 'h.csv', '客户号,姓名\n');
    expect(r).toMatchObject({ status: 'done', rowsRead: 0, accepted: 0, rejected: 0 });
  });
});

describe('values', () => {
  it('stores NULL with a cell issue for an unreadable optional value, and rejects an unreadable required one', async () => {
    const text = '交易流水号,客户号,交易时间,交易金额,交易后余额\nT1,C1,2024-06-01 10:00:00,12.50,abc\nT2,C1,2024-06-02 10:00:00,abc,1\nT3,C2,not a date,5,1\n';
    const e = await newEngine();
    const r = await importOne(e, 'txn.csv', text);
    expect(r).toMatchObject({ kind: 'transactions', rowsRead: 3, accepted: 1, rejected: 2, cellIssues: 1 });
    expect((await rejects(e, r.fileId)).map((x) => [x.line, x.code, x.column])).toEqual([
      [3, 'VALUE_INVALID', '交易金额'],
      [4, 'VALUE_INVALID', '交易时间'],
    ]);
    expect(await query(e, 'SELECT amount_fen, balance_after_fen FROM transactions')).toEqual([[1250, null]]);
    expect(await query(e, 'SELECT row_no, table_name, column_name, code, value FROM cell_issue')).toEqual([[2, 'transactions', 'balance_after_fen', 'AMOUNT_INVALID', 'abc']]);
  });

  it('keeps unmapped columns in extra as JSON', async () => {
    const e = await newEngine();
    await importOne(e, 'x.csv', '客户号,姓名,内部备注,空列\nC1,张三,"VIP, 勿扰",\n');
    expect(await query(e, 'SELECT extra FROM customers')).toEqual([['{"内部备注":"VIP, 勿扰"}']]);
  });

  it('reads money in the unit its header names', async () => {
    const e = await newEngine();
    await importOne(e, 'm.csv', '客户号,资产余额(万元),存款余额(元)\nC1,1.5,"1,234.56"\n');
    expect(await query(e, 'SELECT aum_fen, balance_fen FROM customers')).toEqual([[1_500_000, 123_456]]);
  });
});

describe('one value per line', () => {
  it('imports free-text lines as notes, keeping repeated lines', async () => {
    // 无 and / are reviews here, not missing-value markers.
    const text = '特意登录上来评价，简直垃圾，老是提示网络异常\n垃圾\n"引号开头的一条评论, 带逗号\n垃圾\n还行吧，就是转账限额太低了\n无\n/\n';
    const e = await newEngine();
    const preview = await e.call('ingest.preview', { file: fileOf('reviews.txt', text) });
    expect(preview).toMatchObject({ delimiter: '', quote: null, headerRow: 0, detectedKind: 'notes' });
    const r = await importOne(e, 'reviews.txt', text);
    expect(r).toMatchObject({ kind: 'notes', rowsRead: 7, newRows: 7 });
    expect(await query(e, "SELECT count(*) FROM notes WHERE text = '垃圾'")).toEqual([[2]]);
    expect(await query(e, "SELECT count(*) FROM notes WHERE text IN ('无', '/')")).toEqual([[2]]);
    const again = await importOne(e, 'reviews.txt', text);
    expect(again).toMatchObject({ newRows: 0, duplicateRows: 7 });
  });
});

describe('preview', () => {
  it('shows types, suggestions and masked personal data', async () => {
    const e = await newEngine();
    const p = await e.call('ingest.preview', { file: fileOf('c.csv', '客户号,手机号,开户日期\nC1,13912345678,2024-01-02\nC2,13812345678,2023-05-06\n') });
    expect(p.detectedKind).toBe('customers');
    expect(p.columns.map((c) => c.suggestedField)).toEqual(['cust_no', 'phone', 'open_date']);
    expect(p.columns[1]?.pii).toBe('phone');
    expect(p.columns[1]?.samples).toEqual(['139****5678', '138****5678']);
    expect(p.rows[0]).toEqual(['C1', '139****5678', '2024-01-02']);
    expect(p.kindScores[0]).toEqual({ kind: 'customers', score: 1 });
  });

  it('follows read options', async () => {
    const e = await newEngine();
    const read: ReadOptions = { delimiter: ';', headerRow: 0, encoding: 'utf-8' };
    const p = await e.call('ingest.preview', { file: fileOf('x.csv', 'a;b\n1;2\n'), read });
    expect(p).toMatchObject({ delimiter: ';', headerRow: 0 });
    expect(p.columns.map((c) => c.header)).toEqual(['列1', '列2']);
  });
});
