import { beforeAll, describe, expect, it } from 'vitest';
import type { PitTarget } from '#shared/api/predictTypes.ts';
import { Db } from '#shared/db/database.ts';
import { fileOf, newEngine } from '#shared/ingest/testKit.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import type { EntityKind } from '#shared/model/entities.ts';
import { Persons } from '#shared/profile/persons.ts';
import { addMonths, checkTarget, defaultReferenceDate, outcomeEnd, pitOutcome, targetLabel } from './pitTarget.ts';
import { pointInTimeFeatures, type PitFeatures } from './pointInTime.ts';

/** Reference date of the tests: rows dated on it or later are the future. */
const R = '2024-04-01';

/**
 * C1 active before and on R, with a loan before R; C2 active only 122 days before R (and on the day the
 * one-month window ends), a first loan after R; C3 a customer since after R; C4 silent for 15 months before R.
 */
const BANK: readonly (readonly [string, EntityKind, string])[] = [
  [
    'customers.csv',
    'customers',
    [
      '客户号,姓名,性别,出生日期,开户日期,城市,数据日期',
      'C1,甲,男,1980-05-01,2020-01-01,杭州市,2024-06-30',
      'C2,乙,女,1990-04-01,2019-06-01,宁波市,2024-06-30',
      'C3,丙,男,1985-01-01,2024-04-10,杭州市,2024-06-30',
      'C4,丁,女,1970-01-01,2018-01-01,温州市,2024-06-30',
    ].join('\n'),
  ],
  [
    'transactions.csv',
    'transactions',
    [
      'txn_id,cust_no,txn_time,amount,dr_cr,txn_type,channel',
      'T1,C1,2024-03-31 10:00:00,100.00,D,消费,POS',
      'T2,C1,2024-01-15 10:00:00,50.00,D,消费,POS',
      'T3,C1,2024-04-01 00:00:00,9999.00,D,消费,POS',
      'T4,C1,2024-05-20 10:00:00,7777.00,D,消费,POS',
      'T5,C2,2023-12-01 09:00:00,20.00,D,取现,ATM',
      'T6,C2,2024-05-01 09:00:00,30.00,D,取现,ATM',
      'T7,C4,2023-01-01 09:00:00,10.00,D,取现,ATM',
      'T8,C3,2024-04-12 09:00:00,10.00,D,取现,ATM',
    ].join('\n'),
  ],
  [
    'events.csv',
    'events',
    ['事件ID,客户号,事件时间,事件名称,渠道', 'E1,C1,2024-03-20 20:00:00,登录,APP', 'E2,C1,2024-04-01 08:00:00,登录,APP', 'E3,C1,2024-04-02 08:00:00,登录,APP'].join('\n'),
  ],
  [
    'touches.csv',
    'touches',
    [
      'touch_id,campaign_id,cust_no,channel,action,touch_time',
      'M1,CMP1,C1,短信,发送,2024-03-01 10:00:00',
      'M2,CMP1,C1,短信,打开,2024-03-01 11:00:00',
      'M3,CMP2,C1,APP推送,发送,2024-04-05 10:00:00',
      'M4,CMP2,C1,APP推送,打开,2024-04-05 11:00:00',
      'M5,CMP2,C2,APP推送,发送,2024-04-10 10:00:00',
      'M6,CMP2,C2,APP推送,打开,2024-05-03 10:00:00',
    ].join('\n'),
  ],
  ['notes.csv', 'notes', ['工单号,客户号,受理时间,工单类型,问题描述', 'N1,C1,2024-03-10 10:00:00,投诉,转账到账慢', 'N2,C1,2024-04-02 10:00:00,投诉,又慢了'].join('\n')],
  ['loans.csv', 'loans', ['借据号,客户号,贷款金额,放款日期,数据日期', 'L1,C1,10000.00,2023-01-01,2024-06-30', 'L2,C2,20000.00,2024-04-20,2024-06-30'].join('\n')],
  ['holdings.csv', 'holdings', ['客户号,产品代码,持有金额,购买日期,数据日期', 'C1,WM1,5000.00,2024-02-01,2024-06-30', 'C1,WM2,5000.00,2024-04-15,2024-06-30', 'C4,DP9,5000.00,2024-04-15,2024-06-30'].join('\n')],
  ['products.csv', 'products', ['产品代码,产品名称,产品类别', 'WM1,稳盈30天,理财', 'WM2,稳盈90天,理财', 'DP9,大额存单,存款'].join('\n')],
];

const ctx = () => createJobContext({ seed: 1 });
let full: Db;
let past: Db;

beforeAll(async () => {
  const engine = await newEngine();
  const r = await engine.call('ingest.run', { files: BANK.map(([name, kind, text]) => ({ file: fileOf(name, text), kind })) });
  const bad = r.files.find((f) => f.rejected > 0 || f.status !== 'done');
  if (bad) throw new Error(`${bad.fileName}: ${bad.rejected} rejected rows`);
  const bytes = await engine.call('workspace.export', {});
  full = await Db.open({ sqlJsConfig: {} }, bytes);
  // The same workspace with every row dated on or after R removed: what was knowable before R.
  past = await Db.open({ sqlJsConfig: {} }, bytes);
  for (const [table, col] of [['transactions', 'txn_time'], ['events', 'event_time'], ['touches', 'touch_time'], ['notes', 'note_time'], ['loans', 'start_date'], ['holdings', 'buy_date']]) {
    past.run(`DELETE FROM ${table} WHERE ${col} >= ?`, [R]);
  }
});

function valueOf(f: PitFeatures, name: string, custOneId: string): number | string {
  const col = f.features.find((c) => c.ref.name === name);
  if (!col) throw new Error(`no feature ${name}`);
  const p = f.oneIds.indexOf(custOneId);
  return col.values ? col.values[p]! : col.levels[col.codes![p]!]!;
}

function oneIdOf(db: Db, custNo: string): string {
  return String(db.value("SELECT one_id FROM identity_map WHERE source = 'customer' AND record_id = ?", [custNo]));
}

describe('point-in-time features', () => {
  it('use only rows dated before the reference date: rows on R and after change nothing', async () => {
    const a = await pointInTimeFeatures(full, Persons.load(full), R, ctx());
    const b = await pointInTimeFeatures(past, Persons.load(past), R, ctx());
    expect(a.features.map((f) => f.ref.name)).toEqual(b.features.map((f) => f.ref.name));
    a.features.forEach((f, k) => {
      const g = b.features[k]!;
      if (f.values) expect(Array.from(f.values), f.ref.name).toEqual(Array.from(g.values!));
      else expect(Array.from(f.codes!, (c) => f.levels[c]), f.ref.name).toEqual(Array.from(g.codes!, (c) => g.levels[c]));
    });
    expect(a.latestFeatureDate! < R).toBe(true);
    expect(a.latestFeatureDate).toBe('2024-03-31');
    expect(Array.from(a.startedBefore)).toEqual(Array.from(b.startedBefore));
  });

  it('count transactions, events, touches and complaints in windows before R, with the window in the label', async () => {
    const f = await pointInTimeFeatures(full, Persons.load(full), R, ctx());
    const c1 = oneIdOf(full, 'C1');
    const c2 = oneIdOf(full, 'C2');
    expect(valueOf(f, 'txn_count_30d', c1)).toBe(1);
    expect(valueOf(f, 'txn_count_90d', c1)).toBe(2);
    expect(valueOf(f, 'txn_amount_30d_fen', c1)).toBe(10_000);
    expect(valueOf(f, 'txn_amount_90d_fen', c1)).toBe(15_000);
    expect(valueOf(f, 'txn_recency_days', c1)).toBe(1);
    expect(valueOf(f, 'txn_count_90d', c2)).toBe(0);
    expect(valueOf(f, 'txn_count_180d', c2)).toBe(1);
    expect(valueOf(f, 'txn_recency_days', c2)).toBe(122);
    expect(valueOf(f, 'event_count_30d', c1)).toBe(1);
    expect(valueOf(f, 'touch_count_90d', c1)).toBe(1);
    expect(valueOf(f, 'touch_response_90d', c1)).toBe(1);
    expect(valueOf(f, 'complaint_count_365d', c1)).toBe(1);
    expect(valueOf(f, 'holding_count_before', c1)).toBe(1);
    expect(valueOf(f, 'loan_count_before', c1)).toBe(1);
    expect(valueOf(f, 'age_at_reference', c1)).toBe(43);
    expect(valueOf(f, 'age_at_reference', c2)).toBe(34);
    expect(valueOf(f, 'tenure_months_at_reference', c1)).toBe(51);
    expect(valueOf(f, 'city', c2)).toBe('宁波市');
    expect(f.features.find((x) => x.ref.name === 'txn_count_90d')?.ref.zh).toBe('近90天交易次数');
  });
});

describe('point-in-time targets', () => {
  async function outcome(t: PitTarget): Promise<{ y: Map<string, number>; excluded: Record<string, number> }> {
    const persons = Persons.load(full);
    const f = await pointInTimeFeatures(full, persons, R, ctx());
    const o = await pitOutcome(full, persons, f, t, outcomeEnd(R, t), ctx());
    const custOf = new Map(['C1', 'C2', 'C3', 'C4'].map((c) => [oneIdOf(full, c), c]));
    const y = new Map<string, number>();
    o.rows.forEach((p, k) => y.set(custOf.get(f.oneIds[p]!)!, o.y[k]!));
    return { y, excluded: Object.fromEntries(o.excluded.map((e) => [e.reason, e.customers])) };
  }

  it('churn: no activity in [R, R + N months); activity on R counts, on the end day does not; new and silent customers are left out', async () => {
    const r = await outcome({ kind: 'churn', amount: 1, unit: 'month' });
    expect(Object.fromEntries(r.y)).toEqual({ C1: 0, C2: 1 });
    expect(r.excluded).toEqual({ no_data_before_reference: 1, inactive_before_reference: 1 });
  });

  it('response: an open in the window among the customers touched in it', async () => {
    const r = await outcome({ kind: 'response', amount: 30, unit: 'day' });
    expect(Object.fromEntries(r.y)).toEqual({ C1: 1, C2: 0 });
    expect(r.excluded).toEqual({ no_data_before_reference: 1, not_touched_in_window: 1 });
  });

  it('first loan: among customers without a loan before R', async () => {
    const r = await outcome({ kind: 'first_loan', amount: 1, unit: 'month' });
    expect(Object.fromEntries(r.y)).toEqual({ C2: 1, C4: 0 });
    expect(r.excluded).toEqual({ no_data_before_reference: 1, loan_before_reference: 1 });
  });

  it('product: a holding bought in the window, of a category when named', async () => {
    expect(Object.fromEntries((await outcome({ kind: 'product', amount: 1, unit: 'month' })).y)).toEqual({ C1: 1, C2: 0, C4: 1 });
    expect(Object.fromEntries((await outcome({ kind: 'product', amount: 1, unit: 'month', category: '理财' })).y)).toEqual({ C1: 1, C2: 0, C4: 0 });
  });

  it('windows, default reference date, labels and refusals', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-04-01', -3)).toBe('2024-01-01');
    expect(outcomeEnd(R, { kind: 'churn', amount: 3, unit: 'month' })).toBe('2024-07-01');
    expect(outcomeEnd(R, { kind: 'response', amount: 30, unit: 'day' })).toBe('2024-05-01');
    expect(defaultReferenceDate('2024-06-30', { kind: 'churn', amount: 3, unit: 'month' })).toBe(R);
    expect(targetLabel({ kind: 'churn', amount: 3, unit: 'month' })).toEqual({ key: 'churn_3m', zh: '3个月内流失', en: 'Churned within 3 months' });
    expect(checkTarget({ kind: 'churn', amount: 3, unit: 'month' }, R, '2024-06-30')).toBe('2024-07-01');
    expect(() => checkTarget({ kind: 'churn', amount: 3, unit: 'month' }, '2024-04-02', '2024-06-30')).toThrow(/ends after the as-of date 2024-06-30.*2024-04-01/);
    expect(() => checkTarget({ kind: 'churn', amount: 0, unit: 'month' }, R, null)).toThrow(/whole number/);
    expect(() => checkTarget({ kind: 'churn', amount: 1, unit: 'month' }, '2024-13-01', null)).toThrow(/not a date/);
  });
});
