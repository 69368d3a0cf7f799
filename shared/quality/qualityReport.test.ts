import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import { CancelledError } from '#shared/api/errors.ts';
import type { ColumnQuality, QualityReport, TableQuality } from '#shared/api/qualityTypes.ts';
import { Db, type SqlParam } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { ENTITIES } from '#shared/model/entities.ts';
import { buildQualityReport } from './qualityReport.ts';

const VALID_ID_1 = '110105198005010013';
const VALID_ID_2 = '310104197503120027';
const BAD_CHECKSUM_ID = '440306199001010031';
const VALID_CARD = '6222021234567890128';
const BAD_LUHN_CARD = '6228480012345678904';
const SHARED_PHONE = '13712340000';

async function emptyWorkspace(): Promise<Db> {
  const db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  return db;
}

/** Inserts rows into a table with the NOT NULL provenance columns filled in. */
function insert(db: Db, table: string, fileId: number, rows: readonly Record<string, SqlParam>[]): void {
  rows.forEach((r, i) => {
    const cols = Object.keys(r);
    const values = cols.map((c) => r[c] ?? null);
    db.run(
      `INSERT INTO ${table} (${cols.join(', ')}, row_key, src_file, src_batch, src_row) VALUES (${cols.map(() => '?').join(', ')}, ?, ?, 1, ?)`,
      [...values, `${table}-${fileId}-${i}`, fileId, i + 2],
    );
  });
}

function importFile(db: Db, fileId: number, name: string, kind: string, table: string, counts: { read: number; accepted: number; rejected: number; cellIssues: number }): void {
  db.run(
    `INSERT INTO import_file (file_id, batch_id, file_name, kind, target_table, encoding, rows_read, accepted, rejected, cell_issues, status, started_at, finished_at)
     VALUES (?, 1, ?, ?, ?, 'gb18030', ?, ?, ?, ?, 'done', '2024-07-01T08:00:00Z', '2024-07-01T08:00:05Z')`,
    [fileId, name, kind, table, counts.read, counts.accepted, counts.rejected, counts.cellIssues],
  );
}

async function sampleWorkspace(): Promise<Db> {
  const db = await emptyWorkspace();
  db.run("INSERT INTO import_batch (batch_id, started_at, status) VALUES (1, '2024-07-01T08:00:00Z', 'done')");
  importFile(db, 1, '客户信息.csv', 'customers', 'customers', { read: 13, accepted: 11, rejected: 2, cellIssues: 1 });
  importFile(db, 2, '交易流水.csv', 'transactions', 'transactions', { read: 6, accepted: 6, rejected: 0, cellIssues: 0 });
  importFile(db, 3, '账户.csv', 'accounts', 'accounts', { read: 1, accepted: 1, rejected: 0, cellIssues: 0 });

  const customers: Record<string, SqlParam>[] = [
    { cust_no: 'C1', name: '张三', phone: '13912345678', id_no: VALID_ID_1, birth_date: '1980-05-01', age: 44, email: 'zhang@example.com' },
    { cust_no: 'C2', name: '李四', phone: '13800138000', id_no: BAD_CHECKSUM_ID, birth_date: '2030-01-01', age: 'forty' },
    { cust_no: 'C3', name: '王五', phone: '010-12345678', id_no: VALID_ID_2, birth_date: '1975-03-12', open_date: '2023-02-30' },
    { cust_no: 'C4', name: '赵六', phone: null, id_no: null, birth_date: null },
  ];
  for (let i = 0; i < 6; i++) customers.push({ cust_no: `S${i}`, name: `客户${i}`, phone: SHARED_PHONE, id_no: null, birth_date: '' });
  customers.push({ cust_no: 'C5', name: '钱七', phone: null, id_no: null, birth_date: null });
  insert(db, 'customers', 1, customers);

  insert(db, 'accounts', 3, [{ account_no: '6217000000000001', cust_no: 'C1', balance_fen: 100 }]);
  insert(db, 'transactions', 2, [
    { txn_id: 'T1', cust_no: 'C1', account_no: '6217000000000001', card_no: VALID_CARD, txn_time: '2024-06-01 10:00:00', amount_fen: 100 },
    { txn_id: 'T2', cust_no: 'C1', account_no: '6217000000000001', card_no: VALID_CARD, txn_time: '2024-06-02 10:00:00', amount_fen: 200 },
    { txn_id: 'T3', cust_no: 'C2', account_no: '6217000000000999', card_no: BAD_LUHN_CARD, txn_time: '2024-06-03 10:00:00', amount_fen: 300 },
    { txn_id: 'T4', cust_no: 'C9', account_no: '6217000000000999', card_no: null, txn_time: '2024-06-04', amount_fen: 400 },
    { txn_id: 'T5', cust_no: 'C9', account_no: null, card_no: null, txn_time: '2024-06-05 10:00:00', amount_fen: 500 },
    { txn_id: 'T6', cust_no: null, account_no: null, card_no: null, txn_time: '2024-06-06 10:00:00', amount_fen: 600 },
  ]);

  db.run(`INSERT INTO reject (file_id, row_no, column_name, code, raw) VALUES (1, 1, NULL, 'TITLE_ROW', '客户信息表'), (1, 14, NULL, 'TOTAL_ROW', '合计,11')`);
  db.run(`INSERT INTO cell_issue (file_id, row_no, table_name, column_name, code, value) VALUES (1, 12, 'customers', 'phone', 'PHONE_INVALID', '1391234567')`);

  db.run(`INSERT INTO user_table (table_name, label, columns, created_at) VALUES ('t_survey', '问卷', ?, '2024-07-01')`, [
    JSON.stringify([{ name: 'mobile', type: 'phone', header: '手机' }, { name: 'score', type: 'int', header: '评分' }]),
  ]);
  db.exec('CREATE TABLE t_survey (row_id INTEGER PRIMARY KEY, mobile TEXT, score INTEGER, row_key TEXT NOT NULL, src_file INTEGER NOT NULL, src_batch INTEGER NOT NULL, src_row INTEGER NOT NULL)');
  insert(db, 't_survey', 4, [{ mobile: '13912345678', score: 5 }, { mobile: '12345', score: 'n/a' }, { mobile: null, score: 3 }]);
  return db;
}

function report(db: Db, options: { fullScanRows?: number; onProgress?: (p: ProgressEvent) => void; signal?: AbortSignal } = {}): Promise<QualityReport> {
  const ctx = createJobContext({ ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  return buildQualityReport(db, ctx, {
    generatedAt: '2024-07-01T09:00:00.000Z',
    asOfDate: '2024-06-30',
    ...(options.fullScanRows === undefined ? {} : { fullScanRows: options.fullScanRows }),
  });
}

function table(r: QualityReport, name: string): TableQuality {
  const t = r.tables.find((x) => x.table === name);
  if (!t) throw new Error(`no table ${name} in report`);
  return t;
}

function column(r: QualityReport, tableName: string, name: string): ColumnQuality {
  const c = table(r, tableName).columns.find((x) => x.column === name);
  if (!c) throw new Error(`no column ${tableName}.${name} in report`);
  return c;
}

describe('buildQualityReport', () => {
  it('gives an empty but complete report for an empty workspace', async () => {
    const r = await report(await emptyWorkspace());
    expect(r.files).toEqual([]);
    expect(r.keyCoverage).toEqual([]);
    expect(r.cellIssues).toEqual([]);
    expect(r.sharedIdentifiers).toEqual([]);
    expect(r.tables.map((t) => t.table)).toEqual(ENTITIES.map((e) => e.table));
    for (const t of r.tables) {
      expect(t.rows).toBe(0);
      expect(t.columns).toEqual([]);
    }
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('counts missing, distinct and conformity per column', async () => {
    const r = await report(await sampleWorkspace());
    const customers = table(r, 'customers');
    expect(customers.rows).toBe(11);
    expect(customers.sampledRows).toBeNull();

    const phone = column(r, 'customers', 'phone');
    expect(phone.missing).toBe(2);
    expect(phone.missingShare).toBeCloseTo(2 / 11);
    expect(phone.distinct).toBe(4);
    expect(phone.distinctExact).toBe(true);
    expect(phone.validator).toBe('phone');
    // The placeholder and the landline fail as stored values; the unparsable one was blanked at import.
    expect(phone.invalid).toBe(2);
    expect(phone.cellIssues).toBe(1);
    expect(phone.failuresByCode).toEqual([
      { code: 'PHONE_INVALID', count: 2 },
      { code: 'PHONE_PLACEHOLDER', count: 1 },
    ]);
    expect(phone.conformity).toBeCloseTo((9 - 2) / (9 + 1));

    const idNo = column(r, 'customers', 'id_no');
    expect(idNo.invalid).toBe(1);
    expect(idNo.failuresByCode).toEqual([{ code: 'ID_NO_CHECKSUM', count: 1 }]);
    expect(idNo.conformity).toBeCloseTo(2 / 3);

    const birth = column(r, 'customers', 'birth_date');
    // Empty strings count as missing; a birth date after the as-of date is out of range.
    expect(birth.missing).toBe(8);
    expect(birth.failuresByCode).toEqual([{ code: 'DATE_OUT_OF_RANGE', count: 1 }]);
    expect(birth.failureExamples).toEqual(['2030-01-01']);

    // Right length and range, but not a calendar date: found through the tally, counted by the strict check.
    const openDate = column(r, 'customers', 'open_date');
    expect(openDate.failuresByCode).toEqual([{ code: 'DATE_INVALID', count: 1 }]);
    expect(openDate.failureExamples).toEqual(['2023-02-30']);

    const age = column(r, 'customers', 'age');
    expect(age.invalid).toBe(1);
    expect(age.failuresByCode).toEqual([{ code: 'INT_INVALID', count: 1 }]);
    expect(age.conformity).toBeCloseTo(1 / 2);

    const gender = column(r, 'customers', 'gender');
    expect(gender.missingShare).toBe(1);
    expect(gender.conformity).toBeNull();
    expect(gender.validator).toBeNull();

    const txnTime = column(r, 'transactions', 'txn_time');
    expect(txnTime.failuresByCode).toEqual([{ code: 'DATE_INVALID', count: 1 }]);

    const card = column(r, 'transactions', 'card_no');
    expect(card.failuresByCode).toEqual([{ code: 'CARD_NO_CHECKSUM', count: 1 }]);
    expect(card.distinct).toBe(2);
  });

  it('masks failure examples and top values of personal-data columns', async () => {
    const r = await report(await sampleWorkspace());
    const phone = column(r, 'customers', 'phone');
    expect(phone.pii).toBe('phone');
    expect(phone.failureExamples).toHaveLength(3);
    expect(phone.failureExamples).toContain('138****8000');
    expect(phone.failureExamples).toContain('139***4567');
    expect(phone.topValues[0]).toEqual({ value: '137****0000', count: 6 });
    const idNo = column(r, 'customers', 'id_no');
    expect(idNo.failureExamples).toEqual(['440***********0031']);
    const name = column(r, 'customers', 'name');
    expect(name.topValues.every((t) => t.value.endsWith('*'))).toBe(true);

    const serialized = JSON.stringify(r);
    for (const raw of ['13800138000', SHARED_PHONE, '13912345678', BAD_CHECKSUM_ID, VALID_ID_1, BAD_LUHN_CARD, VALID_CARD, '6217000000000999', '张三']) {
      expect(serialized).not.toContain(raw);
    }
  });

  it('reports identifiers shared by many customers', async () => {
    const r = await report(await sampleWorkspace());
    expect(r.sharedMinCustomers).toBe(5);
    expect(r.sharedIdentifiers).toEqual([{ table: 'customers', column: 'phone', pii: 'phone', value: '137****0000', customers: 6, rows: 6 }]);
    expect(column(r, 'customers', 'phone').sharedValues).toBe(1);
    expect(column(r, 'customers', 'id_no').sharedValues).toBe(0);
  });

  it('measures cross-file key coverage with orphan examples', async () => {
    const r = await report(await sampleWorkspace());
    const cust = r.keyCoverage.find((k) => k.fromTable === 'transactions' && k.fromColumn === 'cust_no');
    expect(cust).toEqual({
      fromTable: 'transactions',
      fromColumn: 'cust_no',
      toTable: 'customers',
      toColumn: 'cust_no',
      toRows: 11,
      distinctKeys: 3,
      matchedKeys: 2,
      coverage: 2 / 3,
      rowsWithKey: 5,
      rowsMatched: 3,
      rowCoverage: 3 / 5,
      orphanExamples: [{ value: 'C9', count: 2 }],
    });
    const account = r.keyCoverage.find((k) => k.fromTable === 'transactions' && k.fromColumn === 'account_no');
    expect(account).toMatchObject({ toTable: 'accounts', distinctKeys: 2, matchedKeys: 1, rowsWithKey: 4, rowsMatched: 2 });
    expect(account?.orphanExamples).toEqual([{ value: '6217********0999', count: 2 }]);
    const accCust = r.keyCoverage.find((k) => k.fromTable === 'accounts');
    expect(accCust).toMatchObject({ distinctKeys: 1, matchedKeys: 1, coverage: 1 });
    // Tables without rows have nothing to cover.
    expect(r.keyCoverage.some((k) => k.fromTable === 'holdings')).toBe(false);
  });

  it('lists per-file counts with rejects by code and cell issues by column', async () => {
    const r = await report(await sampleWorkspace());
    expect(r.files.map((f) => f.fileName)).toEqual(['客户信息.csv', '交易流水.csv', '账户.csv']);
    const f = r.files[0];
    expect(f).toMatchObject({ fileId: 1, batchId: 1, table: 'customers', encoding: 'gb18030', status: 'done', rowsRead: 13, accepted: 11, rejected: 2, cellIssues: 1, importedAt: '2024-07-01T08:00:05Z' });
    expect(f?.rejectsByCode).toEqual([
      { code: 'TITLE_ROW', count: 1 },
      { code: 'TOTAL_ROW', count: 1 },
    ]);
    expect(f?.cellIssuesByColumn).toEqual([{ column: 'phone', code: 'PHONE_INVALID', count: 1 }]);
    expect(r.files[1]?.rejectsByCode).toEqual([]);
    expect(r.cellIssues).toEqual([{ table: 'customers', column: 'phone', code: 'PHONE_INVALID', count: 1 }]);
  });

  it('profiles generic imported tables with their inferred types', async () => {
    const r = await report(await sampleWorkspace());
    const t = table(r, 't_survey');
    expect(t).toMatchObject({ kind: 'table', zh: '问卷', rows: 3 });
    expect(t.columns.map((c) => c.column)).toEqual(['mobile', 'score']);
    const mobile = column(r, 't_survey', 'mobile');
    expect(mobile).toMatchObject({ type: 'phone', pii: 'phone', zh: '手机', invalid: 1, missing: 1 });
    expect(mobile.failureExamples).toEqual(['*****']);
    expect(column(r, 't_survey', 'score')).toMatchObject({ type: 'int', invalid: 1, failureExamples: ['n/a'] });
  });

  it('samples large tables but keeps key columns exact', async () => {
    const db = await emptyWorkspace();
    insert(db, 'customers', 1, Array.from({ length: 40 }, (_, i) => ({ cust_no: `C${i}` })));
    const channels = ['手机银行', '柜面', 'ATM'];
    insert(
      db,
      'transactions',
      2,
      Array.from({ length: 3000 }, (_, i) => ({
        txn_id: `T${i}`,
        cust_no: `C${i % 50}`,
        txn_time: `2024-06-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
        amount_fen: i === 7 ? 'abc' : i,
        channel: channels[i % 3] ?? null,
      })),
    );
    db.run("UPDATE transactions SET txn_time = '2024-06-01' WHERE txn_id = 'T11'");
    const r = await report(db, { fullScanRows: 500 });
    const t = table(r, 'transactions');
    expect(t.sampledRows).toBeGreaterThan(350);
    expect(t.sampledRows).toBeLessThan(650);
    // The customer key is read in full for coverage; txn_time is exact through its index (28 days + T11's date).
    expect(column(r, 'transactions', 'cust_no')).toMatchObject({ distinct: 50, distinctExact: true, topValuesExact: true });
    expect(column(r, 'transactions', 'txn_time')).toMatchObject({ distinct: 29, distinctExact: true, topValuesExact: false });
    const txnId = column(r, 'transactions', 'txn_id');
    expect(txnId.distinctExact).toBe(false);
    expect(txnId.distinct).toBeGreaterThan(2700);
    expect(txnId.distinct).toBeLessThanOrEqual(3000);
    const channel = column(r, 'transactions', 'channel');
    expect(channel.distinct).toBe(3);
    expect(channel.topValuesExact).toBe(false);
    for (const v of channel.topValues) expect(Math.abs(v.count - 1000)).toBeLessThan(200);
    // Type failures are exact on a sampled table too: the aggregate pass reads every row.
    expect(column(r, 'transactions', 'amount_fen')).toMatchObject({ missing: 0, invalid: 1, failuresByCode: [{ code: 'AMOUNT_INVALID', count: 1 }] });
    expect(column(r, 'transactions', 'txn_time')).toMatchObject({ invalid: 1, failuresByCode: [{ code: 'DATE_INVALID', count: 1 }], failureExamples: ['2024-06-01'] });
    expect(r.keyCoverage.find((k) => k.fromTable === 'transactions')).toMatchObject({ distinctKeys: 50, matchedKeys: 40, rowsWithKey: 3000, rowsMatched: 2400 });
  });

  it('reports progress per table and stops when cancelled', async () => {
    const db = await sampleWorkspace();
    const steps: ProgressEvent[] = [];
    await report(db, { onProgress: (p) => steps.push(p) });
    expect(steps.every((p) => p.step === 'quality')).toBe(true);
    expect(steps.at(-1)).toMatchObject({ current: ENTITIES.length + 1, total: ENTITIES.length + 1 });
    // Progress is throttled, but the first event of a step always goes out.
    expect(steps[0]).toEqual({ step: 'quality', current: 0, total: ENTITIES.length + 1, detail: 'customers' });

    const abort = new AbortController();
    abort.abort();
    await expect(report(db, { signal: abort.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
