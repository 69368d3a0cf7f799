import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '#shared/api/ingestTypes.ts';
import {
  defaultMoneyUnit,
  delimiterText,
  encodingChoices,
  fieldGroups,
  missingRequired,
  newEntry,
  parseFieldOption,
  previewArgs,
  setColumnField,
  setMoneyUnit,
  toImportRequest,
} from './importModel.ts';

const mapping: ColumnMapping = {
  kind: 'transactions',
  columns: [
    { source: '客户号', sourceIndex: 0, field: 'cust_no' },
    { source: '交易金额（万元）', sourceIndex: 1, field: null },
    { source: '交易时间', sourceIndex: 2, field: 'txn_time' },
    { source: '备用号码', sourceIndex: 3, field: null },
  ],
};

describe('import model', () => {
  it('offers the detected encoding when it is not a standard choice', () => {
    expect(encodingChoices('GBK')[0]).toBe('gbk');
    expect(encodingChoices('gb18030')).toEqual(['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le']);
  });

  it('lists target fields of the file kind first, then the other kinds', () => {
    const groups = fieldGroups('transactions');
    expect(groups[0]?.kind).toBe('transactions');
    expect(groups.map((g) => g.kind)).toContain('customers');
    expect(groups[0]?.fields.find((f) => f.name === 'amount_fen')).toMatchObject({ zh: '交易金额', type: 'money', required: true });
    expect(fieldGroups('table')[0]?.kind).toBe('customers');
  });

  it('parses dropdown values back to kind and field', () => {
    expect(parseFieldOption('customers:phone')).toEqual({ kind: 'customers', field: 'phone' });
    expect(parseFieldOption('')).toBeNull();
    expect(parseFieldOption('nope:x')).toBeNull();
  });

  it('gives money fields a unit from the header and moves a field from its old column', () => {
    const m1 = setColumnField(mapping, 1, 'amount_fen');
    expect(m1.columns[1]).toEqual({ source: '交易金额（万元）', sourceIndex: 1, field: 'amount_fen', moneyUnit: 'wan' });
    const m2 = setColumnField(m1, 3, 'amount_fen');
    expect(m2.columns[1]).toEqual({ source: '交易金额（万元）', sourceIndex: 1, field: null });
    expect(m2.columns[3]?.moneyUnit).toBe('yuan');
    const m3 = setColumnField(m2, 3, 'description');
    expect(m3.columns[3]).toEqual({ source: '备用号码', sourceIndex: 3, field: 'description' });
    expect(setMoneyUnit(m2, 3, 'fen').columns[3]?.moneyUnit).toBe('fen');
    expect(mapping.columns[1]?.field).toBeNull();
  });

  it('guesses money units from headers', () => {
    expect(defaultMoneyUnit('余额(万元)')).toBe('wan');
    expect(defaultMoneyUnit('授信额度（千元）')).toBe('qian');
    expect(defaultMoneyUnit('金额（分）')).toBe('fen');
    expect(defaultMoneyUnit('balance_fen')).toBe('fen');
    expect(defaultMoneyUnit('交易金额')).toBe('yuan');
  });

  it('names required fields nobody maps', () => {
    expect(missingRequired(mapping)).toEqual(['amount_fen']);
    expect(missingRequired(setColumnField(mapping, 1, 'amount_fen'))).toEqual([]);
    expect(missingRequired({ kind: 'table', columns: [] })).toEqual([]);
  });

  it('builds run and preview requests with only the choices the user made', () => {
    const file = new File(['a,b\n1,2\n'], '流水.csv');
    const e = newEntry(1, file);
    expect(toImportRequest(e)).toEqual({ file: { name: '流水.csv', blob: file } });
    expect(previewArgs(e)).toEqual({ file: { name: '流水.csv', blob: file } });
    const chosen = { ...e, read: { encoding: 'gb18030' }, kind: 'transactions' as const, mapping };
    expect(toImportRequest(chosen)).toEqual({ file: { name: '流水.csv', blob: file }, read: { encoding: 'gb18030' }, mapping, kind: 'transactions' });
    expect(previewArgs({ ...chosen, template: 'T' })).toEqual({ file: { name: '流水.csv', blob: file }, read: { encoding: 'gb18030' }, kind: 'transactions', template: 'T' });
  });

  it('shows invisible delimiters', () => {
    expect(delimiterText('\t')).toBe('\\t');
    expect(delimiterText('\u0001')).toBe('\\x01');
    expect(delimiterText(',')).toBe(',');
  });
});
