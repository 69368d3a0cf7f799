/**
 * The files of the demo folder: one writer per export, each in the layout, encoding and header language of
 * the system that would write it, plus the truth files only tests read.
 */
import type { DemoFile } from '#shared/api/engineApi.ts';
import { DirtLog } from './dirt.ts';
import { TextFileWriter, XlsxWriter } from './fileWriters.ts';

export const HEADERS = {
  customers: [
    '客户号', '姓名', '性别', '出生日期', '证件类型', '证件号码', '手机号码', '电子邮箱', '联系地址', '省份', '城市', '区县', '职业', '学历',
    '婚姻状况', '年收入(元)', '开户日期', '开户渠道', '所属网点', '客户经理', '客户等级', '风险测评等级', '风险测评到期日', '资产余额(元)',
    '存款余额(元)', '是否员工', '客户状态', '数据日期',
  ],
  accounts: ['acct_no', 'cust_no', '账户类型', '产品代码', '卡号', '币种', '开户日期', '销户日期', '账户状态', '余额', '数据日期'],
  transactions: [
    'txn_id', 'cust_no', 'acct_no', 'card_no', 'txn_time', 'amount', 'dr_cr', 'ccy', 'channel', 'txn_type', 'merchant', 'mcc', 'counterparty',
    'counterparty_acct', 'memo',
  ],
  products: ['产品代码', '产品名称', '产品类别', '风险等级', '发行机构', '业绩比较基准(%)', '期限(天)', '销售状态'],
  holdings: ['客户号', '产品代码', '产品名称', '账号', '持有金额', '持有份额', '购买日期', '到期日', '数据日期'],
  loans: ['借据号', '客户号', '产品代码', '贷款金额', '贷款余额', '放款日期', '到期日期', '逾期天数', '逾期金额', '是否预授信', '预授信额度', '贷款状态', '数据日期'],
  appUsers: ['id', '渠道', '手机银行用户号', '客户号', '手机号', '证件号码', '注册时间', '设备号'],
  events: ['event_id', 'user_id', 'device_id', 'cookie_id', 'platform', 'event_name', 'event_time', 'page', 'properties', 'app_version'],
  officialAccount: ['id', '渠道', '公众号', 'openid', 'unionid', '关注状态', '关注时间', '绑定手机号', '客户号', '昵称'],
  miniProgram: ['id', '渠道', 'openid', 'unionid', '手机号', '姓名', '生日', '所在地区', '注册时间'],
  visits: ['流水号', '网点名称', '到访时间', '办理业务', '客户号', '姓名', '手机号', '等候时长(分钟)', '满意度'],
  crm: ['contact_id', 'src_sys', 'cif_no', 'full_name', 'mobile', 'email', 'birthday', 'province', 'city', 'district', 'address', 'owner_rm', 'created_at'],
  touches: ['touch_id', 'batch_no', 'campaign_id', 'campaign_name', 'cust_no', 'mobile', 'openid', 'device_id', 'channel', 'event', 'event_time', 'template'],
  notes: ['工单号', '客户号', '来电号码', '受理时间', '受理渠道', '工单类型', '问题分类', '问题描述', '处理状态'],
  relations: ['发起方', '发起方类型', '接收方', '接收方类型', '关系类型', '发生时间', '金额', '渠道'],
} as const;

export const FILES = {
  customers: 'core/customers.csv',
  accounts: 'core/accounts.csv',
  transactions: 'core/transactions.csv',
  products: 'core/products.csv',
  holdings: 'core/holdings.csv',
  loans: 'core/loans.csv',
  appUsers: 'app/users.csv',
  events: 'app/events.csv',
  officialAccount: 'wechat/official_account.csv',
  miniProgram: 'wechat/mini_program.csv',
  visits: 'branch/visits.xlsx',
  crm: 'crm/contacts.tsv',
  touches: 'marketing/touches.csv',
  notes: 'service/notes.csv',
  relations: 'relations/referrals.csv',
} as const;

export class Outputs {
  readonly customers = new TextFileWriter(FILES.customers, { encoding: 'gbk', eol: '\r\n', kind: 'customers' });
  readonly accounts = new TextFileWriter(FILES.accounts, { encoding: 'utf8', kind: 'accounts' });
  readonly transactions = new TextFileWriter(FILES.transactions, { encoding: 'utf8', kind: 'transactions' });
  readonly products = new TextFileWriter(FILES.products, { encoding: 'utf8-bom', eol: '\r\n', kind: 'products' });
  readonly holdings = new TextFileWriter(FILES.holdings, { encoding: 'utf8', kind: 'holdings' });
  readonly loans = new TextFileWriter(FILES.loans, { encoding: 'utf8', kind: 'loans' });
  readonly appUsers = new TextFileWriter(FILES.appUsers, { encoding: 'utf8', kind: 'identities' });
  readonly events = new TextFileWriter(FILES.events, { encoding: 'utf8', kind: 'events' });
  readonly officialAccount = new TextFileWriter(FILES.officialAccount, { encoding: 'utf8', kind: 'identities' });
  readonly miniProgram = new TextFileWriter(FILES.miniProgram, { encoding: 'utf8', kind: 'identities' });
  readonly visits = new XlsxWriter(FILES.visits, '到访记录', HEADERS.visits, 'events');
  readonly crm = new TextFileWriter(FILES.crm, { encoding: 'utf8', delimiter: '\t', kind: 'identities' });
  readonly touches = new TextFileWriter(FILES.touches, { encoding: 'utf8', kind: 'touches' });
  // The service desk runs on Windows and saves GB18030; its texts are all within GBK, which GB18030 contains.
  readonly notes = new TextFileWriter(FILES.notes, { encoding: 'gbk', eol: '\r\n', kind: 'notes' });
  readonly relations = new TextFileWriter(FILES.relations, { encoding: 'utf8', kind: 'relations' });

  readonly truthPersons = new TextFileWriter('truth/persons.csv', { encoding: 'utf8' });
  readonly truthLifecycle = new TextFileWriter('truth/lifecycle.csv', { encoding: 'utf8' });
  readonly truthClusters = new TextFileWriter('truth/clusters.csv', { encoding: 'utf8' });
  readonly truthHabits = new TextFileWriter('truth/channel_habits.csv', { encoding: 'utf8' });
  readonly truthInfluencers = new TextFileWriter('truth/influencers.csv', { encoding: 'utf8' });
  readonly truthCommunities = new TextFileWriter('truth/communities.csv', { encoding: 'utf8' });
  readonly truthShared = new TextFileWriter('truth/shared_identifiers.csv', { encoding: 'utf8' });
  readonly truthNotes = new TextFileWriter('truth/notes.csv', { encoding: 'utf8' });
  /** Sum of the accounts file's balances, for its closing 合计 line. */
  accountsTotalFen = 0;
  /** Auto-increment ids of the channel systems, in file order. */
  readonly seq = { appUser: 100_000, officialAccount: 5_000_000, miniProgram: 800_000, crm: 0, note: 0 };
  /** Queue-ticket counters per branch and day, for visit serial numbers. */
  readonly visitSerials = new Map<string, number>();
  readonly dirtFile = new TextFileWriter('truth/dirt.csv', { encoding: 'utf8' });
  readonly dirt = new DirtLog(this.dirtFile);

  /** Every writer in the order the files are listed; finishing one frees its chunks before the next. */
  private writers(): readonly { finish(): DemoFile }[] {
    return [
      this.customers, this.accounts, this.transactions, this.products, this.holdings, this.loans, this.appUsers, this.events,
      this.officialAccount, this.miniProgram, this.visits, this.crm, this.touches, this.notes, this.relations, this.truthPersons,
      this.truthLifecycle, this.truthClusters, this.truthHabits, this.truthInfluencers, this.truthCommunities, this.truthShared,
      this.truthNotes, this.dirtFile,
    ];
  }

  finish(): DemoFile[] {
    return this.writers().map((w) => w.finish());
  }
}
