import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { PROFILE_COLUMNS } from './profileSchema.ts';
import { smallBankEngine } from './profileTestKit.ts';

type Row = Record<string, string | number | null>;

async function profileRows(engine: Engine): Promise<Map<string, Row>> {
  const q = await engine.call('sql.query', { sql: 'SELECT * FROM customer_profile ORDER BY cust_no', unmask: { reason: 'test' } });
  return new Map(q.rows.map((r) => [String(r[1]), Object.fromEntries(q.columns.map((c, i) => [c, r[i] ?? null]))]));
}

describe('profile.build', () => {
  it('builds one row per customer with every contract column, relative to the as-of date', async () => {
    const engine = await smallBankEngine();
    expect((await engine.call('profile.status', {})).built).toBe(false);
    const result = await engine.call('profile.build', {});
    expect(result).toMatchObject({ rows: 3, asOf: '2024-06-30' });
    const rows = await profileRows(engine);
    const c1 = rows.get('C001') as Row;
    expect(Object.keys(c1)).toEqual(PROFILE_COLUMNS.map((c) => c.name));
    expect(c1).toMatchObject({
      gender: '男',
      age: 43,
      age_band: '35-44',
      tenure_months: 111,
      risk_level: 'C3',
      risk_expired: 1,
      aum_fen: 50_000_000,
      deposit_fen: 10_000_000,
      investment_fen: 5_000_000,
      txn_count_30d: 3,
      txn_count_90d: 4,
      txn_count_365d: 6,
      txn_out_90d_fen: 20_850,
      salary_months_12m: 2,
      last_salary_date: '2024-06-10',
      purchase_count: 1,
      last_purchase_date: '2024-03-01',
      has_wealth: 1,
      active_txn_days_365d: 3,
      last_active_txn_date: '2024-06-30',
      active_txn_recency_days: 0,
      gap_before_last_txn_days: 10,
      repeat_txn_days: 3,
      txn_age_days: 542,
      login_days_30d: 2,
      event_count_30d: 3,
      wealth_browse_90d: 1,
      uses_app: 1,
      touches_90d: 2,
      opens_90d: 1,
      responses_365d: 1,
      preferred_channel: 'APP推送',
      household_size: 2,
      top_categories: '餐饮',
    });
    expect(JSON.parse(String(c1.category_spend_365d))).toEqual({ dining: [2, 20_850] });
    expect(JSON.parse(String(c1.channel_response))).toEqual({ APP推送: [1, 1], 短信: [1, 0] });
    const c2 = rows.get('C002') as Row;
    expect(c2).toMatchObject({ gender: '女', age: 34, risk_level: 'C2', pre_approved: 1, complaints_365d: 1, notes_365d: 2, outflow_other_bank_90d_fen: 2_000_000, uses_branch: 1, household_size: 2 });
    // Money arriving from others is not the customer acting.
    expect(c2.last_active_txn_date).toBe('2024-05-15');
    const c3 = rows.get('C003') as Row;
    expect(c3).toMatchObject({ age: 74, has_loan: 1, loan_balance_fen: 2_000_000, max_overdue_days: 15, txn_count_365d: 0, active_txn_recency_days: 395, household_size: 1 });
    expect(await engine.call('profile.status', {})).toMatchObject({ built: true, rows: 3, stale: false });
  });

  it('follows the as-of date and reports itself stale when it moves', async () => {
    const engine = await smallBankEngine();
    await engine.call('profile.build', {});
    await engine.call('workspace.setAsOfDate', { date: '2024-06-01' });
    expect((await engine.call('profile.status', {})).stale).toBe(true);
    await engine.call('profile.build', {});
    const c1 = (await profileRows(engine)).get('C001') as Row;
    expect(c1).toMatchObject({ txn_count_30d: 1, last_txn_date: '2024-05-10', as_of: '2024-06-01', login_days_30d: 0 });
  });

  it('leaves the previous table when cancelled', async () => {
    const engine = await smallBankEngine();
    await engine.call('profile.build', {});
    const controller = new AbortController();
    controller.abort();
    await expect(engine.call('profile.build', {}, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await profileRows(engine)).size).toBe(3);
  });
});
