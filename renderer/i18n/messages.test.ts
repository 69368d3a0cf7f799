import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { initI18n, setLang } from './i18n.ts';
import { cellIssueLabel, messageText, progressLabel, rejectLabel, rejectReason } from './messages.ts';

beforeAll(() => {
  initI18n();
});

describe('engine messages', () => {
  it('fills reject parameters in Chinese and English', async () => {
    await setLang(i18next, 'zh-CN');
    expect(rejectReason(i18next, 'COLUMN_COUNT', { actual: 5, expected: 7 })).toBe('字段数为 5，表头有 7 列');
    await setLang(i18next, 'en');
    expect(rejectReason(i18next, 'COLUMN_COUNT', { actual: 5, expected: 7 })).toBe('Row has 5 fields; the header has 7');
    await setLang(i18next, 'zh-CN');
  });

  it('translates the cell issue inside a VALUE_INVALID reason', () => {
    expect(rejectReason(i18next, 'VALUE_INVALID', { column: '交易日期', issue: 'DATE_INVALID' })).toBe('必填字段“交易日期”的值无法识别（日期无法识别）');
  });

  it('falls back to the short reason when a parameter is missing', () => {
    expect(rejectReason(i18next, 'COLUMN_COUNT', {})).toBe('列数与表头不一致');
  });

  it('shows unknown codes rather than nothing', () => {
    expect(rejectReason(i18next, 'NEW_CODE', {})).toBe('NEW_CODE');
    expect(rejectLabel(i18next, 'TITLE_ROW')).toBe('表头上方的标题行');
    expect(cellIssueLabel(i18next, 'PHONE_INVALID')).toBe('手机号格式不正确');
    expect(progressLabel(i18next, 'import.rows')).toBe('导入数据行');
    expect(progressLabel(i18next, 'import')).toBe('import');
    expect(progressLabel(i18next, 'mystery')).toBe('mystery');
  });

  it('renders engine messages by full key, bare notice code, or code with params', () => {
    expect(messageText(i18next, { code: 'reject.TITLE_ROW', params: {} })).toBe('表头之上的标题或说明行');
    expect(messageText(i18next, { code: 'storageUnavailable', params: {} })).toMatch(/OPFS/);
    expect(messageText(i18next, { code: 'ingest.titleLines', params: { count: 2 } })).toBe('表头上方有 2 行标题或说明，将作为拒绝记录保存');
    expect(messageText(i18next, { code: 'ingest.headerGuessed', params: { row: 3 } })).toBe('ingest.headerGuessed (row: 3)');
    expect(messageText(i18next, { code: 'error', params: {} })).toBe('error');
  });
});
