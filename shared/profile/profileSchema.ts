/**
 * The customer-level wide table `customer_profile`: one row per ONE_ID, rebuilt by the `profile.build` job from
 * the entity tables relative to the workspace as-of date (never the wall clock). Tags, lifecycle groups,
 * segments, portraits, clustering and prediction all read customer attributes and behaviour from here, and the
 * fast analytics layer loads it into typed columns. A column is added here and nowhere else.
 */

export type ProfileColumnType = 'text' | 'int' | 'real' | 'money' | 'date' | 'bool';

/** Groups the columns for pickers and portraits; families match the tag families where they overlap. */
export type ProfileFamily = 'basic' | 'value' | 'activity' | 'channel' | 'product' | 'risk' | 'marketing' | 'service';

export interface ProfileColumn {
  readonly name: string;
  readonly type: ProfileColumnType;
  readonly family: ProfileFamily;
  readonly zh: string;
  readonly en: string;
  /** How the value is derived (shown as provenance in portraits and tag reasons). */
  readonly definition: string;
  /** Personal data: masked wherever it leaves the engine. */
  readonly pii?: 'name' | 'phone' | 'id_no';
}

const c = (name: string, type: ProfileColumnType, family: ProfileFamily, zh: string, en: string, definition: string, pii?: ProfileColumn['pii']): ProfileColumn =>
  pii ? { name, type, family, zh, en, definition, pii } : { name, type, family, zh, en, definition };

export const PROFILE_COLUMNS: readonly ProfileColumn[] = [
  c('one_id', 'text', 'basic', 'ONE_ID', 'ONE_ID', 'identity_map: one person across channels'),
  c('cust_no', 'text', 'basic', '客户号', 'Customer number', 'core customer number of the person (latest snapshot; the oldest when several)'),
  c('name', 'text', 'basic', '姓名', 'Name', 'customers_latest.name', 'name'),
  c('gender', 'text', 'basic', '性别', 'Gender', 'customers_latest.gender, normalised to 男/女 (from the 身份证 number when missing)'),
  c('age', 'int', 'basic', '年龄', 'Age', 'whole years at the as-of date, from birth_date (or the 身份证 number, or customers.age)'),
  c('age_band', 'text', 'basic', '年龄段', 'Age band', '<25, 25-34, 35-44, 45-54, 55-64, 65+'),
  c('province', 'text', 'basic', '省份', 'Province', 'customers_latest.province'),
  c('city', 'text', 'basic', '城市', 'City', 'customers_latest.city'),
  c('district', 'text', 'basic', '区县', 'District', 'customers_latest.district'),
  c('occupation', 'text', 'basic', '职业', 'Occupation', 'customers_latest.occupation'),
  c('education', 'text', 'basic', '学历', 'Education', 'customers_latest.education'),
  c('marital', 'text', 'basic', '婚姻状况', 'Marital status', 'customers_latest.marital'),
  c('branch', 'text', 'basic', '所属网点', 'Branch', 'customers_latest.branch'),
  c('channel_reg', 'text', 'basic', '注册渠道', 'Registration channel', 'customers_latest.channel_reg'),
  c('open_date', 'date', 'basic', '开户日期', 'Customer since', 'earliest customers.open_date of the person'),
  c('tenure_months', 'int', 'basic', '客户年限(月)', 'Tenure (months)', 'whole months from open_date to the as-of date'),
  c('vip_level', 'text', 'basic', '客户等级', 'Customer level', 'customers_latest.vip_level'),
  c('is_staff', 'bool', 'basic', '是否员工', 'Staff', 'customers_latest.is_staff'),
  c('status', 'text', 'basic', '客户状态', 'Status', 'customers_latest.status'),

  c('aum_fen', 'money', 'value', '资产余额(AUM)', 'AUM', 'customers_latest.aum_fen, else deposits + holdings at the as-of date'),
  c('deposit_fen', 'money', 'value', '存款余额', 'Deposits', 'sum of accounts_latest.balance_fen (deposit accounts), else customers.balance_fen'),
  c('investment_fen', 'money', 'value', '投资理财持有', 'Investments held', 'sum of holdings_latest.balance_fen'),
  c('loan_balance_fen', 'money', 'value', '贷款余额', 'Loan balance', 'sum of loans_latest.balance_fen'),
  c('income_fen', 'money', 'value', '年收入', 'Annual income', 'customers_latest.income_fen'),
  c('aum_change_90d_fen', 'money', 'value', '近90天资产变化', 'AUM change, 90 days', 'AUM now minus AUM at the snapshot nearest to 90 days before (0 when there is one snapshot)'),

  c('txn_count_30d', 'int', 'activity', '近30天交易笔数', 'Transactions, 30 days', 'transactions in (as-of − 30 days, as-of]'),
  c('txn_count_90d', 'int', 'activity', '近90天交易笔数', 'Transactions, 90 days', 'transactions in (as-of − 90 days, as-of]'),
  c('txn_count_365d', 'int', 'activity', '近一年交易笔数', 'Transactions, 365 days', 'transactions in (as-of − 365 days, as-of]'),
  c('txn_in_90d_fen', 'money', 'activity', '近90天入账金额', 'Inflow, 90 days', 'sum of incoming transaction amounts, 90 days'),
  c('txn_out_90d_fen', 'money', 'activity', '近90天出账金额', 'Outflow, 90 days', 'sum of outgoing transaction amounts, 90 days'),
  c('first_txn_date', 'date', 'activity', '首笔交易日期', 'First transaction', 'earliest transaction date'),
  c('last_txn_date', 'date', 'activity', '最近交易日期', 'Last transaction', 'latest transaction date on or before the as-of date'),
  c('txn_recency_days', 'int', 'activity', '距最近交易天数', 'Days since last transaction', 'as-of date minus last_txn_date'),
  c('active_months_12m', 'int', 'activity', '近12个月活跃月数', 'Active months, 12 months', 'months of the last 12 with a transaction or an event'),
  c('event_count_30d', 'int', 'activity', '近30天行为事件数', 'Events, 30 days', 'app/web/WeChat/branch events in 30 days'),
  c('login_days_30d', 'int', 'activity', '近30天登录天数', 'Login days, 30 days', 'distinct days with a 登录/login event in 30 days'),
  c('last_event_date', 'date', 'activity', '最近行为日期', 'Last event', 'latest event date on or before the as-of date'),
  c('event_recency_days', 'int', 'activity', '距最近行为天数', 'Days since last event', 'as-of date minus last_event_date'),

  c('channel_count', 'int', 'channel', '覆盖渠道数', 'Channels used', 'distinct channels among APP, 网银/Web, 公众号, 小程序, 网点 with activity in 365 days'),
  c('uses_app', 'bool', 'channel', '使用手机银行', 'Uses the app', 'APP events in 365 days'),
  c('uses_web', 'bool', 'channel', '使用网银/网页', 'Uses web', 'PC/mobile web events in 365 days'),
  c('uses_wechat', 'bool', 'channel', '使用微信公众号/小程序', 'Uses WeChat', 'WeChat identity records or events in 365 days'),
  c('uses_branch', 'bool', 'channel', '到访网点', 'Visits branches', 'branch events in 365 days'),

  c('product_count', 'int', 'product', '持有产品数', 'Products held', 'distinct product categories held (deposit, wealth, fund, insurance, loan, credit card)'),
  c('account_count', 'int', 'product', '账户数', 'Accounts', 'accounts_latest not closed'),
  c('has_wealth', 'bool', 'product', '持有理财', 'Holds wealth products', 'a holding whose product category is 理财'),
  c('has_fund', 'bool', 'product', '持有基金', 'Holds funds', 'a holding whose product category is 基金'),
  c('has_insurance', 'bool', 'product', '持有保险', 'Holds insurance', 'a holding whose product category is 保险'),
  c('has_loan', 'bool', 'product', '有贷款', 'Has a loan', 'a loan with balance > 0'),
  c('pre_approved', 'bool', 'product', '预授信客户', 'Pre-approved', 'a loan row flagged 预授信 without a disbursed loan'),

  c('risk_level', 'text', 'risk', '风险测评等级', 'Risk assessment level', 'customers_latest.risk_level normalised to C1–C5'),
  c('risk_expired', 'bool', 'risk', '风险测评已过期', 'Risk assessment expired', 'risk_expiry before the as-of date'),
  c('max_overdue_days', 'int', 'risk', '最长逾期天数', 'Max days overdue', 'max loans.overdue_days over all snapshots'),
  c('complaints_365d', 'int', 'service', '近一年投诉数', 'Complaints, 365 days', 'notes whose category or text marks a complaint, 365 days'),
  c('notes_365d', 'int', 'service', '近一年服务记录数', 'Service notes, 365 days', 'notes of any kind, 365 days'),

  c('touches_90d', 'int', 'marketing', '近90天触达次数', 'Touches, 90 days', 'touch-log sends in 90 days'),
  c('opens_90d', 'int', 'marketing', '近90天打开次数', 'Opens, 90 days', 'touch-log opens/clicks in 90 days'),
  c('as_of', 'date', 'basic', '数据截止日', 'As-of date', 'the workspace as-of date this row was computed for'),
  // Added by the tags feature (behaviour the tag families and lifecycle groups read; see docs/tags.md).
  c('household_size', 'int', 'basic', '同户人数', 'Household size', 'persons (this one included) sharing a customers.address or a customers.phone with this person; 1 when alone'),
  c('related_count', 'int', 'basic', '关联人数', 'Related persons', 'distinct other persons in relations (transfers, invitations, shares) in 365 days'),
  c('has_credit_card', 'bool', 'product', '持有信用卡', 'Holds a credit card', 'an open account whose account_type or product category is 信用卡'),
  c('salary_months_12m', 'int', 'activity', '近12个月代发工资月数', 'Payroll months, 12 months', 'months of the last 12 with a payroll credit (txn_type/channel/description 代发/工资)'),
  c('last_salary_date', 'date', 'activity', '最近代发工资日期', 'Last payroll credit', 'latest payroll credit on or before the as-of date'),
  c('txn_count_prev_90d', 'int', 'activity', '前90天交易笔数', 'Transactions, previous 90 days', 'transactions in (as-of − 180 days, as-of − 90 days]: the baseline of activity decay'),
  c('active_txn_days_365d', 'int', 'activity', '近一年主动交易天数', 'Active transaction days, 365 days', 'distinct days with a customer-initiated transaction (outgoing payments and cash deposits; not money arriving from others, interest, payroll, scheduled system postings, maturities or reversals) in 365 days'),
  c('last_active_txn_date', 'date', 'activity', '最近主动交易日期', 'Last customer-initiated transaction', 'latest customer-initiated transaction date on or before the as-of date'),
  c('active_txn_recency_days', 'int', 'activity', '距最近主动交易天数', 'Days since last customer-initiated transaction', 'as-of date minus last_active_txn_date'),
  c('gap_before_last_txn_days', 'int', 'activity', '最近主动交易前间隔天数', 'Gap before last transaction', 'days between the last two customer-initiated transaction days within the 730-day window'),
  c('repeat_txn_days', 'int', 'activity', '重复交易天数(BG/NBD x)', 'Repeat transaction days (BG/NBD x)', 'customer-initiated transaction days after the first one, within the 730-day window ending at the as-of date'),
  c('txn_span_days', 'int', 'activity', '首末交易间隔天数(t_x)', 'First-to-last span (BG/NBD t_x)', 'days from the first to the last customer-initiated transaction day in the 730-day window'),
  c('txn_age_days', 'int', 'activity', '首笔交易至今天数(T)', 'Days since first transaction (BG/NBD T)', 'days from the first customer-initiated transaction day in the 730-day window to the as-of date'),
  c('avg_txn_day_fen', 'money', 'value', '日均交易金额', 'Mean amount per transaction day', 'customer-initiated transaction amount in the 730-day window divided by its transaction days (Gamma-Gamma monetary value)'),
  c('purchase_count', 'int', 'product', '理财/基金/保险购买次数', 'Wealth purchases', 'distinct days with a wealth, fund or insurance purchase (transactions 理财购买/基金申购/保险缴费/认购/申购, else holdings.buy_date)'),
  c('first_purchase_date', 'date', 'product', '首次购买日期', 'First wealth purchase', 'earliest such purchase day'),
  c('last_purchase_date', 'date', 'product', '最近购买日期', 'Last wealth purchase', 'latest such purchase day on or before the as-of date'),
  c('outflow_other_bank_90d_fen', 'money', 'risk', '近90天转出他行金额', 'Outflow to other banks, 90 days', 'outgoing transfers marked 跨行/他行 in 90 days'),
  c('event_count_90d', 'int', 'activity', '近90天行为事件数', 'Events, 90 days', 'app/web/WeChat/branch events in 90 days'),
  c('event_count_prev_90d', 'int', 'activity', '前90天行为事件数', 'Events, previous 90 days', 'events in (as-of − 180 days, as-of − 90 days]'),
  c('wealth_browse_90d', 'int', 'activity', '近90天浏览理财次数', 'Wealth browsing, 90 days', 'events whose name or page mentions 理财/基金/存单/保险 in 90 days'),
  c('top_categories', 'text', 'activity', '主要消费类别', 'Top spending categories', 'up to three merchant categories (shared/lexicon categorizeMerchant) with the most spending in 365 days, most first, separated by |'),
  c('category_spend_365d', 'text', 'activity', '消费类别明细', 'Spending by category', 'JSON {category: [transactions, fen]} of merchant spending in 365 days'),
  c('touches_30d', 'int', 'marketing', '近30天触达次数', 'Touches, 30 days', 'touch-log sends in 30 days'),
  c('responses_365d', 'int', 'marketing', '近一年响应次数', 'Responses, 365 days', 'touch-log opens, clicks, logins or conversions in 365 days'),
  c('preferred_channel', 'text', 'marketing', '偏好触达渠道', 'Preferred channel', 'touch channel with the highest response rate in 365 days (at least one response), else the most-used event channel'),
  c('channel_response', 'text', 'marketing', '分渠道响应', 'Response by channel', 'JSON {channel: [sends, responses]} of touches in 365 days'),
];

export function profileColumn(name: string): ProfileColumn | undefined {
  return PROFILE_COLUMNS.find((col) => col.name === name);
}
