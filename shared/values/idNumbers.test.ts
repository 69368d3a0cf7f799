import { describe, expect, it } from 'vitest';
import { hasResidentIdShape, idTypeFromLabel, mod11CheckChar, normalizeIdDocument, type IdDocType } from './idNumbers.ts';

/** GB 11643-1999's own worked examples, and further numbers whose check digits were computed independently. */
const RESIDENT = {
  standardX: '11010519491231002X',
  standard: '440524188001010014',
  female: '110101199003071233',
  from15: '320102199301014566',
};

describe('normalizeIdDocument — resident IDs', () => {
  it.each([
    [RESIDENT.standardX, RESIDENT.standardX, '1949-12-31', 'F'],
    ['11010519491231002x', RESIDENT.standardX, '1949-12-31', 'F'],
    [RESIDENT.standard, RESIDENT.standard, '1880-01-01', 'M'],
    [RESIDENT.female, RESIDENT.female, '1990-03-07', 'M'],
    ['110105 19491231 002X', RESIDENT.standardX, '1949-12-31', 'F'],
    ['１１０１０５１９４９１２３１００２Ｘ', RESIDENT.standardX, '1949-12-31', 'F'],
    ["'11010519491231002X", RESIDENT.standardX, '1949-12-31', 'F'],
    ['11010519491231002×', RESIDENT.standardX, '1949-12-31', 'F'],
    ['110105491231002', RESIDENT.standardX, '1949-12-31', 'F'],
    ['320102930101456', RESIDENT.from15, '1993-01-01', 'F'],
  ] as const)('%j → %s', (raw, value, birthDate, gender) => {
    expect(normalizeIdDocument(raw)).toEqual({ ok: true, value: { value, docType: 'resident_id', birthDate, gender } });
  });

  it('reads gender from the parity of the 17th digit', () => {
    for (let seq = 0; seq < 10; seq++) {
      const body = `11010119900307${String(120 + seq)}`;
      const r = normalizeIdDocument(body + mod11CheckChar(body));
      expect(r.ok && r.value.gender).toBe(seq % 2 === 1 ? 'M' : 'F');
    }
  });

  it.each([
    ['110105194912310021', 'ID_NO_CHECKSUM'],
    ['110101199003071234', 'ID_NO_CHECKSUM'],
    ['99010519491231002X', 'ID_NO_CHECKSUM'],
    ['10010519491231002X', 'ID_NO_INVALID'],
    ['110105194902300028', 'ID_NO_INVALID'],
    ['110105187001010011', 'ID_NO_INVALID'],
    ['110105********002X', 'ID_NO_INVALID'],
    ['1.10105E+17', 'ID_NO_INVALID'],
    ['11010519491231002', 'ID_NO_INVALID'],
    ['1101051949123100', 'ID_NO_INVALID'],
    ['110105491331002', 'ID_NO_INVALID'],
    ['X10105491231002', 'ID_NO_INVALID'],
    ['', 'ID_NO_INVALID'],
  ] as const)('%j fails with %s', (raw, code) => {
    expect(normalizeIdDocument(raw)).toEqual({ ok: false, code });
  });

  it('agrees with a check digit computed from the definition for many bodies', () => {
    const weights = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
    for (let k = 0; k < 500; k++) {
      const body = `3301061985${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}${String(k).padStart(3, '0')}`;
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] ?? 0);
      const check = (12 - (sum % 11)) % 11;
      const id = body + (check === 10 ? 'X' : String(check));
      expect(normalizeIdDocument(id).ok).toBe(true);
    }
  });
});

describe('normalizeIdDocument — other documents', () => {
  it.each([
    ['911840198506120015', { value: '911840198506120015', docType: 'foreign_permanent', birthDate: '1985-06-12' }],
    ['USA110850612001', { value: 'USA110850612001', docType: 'foreign_permanent' }],
    ['91350100M000100Y43', { value: '91350100M000100Y43', docType: 'uscc' }],
    ['91350100m000100y43', { value: '91350100M000100Y43', docType: 'uscc' }],
    ['91110000802100433B', { value: '91110000802100433B', docType: 'uscc' }],
    ['12100000400012345P', { value: '12100000400012345P', docType: 'uscc' }],
    ['911101010000012344', { value: '911101010000012344', docType: 'uscc' }],
    ['H12345678', { value: 'H12345678', docType: 'hk_macau_permit' }],
    ['M1234567801', { value: 'M1234567801', docType: 'hk_macau_permit' }],
    ['h 1234 5678', { value: 'H12345678', docType: 'hk_macau_permit' }],
    ['E12345678', { value: 'E12345678', docType: 'passport' }],
    ['EA1234567', { value: 'EA1234567', docType: 'passport' }],
    ['G12345678', { value: 'G12345678', docType: 'passport' }],
    ['12345678', { value: '12345678', docType: 'taiwan_permit' }],
    ['1234567801', { value: '1234567801', docType: 'taiwan_permit' }],
  ] as const)('%j → %o', (raw, doc) => {
    expect(normalizeIdDocument(raw)).toEqual({ ok: true, value: doc });
  });

  it.each([
    ['91350100M000100Y44', 'ID_NO_CHECKSUM'],
    ['911840198506120016', 'ID_NO_CHECKSUM'],
    ['91350100I000100Y43', 'ID_NO_INVALID'],
    ['X1234567', 'ID_NO_INVALID'],
    ['AB12', 'ID_NO_INVALID'],
    ['K1234567', 'ID_NO_INVALID'],
  ] as const)('%j fails with %s', (raw, code) => {
    expect(normalizeIdDocument(raw)).toEqual({ ok: false, code });
  });
});

describe('normalizeIdDocument — with a 证件类型 hint', () => {
  it.each([
    ['X1234567', 'passport', 'passport', 'X1234567'],
    ['P12345AB9', 'passport', 'passport', 'P12345AB9'],
    ['12345678', 'taiwan_permit', 'taiwan_permit', '12345678'],
    ['911840198506120015', 'foreign_permanent', 'foreign_permanent', '911840198506120015'],
    ['911101010000012344', 'uscc', 'uscc', '911101010000012344'],
    // Labels defaulted to 身份证 on rows holding another document: the shape wins.
    ['E12345678', 'resident_id', 'passport', 'E12345678'],
    ['H12345678', 'resident_id', 'hk_macau_permit', 'H12345678'],
    // A valid resident ID under a passport label is a resident ID.
    [RESIDENT.standardX, 'passport', 'resident_id', RESIDENT.standardX],
  ] as const)('%j with hint %s → %s', (raw, hint, docType, value) => {
    const r = normalizeIdDocument(raw, hint);
    expect(r.ok && r.value.docType).toBe(docType);
    expect(r.ok && r.value.value).toBe(value);
  });

  it.each([
    ['110105194912310021', 'resident_id', 'ID_NO_CHECKSUM'],
    ['91350100M000100Y44', 'uscc', 'ID_NO_CHECKSUM'],
    ['ABC', 'passport', 'ID_NO_INVALID'],
    ['1234567', 'taiwan_permit', 'ID_NO_INVALID'],
    ['X1234567', 'hk_macau_permit', 'ID_NO_INVALID'],
  ] as const)('%j with hint %s fails with %s', (raw, hint, code) => {
    expect(normalizeIdDocument(raw, hint)).toEqual({ ok: false, code });
  });

  it('treats a null hint as no hint', () => {
    expect(normalizeIdDocument(RESIDENT.standard, null)).toEqual(normalizeIdDocument(RESIDENT.standard));
  });
});

describe('hasResidentIdShape', () => {
  it.each([
    [RESIDENT.standardX, true],
    ['110105194912310021', true],
    ['110105491231002', true],
    ['99010519491231002X', false],
    ['110105194913310021', false],
    ['E12345678', false],
  ])('%j → %s', (raw, expected) => {
    expect(hasResidentIdShape(raw)).toBe(expected);
  });
});

describe('idTypeFromLabel', () => {
  it.each([
    ['身份证', 'resident_id'],
    ['居民身份证', 'resident_id'],
    ['第二代居民身份证', 'resident_id'],
    ['临时身份证', 'resident_id'],
    ['户口簿', 'resident_id'],
    ['港澳台居民居住证', 'resident_id'],
    ['01', 'resident_id'],
    ['0', 'resident_id'],
    ['０１', 'resident_id'],
    ['ID Card', 'resident_id'],
    ['护照', 'passport'],
    ['外国护照', 'passport'],
    ['Passport', 'passport'],
    ['03', 'passport'],
    ['港澳通行证', 'hk_macau_permit'],
    ['港澳居民来往内地通行证', 'hk_macau_permit'],
    ['回乡证', 'hk_macau_permit'],
    ['台胞证', 'taiwan_permit'],
    ['台湾居民来往大陆通行证', 'taiwan_permit'],
    ['外国人永久居留证', 'foreign_permanent'],
    ['外国人永久居留身份证', 'foreign_permanent'],
    ['营业执照', 'uscc'],
    ['统一社会信用代码', 'uscc'],
    [' 身份证 ', 'resident_id'],
    ['香港身份证', null],
    ['军官证', null],
    ['02', null],
    ['其他', null],
    ['', null],
  ] as const satisfies readonly (readonly [string, IdDocType | null])[])('%j → %s', (label, type) => {
    expect(idTypeFromLabel(label)).toBe(type);
  });
});
