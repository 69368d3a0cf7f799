import { describe, expect, it } from 'vitest';
import type { FieldType } from '#shared/model/entities.ts';
import { MAX_TEXT_LENGTH, parseValue, type ParseOptions } from './parseValue.ts';

describe('parseValue dispatch', () => {
  it.each([
    ['text', '  张三  ', '张三'],
    ['int', '1,234', 1234],
    ['real', '12.5%', 0.125],
    ['money', '¥1,234.56', 123456],
    ['date', '2024/3/18', '2024-03-18'],
    ['datetime', '2024/3/18 9:05', '2024-03-18 09:05:00'],
    ['bool', '是', 1],
    ['bool', '无', 0],
    ['phone', '+86 138-1234-5678', '13812345678'],
    ['id_no', '11010519491231002x', '11010519491231002X'],
    ['id_no', '110105491231002', '11010519491231002X'],
    ['email', ' A@B.CN ', 'a@b.cn'],
    ['card_no', '6222 0212 3456 7890 128', '6222021234567890128'],
    ['openid', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'],
    ['unionid', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M'],
    ['device_id', '6d4e4cdb-5a9f-4c52-9b3a-2f1f4b7e2c11', '6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C11'],
  ] as const satisfies readonly (readonly [FieldType, string, string | number])[])('%s %j → %j', (type, raw, value) => {
    expect(parseValue(type, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['int', '12.5', 'INT_INVALID'],
    ['real', 'abc', 'NUMBER_INVALID'],
    ['money', '12,34', 'AMOUNT_INVALID'],
    ['date', '2023-02-29', 'DATE_INVALID'],
    ['datetime', '03/04/2024 10:00', 'DATE_AMBIGUOUS'],
    ['bool', 'maybe', 'BOOL_INVALID'],
    ['phone', '13800138000', 'PHONE_PLACEHOLDER'],
    ['id_no', '110105194912310021', 'ID_NO_CHECKSUM'],
    ['email', 'nobody', 'EMAIL_INVALID'],
    ['card_no', '6222021234567890129', 'CARD_NO_CHECKSUM'],
    ['openid', 'short', 'OPENID_INVALID'],
    ['unionid', 'short', 'UNIONID_INVALID'],
    ['device_id', '00000000-0000-0000-0000-000000000000', 'DEVICE_ID_INVALID'],
  ] as const satisfies readonly (readonly [FieldType, string, string])[])('%s %j fails with %s', (type, raw, code) => {
    expect(parseValue(type, raw)).toEqual({ ok: false, code });
  });

  it.each([
    ['money', '1.5', { moneyUnit: 'wan' }, 1500000],
    ['money', '150', { moneyUnit: 'fen' }, 150],
    ['date', '03/04/2024', { dateOrder: 'dmy' }, '2024-04-03'],
    ['date', '03/04/2024', { dateOrder: 'mdy' }, '2024-03-04'],
    ['datetime', '03/04/2024 10:00', { dateOrder: 'dmy' }, '2024-04-03 10:00:00'],
    ['id_no', '12345678', { idTypeHint: 'taiwan_permit' }, '12345678'],
    ['id_no', 'X1234567', { idTypeHint: 'passport' }, 'X1234567'],
    ['id_no', '11010519491231002X', { idTypeHint: null }, '11010519491231002X'],
  ] as const satisfies readonly (readonly [FieldType, string, ParseOptions, string | number])[])(
    '%s %j with %o → %j',
    (type, raw, opts, value) => {
      expect(parseValue(type, raw, opts)).toEqual({ ok: true, value });
    },
  );
});

describe('parseValue text', () => {
  it.each([
    ['张三', '张三'],
    ['  padded\t', 'padded'],
    ['\ufeffBOM at start', 'BOM at start'],
    ['line1\r\nline2', 'line1\nline2'],
    ['line1\rline2', 'line1\nline2'],
    ['keeps\ttabs\nand newlines', 'keeps\ttabs\nand newlines'],
    ['nul\u0000bell\u0007esc\u001bdel\u007fc1\u0085end', 'nulbellescdelc1end'],
    ['全角　空格', '全角　空格'],
    ['', ''],
  ])('%j → %j', (raw, value) => {
    expect(parseValue('text', raw)).toEqual({ ok: true, value });
  });

  it('returns clean text without copying it', () => {
    const s = 'already clean';
    const r = parseValue('text', s);
    expect(r.ok && r.value).toBe(s);
  });

  it('accepts text up to the limit and rejects longer text', () => {
    expect(parseValue('text', 'x'.repeat(MAX_TEXT_LENGTH)).ok).toBe(true);
    expect(parseValue('text', 'x'.repeat(MAX_TEXT_LENGTH + 1))).toEqual({ ok: false, code: 'TEXT_TOO_LONG' });
    expect(parseValue('text', ` ${'x'.repeat(MAX_TEXT_LENGTH)} `).ok).toBe(true);
  });
});
