import { describe, expect, it } from 'vitest';
import { normalizeCustNo, normalizeIdentifier } from './normalizeIdentifiers.ts';

describe('normalizeIdentifier', () => {
  it('treats empty cells and missing markers as no identifier, not as an issue', () => {
    for (const raw of ['', '  ', 'null', 'NULL', '-', '空', 'N/A']) expect(normalizeIdentifier('phone', raw)).toBeNull();
  });

  it('reports placeholder and dummy phones instead of linking on them', () => {
    expect(normalizeIdentifier('phone', '13800138000')).toEqual({ ok: false, type: 'phone', code: 'PHONE_PLACEHOLDER' });
    expect(normalizeIdentifier('phone', '00000000000')).toMatchObject({ ok: false, code: 'PHONE_PLACEHOLDER' });
    expect(normalizeIdentifier('phone', '+86 138-1234-5678')).toEqual({ ok: true, type: 'phone', value: '13812345678' });
    expect(normalizeIdentifier('phone', '010-12345678')).toMatchObject({ ok: false, code: 'PHONE_NOT_MOBILE' });
  });

  it('types ID documents by their own rules', () => {
    // 15-digit resident ID upgraded to 18 with its check character.
    expect(normalizeIdentifier('id_card', '110105491231002')).toEqual({ ok: true, type: 'id_card', value: '11010519491231002X' });
    expect(normalizeIdentifier('id_card', '11010519491231002x')).toEqual({ ok: true, type: 'id_card', value: '11010519491231002X' });
    expect(normalizeIdentifier('id_card', '110105194912310021')).toMatchObject({ ok: false, code: 'ID_NO_CHECKSUM' });
    expect(normalizeIdentifier('id_card', 'E12345678', '护照')).toEqual({ ok: true, type: 'passport', value: 'E12345678' });
    expect(normalizeIdentifier('id_card', 'H12345678', '港澳居民来往内地通行证')).toEqual({ ok: true, type: 'hk_macau_permit', value: 'H12345678' });
    expect(normalizeIdentifier('id_card', '91350100M000100Y43')).toEqual({ ok: true, type: 'uscc', value: '91350100M000100Y43' });
  });

  it('folds customer numbers written with zero padding and refuses dummies', () => {
    expect(normalizeCustNo('006175435660')).toEqual({ ok: true, type: 'cust_no', value: '6175435660' });
    expect(normalizeCustNo(' c001 ')).toEqual({ ok: true, type: 'cust_no', value: 'C001' });
    expect(normalizeCustNo('0000')).toMatchObject({ ok: false, code: 'ID_PLACEHOLDER' });
    expect(normalizeIdentifier('app_user_id', 'unknown')).toMatchObject({ ok: false, code: 'ID_PLACEHOLDER' });
    expect(normalizeIdentifier('cookie_id', 'ABC-def')).toEqual({ ok: true, type: 'cookie_id', value: 'abc-def' });
  });

  it('checks cards, e-mails and WeChat ids with the shared normalisers', () => {
    expect(normalizeIdentifier('card_no', '4111 1111 1111 1112')).toMatchObject({ ok: false, code: 'CARD_NO_CHECKSUM' });
    expect(normalizeIdentifier('card_no', '4111 1111 1111 1111')).toEqual({ ok: true, type: 'card_no', value: '4111111111111111' });
    expect(normalizeIdentifier('email', 'Zhang.Wei@Example.COM')).toEqual({ ok: true, type: 'email', value: 'zhang.wei@example.com' });
    expect(normalizeIdentifier('openid', 'oCcQ2_-x6z_DvfvWGmvgCEj7KGpj')).toMatchObject({ ok: true });
    expect(normalizeIdentifier('unionid', 'short')).toMatchObject({ ok: false, code: 'UNIONID_INVALID' });
  });
});
