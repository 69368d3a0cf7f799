/**
 * Test and benchmark support (not used by the engine): a synthetic workspace with a customer wide table
 * (`customer_profile` per shared/profile/profileSchema.ts), tags and lifecycle groups, a clustering run and
 * behaviour rows (events, touches, transactions), written straight into SQLite so a million customers and ten
 * million events take a minute rather than an import. Seeded: the same options give the same bytes. Event rows
 * carry a customer number, an app user id resolved through an `identity_map` tuple record, or an unknown
 * device (nobody's); transactions sometimes write the customer number zero-padded, as other systems do.
 */
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import type { Host } from '#shared/host/host.ts';
import { tupleRecordId } from '#shared/identity/sourceReader.ts';
import { createRandom, type Random } from '#shared/jobs/random.ts';
import { PROFILE_COLUMNS, type ProfileColumn } from '#shared/profile/profileSchema.ts';
import { profileTableDdl } from '#shared/profile/profileTable.ts';
import { setMeta } from '#shared/workspace/workspaceService.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';

export interface SyntheticOptions {
  readonly customers: number;
  /** Event rows in total (about this many; spread unevenly over customers). */
  readonly events: number;
  readonly touches?: number;
  readonly transactions?: number;
  readonly seed: number;
  readonly asOfDate?: string;
  /** Called now and then with rows written so far (benchmarks print it). */
  readonly onProgress?: (what: string, done: number, total: number) => void;
}

export const SYNTHETIC_AS_OF = '2024-06-30';

const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京'];
const PROVINCES: Readonly<Record<string, string>> = { 上海: '上海', 北京: '北京', 广州: '广东', 深圳: '广东', 杭州: '浙江', 成都: '四川', 武汉: '湖北', 南京: '江苏' };
const OCCUPATIONS = ['职员', '教师', '医生', '个体工商户', '公务员', '工程师', '退休', '学生', '自由职业'];
const EDUCATION = ['高中', '大专', '本科', '硕士', '博士'];
const MARITAL = ['已婚', '未婚', '离异'];
const VIP = ['普通', '金卡', '白金', '钻石'];
const CHANNEL_REG = ['柜面', '手机银行', '网银', '微信'];
const STATUS = ['正常', '正常', '正常', '冻结', '销户'];
const RISK = ['C1', 'C2', 'C3', 'C4', 'C5'];
const EVENT_NAMES = ['登录', '启动APP', '浏览理财', '浏览贷款', '申请贷款', '转账', '打开推送', '退出'];
const EVENT_CHANNELS = ['iOS', 'Android', 'PC网银', 'H5'];
const TOUCH_CHANNELS = ['APP推送', '短信', '微信模板消息'];
const TOUCH_ACTIONS = ['发送', '送达', '打开', '点击'];
const CAMPAIGNS = ['首贷福利', '理财节', '信用卡分期'];
const TXN_TYPES = ['消费', '转账', '理财申购', '还款', '工资'];
const TXN_CHANNELS = ['手机银行', '柜面', 'ATM', 'POS'];

export const SYNTHETIC_TAGS = [
  { tag: 'high_value', zh: '高价值客户', en: 'High value', family: 'value' },
  { tag: 'wealth_interest', zh: '理财偏好', en: 'Wealth interest', family: 'interest' },
  { tag: 'rfm', zh: 'RFM分层', en: 'RFM grade', family: 'value' },
  { tag: 'churn_risk', zh: '易流失客户', en: 'Churn risk', family: 'lifecycle' },
  { tag: 'new_customer', zh: '新客户', en: 'New customer', family: 'lifecycle' },
  { tag: 'dormant', zh: '沉睡客户', en: 'Dormant', family: 'lifecycle' },
] as const;

const RFM = ['重要价值', '重要保持', '一般发展', '一般挽留'];

export function syntheticOneId(i: number): string {
  return `P${String(i + 1).padStart(9, '0')}`;
}

export function syntheticCustNo(i: number): string {
  return String(61_000_000 + i);
}

function ageBand(age: number): string {
  if (age < 25) return '<25';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

type Cell = string | number | null;

/** Row keys in insertion order (zero-padded), so the unique key index is appended to rather than split. */
function key(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(10, '0')}`;
}

/** One customer's profile values; about 5% of the optional values are missing. */
function profileRow(i: number, r: Random, asOfDay: number): Cell[] {
  const miss = (): boolean => r.chance(0.05);
  const age = 18 + r.int(0, 62);
  const city = r.pick(CITIES);
  const aum = Math.round(Math.exp(8 + 3 * r.next() + r.normal()) * 100);
  const openDay = asOfDay - r.int(10, 7000);
  const lastTxn = r.chance(0.85) ? asOfDay - Math.floor(r.next() ** 2 * 400) : null;
  const lastEvent = r.chance(0.7) ? asOfDay - Math.floor(r.next() ** 2 * 180) : null;
  const v: Record<string, Cell> = {
    one_id: syntheticOneId(i),
    cust_no: syntheticCustNo(i),
    name: null,
    gender: miss() ? null : r.chance(0.5) ? '男' : '女',
    age: miss() ? null : age,
    age_band: ageBand(age),
    province: PROVINCES[city] ?? city,
    city: miss() ? null : city,
    district: `${city}${r.int(1, 6)}区`,
    occupation: miss() ? null : r.pick(OCCUPATIONS),
    education: miss() ? null : r.pick(EDUCATION),
    marital: miss() ? null : r.pick(MARITAL),
    branch: `${city}第${r.int(1, 5)}支行`,
    channel_reg: r.pick(CHANNEL_REG),
    open_date: dayString(openDay),
    tenure_months: Math.floor((asOfDay - openDay) / 30.44),
    vip_level: r.pick(VIP),
    is_staff: r.chance(0.02) ? 1 : 0,
    status: r.pick(STATUS),
    aum_fen: miss() ? null : aum,
    deposit_fen: Math.round(aum * r.next()),
    investment_fen: r.chance(0.4) ? Math.round(aum * r.next()) : 0,
    loan_balance_fen: r.chance(0.2) ? r.int(1, 50_000) * 10_000 : 0,
    income_fen: miss() ? null : r.int(3, 120) * 1_000_000,
    aum_change_90d_fen: Math.round(aum * (r.next() - 0.5) * 0.4),
    txn_count_30d: r.int(0, 20),
    txn_count_90d: r.int(0, 60),
    txn_count_365d: r.int(0, 250),
    txn_in_90d_fen: r.int(0, 500_000) * 100,
    txn_out_90d_fen: r.int(0, 500_000) * 100,
    first_txn_date: dayString(openDay + r.int(0, 30)),
    last_txn_date: lastTxn === null ? null : dayString(lastTxn),
    txn_recency_days: lastTxn === null ? null : asOfDay - lastTxn,
    active_months_12m: r.int(0, 12),
    event_count_30d: r.int(0, 40),
    login_days_30d: r.int(0, 30),
    last_event_date: lastEvent === null ? null : dayString(lastEvent),
    event_recency_days: lastEvent === null ? null : asOfDay - lastEvent,
    channel_count: r.int(0, 5),
    uses_app: r.chance(0.7) ? 1 : 0,
    uses_web: r.chance(0.3) ? 1 : 0,
    uses_wechat: r.chance(0.5) ? 1 : 0,
    uses_branch: r.chance(0.4) ? 1 : 0,
    product_count: r.int(0, 6),
    account_count: r.int(1, 4),
    has_wealth: r.chance(0.3) ? 1 : 0,
    has_fund: r.chance(0.2) ? 1 : 0,
    has_insurance: r.chance(0.15) ? 1 : 0,
    has_loan: r.chance(0.2) ? 1 : 0,
    pre_approved: r.chance(0.1) ? 1 : 0,
    risk_level: miss() ? null : r.pick(RISK),
    risk_expired: r.chance(0.2) ? 1 : 0,
    max_overdue_days: r.chance(0.9) ? 0 : r.int(1, 120),
    complaints_365d: r.chance(0.92) ? 0 : r.int(1, 4),
    notes_365d: r.int(0, 6),
    touches_90d: r.int(0, 15),
    opens_90d: r.int(0, 8),
    as_of: dayString(asOfDay),
  };
  return PROFILE_COLUMNS.map((c: ProfileColumn) => v[c.name] ?? null);
}

function datetime(day: number, r: Random): string {
  const s = r.int(0, 86_399);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${dayString(day)} ${hh}:${mm}:${ss}`;
}

/** Fills `db` (a migrated workspace) with the synthetic data. */
export function fillSyntheticWorkspace(db: Db, o: SyntheticOptions): void {
  const r = createRandom(o.seed);
  const asOf = o.asOfDate ?? SYNTHETIC_AS_OF;
  const asOfDay = dayNumber(asOf);
  const n = o.customers;
  const progress = o.onProgress ?? ((): void => undefined);
  // Bulk load: a large page cache, and the behaviour tables' secondary indexes built after their rows (sorting
  // once is several times faster than inserting ten million rows into three B-trees in random order).
  db.exec('PRAGMA cache_size = -262144');
  const indexed = ['events', 'touches', 'transactions'];
  for (const t of indexed) {
    db.exec(`DROP INDEX IF EXISTS ${t}_cust`);
    db.exec(`DROP INDEX IF EXISTS ${t}_time`);
  }
  db.transaction(() => {
    setMeta(db, 'as_of_date', asOf);
    setMeta(db, 'as_of_source', 'user');
    db.exec(profileTableDdl());
    const cols = PROFILE_COLUMNS.map((c) => c.name);
    db.withStatement(`INSERT INTO customer_profile (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, (st) => {
      for (let i = 0; i < n; i++) {
        st.runUnchecked(profileRow(i, r, asOfDay));
        if ((i & 0xffff) === 0) progress('profile', i, n);
      }
    });
    db.withStatement("INSERT INTO identity_map (source, record_id, one_id, method, run_id) VALUES ('customer', ?, ?, 'source_key', NULL)", (st) => {
      for (let i = 0; i < n; i++) st.runUnchecked([syntheticCustNo(i), syntheticOneId(i)]);
    });
    for (const t of SYNTHETIC_TAGS) {
      db.run("INSERT INTO tag_def (tag, zh, en, family, module, definition) VALUES (?, ?, ?, ?, 'test', 'synthetic')", [t.tag, t.zh, t.en, t.family]);
    }
    db.withStatement('INSERT INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, NULL, ?)', (st) => {
      for (let i = 0; i < n; i++) {
        const id = syntheticOneId(i);
        // An older run of high_value that must not count: members come from a tag's latest run.
        if (r.chance(0.1)) st.runUnchecked([id, 'high_value', null, 1]);
        if (r.chance(0.2)) st.runUnchecked([id, 'high_value', null, 2]);
        if (r.chance(0.3)) st.runUnchecked([id, 'wealth_interest', null, 2]);
        if (r.chance(0.8)) st.runUnchecked([id, 'rfm', r.pick(RFM), 2]);
        const life = r.next();
        if (life < 0.15) st.runUnchecked([id, 'churn_risk', null, 2]);
        else if (life < 0.25) st.runUnchecked([id, 'new_customer', null, 2]);
        else if (life < 0.35) st.runUnchecked([id, 'dormant', null, 2]);
      }
    });
    const groups = [
      { cluster: 0, name: '稳健理财型', nameEn: 'Steady savers' },
      { cluster: 1, name: '活跃年轻型', nameEn: 'Active young' },
      { cluster: 2, name: '高净值型', nameEn: 'High net worth' },
      { cluster: 3, name: '低活跃型', nameEn: 'Low activity' },
    ];
    const sizes = [0, 0, 0, 0];
    const assigned: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = r.chance(0.9) ? r.int(0, 3) : -1;
      assigned.push(c);
      if (c >= 0) sizes[c] = (sizes[c] ?? 0) + 1;
    }
    const result = JSON.stringify({ groups: groups.map((g) => ({ ...g, size: sizes[g.cluster] ?? 0 })) });
    db.run(
      `INSERT INTO cluster_run (run_id, table_name, key_kind, features, settings, k, algorithm, seed, app_version, algo_version, rows, dropped_rows, seconds, iterations, inertia, silhouette, sizes, result, created_at)
       VALUES (1, 'customer_profile', 'one_id', '[]', '{}', 4, 'kmeans', 1, 'test', 'test', ?, 0, 0, 1, 0, NULL, ?, ?, '2024-07-01T00:00:00.000Z')`,
      [n, JSON.stringify(sizes), result],
    );
    // Map positions for lasso selections: each cluster a strip of x around its number, spread over y in [0, 1).
    db.withStatement('INSERT INTO cluster_member (run_id, one_id, row_id, cluster, x, y) VALUES (1, ?, ?, ?, ?, ?)', (st) => {
      assigned.forEach((c, i) => {
        if (c >= 0) st.runUnchecked([syntheticOneId(i), i + 1, c, c + (i % 7) / 10, (i % 10) / 10]);
      });
    });
    // App users resolved through ONE_ID records of their tuple (app user id only).
    const appUser = (i: number): string => `U${String(i + 1).padStart(8, '0')}`;
    const appUsers = new Set<number>();
    let k = 0;
    db.withStatement(
      'INSERT INTO events (event_id, cust_no, app_user_id, device_id, event_time, event_name, channel, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?)',
      (st) => {
        while (k < o.events) {
          // Heavier users log more: a skewed pick of the customer.
          const i = Math.min(n - 1, Math.floor(r.next() ** 1.5 * n));
          const kind = r.next();
          const custNo = kind < 0.7 ? syntheticCustNo(i) : null;
          const uid = kind >= 0.7 && kind < 0.95 ? appUser(i) : null;
          const device = kind >= 0.95 ? `DEV-UNKNOWN-${r.int(1, 999)}` : null;
          if (uid !== null) appUsers.add(i);
          const day = asOfDay - Math.floor(r.next() * 180);
          k++;
          st.runUnchecked([`E${k}`, custNo, uid, device, datetime(day, r), r.pick(EVENT_NAMES), r.pick(EVENT_CHANNELS), key('E', k), k]);
          if ((k & 0xfffff) === 0) progress('events', k, o.events);
        }
      },
    );
    db.withStatement("INSERT INTO identity_map (source, record_id, one_id, method, run_id) VALUES ('event', ?, ?, 'app_user_id', 1)", (st) => {
      for (const i of appUsers) st.runUnchecked([tupleRecordId('e', [null, appUser(i), null, null, null, null, null]), syntheticOneId(i)]);
    });
    const touches = o.touches ?? Math.round(o.events / 5);
    db.withStatement(
      'INSERT INTO touches (touch_id, campaign_id, campaign_name, cust_no, channel, action, touch_time, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, 1, ?)',
      (st) => {
        for (let t = 1; t <= touches; t++) {
          const i = r.int(0, n - 1);
          const campaign = r.int(0, CAMPAIGNS.length - 1);
          st.runUnchecked([`T${t}`, `CMP${campaign}`, CAMPAIGNS[campaign] ?? '', syntheticCustNo(i), r.pick(TOUCH_CHANNELS), r.pick(TOUCH_ACTIONS), datetime(asOfDay - r.int(0, 120), r), key('T', t), t]);
        }
      },
    );
    const txns = o.transactions ?? Math.round(o.events / 5);
    db.withStatement(
      'INSERT INTO transactions (txn_id, cust_no, txn_time, amount_fen, direction, channel, txn_type, row_key, src_file, src_batch, src_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 3, 1, ?)',
      (st) => {
        for (let t = 1; t <= txns; t++) {
          const i = r.int(0, n - 1);
          // Other systems pad customer numbers with zeros; the person is still found.
          const cust = r.chance(0.1) ? `00${syntheticCustNo(i)}` : syntheticCustNo(i);
          const day = asOfDay - r.int(-3, 400);
          st.runUnchecked([`X${t}`, cust, datetime(day, r), r.int(1, 100_000) * 100, r.chance(0.6) ? '支出' : '收入', r.pick(TXN_CHANNELS), r.pick(TXN_TYPES), key('X', t), t]);
        }
      },
    );
    progress('indexes', 0, indexed.length);
    db.exec('CREATE INDEX IF NOT EXISTS events_cust ON events(cust_no)');
    db.exec('CREATE INDEX IF NOT EXISTS events_time ON events(event_time)');
    db.exec('CREATE INDEX IF NOT EXISTS touches_cust ON touches(cust_no)');
    db.exec('CREATE INDEX IF NOT EXISTS touches_time ON touches(touch_time)');
    db.exec('CREATE INDEX IF NOT EXISTS transactions_cust ON transactions(cust_no)');
    db.exec('CREATE INDEX IF NOT EXISTS transactions_time ON transactions(txn_time)');
  });
}

/** A new workspace's SQLite bytes holding the synthetic data. */
export async function buildSyntheticWorkspace(host: Pick<Host, 'sqlJsConfig'>, o: SyntheticOptions): Promise<Uint8Array> {
  const db = await Db.open(host);
  try {
    migrate(db);
    db.transaction(() => {
      setMeta(db, 'workspace_id', `synthetic-${o.seed}`);
      setMeta(db, 'name', 'synthetic');
      setMeta(db, 'created_at', '2024-07-01T00:00:00.000Z');
      setMeta(db, 'is_demo', '0');
    });
    fillSyntheticWorkspace(db, o);
    return db.export();
  } finally {
    db.close();
  }
}
