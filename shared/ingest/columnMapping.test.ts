import { describe, expect, it } from 'vitest';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ColumnMapping } from '#shared/api/ingestTypes.ts';
import { applyTemplate, checkMapping, contentClass, detectKind, scoreKinds, suggestMapping, type ColumnSample } from './columnMapping.ts';
import { columnNameFor, headerKey, tableNameFor } from './headerNames.ts';

const cols = (headers: string[], values: string[][] = []): ColumnSample[] => headers.map((header, j) => ({ header, values: values.map((r) => r[j] ?? '') }));
const noContent = (n: number): null[] => Array.from({ length: n }, () => null);

describe('headerKey', () => {
  it('normalises width, case, separators, brackets and units', () => {
    expect(headerKey(' Cust_No ')).toBe('custno');
    expect(headerKey('ＣＵＳＴ－ＮＯ')).toBe('custno');
    expect(headerKey('交易金额（元）')).toBe('交易金额');
    expect(headerKey('余额(万元)')).toBe('余额');
    expect(headerKey('金额元')).toBe('金额');
    expect(headerKey('客户号*')).toBe('客户号');
    expect(headerKey('手机号【必填】')).toBe('手机号');
  });
});

describe('kind detection and suggestions', () => {
  it('detects customers and maps synonyms, keeping the money unit of the header', () => {
    const c = cols(['客户编号', '客户姓名', '联系电话', '资产余额(万元)', '备用字段']);
    const scores = scoreKinds(c, noContent(5));
    expect(scores[0]?.kind).toBe('customers');
    expect(detectKind(scores, 5)).toBe('customers');
    const m = suggestMapping('customers', c, noContent(5), 'x.csv');
    expect(m.columns.map((e) => e.field)).toEqual(['cust_no', 'name', 'phone', 'aum_fen', null]);
    expect(m.columns[3]?.moneyUnit).toBe('wan');
  });

  it('detects transactions over customers when the transaction fields are there', () => {
    const c = cols(['交易流水号', '客户号', '交易时间', '交易金额', '余额', '摘要']);
    expect(detectKind(scoreKinds(c, noContent(6)), 6)).toBe('transactions');
  });

  it('falls back to a generic table when no kind has its required fields', () => {
    const c = cols(['age', 'job', 'marital', 'education', 'balance', 'y']);
    const scores = scoreKinds(c, noContent(6));
    expect(scores.find((s) => s.kind === 'customers')?.requiredMissing).toEqual(['cust_no']);
    expect(detectKind(scores, 6)).toBe('table');
  });

  it('suggests fields from content when the header says nothing', () => {
    const ids = ['110101199003074514', '310104198507120029', '440304199211104526'];
    const phones = ['13912345678', '18612345678', '15012345678'];
    expect(contentClass(ids)).toBe('id_no');
    expect(contentClass(phones)).toBe('phone');
    expect(contentClass(['特意登录上来评价，简直垃圾，老是提示网络异常', '5000都转不了不知道弄个手机银行干嘛用！'])).toBe('longtext');
    expect(contentClass(['1', '2', '3'])).toBeNull();
    const c = cols(['客户号', 'x1', 'x2'], ids.map((id, i) => [`C${i}`, id, phones[i] ?? '']));
    const m = suggestMapping('customers', c, c.map((s) => contentClass(s.values)), 'x.csv');
    expect(m.columns.map((e) => e.field)).toEqual(['cust_no', 'id_no', 'phone']);
  });

  it('detects notes for a headerless column of free text', () => {
    const c: ColumnSample[] = [{ header: '', values: ['特意登录上来评价，简直垃圾，老是提示网络异常', '千万别下载这个版本，下载后直接打不开'] }];
    const contents = c.map((s) => contentClass(s.values));
    expect(detectKind(scoreKinds(c, contents), 1)).toBe('notes');
  });

  it('maps every column of a generic table to a safe column name', () => {
    const m = suggestMapping('table', cols(['emp.var.rate', '客户 名称', 'row_id', '1st']), noContent(4), 'bank-full.csv');
    expect(m.tableName).toBe('t_bank_full');
    expect(m.columns.map((e) => e.field)).toEqual(['emp_var_rate', '客户_名称', 'row_id_1', 'c_1st']);
  });
});

describe('names', () => {
  it('makes unique generic column names and t_ table names', () => {
    const used = new Set<string>();
    expect([columnNameFor('A', 0, used), columnNameFor('a', 1, used), columnNameFor('', 2, used)]).toEqual(['a', 'a_2', 'col3']);
    expect(tableNameFor(undefined, '客户 明细.2024.csv')).toBe('t_客户_明细_2024');
    expect(tableNameFor('t_reviews', 'x.txt')).toBe('t_reviews');
  });
});

describe('applyTemplate', () => {
  it('maps by header name, so reordered and new columns still fit', () => {
    const template: ColumnMapping = {
      kind: 'customers',
      columns: [
        { source: '客户号', sourceIndex: 0, field: 'cust_no' },
        { source: '金额(万元)', sourceIndex: 1, field: 'aum_fen', moneyUnit: 'wan' },
        { source: '备注', sourceIndex: 2, field: null },
      ],
      defaults: { source_system: 'crm' },
    };
    const m = applyTemplate(template, ['新列', '金额（万元）', '客户号']);
    expect(m.columns).toEqual([
      { source: '新列', sourceIndex: 0, field: null },
      { source: '金额（万元）', sourceIndex: 1, field: 'aum_fen', moneyUnit: 'wan' },
      { source: '客户号', sourceIndex: 2, field: 'cust_no' },
    ]);
    expect(m.defaults).toEqual({ source_system: 'crm' });
  });
});

describe('checkMapping', () => {
  const base: ColumnMapping = { kind: 'customers', columns: [{ source: '客户号', sourceIndex: 0, field: 'cust_no' }] };

  it('accepts a complete mapping', () => {
    expect(() => checkMapping(base, 1)).not.toThrow();
  });

  it.each<[string, ColumnMapping, number]>([
    ['a missing required field', { kind: 'customers', columns: [{ source: '姓名', sourceIndex: 0, field: 'name' }] }, 1],
    ['a column outside the file', { kind: 'customers', columns: [{ source: '客户号', sourceIndex: 3, field: 'cust_no' }] }, 1],
    ['a field mapped twice', { kind: 'customers', columns: [{ source: 'a', sourceIndex: 0, field: 'cust_no' }, { source: 'b', sourceIndex: 1, field: 'cust_no' }] }, 2],
    ['a field of another kind', { kind: 'customers', columns: [{ source: 'a', sourceIndex: 0, field: 'cust_no' }, { source: 'b', sourceIndex: 1, field: 'txn_id' }] }, 2],
  ])('refuses %s', (_, mapping, width) => {
    expect(() => checkMapping(mapping, width)).toThrow(ExpectedError);
  });

  it('lets a default or a generated key stand in for a required field', () => {
    expect(() => checkMapping({ kind: 'customers', columns: [{ source: '姓名', sourceIndex: 0, field: 'name' }], generateCustomerKey: true }, 1)).not.toThrow();
    expect(() =>
      checkMapping({ kind: 'identities', columns: [{ source: 'id', sourceIndex: 0, field: 'record_id' }], defaults: { source_system: 'wechat' } }, 1),
    ).not.toThrow();
  });
});
