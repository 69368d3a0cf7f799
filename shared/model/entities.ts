/**
 * The canonical data model of a workspace: every entity kind the workbench understands, its table, its fields
 * with their storage type, Chinese/English labels, header synonyms and personal-data class, and its re-import
 * rule. The schema migrations, the import mapping, the personal-data register and docs/data-model.md all derive
 * from this one list, so a field is added here and nowhere else.
 */

export type EntityKind =
  | 'customers'
  | 'accounts'
  | 'products'
  | 'holdings'
  | 'loans'
  | 'transactions'
  | 'events'
  | 'touches'
  | 'notes'
  | 'identities'
  | 'relations'
  | 'dnd';

/**
 * How a value is parsed and stored.
 * - `money`: stored as integer fen (column name ends in `_fen`); the mapping declares the source unit.
 * - `date`: TEXT `YYYY-MM-DD`; `datetime`: TEXT `YYYY-MM-DD HH:MM:SS`.
 * - `bool`: INTEGER 0/1.
 * - identifier types are normalised (phone → 11 digits, 身份证 → 18 upper-case) and validated.
 */
export type FieldType =
  | 'text'
  | 'int'
  | 'real'
  | 'money'
  | 'date'
  | 'datetime'
  | 'bool'
  | 'phone'
  | 'id_no'
  | 'email'
  | 'card_no'
  | 'openid'
  | 'unionid'
  | 'device_id';

/** Personal-data classes of the sensitive-column register; each has its own masking rule. */
export type PiiType =
  | 'name'
  | 'phone'
  | 'id_no'
  | 'card_no'
  | 'account_no'
  | 'address'
  | 'email'
  | 'openid'
  | 'unionid'
  | 'device_id';

/**
 * - `snapshot`: state as of a date (customers, accounts, holdings, loans). Re-importing the same as-of date
 *   updates rows by natural key; a new as-of date adds history; `<table>_latest` views show the newest state.
 * - `append`: facts (transactions, events, touches, notes, relations). Rows are de-duplicated by natural key, or
 *   by a hash of the mapped values when the file has no key, so re-importing or overlapping exports adds nothing.
 * - `replace`: catalogues (products): an import replaces the rows of the same natural key and keeps the rest.
 */
export type ReimportRule = 'snapshot' | 'append' | 'replace';

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly zh: string;
  readonly en: string;
  /** Header spellings seen in real exports, Chinese and English; matched after normalisation. */
  readonly synonyms: readonly string[];
  readonly required?: boolean;
  readonly pii?: PiiType;
}

export interface EntityDef {
  readonly kind: EntityKind;
  readonly table: string;
  readonly zh: string;
  readonly en: string;
  readonly reimport: ReimportRule;
  /** Fields that identify a row across imports. Empty: a hash of all mapped values is the key. */
  readonly naturalKey: readonly string[];
  /** The field holding the customer number, when rows belong to a customer. */
  readonly customerKey?: string;
  /** The field whose latest value proposes the workspace as-of date. */
  readonly timeField?: string;
  readonly fields: readonly FieldDef[];
}

const f = (
  name: string,
  type: FieldType,
  zh: string,
  en: string,
  synonyms: readonly string[],
  extra: { required?: boolean; pii?: PiiType } = {},
): FieldDef => ({ name, type, zh, en, synonyms, ...extra });

const custNo = (required: boolean): FieldDef =>
  f(
    'cust_no',
    'text',
    '客户号',
    'Customer number',
    [
      '客户号', '客户编号', '客户代码', '客户id', '客户ID', '客户编码', '核心客户号', 'ECIF号', 'ecif客户号', 'cif号', 'CIF',
      '客户内码', '客户唯一标识', 'cust_id', 'cust_no', 'customer_id', 'customer_no', 'customer number', 'client_id', 'cif_no',
    ],
    { required },
  );

const phone = f('phone', 'phone', '手机号', 'Mobile phone', [
  '手机号', '手机号码', '手机', '移动电话', '联系电话', '联系手机', '电话', '电话号码', '预留手机号', '绑定手机号', '来电号码', 'mobile',
  'mobile_no', 'mobile_phone', 'phone', 'phone_no', 'phone_number', 'cell', 'tel', 'msisdn',
], { pii: 'phone' });

const idNo = f('id_no', 'id_no', '证件号码', 'ID number', [
  '证件号码', '证件号', '身份证号', '身份证号码', '身份证', '公民身份号码', '证件编号', 'id_no', 'id_number', 'idcard', 'id_card',
  'identity_no', 'cert_no', 'national_id',
], { pii: 'id_no' });

const idType = f('id_type', 'text', '证件类型', 'ID type', ['证件类型', '证件种类', 'id_type', 'cert_type', 'document_type']);

const email = f('email', 'email', '电子邮箱', 'Email', ['邮箱', '电子邮箱', '电子邮件', '邮件地址', 'email', 'e-mail', 'mail', 'email_address'], {
  pii: 'email',
});

const custName = f('name', 'text', '姓名', 'Name', ['姓名', '客户姓名', '客户名称', '户名', '名称', 'name', 'cust_name', 'customer_name', 'full_name'], {
  pii: 'name',
});

const deviceId = f('device_id', 'device_id', '设备号', 'Device id', [
  '设备号', '设备ID', '设备id', '设备标识', '设备编号', 'IMEI', 'IDFA', 'OAID', 'android_id', 'device_id', 'deviceid', 'udid',
], { pii: 'device_id' });

const openid = f('openid', 'openid', 'OpenID', 'OpenID', ['openid', 'open_id', '微信openid', '公众号openid', '小程序openid', 'wx_openid'], {
  pii: 'openid',
});

const unionid = f('unionid', 'unionid', 'UnionID', 'UnionID', ['unionid', 'union_id', '微信unionid', 'wx_unionid'], { pii: 'unionid' });

const appUserId = f('app_user_id', 'text', 'APP用户ID', 'App user id', ['app用户id', 'APP用户号', '手机银行用户号', '用户ID', '用户id', '用户编号', 'user_id', 'userid', 'app_user_id', 'uid']);

const cardNo = f('card_no', 'card_no', '卡号', 'Card number', ['卡号', '银行卡号', '借记卡号', '信用卡号', '交易卡号', 'card_no', 'card_number', 'pan'], {
  pii: 'card_no',
});

const accountNo = f('account_no', 'text', '账号', 'Account number', ['账号', '账户号', '帐号', '账户', '客户账号', 'account_no', 'acct_no', 'account_number', 'account_id'], {
  pii: 'account_no',
});

const productCode = f('product_code', 'text', '产品代码', 'Product code', ['产品代码', '产品编号', '产品号', '产品ID', 'product_code', 'product_id', 'prod_cd', 'prd_code']);

const channel = f('channel', 'text', '渠道', 'Channel', ['渠道', '交易渠道', '来源渠道', '触达渠道', '渠道名称', 'channel', 'chnl', 'source_channel']);

const asOf = f('as_of', 'date', '数据日期', 'As-of date', ['数据日期', '统计日期', '快照日期', '截止日期', '数据截止日', '报表日期', 'as_of', 'as_of_date', 'snapshot_date', 'data_date', 'etl_date']);

export const ENTITIES: readonly EntityDef[] = [
  {
    kind: 'customers',
    table: 'customers',
    zh: '客户',
    en: 'Customers',
    reimport: 'snapshot',
    naturalKey: ['cust_no'],
    customerKey: 'cust_no',
    fields: [
      custNo(true),
      custName,
      f('gender', 'text', '性别', 'Gender', ['性别', 'gender', 'sex']),
      f('birth_date', 'date', '出生日期', 'Birth date', ['出生日期', '生日', '出生年月日', 'birth_date', 'birthday', 'dob', 'date_of_birth']),
      f('age', 'int', '年龄', 'Age', ['年龄', 'age']),
      idType,
      idNo,
      phone,
      email,
      f('address', 'text', '地址', 'Address', ['地址', '联系地址', '住址', '家庭住址', '通讯地址', 'address', 'addr'], { pii: 'address' }),
      f('province', 'text', '省份', 'Province', ['省份', '省', '所在省', 'province']),
      f('city', 'text', '城市', 'City', ['城市', '市', '所在城市', '地市', 'city']),
      f('district', 'text', '区县', 'District', ['区县', '区', '县', '所在区', 'district', 'county']),
      f('occupation', 'text', '职业', 'Occupation', ['职业', '职业类别', '工作', 'occupation', 'job', 'profession']),
      f('education', 'text', '学历', 'Education', ['学历', '教育程度', '文化程度', 'education', 'edu']),
      f('marital', 'text', '婚姻状况', 'Marital status', ['婚姻状况', '婚姻', '婚否', 'marital', 'marital_status']),
      f('income_fen', 'money', '年收入', 'Annual income', ['年收入', '年收入(元)', '收入', '个人年收入', 'income', 'annual_income']),
      f('open_date', 'date', '开户日期', 'Customer since', ['开户日期', '建档日期', '入行日期', '成为客户日期', '注册日期', 'open_date', 'open_dt', 'customer_since', 'create_date']),
      f('channel_reg', 'text', '注册渠道', 'Registration channel', ['注册渠道', '开户渠道', '获客渠道', '来源', 'reg_channel', 'register_channel', 'acquisition_channel']),
      f('branch', 'text', '所属网点', 'Branch', ['所属网点', '网点', '开户网点', '归属机构', '机构', '支行', 'branch', 'branch_name', 'org']),
      f('manager', 'text', '客户经理', 'Relationship manager', ['客户经理', '管户经理', '经理', 'manager', 'rm', 'relationship_manager']),
      f('vip_level', 'text', '客户等级', 'Customer level', ['客户等级', '等级', '星级', '客户级别', 'vip_level', 'level', 'tier']),
      f('aum_fen', 'money', '资产余额(AUM)', 'AUM', ['AUM', '资产余额', '资产余额(元)', '金融资产', '总资产', '管理资产', 'aum', 'total_assets']),
      f('balance_fen', 'money', '存款余额', 'Deposit balance', ['存款余额', '存款余额(元)', '余额', '账户余额', '活期余额', 'balance', 'deposit_balance']),
      f('risk_level', 'text', '风险测评等级', 'Risk assessment level', ['风险测评等级', '风险等级', '风评等级', '风险承受能力', '风险偏好', 'risk_level', 'risk_assessment']),
      f('risk_expiry', 'date', '风险测评到期日', 'Risk assessment expiry', ['风险测评到期日', '风评到期日', '测评有效期', 'risk_expiry', 'risk_expiry_date']),
      f('is_staff', 'bool', '是否员工', 'Staff', ['是否员工', '员工标志', '本行员工', 'is_staff', 'staff_flag', 'employee']),
      f('status', 'text', '客户状态', 'Status', ['客户状态', '状态', '账户状态', 'status', 'cust_status']),
      f('source_system', 'text', '来源系统', 'Source system', ['来源系统', '系统', 'source_system', 'system']),
      asOf,
    ],
  },
  {
    kind: 'accounts',
    table: 'accounts',
    zh: '账户',
    en: 'Accounts',
    reimport: 'snapshot',
    naturalKey: ['account_no'],
    customerKey: 'cust_no',
    fields: [
      f('account_no', 'text', '账号', 'Account number', accountNo.synonyms, { required: true, pii: 'account_no' }),
      custNo(true),
      f('account_type', 'text', '账户类型', 'Account type', ['账户类型', '账户种类', '户类', 'account_type', 'acct_type']),
      productCode,
      cardNo,
      f('currency', 'text', '币种', 'Currency', ['币种', '货币', 'currency', 'ccy']),
      f('open_date', 'date', '开户日期', 'Open date', ['开户日期', '开立日期', 'open_date', 'open_dt']),
      f('close_date', 'date', '销户日期', 'Close date', ['销户日期', '关闭日期', 'close_date', 'close_dt']),
      f('status', 'text', '账户状态', 'Status', ['账户状态', '状态', 'status', 'acct_status']),
      f('balance_fen', 'money', '余额', 'Balance', ['余额', '账户余额', '当前余额', 'balance', 'bal', 'current_balance']),
      asOf,
    ],
  },
  {
    kind: 'products',
    table: 'products',
    zh: '产品目录',
    en: 'Products',
    reimport: 'replace',
    naturalKey: ['product_code'],
    fields: [
      f('product_code', 'text', '产品代码', 'Product code', productCode.synonyms, { required: true }),
      f('product_name', 'text', '产品名称', 'Product name', ['产品名称', '产品名', '产品', 'product_name', 'product']),
      f('category', 'text', '产品类别', 'Category', ['产品类别', '产品类型', '大类', '类别', 'category', 'product_type']),
      f('risk_level', 'text', '产品风险等级', 'Product risk level', ['产品风险等级', '风险等级', '风险级别', 'risk_level', 'risk_rating']),
      f('issuer', 'text', '发行机构', 'Issuer', ['发行机构', '管理人', 'issuer', 'manager_company']),
      f('rate', 'real', '收益率/利率', 'Rate', ['收益率', '利率', '预期收益率', '年化收益率', '业绩比较基准', '业绩比较基准(%)', 'rate', 'yield', 'interest_rate']),
    ],
  },
  {
    kind: 'holdings',
    table: 'holdings',
    zh: '产品持有',
    en: 'Holdings',
    reimport: 'snapshot',
    // Holdings exports often list one row per purchase lot, so the purchase date is part of the key.
    naturalKey: ['cust_no', 'product_code', 'account_no', 'buy_date'],
    customerKey: 'cust_no',
    timeField: 'as_of',
    fields: [
      custNo(true),
      f('product_code', 'text', '产品代码', 'Product code', productCode.synonyms, { required: true }),
      accountNo,
      f('balance_fen', 'money', '持有金额', 'Holding balance', ['持有金额', '持仓金额', '持有余额', '市值', '余额', 'balance', 'holding_amount', 'market_value']),
      f('shares', 'real', '持有份额', 'Shares', ['持有份额', '份额', 'shares', 'units']),
      f('buy_date', 'date', '购买日期', 'Purchase date', ['购买日期', '申购日期', '认购日期', 'buy_date', 'purchase_date']),
      f('maturity_date', 'date', '到期日', 'Maturity date', ['到期日', '到期日期', 'maturity_date', 'end_date']),
      asOf,
    ],
  },
  {
    kind: 'loans',
    table: 'loans',
    zh: '贷款',
    en: 'Loans',
    reimport: 'snapshot',
    naturalKey: ['loan_no'],
    customerKey: 'cust_no',
    fields: [
      f('loan_no', 'text', '借据号', 'Loan number', ['借据号', '贷款编号', '贷款账号', '合同号', 'loan_no', 'loan_id', 'contract_no'], { required: true }),
      custNo(true),
      productCode,
      f('amount_fen', 'money', '贷款金额', 'Loan amount', ['贷款金额', '放款金额', '合同金额', '授信金额', 'loan_amount', 'amount', 'principal']),
      f('balance_fen', 'money', '贷款余额', 'Outstanding balance', ['贷款余额', '剩余本金', '未还本金', 'loan_balance', 'outstanding', 'balance']),
      f('start_date', 'date', '放款日期', 'Start date', ['放款日期', '发放日期', '起息日', 'start_date', 'disburse_date']),
      f('maturity_date', 'date', '到期日期', 'Maturity date', ['到期日期', '到期日', 'maturity_date', 'end_date']),
      f('overdue_days', 'int', '逾期天数', 'Days overdue', ['逾期天数', '逾期日数', 'overdue_days', 'dpd', 'days_past_due']),
      f('overdue_fen', 'money', '逾期金额', 'Overdue amount', ['逾期金额', '逾期本金', 'overdue_amount']),
      f('pre_approved', 'bool', '是否预授信', 'Pre-approved', ['是否预授信', '预授信', '预授信标志', 'pre_approved', 'preapproved']),
      f('pre_approved_limit_fen', 'money', '预授信额度', 'Pre-approved limit', ['预授信额度', '授信额度', 'credit_limit', 'pre_approved_limit']),
      f('status', 'text', '贷款状态', 'Status', ['贷款状态', '状态', '五级分类', 'status', 'loan_status']),
      asOf,
    ],
  },
  {
    kind: 'transactions',
    table: 'transactions',
    zh: '交易流水',
    en: 'Transactions',
    reimport: 'append',
    naturalKey: ['txn_id'],
    customerKey: 'cust_no',
    timeField: 'txn_time',
    fields: [
      f('txn_id', 'text', '交易流水号', 'Transaction id', ['交易流水号', '流水号', '交易编号', '交易序号', '交易参考号', 'txn_id', 'transaction_id', 'trans_id', 'serial_no', 'txn_no']),
      custNo(true),
      accountNo,
      cardNo,
      f('txn_time', 'datetime', '交易时间', 'Transaction time', ['交易时间', '交易日期', '交易日期时间', '记账日期', '发生时间', 'txn_time', 'txn_date', 'trans_date', 'transaction_date', 'transaction_time', 'date', 'time'], { required: true }),
      f('amount_fen', 'money', '交易金额', 'Amount', ['交易金额', '金额', '发生额', '交易额', 'amount', 'amt', 'txn_amount', 'trans_amt'], { required: true }),
      f('direction', 'text', '收支方向', 'Direction', ['收支方向', '借贷方向', '借贷标志', '收付标志', '方向', 'direction', 'dr_cr', 'debit_credit']),
      f('balance_after_fen', 'money', '交易后余额', 'Balance after', ['交易后余额', '余额', '账户余额', 'balance', 'balance_after']),
      f('currency', 'text', '币种', 'Currency', ['币种', 'currency', 'ccy']),
      channel,
      f('txn_type', 'text', '交易类型', 'Transaction type', ['交易类型', '交易种类', '业务类型', '摘要代码', 'txn_type', 'trans_type', 'type']),
      f('merchant', 'text', '商户名称', 'Merchant', ['商户名称', '商户', '商户名', '交易商户', '对方商户', 'merchant', 'merchant_name', 'mer_name']),
      f('mcc', 'text', '商户类别码', 'MCC', ['商户类别码', 'MCC', 'mcc', '商户类型', 'merchant_category']),
      f('counterparty_name', 'text', '对方户名', 'Counterparty', ['对方户名', '对方名称', '对手方', '交易对手', 'counterparty', 'counterparty_name', 'opp_name'], { pii: 'name' }),
      f('counterparty_account', 'text', '对方账号', 'Counterparty account', ['对方账号', '对方账户', '对手账号', 'counterparty_account', 'counterparty_acct', 'opp_account'], { pii: 'account_no' }),
      f('description', 'text', '摘要', 'Description', ['摘要', '交易摘要', '附言', '备注', '用途', 'description', 'memo', 'remark', 'narrative']),
    ],
  },
  {
    kind: 'events',
    table: 'events',
    zh: '行为事件',
    en: 'Events',
    reimport: 'append',
    naturalKey: ['event_id'],
    customerKey: 'cust_no',
    timeField: 'event_time',
    fields: [
      f('event_id', 'text', '事件ID', 'Event id', ['事件ID', '事件id', '事件编号', '日志ID', '流水号', 'event_id', 'log_id']),
      custNo(false),
      appUserId,
      deviceId,
      openid,
      unionid,
      f('cookie_id', 'text', 'Cookie ID', 'Cookie id', ['cookie', 'cookie_id', 'cookieid', '访客ID', 'visitor_id', 'distinct_id', 'anonymous_id']),
      phone,
      f('event_time', 'datetime', '事件时间', 'Event time', ['事件时间', '发生时间', '访问时间', '到访时间', '时间', 'event_time', 'time', 'timestamp', 'ts', 'log_time'], { required: true }),
      f('event_name', 'text', '事件名称', 'Event name', ['事件名称', '事件', '行为', '事件类型', '操作', '办理业务', 'event_name', 'event', 'action', 'event_type'], { required: true }),
      f('channel', 'text', '渠道', 'Channel', ['渠道', '端', '平台', '来源渠道', 'channel', 'platform', 'app_channel']),
      f('page', 'text', '页面', 'Page', ['页面', '页面名称', '页面地址', 'page', 'page_name', 'url', 'screen']),
      f('properties', 'text', '事件属性', 'Properties', ['事件属性', '属性', '扩展属性', 'properties', 'props', 'params']),
    ],
  },
  {
    kind: 'touches',
    table: 'touches',
    zh: '营销触达',
    en: 'Touches',
    reimport: 'append',
    naturalKey: ['touch_id'],
    customerKey: 'cust_no',
    timeField: 'touch_time',
    fields: [
      f('touch_id', 'text', '触达ID', 'Touch id', ['触达ID', '触达编号', '发送流水号', '消息ID', 'touch_id', 'message_id', 'msg_id', 'send_id']),
      f('campaign_id', 'text', '活动编号', 'Campaign id', ['活动编号', '活动ID', '营销活动编号', '活动代码', 'campaign_id', 'campaign_code', 'activity_id'], { required: true }),
      f('campaign_name', 'text', '活动名称', 'Campaign name', ['活动名称', '营销活动', '活动', 'campaign_name', 'campaign']),
      custNo(false),
      phone,
      openid,
      deviceId,
      appUserId,
      f('channel', 'text', '触达渠道', 'Channel', ['触达渠道', '渠道', '发送渠道', 'channel', 'touch_channel']),
      f('action', 'text', '动作', 'Action', ['动作', '行为', '状态', '触达结果', '事件', 'action', 'event', 'status', 'result'], { required: true }),
      f('touch_time', 'datetime', '触达时间', 'Time', ['触达时间', '发送时间', '时间', '事件时间', 'touch_time', 'send_time', 'event_time', 'time'], { required: true }),
      f('template', 'text', '模板', 'Template', ['模板', '模板名称', '文案', 'template', 'template_id', 'content']),
    ],
  },
  {
    kind: 'notes',
    table: 'notes',
    zh: '文本记录',
    en: 'Notes',
    reimport: 'append',
    naturalKey: ['note_id'],
    customerKey: 'cust_no',
    timeField: 'note_time',
    fields: [
      f('note_id', 'text', '记录编号', 'Note id', ['记录编号', '工单号', '投诉编号', '服务单号', '编号', 'note_id', 'ticket_id', 'case_id', 'complaint_id']),
      custNo(false),
      phone,
      f('note_time', 'datetime', '记录时间', 'Time', ['记录时间', '受理时间', '投诉时间', '创建时间', '时间', '日期', 'note_time', 'create_time', 'created_at', 'date', 'time']),
      f('channel', 'text', '来源渠道', 'Channel', ['来源渠道', '渠道', '受理渠道', 'channel', 'source']),
      f('category', 'text', '类别', 'Category', ['类别', '分类', '投诉类别', '业务类型', '工单类型', 'category', 'type']),
      f('text', 'text', '内容', 'Text', ['内容', '文本', '投诉内容', '服务记录', '备注', '描述', '评论', '问题描述', '客户诉求', 'text', 'content', 'note', 'comment', 'review', 'description'], { required: true }),
    ],
  },
  {
    kind: 'identities',
    table: 'identities',
    zh: '渠道身份记录',
    en: 'Channel identities',
    reimport: 'append',
    naturalKey: ['source_system', 'record_id'],
    customerKey: 'cust_no',
    fields: [
      f('source_system', 'text', '来源系统', 'Source system', ['来源系统', '来源', '渠道', '系统', 'source_system', 'src_sys', 'source', 'channel', 'system'], { required: true }),
      f('record_id', 'text', '记录ID', 'Record id', ['记录ID', '记录编号', '用户ID', '会员号', 'record_id', 'user_id', 'member_id', 'contact_id', 'id'], { required: true }),
      custNo(false),
      appUserId,
      deviceId,
      openid,
      unionid,
      phone,
      idType,
      idNo,
      cardNo,
      email,
      custName,
      f('birth_date', 'date', '出生日期', 'Birth date', ['出生日期', '生日', 'birth_date', 'birthday', 'dob']),
      f('address', 'text', '地址', 'Address', ['地址', '联系地址', '住址', '所在地区', 'address'], { pii: 'address' }),
      f('register_time', 'datetime', '注册时间', 'Registered at', ['注册时间', '注册日期', '关注时间', '绑定时间', 'register_time', 'created_at', 'subscribe_time']),
    ],
  },
  {
    kind: 'relations',
    table: 'relations',
    zh: '关系(分享/邀请/转账)',
    en: 'Relations',
    reimport: 'append',
    naturalKey: [],
    timeField: 'event_time',
    fields: [
      f('from_key', 'text', '发起方', 'From', ['发起方', '邀请人', '分享人', '转出方', '付款人客户号', 'from', 'from_key', 'inviter', 'sharer', 'payer'], { required: true }),
      f('to_key', 'text', '接收方', 'To', ['接收方', '被邀请人', '受邀人', '转入方', '收款人客户号', 'to', 'to_key', 'invitee', 'receiver', 'payee'], { required: true }),
      f('relation_type', 'text', '关系类型', 'Relation type', ['关系类型', '类型', '行为', 'relation_type', 'type', 'action'], { required: true }),
      f('event_time', 'datetime', '发生时间', 'Time', ['发生时间', '时间', '日期', 'event_time', 'time', 'date']),
      f('amount_fen', 'money', '金额', 'Amount', ['金额', '转账金额', 'amount']),
      f('channel', 'text', '渠道', 'Channel', ['渠道', 'channel']),
    ],
  },
  {
    // 营销免打扰 / 拒绝营销 lists: identifiers a customer asked not to be marketed to, applied at every audience
    // export (shared/compliance). One identifier column per type so each is normalised by its own parser.
    kind: 'dnd',
    table: 'dnd_list',
    zh: '营销免打扰名单',
    en: 'Do-not-disturb list',
    reimport: 'append',
    naturalKey: [],
    fields: [
      f('phone', 'phone', '手机号', 'Mobile phone', [
        ...phone.synonyms, '免打扰', '免打扰号码', '免打扰手机号', '拒绝营销', '拒绝营销号码', '拒绝营销手机号', '黑名单', '黑名单号码',
        '黑名单手机号', '营销免打扰', '勿扰号码', 'dnd', 'dnd_phone', 'do_not_disturb', 'opt_out', 'optout_phone',
      ], { pii: 'phone' }),
      idNo,
      custNo(false),
      openid,
      unionid,
      deviceId,
      appUserId,
      email,
      custName,
      f('channel', 'text', '免打扰渠道', 'Channel scope', [
        '免打扰渠道', '拒绝渠道', '渠道范围', '适用渠道', '屏蔽渠道', '渠道', 'channel', 'channel_scope', 'scope',
      ]),
      f('list_name', 'text', '名单类型', 'List', ['名单类型', '名单名称', '名单', '名单来源', '类型', 'list', 'list_name', 'list_type']),
      f('reason', 'text', '原因', 'Reason', ['原因', '免打扰原因', '拒绝原因', '加入原因', '登记原因', '备注', 'reason', 'remark', 'note']),
      f('valid_from', 'date', '生效日期', 'Valid from', ['生效日期', '开始日期', '加入日期', '登记日期', '起始日期', 'valid_from', 'start_date', 'effective_date', 'added_date']),
      f('valid_to', 'date', '失效日期', 'Valid to', ['失效日期', '截止日期', '到期日期', '结束日期', '有效期至', 'valid_to', 'end_date', 'expiry_date', 'expire_date']),
    ],
  },
];

const byKind = new Map<EntityKind, EntityDef>(ENTITIES.map((e) => [e.kind, e]));

export function entityDef(kind: EntityKind): EntityDef {
  const def = byKind.get(kind);
  if (!def) throw new Error(`unknown entity kind ${kind}`);
  return def;
}

export function isEntityKind(v: string): v is EntityKind {
  return byKind.has(v as EntityKind);
}

/** SQLite storage class of a field type. */
export function sqlType(t: FieldType): 'TEXT' | 'INTEGER' | 'REAL' {
  switch (t) {
    case 'int':
    case 'money':
    case 'bool':
      return 'INTEGER';
    case 'real':
      return 'REAL';
    default:
      return 'TEXT';
  }
}
