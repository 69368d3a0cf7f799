/**
 * The six lifecycle groups (生命周期分组) as preset rules over the wide table and the run's scores, compiled to
 * one SQL CASE: a customer joins the first group of the configured order whose rule holds, with a reason built
 * from their own figures. Thresholds live in the tag settings (editable, serialisable); quantile thresholds are
 * resolved against the workspace's customers before the rules run.
 */
import { LIFECYCLE_GROUPS, type LifecycleGroupKey, type LifecycleSettings, type TagDefinition } from '#shared/api/tagTypes.ts';
import type { Db, SqlParam } from '#shared/db/database.ts';
import { TAGS_MODULE, yuanSql } from './builtinTags.ts';

export const LIFECYCLE_NAMES: Readonly<Record<LifecycleGroupKey, { readonly zh: string; readonly en: string; readonly definition: string }>> = {
  high_potential: {
    zh: '高价值潜力客户',
    en: 'High-value potential',
    definition: 'Income in the upper part of the customers (incomeQuantile), little or nothing invested at the bank (maxInvestmentYuan), and active recently: worth more than they hold.',
  },
  first_purchase: { zh: '首购客户', en: 'First purchase', definition: 'Exactly one wealth/fund/insurance purchase, made within the last withinDays days.' },
  repeat_purchase: { zh: '复购客户', en: 'Repeat purchase', definition: 'At least minPurchases wealth/fund/insurance purchases, the latest within withinDays days.' },
  high_frequency: {
    zh: '高频客户',
    en: 'High frequency',
    definition: 'Customer-initiated transaction days in 365 at or above the activeDaysQuantile of the customers active that year (and at least minActiveDays).',
  },
  stable_dormant: {
    zh: '稳定沉睡客户',
    en: 'Stable dormant',
    definition: 'No customer-initiated transaction for minInactiveDays and no login in 30 days, yet the balance is still held (minAumYuan) by a customer of at least minTenureMonths: inactive but not gone.',
  },
  churn_risk: {
    zh: '易流失客户',
    en: 'Likely to churn',
    definition: 'Money moved to other banks in 90 days, or at least minSignals of: activity decay (last 90 days vs the 90 before), payroll stopped, a complaint, AUM down by aumDropShare in 90 days, P(alive) below pAliveBelow.',
  },
};

export function lifecycleTagKey(group: LifecycleGroupKey): string {
  return `lifecycle_${group}`;
}

export function lifecycleDefs(): TagDefinition[] {
  return LIFECYCLE_GROUPS.map((g) => ({
    key: lifecycleTagKey(g),
    zh: LIFECYCLE_NAMES[g].zh,
    en: LIFECYCLE_NAMES[g].en,
    family: 'lifecycle',
    module: TAGS_MODULE,
    definition: LIFECYCLE_NAMES[g].definition,
    inputs: ['customer_profile', 'customer_score.p_alive', 'tag settings lifecycle.*'],
    version: 1,
  }));
}

/**
 * The value at quantile q of an integer profile column over the rows where it is positive (nulls and zeros left
 * out): the value at offset ⌊q·n⌋ of the ascending order. The values are read in one string and sorted as
 * numbers here, where `ORDER BY … OFFSET` sorts the rows inside SQLite several times slower.
 */
export function profileQuantile(db: Db, column: string, q: number): number | null {
  const text = db.value(`SELECT group_concat(${column}) FROM customer_profile WHERE ${column} > 0`);
  if (typeof text !== 'string' || text === '') return null;
  const values = Float64Array.from(text.split(','), Number).sort();
  const n = values.length;
  return values[Math.min(n - 1, Math.max(0, Math.floor(q * n)))] ?? null;
}

export interface LifecycleThresholds {
  readonly highFrequencyDays: number;
  readonly incomeFen: number;
}

export function lifecycleThresholds(db: Db, s: LifecycleSettings): LifecycleThresholds {
  const days = profileQuantile(db, 'active_txn_days_365d', s.highFrequency.activeDaysQuantile);
  const income = profileQuantile(db, 'income_fen', s.highPotential.incomeQuantile);
  // Without any positive value (no transactions, no incomes) the rule can match nobody: a bound no one reaches.
  const NEVER_REACHED = 1e15;
  return { highFrequencyDays: Math.max(s.highFrequency.minActiveDays, days ?? NEVER_REACHED), incomeFen: income ?? NEVER_REACHED };
}

interface Rule {
  readonly when: string;
  readonly params: readonly SqlParam[];
  readonly reason: string;
  readonly reasonParams: readonly SqlParam[];
}

/** The rules; `alive` is the SQL name of the run's P(alive) where the rules are evaluated. */
function rules(s: LifecycleSettings, t: LifecycleThresholds, asOf: string, alive: string): Record<LifecycleGroupKey, Rule> {
  const daysSince = (col: string): string => `(julianday(?) - julianday(${col}))`;
  const c = s.churnRisk;
  const signals = [
    { sql: `(p.txn_count_prev_90d >= ? AND p.txn_count_90d <= ? * p.txn_count_prev_90d)`, params: [c.decayMinPrevTxns, c.decayRatio], text: `printf('近90天交易 %d 笔, 前90天 %d 笔; ', p.txn_count_90d, p.txn_count_prev_90d)` },
    { sql: `(p.salary_months_12m >= 2 AND ${daysSince('p.last_salary_date')} >= ?)`, params: [asOf, c.salaryGapDays], text: `printf('代发工资已停 (最近 %s); ', p.last_salary_date)` },
    { sql: `(p.complaints_365d >= 1)`, params: [], text: `printf('近一年投诉 %d 次; ', p.complaints_365d)` },
    { sql: `(p.aum_change_90d_fen < 0 AND -p.aum_change_90d_fen >= ? * (p.aum_fen - p.aum_change_90d_fen))`, params: [c.aumDropShare], text: `printf('近90天资产减少 %s; ', ${yuanSql('-p.aum_change_90d_fen')})` },
    { sql: `(ifnull(${alive}, 1) < ?)`, params: [c.pAliveBelow], text: `printf('P(活跃)=%.2f; ', ${alive})` },
  ];
  const outflow = { sql: `(p.outflow_other_bank_90d_fen >= ?)`, params: [c.outflowMinYuan * 100] as SqlParam[], text: `printf('近90天转出他行 %s; ', ${yuanSql('p.outflow_other_bank_90d_fen')})` };
  const churnReasonParts = [outflow, ...signals];
  return {
    stable_dormant: {
      when: `ifnull(p.active_txn_recency_days, 1000000) >= ? AND p.login_days_30d = 0 AND p.aum_fen >= ? AND ifnull(p.tenure_months, 0) >= ?`,
      params: [s.stableDormant.minInactiveDays, s.stableDormant.minAumYuan * 100, s.stableDormant.minTenureMonths],
      reason: `printf('%s, 近30天无登录, 资产 %s 仍在, 开户 %d 个月', CASE WHEN p.active_txn_recency_days IS NULL THEN '无主动交易记录' ELSE '已 ' || p.active_txn_recency_days || ' 天无主动交易' END, ${yuanSql('p.aum_fen')}, p.tenure_months)`,
      reasonParams: [],
    },
    churn_risk: {
      when: `(${outflow.sql} OR (${signals.map((x) => `ifnull(${x.sql}, 0)`).join(' + ')}) >= ?)`,
      params: [...outflow.params, ...signals.flatMap((x) => x.params), c.minSignals],
      reason: `rtrim(${churnReasonParts.map((x) => `(CASE WHEN ${x.sql} THEN ${x.text} ELSE '' END)`).join(' || ')}, '; ')`,
      reasonParams: churnReasonParts.flatMap((x) => x.params),
    },
    first_purchase: {
      when: `p.purchase_count = 1 AND ${daysSince('p.last_purchase_date')} <= ?`,
      params: [asOf, s.firstPurchase.withinDays],
      reason: `printf('首次购买理财/基金/保险于 %s (%d 天前)', p.last_purchase_date, CAST(${daysSince('p.last_purchase_date')} AS INTEGER))`,
      reasonParams: [asOf],
    },
    repeat_purchase: {
      when: `p.purchase_count >= ? AND ${daysSince('p.last_purchase_date')} <= ?`,
      params: [s.repeatPurchase.minPurchases, asOf, s.repeatPurchase.withinDays],
      reason: `printf('累计购买理财/基金/保险 %d 次, 最近一次 %s', p.purchase_count, p.last_purchase_date)`,
      reasonParams: [],
    },
    high_frequency: {
      when: `p.active_txn_days_365d >= ?`,
      params: [t.highFrequencyDays],
      reason: `printf('近一年 %d 天有主动交易 (门槛 %d 天, 约前 %d%% 的活跃客户)', p.active_txn_days_365d, ?, ?)`,
      reasonParams: [t.highFrequencyDays, Math.round((1 - s.highFrequency.activeDaysQuantile) * 100)],
    },
    high_potential: {
      when: `p.income_fen >= ? AND p.investment_fen <= ? AND (ifnull(p.active_txn_recency_days, 1000000) <= ? OR ifnull(p.event_recency_days, 1000000) <= ?)`,
      params: [t.incomeFen, s.highPotential.maxInvestmentYuan * 100, s.highPotential.activeWithinDays, s.highPotential.activeWithinDays],
      reason: `printf('年收入 %s (门槛 %s), 投资持有 %s, AUM %s, 近90天浏览理财 %d 次', ${yuanSql('p.income_fen')}, ${yuanSql('?')}, ${yuanSql('p.investment_fen')}, ${yuanSql('p.aum_fen')}, p.wealth_browse_90d)`,
      reasonParams: [t.incomeFen, t.incomeFen, t.incomeFen],
    },
  };
}

/**
 * Fills the temporary table `lifecycle_pick(one_id, grp, reason)` with each customer's group (customers in no
 * group are left out), in ONE_ID order.
 */
export function pickLifecycle(db: Db, s: LifecycleSettings, t: LifecycleThresholds, asOf: string, runId: number): void {
  const inner = rules(s, t, asOf, 's.p_alive');
  const outer = rules(s, t, asOf, 'p.p_alive');
  const groupCase = `CASE ${s.order.map((g) => `WHEN ${inner[g].when} THEN '${g}'`).join(' ')} END`;
  const groupParams = s.order.flatMap((g) => inner[g].params);
  const reasonCase = `CASE grp ${s.order.map((g) => `WHEN '${g}' THEN ${outer[g].reason}`).join(' ')} END`;
  const reasonParams = s.order.flatMap((g) => outer[g].reasonParams);
  db.exec('DROP TABLE IF EXISTS temp.lifecycle_pick');
  db.run(
    `CREATE TEMP TABLE lifecycle_pick AS SELECT one_id, grp, ${reasonCase} AS reason FROM (
       SELECT p.*, s.p_alive, ${groupCase} AS grp FROM customer_profile p LEFT JOIN customer_score s ON s.one_id = p.one_id AND s.run_id = ?
     ) p WHERE grp IS NOT NULL`,
    [...reasonParams, ...groupParams, runId],
  );
}
