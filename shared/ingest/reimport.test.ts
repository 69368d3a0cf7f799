import { describe, expect, it } from 'vitest';
import type { CellValue, Engine } from '#shared/api/engineApi.ts';
import type { ImportFileRequest, ImportFileResult } from '#shared/api/ingestTypes.ts';
import { fileOf, invariantHolds, newEngine } from './testKit.ts';

async function importOne(engine: Engine, name: string, content: string, extra: Omit<ImportFileRequest, 'file'> = {}): Promise<ImportFileResult> {
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

const counts = (r: ImportFileResult): [number, number, number] => [r.newRows, r.duplicateRows, r.updatedRows];

describe('append kinds', () => {
  it('adds nothing when the same file is imported twice', async () => {
    const text = '交易流水号,客户号,交易时间,交易金额\nT1,C1,2024-06-01 10:00:00,10\nT2,C1,2024-06-02 10:00:00,20\n';
    const e = await newEngine();
    expect(counts(await importOne(e, 'a.csv', text))).toEqual([2, 0, 0]);
    expect(counts(await importOne(e, 'a.csv', text))).toEqual([0, 2, 0]);
    expect(await query(e, 'SELECT count(*) FROM transactions')).toEqual([[2]]);
  });

  it('de-duplicates overlapping monthly exports without an id, keeping identical rows of one file', async () => {
    const header = '客户号,交易时间,交易金额,商户名称\n';
    const jan = 'C1,2024-01-15 09:00:00,10,星巴克\n';
    const feb = 'C1,2024-02-01 12:00:00,35,美团外卖\nC1,2024-02-01 12:00:00,35,美团外卖\nC2,2024-02-03 08:00:00,5,地铁\n';
    const mar = 'C2,2024-03-09 19:30:00,120,京东\n';
    const e = await newEngine();
    expect(counts(await importOne(e, 'jan-feb.csv', header + jan + feb))).toEqual([4, 0, 0]);
    expect(counts(await importOne(e, 'feb-mar.csv', header + feb + mar))).toEqual([1, 3, 0]);
    expect(await query(e, "SELECT count(*) FROM transactions WHERE merchant = '美团外卖'")).toEqual([[2]]);
    expect(await query(e, 'SELECT count(*) FROM transactions')).toEqual([[5]]);
  });
});

describe('snapshot kinds', () => {
  const v1 = '客户号,姓名,城市,数据日期\nC1,张三,北京,2024-05-31\nC2,李四,上海,2024-05-31\n';

  it('updates changed rows of the same as-of date, counts identical ones as duplicates and keeps history', async () => {
    const e = await newEngine();
    expect(counts(await importOne(e, 'v1.csv', v1))).toEqual([2, 0, 0]);
    const v2 = '客户号,姓名,城市,数据日期\nC1,张三,天津,2024-05-31\nC2,李四,上海,2024-05-31\nC3,王五,广州,2024-05-31\n';
    expect(counts(await importOne(e, 'v2.csv', v2))).toEqual([1, 1, 1]);
    expect(await query(e, "SELECT city FROM customers WHERE cust_no = 'C1'")).toEqual([['天津']]);
    const june = v2.replaceAll('2024-05-31', '2024-06-30').replace('天津', '重庆');
    expect(counts(await importOne(e, 'june.csv', june))).toEqual([3, 0, 0]);
    expect(await query(e, 'SELECT count(*) FROM customers')).toEqual([[6]]);
    expect(await query(e, "SELECT city, as_of FROM customers_latest WHERE cust_no = 'C1'")).toEqual([['重庆', '2024-06-30']]);
  });

  it('rejects a second, different row for the same key in one file', async () => {
    const e = await newEngine();
    const text = '客户号,姓名,数据日期\nC1,张三,2024-05-31\nC1,张三,2024-05-31\nC1,张叁,2024-05-31\n';
    const r = await importOne(e, 'dup.csv', text);
    expect(r).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1, newRows: 1, duplicateRows: 1 });
    const page = await e.call('rejects.page', { fileId: r.fileId, offset: 0, limit: 10 });
    expect(page.rows.map((x) => [x.rowNo, x.code, x.params])).toEqual([[4, 'DUPLICATE_IN_FILE', { firstRow: 2 }]]);
  });

  it('dates snapshot rows without their own date from the mapping default, then the workspace date', async () => {
    const e = await newEngine();
    await importOne(e, 'txn.csv', '交易流水号,客户号,交易时间,交易金额\nT1,C1,2024-04-20 10:00:00,10\n');
    expect((await e.call('workspace.info', {})).asOfDate).toBe('2024-04-20');
    await importOne(e, 'c.csv', '客户号,姓名\nC1,张三\n');
    const preview = await e.call('ingest.preview', { file: fileOf('c2.csv', '客户号,姓名\nC2,李四\n') });
    await importOne(e, 'c2.csv', '客户号,姓名\nC2,李四\n', { mapping: { ...preview.mapping, defaults: { as_of: '2024-03-31' } } });
    expect(await query(e, 'SELECT cust_no, as_of FROM customers ORDER BY cust_no')).toEqual([
      ['C1', '2024-04-20'],
      ['C2', '2024-03-31'],
    ]);
  });

  it('replaces catalogue rows of the same key', async () => {
    const e = await newEngine();
    await importOne(e, 'p.csv', '产品代码,产品名称,收益率\nP1,稳健理财,2.5\nP2,现金宝,1.8\n');
    const r = await importOne(e, 'p.csv', '产品代码,产品名称,收益率\nP1,稳健理财,2.7\nP2,现金宝,1.8\n');
    expect(counts(r)).toEqual([0, 1, 1]);
    expect(await query(e, "SELECT rate FROM products WHERE product_code = 'P1'")).toEqual([[2.7]]);
  });
});

describe('ONE_ID', () => {
  it('gives each new customer number a sequential ONE_ID once', async () => {
    const e = await newEngine();
    await importOne(e, 'a.csv', '客户号,姓名\nC9,甲\nC3,乙\n');
    await importOne(e, 'b.csv', '客户号,姓名\nC3,乙\nC5,丙\n');
    expect(await query(e, "SELECT record_id, one_id, method FROM identity_map WHERE source = 'customer' ORDER BY one_id")).toEqual([
      ['C9', 'P000000001', 'source_key'],
      ['C3', 'P000000002', 'source_key'],
      ['C5', 'P000000003', 'source_key'],
    ]);
  });
});

describe('templates', () => {
  it('saves a mapping and applies it by header name to a reordered export', async () => {
    const e = await newEngine();
    const june = '客户代码X,户主,地区\nC1,张三,北京\n';
    const preview = await e.call('ingest.preview', { file: fileOf('june.csv', june), kind: 'customers' });
    const fields = ['cust_no', 'name', 'city'];
    const mapping = { ...preview.mapping, kind: 'customers' as const, columns: preview.mapping.columns.map((c, i) => ({ ...c, field: fields[i] ?? null })) };
    const saved = await e.call('ingest.saveTemplate', { name: '核心系统客户', mapping });
    expect(saved.name).toBe('核心系统客户');
    expect((await e.call('ingest.templates', {})).map((t) => t.name)).toEqual(['核心系统客户']);

    const july = '地区,新增列,客户代码X,户主\n上海,x,C2,李四\n';
    const p2 = await e.call('ingest.preview', { file: fileOf('july.csv', july), template: '核心系统客户' });
    expect(p2.mapping.columns.map((c) => c.field)).toEqual(['city', null, 'cust_no', 'name']);
    await importOne(e, 'july.csv', july, { template: '核心系统客户' });
    expect(await query(e, "SELECT name, city, extra FROM customers WHERE cust_no = 'C2'")).toEqual([['李四', '上海', '{"新增列":"x"}']]);
  });

  it('fails a file that names an unknown template', async () => {
    const e = await newEngine();
    const r = await e.call('ingest.run', { files: [{ file: fileOf('x.csv', '客户号\nC1\n'), template: 'nope' }] });
    expect(r.files[0]).toMatchObject({ status: 'failed', message: { code: 'NOT_FOUND' } });
  });
});

describe('cancel', () => {
  it('rolls the file back completely when cancelled mid-file', async () => {
    const e = await newEngine();
    const rows = Array.from({ length: 60_000 }, (_, i) => `T${i},C${i % 500},2024-06-01 10:00:00,${i % 1000}.5,第${i}笔交易的摘要文字`).join('\n');
    const text = `交易流水号,客户号,交易时间,交易金额,摘要\n${rows}\n`;
    const abort = new AbortController();
    let progressed = 0;
    const r = await e.call('ingest.run', { files: [{ file: fileOf('big.csv', text) }] }, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'import.rows' && p.current < p.total) {
          progressed++;
          abort.abort();
        }
      },
    });
    expect(progressed).toBeGreaterThan(0);
    expect(r.files[0]).toMatchObject({ status: 'cancelled', accepted: 0, message: { code: 'CANCELLED' } });
    expect(await query(e, 'SELECT count(*) FROM transactions')).toEqual([[0]]);
    expect(await query(e, 'SELECT count(*) FROM reject')).toEqual([[0]]);
    expect(await query(e, 'SELECT status FROM import_file')).toEqual([['cancelled']]);
    expect(await query(e, 'SELECT status FROM import_batch')).toEqual([['cancelled']]);
    // The workspace is usable afterwards and a new run imports everything.
    const again = await importOne(e, 'big.csv', text);
    expect(again.newRows).toBe(60_000);
  });
});
