/**
 * What the channel systems record about one person: the mobile-banking user table and event log (APP and
 * PC/mobile web), the WeChat official-account fan list and mini-program users, the CRM's contacts (TSV) and the
 * branch queue system's visits (XLSX). Each system keys people its own way; `truth/persons.csv` gets one row
 * per record so identity resolution can be scored.
 */
import type { Random } from '#shared/jobs/random.ts';
import { excelSerial, fmtCompact, fmtDateTime, fmtDay, weekday } from './calendar.ts';
import { dateVariant, nameTypo, phoneVariant } from './dirt.ts';
import { APP_EVENTS, BRANCH_SERVICES, CLUSTERS, DISTRICTS, MANAGERS, OFFICIAL_ACCOUNTS, PAGES, PLACEHOLDER_PHONE, PRODUCTS, branchOf } from './lexicon.ts';
import type { Journey } from './marketing.ts';
import { FIRST_LOAN } from './marketing.ts';
import { FILES, type Outputs } from './outputs.ts';
import { activityOn, type DemoWorld, type Device, type Person } from './people.ts';

export interface ChannelContext {
  readonly world: DemoWorld;
  readonly p: Person;
  readonly r: Random;
  readonly out: Outputs;
}

function truth(out: Outputs, file: string, recordId: string, p: Person, weakOnly = false): void {
  out.truthPersons.row([file, recordId, p.id, weakOnly ? '1' : '0']);
}

/** The 手机银行 user table: one row per registered user, phone verified by SMS, identity by face check. */
export function writeAppUser({ p, r, out }: ChannelContext): void {
  if (!p.app) return;
  const id = String(++out.seq.appUser);
  out.appUsers.row([
    id, '手机银行', p.app.userNo, p.custNo, p.phone, p.isCustomer || r.chance(0.5) ? p.idNo : null, fmtDateTime(p.app.registerDay, 8 * 3600 + r.int(0, 50_000)),
    p.app.devices[0]?.id ?? null,
  ]);
  truth(out, FILES.appUsers, id, p);
}

interface AppEvent {
  readonly day: number;
  readonly sec: number;
  readonly userId: string | null;
  readonly device: Device | null;
  readonly cookie: string | null;
  readonly platform: string;
  readonly name: string;
  readonly page: string;
  readonly props: string | null;
}

const SESSIONS_PER_MONTH = { app: 2, wechat: 0.6, sms: 0.25, unreachable: 0.1 } as const;

const WEALTH = PRODUCTS.filter((x) => x.category === '理财');
const FUNDS = PRODUCTS.filter((x) => x.category === '基金');
const SHAREABLE = [...WEALTH, ...FUNDS];

function propsFor(name: string, r: Random, p: Person): string | null {
  switch (name) {
    case '浏览理财':
    case '购买理财':
      return JSON.stringify({ product_code: r.pick(WEALTH).code, from: r.pick(['首页banner', '理财频道', '搜索', '推荐位']) });
    case '浏览基金':
    case '购买基金':
      return JSON.stringify({ product_code: r.pick(FUNDS).code, from: r.pick(['基金超市', '搜索', '推荐位']) });
    case '转账':
      return JSON.stringify({ amount: (r.int(1, 500) * 10).toFixed(2), type: r.pick(['行内', '跨行']) });
    case '申请贷款':
    case '浏览贷款':
      return JSON.stringify({ product_code: 'LN0001', pre_approved: p.preApprovedFen > 0 ? 1 : 0 });
    case '分享':
      return JSON.stringify({ target: r.pick(['wechat_friend', 'moments', 'qq']), content: r.pick(SHAREABLE).code });
    case '搜索':
      return JSON.stringify({ keyword: r.pick(['理财', '基金', '贷款', '转账限额', '信用卡', '大额存单', '养老金']) });
    default:
      return null;
  }
}

function interestWeights(p: Person): number[] {
  const browse = APP_EVENTS.browse.map((n) => {
    if ((n === '浏览理财' || n === '浏览基金') && (p.lifecycle === '高价值潜力' || p.cluster === 2)) return 5;
    if ((n === '浏览理财' || n === '浏览基金') && (p.lifecycle === '复购' || p.lifecycle === '首购')) return 3;
    if (n === '浏览贷款' && (p.cluster === 1 || p.cluster === 4 || p.preApprovedFen > 0)) return 3;
    if (n === '浏览信用卡' && p.cluster === 0) return 2;
    if (n === '查询余额' || n === '查看账单' || n === '浏览首页') return 4;
    return 1;
  });
  const act = APP_EVENTS.act.map((n) => {
    if (n === '分享') return p.influencer ? 12 : p.cluster === 0 ? 1 : 0.3;
    if (n === '转账') return p.cluster === 4 ? 6 : 3;
    if (n === '领取权益') return p.cluster === 0 ? 3 : 1;
    if (n === '购买理财' || n === '购买基金') return p.lifecycle === '复购' ? 2 : 0.3;
    if (n === '申请贷款') return p.preApprovedFen > 0 ? 0.6 : 0.1;
    if (n === '信用卡还款') return p.hasCreditCard ? 1.5 : 0;
    return 1;
  });
  return [...browse, ...act];
}

const EVENT_NAMES: readonly string[] = [...APP_EVENTS.browse, ...APP_EVENTS.act];

/**
 * The behaviour log (埋点) of the last 180 days: APP sessions by device and user id, web sessions by cookie,
 * plus the logins the campaigns caused. Returns nothing; records device and cookie ownership in truth.
 */
export function writeEvents({ world, p, r, out }: ChannelContext, journey: Journey): void {
  const events: AppEvent[] = [];
  const windowStart = world.asOf - 179;
  const weights = interestWeights(p);
  const app = p.app;
  if (app) {
    const devices: Device[] = [...app.devices];
    const from = Math.max(windowStart, app.registerDay);
    const monthly = SESSIONS_PER_MONTH[p.habit] * (p.influencer ? 2 : 1) * world.density;
    for (let day0 = from; day0 <= world.asOf; day0 += 30) {
      const lambda = monthly * activityOn(p, day0 + 15) * (Math.min(30, world.asOf - day0 + 1) / 30);
      let n = 0;
      for (let l = Math.exp(-lambda), prod = r.next(); prod > l; prod *= r.next()) n++;
      for (let s = 0; s < n; s++) {
        const day = Math.min(world.asOf, day0 + r.int(0, 29));
        const device = app.borrowed && r.chance(0.25) ? app.borrowed : (devices[r.chance(0.75) ? 0 : r.int(0, devices.length - 1)] ?? null);
        session(r, p, events, day, device, null, weights, null);
      }
    }
    for (const login of journey.logins) {
      const device = app.devices[0] ?? null;
      session(r, p, events, login.day, device, null, weights, login.campaign === FIRST_LOAN ? { applied: login.applied, loan: true, sec: login.sec } : { applied: false, loan: false, sec: login.sec });
    }
  }
  for (const cookie of p.cookies) {
    const lambda = 0.6 * world.density * (p.lifecycle === '稳定沉睡' ? 0 : 1);
    for (let day0 = windowStart; day0 <= world.asOf; day0 += 30) {
      let n = 0;
      for (let l = Math.exp(-lambda), prod = r.next(); prod > l; prod *= r.next()) n++;
      for (let s = 0; s < n; s++) session(r, p, events, Math.min(world.asOf, day0 + r.int(0, 29)), null, cookie, weights, null);
    }
  }
  events.sort((a, b) => a.day - b.day || a.sec - b.sec);

  const seen = new Set<string>();
  const serial = String(world.appUsers.of(p.index)).padStart(9, '0');
  events.forEach((e, k) => {
    const id = `E${fmtCompact(e.day)}${serial}${String(k + 1).padStart(5, '0')}`;
    const version = e.device ? (app?.appVersion ?? '8.2.0') : null;
    let deviceCell = e.device?.id ?? null;
    if (deviceCell !== null && r.chance(0.004)) deviceCell = null;
    const row = [id, e.userId, deviceCell, e.cookie, e.platform, e.name, fmtDateTime(e.day, e.sec), e.page, e.props, version];
    if (r.chance(0.0005)) {
      // The log shipper cut a record at a buffer boundary: the row ends after the event time.
      const line = out.events.raw(row.slice(0, 7).map((c) => c ?? '').join(','));
      out.dirt.add(FILES.events, line, id, '*', 'malformed_row', `${row.length} columns`, '7 columns');
    } else {
      const line = out.events.row(row);
      if (e.device && deviceCell === null) out.dirt.add(FILES.events, line, id, 'device_id', 'missing_field', e.device.id, '');
    }
    if (e.device) seen.add(`device:${e.device.id}`);
    if (e.cookie) seen.add(`cookie:${e.cookie}`);
  });
  for (const key of seen) truth(out, FILES.events, key, p);
}

function session(
  r: Random,
  p: Person,
  events: AppEvent[],
  day: number,
  device: Device | null,
  cookie: string | null,
  weights: readonly number[],
  campaign: { readonly applied: boolean; readonly loan: boolean; readonly sec: number } | null,
): void {
  const platform = device ? device.platform : r.chance(0.6) ? 'PC网银' : 'H5';
  let sec = campaign ? Math.max(0, campaign.sec - 40) : r.pick([8, 9, 12, 12, 13, 19, 20, 20, 21, 21, 22, 7, 10, 15, 17, 23]) * 3600 + r.int(0, 3599);
  const userId = p.app?.userNo ?? null;
  const loggedIn = device !== null || (userId !== null && r.chance(0.6));
  const push = (name: string, uid: string | null, props: string | null = null, page?: string): void => {
    sec = Math.min(86_399, sec + r.int(3, 90));
    events.push({ day, sec, userId: uid, device, cookie, platform, name, page: page ?? PAGES[name] ?? '-', props });
  };
  if (device) push('启动APP', null);
  if (loggedIn) {
    push('登录', userId);
    if (r.chance(0.06)) push('人脸识别', userId);
  }
  const uid = loggedIn ? userId : null;
  if (campaign) {
    push('浏览活动', uid, null, campaign.loan ? '活动页-首贷福利' : '活动页');
    if (campaign.loan) {
      push('浏览贷款', uid, propsFor('浏览贷款', r, p));
      if (campaign.applied) push('申请贷款', uid, propsFor('申请贷款', r, p));
    }
    return;
  }
  const n = r.int(1, 4);
  for (let k = 0; k < n; k++) {
    let name = EVENT_NAMES[r.weighted(weights)] ?? '浏览首页';
    if (!loggedIn && APP_EVENTS.act.includes(name as (typeof APP_EVENTS.act)[number])) name = '浏览首页';
    push(name, uid, propsFor(name, r, p));
  }
  if (device && r.chance(p.app?.appVersion === '8.2.1' ? 0.07 : 0.01)) push('异常退出', uid, JSON.stringify({ reason: 'crash', version: p.app?.appVersion ?? '' }));
  else if (r.chance(0.3)) push('退出', uid);
}

const NICKNAMES = ['平安是福', '开心每一天', '岁月静好', 'Sunny', '知足常乐', '追梦人', '简单就好', '阳光明媚', '风轻云淡', '向日葵'];

function nickname(p: Person, r: Random): string {
  const given = p.b.name.slice(p.b.surname.length);
  switch (r.int(0, 6)) {
    case 0:
      return `${p.b.surname}${p.b.gender === 'M' ? '先生' : '女士'}`;
    case 1:
      return `A${p.b.home.city.replace(/市$/, '')}${p.b.surname}${r.pick(['装修', '建材', '房产', '保险', '财务'])}`;
    case 2:
      return `🌸${given}`;
    case 3:
      return `小${given.slice(-1)}`;
    case 4:
      return `Lucky${r.int(1, 999)}`;
    default:
      return r.pick(NICKNAMES);
  }
}

/** The official-account fan list and the mini-program's user table. */
export function writeWechat({ world, p, r, out }: ChannelContext): void {
  for (const f of p.follows) {
    const id = String(++out.seq.officialAccount);
    const row = [
      id, '微信公众号', OFFICIAL_ACCOUNTS[f.account]?.name ?? '', f.openid, f.unionidShown ? p.unionid : null, f.unsubscribed ? '已取消关注' : '已关注',
      fmtDateTime(f.subscribeDay, r.int(0, 86_399)), f.boundPhone ? p.phone : null, f.boundCustNo ? p.custNo : null, nickname(p, r),
    ];
    const line = out.officialAccount.row(row);
    truth(out, FILES.officialAccount, id, p, !f.unionidShown && !f.boundPhone && !f.boundCustNo);
    if (r.chance(0.01)) {
      const again = out.officialAccount.row(row);
      out.dirt.add(FILES.officialAccount, again, id, '*', 'duplicate_row', `line ${line}`, `line ${again}`);
    }
  }
  const mini = p.mini;
  if (!mini) return;
  const id = String(++out.seq.miniProgram);
  const cells: (string | null)[] = [
    id, '微信小程序', mini.openid, mini.unionidShown ? p.unionid : null, mini.phoneShown ? p.phone : null, mini.form ? p.b.name : null,
    mini.form ? fmtDay(p.b.birthDay) : null, mini.form ? `${p.b.home.province}${p.b.home.city}${p.b.home.district}` : null,
    fmtDateTime(Math.min(world.asOf, mini.registerDay), r.int(0, 86_399)),
  ];
  const typo = mini.form && r.chance(0.04) ? nameTypo(p.b.name, p.b.surname.length, r) : null;
  if (typo !== null) cells[5] = typo;
  const dateDirt = mini.form && r.chance(0.06) ? dateVariant(p.b.birthDay, r) : null;
  if (dateDirt !== null) cells[6] = dateDirt;
  const line = out.miniProgram.row(cells);
  if (typo !== null) out.dirt.add(FILES.miniProgram, line, id, '姓名', 'name_typo', p.b.name, typo);
  if (dateDirt !== null) out.dirt.add(FILES.miniProgram, line, id, '生日', 'date_format', fmtDay(p.b.birthDay), dateDirt);
  truth(out, FILES.miniProgram, id, p, !mini.unionidShown && !mini.phoneShown);
}

/** The CRM's contact list: a different customer-number format (12 digits, zero padded), hand-typed fields. */
export function writeCrm({ world, p, r, out }: ChannelContext): void {
  if (!p.crm) return;
  const id = `CT${String(++out.seq.crm).padStart(8, '0')}`;
  const linked = p.custNo !== null && r.chance(0.95);
  const phone = r.chance(0.85) ? p.phone : p.bankPhone;
  const cells: (string | null)[] = [
    id, 'CRM', linked ? `00${p.custNo ?? ''}` : null, p.b.name, phone, p.email, r.chance(0.9) ? fmtDay(p.b.birthDay) : null, p.b.home.province, p.b.home.city,
    p.b.home.district, p.b.address.replace(p.b.home.province, ''), p.manager ?? r.pick(MANAGERS), fmtDateTime(Math.min(world.asOf, Math.max(p.openDay, world.asOf - 2000) + r.int(0, 300)), r.int(8 * 3600, 18 * 3600)),
  ];
  const dirt: [string, string, Parameters<Outputs['dirt']['add']>[4], string][] = [];
  if (r.chance(0.03)) {
    const typo = nameTypo(p.b.name, p.b.surname.length, r);
    dirt.push(['full_name', p.b.name, 'name_typo', typo]);
    cells[3] = typo;
  }
  const phoneRoll = r.next();
  if (phoneRoll < 0.06) {
    cells[4] = phoneVariant(phone, r);
    dirt.push(['mobile', phone, 'phone_format', cells[4]]);
  } else if (phoneRoll < 0.07) {
    cells[4] = PLACEHOLDER_PHONE;
    dirt.push(['mobile', phone, 'phone_placeholder', PLACEHOLDER_PHONE]);
  } else if (phoneRoll < 0.1) {
    cells[4] = null;
    dirt.push(['mobile', phone, 'missing_field', '']);
  }
  if (cells[6] !== null && r.chance(0.05)) {
    cells[6] = dateVariant(p.b.birthDay, r);
    dirt.push(['birthday', fmtDay(p.b.birthDay), 'date_format', cells[6]]);
  }
  let line: number;
  if (r.chance(0.003)) {
    // An address pasted from a form kept its tab: the row has one column too many.
    const broken = [...cells];
    broken[10] = (broken[10] ?? '').replace(/号/, '号\t');
    line = out.crm.raw(broken.map((c) => c ?? '').join('\t'));
    dirt.push(['address', cells[10] ?? '', 'malformed_row', 'embedded tab']);
  } else line = out.crm.row(cells);
  for (const [column, clean, kind, dirty] of dirt) out.dirt.add(FILES.crm, line, id, column, kind, clean, dirty);
  truth(out, FILES.crm, id, p, !linked && cells[4] === null && p.email === null);
}

const SERVICE_WEIGHTS: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  2: { 理财咨询: 5, 大额存单购买: 4 },
  3: { 存取款: 3, 社保卡业务: 3, 密码重置: 2 },
  4: { 转账汇款: 3, 贷款咨询: 2 },
};

/** The branch queue system (叫号系统) export: visits of the last six months, as an Excel workbook. */
export function writeVisits({ world, p, r, out }: ChannelContext): void {
  const profile = CLUSTERS[p.cluster];
  const habitFactor = p.habit === 'sms' || p.habit === 'unreachable' ? 1.3 : 0.8;
  const lambda = ((profile?.branchVisitsPerYear ?? 0.5) / 2) * habitFactor * (p.lifecycle === '稳定沉睡' ? 0.2 : 1) * world.density * (p.isCustomer ? 1 : 0.3);
  let n = 0;
  for (let l = Math.exp(-lambda), prod = r.next(); prod > l; prod *= r.next()) n++;
  const weights = BRANCH_SERVICES.map(([name, w]) => {
    const extra = SERVICE_WEIGHTS[p.cluster]?.[name] ?? 1;
    if (name === '销户') return p.lifecycle === '易流失' ? w * 4 : w * 0.3;
    if (name === '贷款咨询' && p.preApprovedFen > 0) return w * 3;
    return w * extra;
  });
  for (let k = 0; k < n; k++) {
    let day = world.asOf - r.int(0, 181);
    if (weekday(day) === 6 || (weekday(day) === 5 && r.chance(0.7))) day -= 2;
    const home = r.chance(0.85) ? p.b.home : r.pick(DISTRICTS);
    const branchCode = `B${DISTRICTS.indexOf(home) + 101}`;
    const key = `${branchCode}${day}`;
    const ticket = (out.visitSerials.get(key) ?? 0) + 1;
    out.visitSerials.set(key, ticket);
    const serialNo = `${branchCode}${fmtCompact(day)}${String(ticket).padStart(4, '0')}`;
    const sec = 9 * 3600 + r.int(0, 7.5 * 3600);
    const wait = Math.round(Math.max(1, (weekday(day) === 0 ? 25 : 12) * Math.exp(r.normal() * 0.6)));
    const identified = p.custNo !== null && r.chance(0.75);
    const typo = r.chance(0.03) ? nameTypo(p.b.name, p.b.surname.length, r) : null;
    const service = BRANCH_SERVICES[r.weighted(weights)]?.[0] ?? '存取款';
    const at = out.visits.row([
      serialNo, branchOf(home), { serial: excelSerial(day, sec), format: 'yyyy-mm-dd hh:mm:ss' }, service, identified ? p.custNo : null, typo ?? p.b.name,
      identified && r.chance(0.6) ? null : p.bankPhone, wait, r.chance(0.7) ? r.weighted([0.03, 0.05, 0.12, 0.3, 0.5]) + 1 : null,
    ]);
    if (typo !== null) out.dirt.add(FILES.visits, `${at.sheet}!${at.row}`, serialNo, '姓名', 'name_typo', p.b.name, typo);
    truth(out, FILES.visits, serialNo, p);
  }
}
