/**
 * The built-in tags of the six families, each a definition for the registry and a SELECT over the wide table
 * (and the run's `customer_score`) that yields `one_id, value, reason` for the members in ONE_ID order. Rules
 * compile to SQL so a million customers are tagged inside SQLite without a row crossing into JavaScript; the
 * reason is built by `printf` from the customer's own figures (近90天交易12笔, 金额 ¥48,200).
 */
import type { TagDefinition, TagSettings } from '#shared/api/tagTypes.ts';
import type { Db, SqlParam } from '#shared/db/database.ts';
import { hash53, hashText } from '#shared/identity/hash53.ts';
import { merchantCategoryLabel } from '#shared/lexicon/merchantCategories.ts';
import { RFM_SEGMENTS } from './rfm.ts';

export const TAGS_MODULE = 'tags';

/** Everything a tag's SELECT may depend on besides the tables. */
export interface TagSqlContext {
  readonly asOf: string;
  readonly runId: number;
  readonly settings: TagSettings;
  /** Means of the R, F and M scores (segment boundaries). */
  readonly rfmMeans: readonly [number, number, number];
  /** Contribution and CLV tercile boundaries (fen). */
  readonly contribution: readonly [number, number];
  readonly clv: readonly [number, number];
}

export interface SqlTag {
  readonly def: TagDefinition;
  readonly select: (c: TagSqlContext) => { readonly sql: string; readonly params: readonly SqlParam[] };
}

/** `¥48,200` or `¥52.3万` of an amount in fen (SQL expression). */
export function yuanSql(expr: string): string {
  return `(CASE WHEN abs(${expr}) >= 1000000 THEN printf('¥%.1f万', (${expr}) / 1000000.0) ELSE printf('¥%,d', CAST(round((${expr}) / 100.0) AS INTEGER)) END)`;
}

const P = 'customer_profile';
const S = 'customer_score';
const def = (key: string, zh: string, en: string, family: string, definition: string, inputs: readonly string[]): TagDefinition => ({
  key,
  zh,
  en,
  family,
  module: TAGS_MODULE,
  definition,
  inputs,
  version: 1,
});

const plain = (sql: string, params: readonly SqlParam[] = []): { sql: string; params: readonly SqlParam[] } => ({ sql, params });

/**
 * Join of the wide table with this run's scores. CROSS JOIN keeps the wide table the outer loop (read in storage
 * order, each score found by its key): the planner's own choice, scores outside, looks up each profile row by
 * ONE_ID and then by rowid, about twice the time.
 */
const scored = `${P} p CROSS JOIN ${S} s ON s.run_id = ? AND s.one_id = p.one_id`;

export const BUILTIN_TAGS: readonly SqlTag[] = [
  // ── 基本属性 basic
  {
    def: def('basic_age_band', '年龄段', 'Age band', 'basic', 'Age band at the as-of date: <25, 25-34, 35-44, 45-54, 55-64, 65+.', ['customer_profile.age', 'customers.birth_date', 'customers.id_no']),
    select: () => plain(`SELECT one_id, age_band, printf('年龄 %d 岁', age) FROM ${P} WHERE age_band IS NOT NULL`),
  },
  {
    def: def('basic_gender', '性别', 'Gender', 'basic', 'Gender from the customer file, else from the 身份证 number.', ['customer_profile.gender', 'customers.gender', 'customers.id_no']),
    select: () => plain(`SELECT one_id, gender, '客户资料: 性别' || gender FROM ${P} WHERE gender IS NOT NULL`),
  },
  {
    def: def('basic_region', '所在地区', 'Region', 'basic', 'City of residence (province when no city).', ['customer_profile.province', 'customer_profile.city', 'customer_profile.district']),
    select: () =>
      plain(`SELECT one_id, coalesce(city, province), trim(ifnull(province, '') || ' ' || ifnull(city, '') || ' ' || ifnull(district, '')) FROM ${P} WHERE coalesce(city, province) IS NOT NULL`),
  },
  {
    def: def('basic_occupation', '职业', 'Occupation', 'basic', 'Occupation in the customer file.', ['customer_profile.occupation']),
    select: () => plain(`SELECT one_id, occupation, '客户资料: 职业' || occupation FROM ${P} WHERE occupation IS NOT NULL AND occupation <> ''`),
  },
  {
    def: def('basic_tenure', '客户年限', 'Customer since', 'basic', 'Years since the earliest 开户日期: <1年, 1-3年, 3-5年, 5-10年, 10年以上.', ['customer_profile.open_date', 'customer_profile.tenure_months']),
    select: () =>
      plain(
        `SELECT one_id, CASE WHEN tenure_months < 12 THEN '<1年' WHEN tenure_months < 36 THEN '1-3年' WHEN tenure_months < 60 THEN '3-5年' WHEN tenure_months < 120 THEN '5-10年' ELSE '10年以上' END,
          printf('开户日期 %s, 已 %d 个月', open_date, tenure_months) FROM ${P} WHERE tenure_months IS NOT NULL`,
      ),
  },
  {
    def: def('basic_reg_channel', '注册渠道', 'Registration channel', 'basic', 'Channel the customer registered through (开户渠道).', ['customer_profile.channel_reg']),
    select: () => plain(`SELECT one_id, channel_reg, '开户渠道: ' || channel_reg FROM ${P} WHERE channel_reg IS NOT NULL AND channel_reg <> ''`),
  },
  // ── 关系 relationship
  {
    def: def('rel_household', '家庭户客户', 'Household member', 'relationship', 'Shares an address or a mobile phone with other customers (a household); value: persons in it.', [
      'customer_profile.household_size',
      'customers.address',
      'customers.phone',
    ]),
    select: () => plain(`SELECT one_id, CAST(household_size AS TEXT), printf('与 %d 位客户同住址或共用手机号', household_size - 1) FROM ${P} WHERE household_size >= 2`),
  },
  {
    def: def('rel_social', '社交关联客户', 'Socially connected', 'relationship', 'Transfers, invitations or shares with other customers of the bank in 365 days; value: how many.', [
      'customer_profile.related_count',
      'relations',
    ]),
    select: () => plain(`SELECT one_id, CAST(related_count AS TEXT), printf('近一年与 %d 位本行客户有转账/邀请/分享往来', related_count) FROM ${P} WHERE related_count >= 1`),
  },
  {
    def: def('rel_products', '持有产品数', 'Products held', 'relationship', 'Product categories held (deposit, wealth, fund, insurance, loan, credit card): 1, 2, 3+.', [
      'customer_profile.product_count',
      'accounts',
      'holdings',
      'loans',
    ]),
    select: () =>
      plain(
        `SELECT one_id, CASE WHEN product_count >= 3 THEN '3+' ELSE CAST(product_count AS TEXT) END,
          printf('持有 %d 类产品: %s', product_count, rtrim(
            (CASE WHEN deposit_fen > 0 OR account_count > 0 THEN '存款、' ELSE '' END) || (CASE WHEN has_wealth = 1 THEN '理财、' ELSE '' END) ||
            (CASE WHEN has_fund = 1 THEN '基金、' ELSE '' END) || (CASE WHEN has_insurance = 1 THEN '保险、' ELSE '' END) ||
            (CASE WHEN has_loan = 1 THEN '贷款、' ELSE '' END) || (CASE WHEN has_credit_card = 1 THEN '信用卡、' ELSE '' END), '、'))
         FROM ${P} WHERE product_count >= 1`,
      ),
  },
  {
    def: def('rel_multi_account', '多账户客户', 'Several accounts', 'relationship', 'Three or more open accounts.', ['customer_profile.account_count']),
    select: () => plain(`SELECT one_id, CAST(account_count AS TEXT), printf('持有 %d 个有效账户', account_count) FROM ${P} WHERE account_count >= 3`),
  },
  {
    def: def('rel_payroll', '代发工资客户', 'Payroll customer', 'relationship', 'Payroll credited in at least 3 of the last 12 months.', ['customer_profile.salary_months_12m', 'customer_profile.last_salary_date']),
    select: () => plain(`SELECT one_id, CAST(salary_months_12m AS TEXT), printf('近12个月有 %d 个月代发工资, 最近 %s', salary_months_12m, last_salary_date) FROM ${P} WHERE salary_months_12m >= 3`),
  },
  // ── 价值 value
  {
    def: def('value_aum_band', '资产等级', 'AUM band', 'value', 'AUM at the as-of date: <1万, 1万-5万, 5万-20万, 20万-50万, 50万-100万, 100万-600万, 600万以上.', [
      'customer_profile.aum_fen',
      'customer_profile.deposit_fen',
      'customer_profile.investment_fen',
    ]),
    select: () =>
      plain(
        `SELECT one_id, CASE WHEN aum_fen < 1000000 THEN '<1万' WHEN aum_fen < 5000000 THEN '1万-5万' WHEN aum_fen < 20000000 THEN '5万-20万' WHEN aum_fen < 50000000 THEN '20万-50万'
          WHEN aum_fen < 100000000 THEN '50万-100万' WHEN aum_fen < 600000000 THEN '100万-600万' ELSE '600万以上' END,
          printf('AUM %s (存款 %s, 投资 %s)', ${yuanSql('aum_fen')}, ${yuanSql('deposit_fen')}, ${yuanSql('investment_fen')}) FROM ${P} WHERE aum_fen IS NOT NULL`,
      ),
  },
  {
    def: def('value_rfm', 'RFM分群', 'RFM segment', 'value', 'Eight RFM segments: R (recency), F (transaction days), M (amount) quintile scores each above or below the mean score; the reason shows the weighted RFM score (weights in settings, SPSS default 100/10/1).', [
      'customer_score.rfm_r',
      'customer_score.rfm_f',
      'customer_score.rfm_m',
      'customer_profile.active_txn_recency_days',
      'customer_profile.repeat_txn_days',
      'customer_profile.avg_txn_day_fen',
    ]),
    select: (c) => {
      const seg = (r: string, f: string, m: string): string => `(s.rfm_r ${r} ? AND s.rfm_f ${f} ? AND s.rfm_m ${m} ?)`;
      const cases: string[] = [];
      const params: SqlParam[] = [c.runId];
      const caseParams: SqlParam[] = [];
      for (const [code, names] of Object.entries(RFM_SEGMENTS)) {
        const op = (ch: string | undefined): string => (ch === 'H' ? '>' : '<=');
        cases.push(`WHEN ${seg(op(code[0]), op(code[1]), op(code[2]))} THEN '${names.zh}'`);
        caseParams.push(c.rfmMeans[0], c.rfmMeans[1], c.rfmMeans[2]);
      }
      return {
        sql: `SELECT p.one_id, CASE ${cases.join(' ')} END,
          printf('R=%d (最近主动交易 %s), F=%d (近两年 %d 个交易日), M=%d (合计 %s), RFM得分 %g', s.rfm_r,
            CASE WHEN p.active_txn_recency_days IS NULL THEN '无' ELSE p.active_txn_recency_days || ' 天前' END, s.rfm_f, ifnull(p.repeat_txn_days + 1, 0), s.rfm_m,
            ${yuanSql('ifnull(p.avg_txn_day_fen * (p.repeat_txn_days + 1), 0)')}, s.rfm_score)
          FROM ${P} p CROSS JOIN ${S} s ON s.one_id = p.one_id AND s.run_id = ?`,
        params: [...caseParams, ...params],
      };
    },
  },
  {
    def: def('value_contribution', '贡献度', 'Contribution', 'value', 'Estimated annual contribution = AUM × spread + loans × spread + a year of transaction amount × margin; 高/中/低 by tercile.', [
      'customer_score.contribution_fen',
      'customer_profile.aum_fen',
      'customer_profile.loan_balance_fen',
    ]),
    select: (c) => ({
      sql: `SELECT p.one_id, CASE WHEN s.contribution_fen >= ? THEN '高' WHEN s.contribution_fen >= ? THEN '中' ELSE '低' END,
          printf('估算年贡献 %s (AUM %s × %.1f%%, 贷款 %s × %.1f%%)', ${yuanSql('s.contribution_fen')}, ${yuanSql('p.aum_fen')}, ?, ${yuanSql('p.loan_balance_fen')}, ?)
          FROM ${scored}`,
      params: [c.contribution[1], c.contribution[0], c.settings.value.aumSpread * 100, c.settings.value.loanSpread * 100, c.runId],
    }),
  },
  {
    def: def('value_clv', '客户终身价值(12个月)', '12-month CLV', 'value', 'BG/NBD expected transaction days × Gamma-Gamma expected amount × margin over 12 months, discounted monthly; 高/中/低 by tercile of customers with a value.', [
      'customer_score.clv_12m_fen',
      'customer_score.exp_txn_12m',
      'customer_score.p_alive',
    ]),
    select: (c) => ({
      sql: `SELECT p.one_id, CASE WHEN s.clv_12m_fen >= ? THEN '高' WHEN s.clv_12m_fen >= ? THEN '中' ELSE '低' END,
          printf('预计12个月交易 %.1f 天, P(活跃)=%.2f, CLV %s', s.exp_txn_12m, s.p_alive, ${yuanSql('s.clv_12m_fen')})
          FROM ${scored} WHERE s.clv_12m_fen > 0`,
      params: [c.clv[1], c.clv[0], c.runId],
    }),
  },
  {
    def: def('value_p_alive', '活跃概率', 'P(alive)', 'value', 'BG/NBD probability that the customer is still active: 高 ≥ 0.8, 中 0.3–0.8, 低 < 0.3.', [
      'customer_score.p_alive',
      'customer_profile.repeat_txn_days',
      'customer_profile.active_txn_recency_days',
    ]),
    select: (c) => ({
      sql: `SELECT p.one_id, CASE WHEN s.p_alive >= 0.8 THEN '高' WHEN s.p_alive >= 0.3 THEN '中' ELSE '低' END,
          printf('P(活跃)=%.2f: 近两年 %d 个交易日, 最近一次 %d 天前', s.p_alive, p.repeat_txn_days + 1, p.active_txn_recency_days)
          FROM ${scored} WHERE s.p_alive IS NOT NULL`,
      params: [c.runId],
    }),
  },
  // ── 风险 risk
  {
    def: def('risk_overdue', '逾期记录', 'Overdue history', 'risk', 'A loan overdue in any snapshot: 1-30天, 31-90天, 90天以上.', ['customer_profile.max_overdue_days', 'loans.overdue_days']),
    select: () =>
      plain(
        `SELECT one_id, CASE WHEN max_overdue_days <= 30 THEN '1-30天' WHEN max_overdue_days <= 90 THEN '31-90天' ELSE '90天以上' END,
          printf('贷款最长逾期 %d 天', max_overdue_days) FROM ${P} WHERE max_overdue_days > 0`,
      ),
  },
  {
    def: def('risk_outflow', '资金大额流出', 'Sudden outflow', 'risk', 'Transfers to other banks in 90 days at least the threshold (default ¥50,000), or AUM down by 30% or more in 90 days.', [
      'customer_profile.outflow_other_bank_90d_fen',
      'customer_profile.aum_change_90d_fen',
    ]),
    select: (c) => ({
      sql: `SELECT one_id, CASE WHEN outflow_other_bank_90d_fen >= ? THEN '转出他行' ELSE '资产下降' END,
          printf('近90天转出他行 %s, 资产变化 %s', ${yuanSql('outflow_other_bank_90d_fen')}, ${yuanSql('aum_change_90d_fen')})
          FROM ${P} WHERE outflow_other_bank_90d_fen >= ? OR (aum_change_90d_fen < 0 AND -aum_change_90d_fen >= 0.3 * (aum_fen - aum_change_90d_fen))`,
      params: [c.settings.risk.outflowMinYuan * 100, c.settings.risk.outflowMinYuan * 100],
    }),
  },
  {
    def: def('risk_reactivated', '沉睡后激活', 'Dormant then active', 'risk', 'A customer-initiated transaction in the last 30 days after at least 180 days without one (both editable).', [
      'customer_profile.gap_before_last_txn_days',
      'customer_profile.active_txn_recency_days',
    ]),
    select: (c) => ({
      sql: `SELECT one_id, CAST(gap_before_last_txn_days AS TEXT), printf('沉默 %d 天后于 %s 重新交易', gap_before_last_txn_days, last_active_txn_date)
          FROM ${P} WHERE active_txn_recency_days <= ? AND gap_before_last_txn_days >= ?`,
      params: [c.settings.risk.reactivatedWithinDays, c.settings.risk.dormantGapDays],
    }),
  },
  {
    def: def('risk_complaint', '投诉客户', 'Complainant', 'risk', 'Complaints (notes categorised or written as 投诉) in 365 days; value: how many.', ['customer_profile.complaints_365d', 'notes']),
    select: () => plain(`SELECT one_id, CAST(complaints_365d AS TEXT), printf('近一年投诉 %d 次 (服务记录 %d 条)', complaints_365d, notes_365d) FROM ${P} WHERE complaints_365d >= 1`),
  },
  {
    def: def('risk_assessment_expired', '风险测评过期', 'Risk assessment expired', 'risk', 'Holds wealth products or funds while the 风险测评 has expired.', [
      'customer_profile.risk_expired',
      'customer_profile.has_wealth',
      'customer_profile.has_fund',
    ]),
    select: () => plain(`SELECT one_id, ifnull(risk_level, '未知'), printf('风险测评(%s)已过期, 仍持有理财/基金', ifnull(risk_level, '未知')) FROM ${P} WHERE risk_expired = 1 AND (has_wealth = 1 OR has_fund = 1)`),
  },
  // ── 营销 marketing
  {
    def: def('mkt_preferred_channel', '偏好触达渠道', 'Preferred channel', 'marketing', 'The touch channel with the best response rate in 365 days, else the channel the customer uses most.', [
      'customer_profile.preferred_channel',
      'customer_profile.channel_response',
      'touches',
      'events',
    ]),
    select: () =>
      plain(
        `SELECT one_id, preferred_channel, CASE WHEN channel_response IS NOT NULL AND responses_365d > 0
            THEN '近一年响应/触达: ' || (SELECT group_concat(key || ' ' || (value ->> 1) || '/' || (value ->> 0), ', ') FROM json_each(channel_response))
            ELSE '无营销响应, 按最常用渠道' END FROM ${P} WHERE preferred_channel IS NOT NULL`,
      ),
  },
  {
    def: def('mkt_responder', '营销响应客户', 'Campaign responder', 'marketing', 'Opened, clicked, logged in or converted after a touch in 365 days; value: the channels responded to.', [
      'customer_profile.responses_365d',
      'customer_profile.channel_response',
    ]),
    select: () =>
      plain(
        `SELECT one_id, (SELECT group_concat(key, '|') FROM json_each(channel_response) WHERE (value ->> 1) > 0),
          printf('近一年响应 %d 次: %s', responses_365d, (SELECT group_concat(key || ' ' || (value ->> 1) || '/' || (value ->> 0), ', ') FROM json_each(channel_response)))
          FROM ${P} WHERE responses_365d >= 1 AND channel_response IS NOT NULL`,
      ),
  },
  {
    def: def('mkt_unresponsive', '营销长期未响应', 'Never responds to campaigns', 'marketing', 'At least 3 touches (editable) in 365 days and no response at all.', [
      'customer_profile.channel_response',
      'customer_profile.responses_365d',
    ]),
    select: (c) => ({
      sql: `SELECT one_id, CAST(sends AS TEXT), printf('近一年触达 %d 次, 无打开/点击/登录', sends) FROM (
          SELECT one_id, (SELECT sum(value ->> 0) FROM json_each(channel_response)) AS sends FROM ${P} WHERE responses_365d = 0 AND channel_response IS NOT NULL)
          WHERE sends >= ?`,
      params: [c.settings.marketing.unresponsiveMinSends],
    }),
  },
  {
    def: def('mkt_fatigue', '触达疲劳', 'Contact fatigue', 'marketing', 'At least 4 touches in 30 days (editable), or twice that in 90 days without an open.', [
      'customer_profile.touches_30d',
      'customer_profile.touches_90d',
      'customer_profile.opens_90d',
    ]),
    select: (c) => ({
      sql: `SELECT one_id, CAST(touches_30d AS TEXT), printf('近30天触达 %d 次, 近90天触达 %d 次、打开 %d 次', touches_30d, touches_90d, opens_90d)
          FROM ${P} WHERE touches_30d >= ? OR (touches_90d >= ? AND opens_90d = 0)`,
      params: [c.settings.marketing.fatigueTouches30d, c.settings.marketing.fatigueTouches30d * 2],
    }),
  },
];

/** Key of the interest tag of a merchant category (analysts' own categories may be Chinese words). */
export function interestTagKey(category: string): string {
  const ascii = category.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z][a-z0-9_]*$/.test(ascii) && ascii.length <= 40 ? `interest_${ascii}` : `interest_c${hashText(hash53(category)).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

/** Temporary table of the interest tags: one row per person and category spent on, see {@link prepareInterestSpend}. */
const INTEREST_SPEND = 'temp.interest_spend';

/**
 * Unpacks `category_spend_365d` of every person with top categories into {@link INTEREST_SPEND} (category,
 * one_id, transactions, fen, top categories), indexed by category: each interest tag then reads its own
 * category's rows instead of scanning the whole wide table once per category (about 25 scans of a million
 * rows). With `only`, just the rows an interest tag can select are kept (a category of the list among the
 * person's top ones, with at least `minTransactions`): the table and its index then hold the members rather
 * than every category a person spent on, a fraction of the writes. Call before the interest tags' SELECTs,
 * and {@link dropInterestSpend} after.
 */
export function prepareInterestSpend(db: Db, only?: { readonly categories: readonly string[]; readonly minTransactions: number }): void {
  db.exec(`DROP TABLE IF EXISTS ${INTEREST_SPEND}`);
  const select = `SELECT j.key AS category, p.one_id AS one_id, j.value ->> 0 AS n, j.value ->> 1 AS fen, p.top_categories AS top
    FROM ${P} p, json_each(p.category_spend_365d) j`;
  const where = 'p.top_categories IS NOT NULL AND p.category_spend_365d IS NOT NULL';
  if (!only) db.exec(`CREATE TABLE ${INTEREST_SPEND} AS ${select} WHERE ${where}`);
  else if (only.categories.length === 0) db.exec(`CREATE TABLE ${INTEREST_SPEND} AS ${select} WHERE 0`);
  else {
    // The same conditions as each interest tag's SELECT (see interestTag), applied once while unpacking.
    const labels = only.categories.map(() => '(?, ?)').join(', ');
    db.run(
      `CREATE TABLE ${INTEREST_SPEND} AS ${select} JOIN (VALUES ${labels}) l ON l.column1 = j.key
        WHERE ${where} AND instr('|' || p.top_categories || '|', l.column2) > 0 AND (j.value ->> 0) >= ?`,
      [...only.categories.flatMap((c) => [c, `|${merchantCategoryLabel(c)}|`]), only.minTransactions],
    );
  }
  db.exec(`CREATE INDEX ${INTEREST_SPEND}_category ON interest_spend (category, one_id)`);
}

/** Drops the table {@link prepareInterestSpend} made (inside the run's transaction, like its creation). */
export function dropInterestSpend(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS ${INTEREST_SPEND}`);
}

/**
 * The interest tag of one merchant category: among the customer's top 3 spending categories and frequent.
 * Its SELECT reads the table {@link prepareInterestSpend} fills.
 */
export function interestTag(category: string): SqlTag {
  const label = merchantCategoryLabel(category);
  return {
    def: def(
      interestTagKey(category),
      `兴趣偏好-${label}`,
      `Interest: ${merchantCategoryLabel(category, 'en')}`,
      'interest',
      `Among the customer's three merchant categories with the most spending in 365 days (shared/lexicon categorizeMerchant), with at least 3 transactions (editable).`,
      ['customer_profile.category_spend_365d', 'customer_profile.top_categories', 'transactions.merchant', 'transactions.mcc'],
    ),
    select: (c) => ({
      sql: `SELECT one_id, ?, printf('近一年%s消费 %d 笔, %s', ?, n, ${yuanSql('fen')}) FROM ${INTEREST_SPEND}
          WHERE category = ? AND instr('|' || top || '|', ?) > 0 AND n >= ?`,
      params: [label, label, category, `|${label}|`, c.settings.interest.minTransactions],
    }),
  };
}
