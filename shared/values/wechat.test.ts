import { describe, expect, it } from 'vitest';
import { normalizeDeviceId, normalizeOpenId, normalizeUnionId } from './wechat.ts';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const UNIONID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';

describe('normalizeOpenId / normalizeUnionId', () => {
  it.each([
    [OPENID, OPENID],
    [` ${OPENID}\t`, OPENID],
    ['ｏUpF8uMuAJO_M2pxb1Q9zNjWeS6o', OPENID],
    ['AbCdEfGhIjKlMnOpQrStUvWxYz-_', 'AbCdEfGhIjKlMnOpQrStUvWxYz-_'],
  ])('openid %j → %j (case kept)', (raw, expected) => {
    expect(normalizeOpenId(raw)).toEqual({ ok: true, value: expected });
    expect(normalizeUnionId(raw)).toEqual({ ok: true, value: expected });
  });

  it('keeps a UnionID as is', () => {
    expect(normalizeUnionId(UNIONID)).toEqual({ ok: true, value: UNIONID });
  });

  it.each([
    '', OPENID.slice(0, 27), `${OPENID}x`, 'oUpF8uMuAJO M2pxb1Q9zNjWeS6o', 'oUpF8uMuAJO.M2pxb1Q9zNjWeS6o', 'o'.repeat(28),
    '微信用户', '13812345678',
  ])('%j is invalid', (raw) => {
    expect(normalizeOpenId(raw)).toEqual({ ok: false, code: 'OPENID_INVALID' });
    expect(normalizeUnionId(raw)).toEqual({ ok: false, code: 'UNIONID_INVALID' });
  });
});

describe('normalizeDeviceId', () => {
  it.each([
    ['352099001761481', '352099001761481'],
    ['35-209900-176148-1', '352099001761481'],
    ['35 209900 176148 1', '352099001761481'],
    ['490154203237518', '490154203237518'],
    ['６Ｄ4E4CDB－5A9F-4C52-9B3A-2F1F4B7E2C11', '6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C11'],
    ['6d4e4cdb-5a9f-4c52-9b3a-2f1f4b7e2c11', '6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C11'],
    [' 6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C11 ', '6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C11'],
    ['A1B2C3D4E5F6A7B8', 'a1b2c3d4e5f6a7b8'],
    ['a1b2c3d4e5f6a7b8', 'a1b2c3d4e5f6a7b8'],
    ['A0000012345678', 'A0000012345678'],
    ['a0000012345678', 'A0000012345678'],
    ['35209900176148', '35209900176148'],
    ['6D4E4CDB5A9F4C529B3A2F1F4B7E2C11', '6d4e4cdb5a9f4c529b3a2f1f4b7e2c11'],
    ['e10adc3949ba59abbe56e057f20f883e', 'e10adc3949ba59abbe56e057f20f883e'],
    ['ab'.repeat(32), 'ab'.repeat(32)],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeDeviceId(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '', '00000000-0000-0000-0000-000000000000', '000000000000000', '111111111111111', 'ffffffffffffffff',
    '9774d56d682e549c', '9774D56D682E549C', '352099001761482', '6D4E4CDB-5A9F-4C52-9B3A-2F1F4B7E2C1',
    'ZZZZZZZZ-5A9F-4C52-9B3A-2F1F4B7E2C11', 'a1b2c3d4e5f6a7b', 'unknown', '6D4E-4CDB5A9F', 'a1b2c3d4e5f6a7b8a',
  ])('%j is DEVICE_ID_INVALID', (raw) => {
    expect(normalizeDeviceId(raw)).toEqual({ ok: false, code: 'DEVICE_ID_INVALID' });
  });
});
