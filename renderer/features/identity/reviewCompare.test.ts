import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '#shared/api/identityTypes.ts';
import { areaOf, compareRows } from './reviewCompare.ts';

const PROBABILISTIC: ReviewItem = {
  reviewId: 7,
  kind: 'probabilistic',
  idType: null,
  weight: 5.4,
  status: 'pending',
  a: {
    source: 'customer',
    recordId: '6700870912',
    oneId: 'P000000001',
    identifiers: [{ type: 'cust_no', value: '67******12' }, { type: 'phone', value: '175****3339' }],
    fields: { name: '韩**', birth_date: '2002-10-24', province: '浙江省', city: '杭州市', district: '上城区' },
  },
  b: {
    source: '微信小程序',
    recordId: '800151',
    oneId: 'P000002100',
    identifiers: [{ type: 'openid', value: 'oX****9a' }, { type: 'phone', value: '188****3865' }],
    fields: { name: '韩**', birth_date: '2002-10-24', address: '浙江省****' },
  },
  evidence: [
    { field: 'name', level: 'pinyin', weight: 4.2 },
    { field: 'birth_date', level: 'exact', weight: 7.9 },
    { field: 'area', level: 'city', weight: 1.1 },
    { field: 'email', level: 'missing', weight: 0 },
  ],
  detail: {},
};

describe('compareRows', () => {
  const rows = compareRows(PROBABILISTIC);
  const byKey = new Map(rows.map((r) => [r.key, r]));

  it('puts the compared weak fields first, each with its level and weight', () => {
    expect(rows.slice(0, 3).map((r) => [r.key, r.evidence?.level, r.evidence?.weight])).toEqual([
      ['field:name', 'pinyin', 4.2],
      ['field:birth_date', 'exact', 7.9],
      ['field:area', 'city', 1.1],
    ]);
    expect(byKey.get('field:birth_date')).toMatchObject({ a: '2002-10-24', b: '2002-10-24', comparison: 'same' });
  });

  it('compares areas from their parts, else the address', () => {
    expect(byKey.get('field:area')).toMatchObject({ a: '浙江省杭州市上城区', b: '浙江省****', comparison: 'differ' });
    expect(areaOf(PROBABILISTIC.b)).toBe('浙江省****');
  });

  it('lists every identifier either side carries, in priority order, with how they compare', () => {
    const ids = rows.filter((r) => r.kind === 'identifier');
    expect(ids.map((r) => [r.label, r.comparison])).toEqual([
      ['cust_no', 'oneSide'],
      ['phone', 'differ'],
      // e-mail is missing on both sides but the model reported it, so the row stays with its evidence.
      ['email', null],
      ['openid', 'oneSide'],
    ]);
    expect(byKey.get('id:email')?.evidence?.level).toBe('missing');
  });

  it('marks the identifier an over-cap pair shares', () => {
    const overCap: ReviewItem = {
      ...PROBABILISTIC,
      kind: 'over_cap',
      idType: 'device_id',
      weight: null,
      evidence: [],
      a: { ...PROBABILISTIC.a, identifiers: [{ type: 'device_id', value: 'E37A****1E1E' }] },
      b: { ...PROBABILISTIC.b, identifiers: [{ type: 'device_id', value: 'E37A****1E1E' }, { type: 'app_user_id', value: '92******39' }] },
      detail: { persons: 2, cap: 1, value: 'E37A****1E1E' },
    };
    const r = compareRows(overCap);
    expect(r.filter((x) => x.shared).map((x) => [x.label, x.comparison])).toEqual([['device_id', 'same']]);
    expect(r.every((x) => x.evidence === null)).toBe(true);
  });
});
