/**
 * The hidden population behind the demo exports. Each true person has a hidden state (segment, lifecycle
 * group, channel habit, household, community) that drives what every system records about them. A person is
 * derived from (seed, index) alone, so a household member can look up the head's phone or device without the
 * generator keeping everyone in memory; only a few typed arrays describe the cross-person structure.
 */
import { createRandom, type Random } from '#shared/jobs/random.ts';
import { dayOf, fmtCompact, ymdOf } from './calendar.ts';
import { deviceId, makeIdNo, mix, Scramble, uuid, wechatId } from './identifiers.ts';
import {
  CLUSTERS,
  DISTRICTS,
  EDUCATIONS,
  EMPLOYERS,
  GIVEN,
  HABITS,
  LIFECYCLES,
  MANAGERS,
  MARITAL,
  MIGRANT_ORIGINS,
  MINI_PROGRAM,
  OFFICIAL_ACCOUNTS,
  PHONE_PREFIXES,
  PLACEHOLDER_PHONE,
  SURNAMES,
  branchOf,
  ESTATES,
  type District,
  type Habit,
  type Lifecycle,
} from './lexicon.ts';

/** Stream salts: each kind of derivation draws from its own stream so adding draws to one leaves the rest. */
const Stream = { World: 1, Basics: 2, State: 3, Devices: 4, Behaviour: 5, Pair: 6 } as const;

/** Up to this many customers every customer gets a full-density history. */
export const DENSITY_FULL_UP_TO = 20_000;

export type CommunityKind = '亲友圈' | '同事圈' | '经营圈';
export const COMMUNITY_KINDS: readonly CommunityKind[] = ['亲友圈', '同事圈', '经营圈'];

export interface DemoWorld {
  readonly seed: number;
  /** Day number of the as-of date: every history ends here. */
  readonly asOf: number;
  /** First day of the two-year history. */
  readonly historyStart: number;
  /** Core-banking customers: persons `0 … customers-1`. */
  readonly customers: number;
  /** Customers plus prospects (people known only to channels). */
  readonly persons: number;
  /**
   * History density in (0, 1]: transactions, events, visits, tickets and shares per customer are multiplied by
   * it. 1 up to {@link DENSITY_FULL_UP_TO} customers, then (20,000 / customers)^0.75, so that two million
   * customers stay within a few GB (0.45 at 50,000, 0.30 at 100,000, 0.053 at 1,000,000).
   */
  readonly density: number;
  /** Household head of every person (itself for heads and people living alone). */
  readonly head: Int32Array;
  /** Community of every person, -1 for none. */
  readonly community: Int32Array;
  readonly communityStart: Int32Array;
  readonly communityMembers: Int32Array;
  readonly communityKind: Uint8Array;
  /** Who invited the person to the app, -1 for nobody. */
  readonly invitedBy: Int32Array;
  readonly influencer: Uint8Array;
  readonly inviteCount: ReadonlyMap<number, number>;
  readonly custNos: Scramble;
  readonly phones: Scramble;
  readonly appUsers: Scramble;
  readonly accounts: Scramble;
}

export function personId(i: number): string {
  return `P${String(i + 1).padStart(8, '0')}`;
}

function rngFor(world: DemoWorld, i: number, stream: number, k = 0): Random {
  return createRandom(mix(world.seed, i * 16 + stream, k));
}

/** The random stream of anything that happens between two people (transfers, invitations). */
export function pairRandom(world: DemoWorld, from: number, to: number): Random {
  return createRandom(mix(mix(world.seed, from, Stream.Pair), to, Stream.Pair));
}

function shuffled(n: number, r: Random): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = a[i] ?? 0;
    a[i] = a[j] ?? 0;
    a[j] = t;
  }
  return a;
}

/** Plants households, communities and invitation trees. Memory: a few typed arrays of `persons` entries. */
export function buildWorld(seed: number, customers: number, asOf: number): DemoWorld {
  const r = createRandom(mix(seed, 0, Stream.World));
  const prospects = Math.max(1, Math.round(customers * 0.08));
  const persons = customers + prospects;

  const head = new Int32Array(persons);
  const order = shuffled(persons, r);
  for (let k = 0; k < persons; ) {
    const size = Math.min(persons - k, 1 + r.weighted([0.55, 0.25, 0.13, 0.07]));
    const h = order[k] ?? 0;
    for (let j = 0; j < size; j++) head[order[k + j] ?? 0] = h;
    k += size;
  }

  const community = new Int32Array(persons).fill(-1);
  const custOrder = shuffled(customers, r);
  const starts: number[] = [0];
  const kinds: number[] = [];
  const wanted = Math.max(2, Math.round(customers / 80));
  let used = 0;
  for (let c = 0; c < wanted && used + 5 <= customers; c++) {
    const size = Math.min(customers - used, r.int(5, 25));
    for (let j = 0; j < size; j++) community[custOrder[used + j] ?? 0] = c;
    used += size;
    starts.push(used);
    kinds.push(r.int(0, COMMUNITY_KINDS.length - 1));
  }
  const communityMembers = custOrder.slice(0, used);

  const invitedBy = new Int32Array(persons).fill(-1);
  const influencer = new Uint8Array(persons);
  const inviteCount = new Map<number, number>();
  const influencers = Math.max(2, Math.round(customers * 0.002));
  for (let k = 0; k < influencers; k++) influencer[r.int(0, customers - 1)] = 1;
  const invite = (from: number, to: number): void => {
    if (from === to || invitedBy[to] !== -1 || influencer[to] === 1) return;
    invitedBy[to] = from;
    inviteCount.set(from, (inviteCount.get(from) ?? 0) + 1);
  };
  for (let i = 0; i < customers; i++) {
    if (influencer[i] !== 1) continue;
    const n = r.int(12, 40);
    for (let k = 0; k < n; k++) invite(i, r.int(0, persons - 1));
  }
  const ordinary = Math.round(persons * 0.03);
  for (let k = 0; k < ordinary; k++) invite(r.int(0, customers - 1), r.int(0, persons - 1));

  return {
    seed,
    asOf,
    historyStart: asOf - 729,
    customers,
    persons,
    density: Math.min(1, (DENSITY_FULL_UP_TO / customers) ** 0.75),
    head,
    community,
    communityStart: Int32Array.from(starts),
    communityMembers,
    communityKind: Uint8Array.from(kinds),
    invitedBy,
    influencer,
    inviteCount,
    custNos: Scramble.forPrime(999_999_937, r),
    phones: Scramble.forDecimal(100_000_000, r),
    appUsers: Scramble.forPrime(999_999_937, r),
    accounts: Scramble.forPrime(999_999_937, r),
  };
}

export function communityMembersOf(world: DemoWorld, c: number): Int32Array {
  return world.communityMembers.subarray(world.communityStart[c] ?? 0, world.communityStart[c + 1] ?? 0);
}

export type Role = 'head' | 'spouse' | 'child' | 'parent';

/** What a person is, before any system records them: derivable for anyone from (seed, index). */
export interface Basics {
  readonly index: number;
  readonly role: Role;
  readonly headIndex: number;
  readonly cluster: number;
  readonly gender: 'M' | 'F';
  readonly birthDay: number;
  readonly surname: string;
  readonly name: string;
  readonly home: District;
  readonly address: string;
  readonly birthRegion: string;
}

function pickWeighted<T>(r: Random, items: readonly (readonly [T, number])[]): T {
  const i = r.weighted(items.map((x) => x[1]));
  const item = items[i];
  if (!item) throw new RangeError('empty weighted list');
  return item[0];
}

const districtWeights = DISTRICTS.map((d) => d.weight);

function districtAt(i: number): District {
  const d = DISTRICTS[i];
  if (!d) throw new RangeError(`no district ${i}`);
  return d;
}

function givenName(r: Random, gender: 'M' | 'F', birthYear: number): string {
  const era = birthYear < 1970 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
  const pool = [...GIVEN[gender][era]];
  const two = r.chance(era === 'old' ? 0.5 : era === 'mid' ? 0.55 : 0.78);
  const first = r.pick(pool);
  if (!two) return first;
  // Doubled names (婷婷) exist but are a minority.
  let second = r.pick(pool);
  if (second === first && r.chance(0.8)) second = r.pick(pool);
  return first + second;
}

function addressIn(r: Random, d: District): string {
  const road = r.pick(d.roads);
  return `${d.province}${d.city}${d.district}${road}${r.int(1, 399)}号${r.pick(ESTATES)}${r.int(1, 28)}幢${r.int(1, 4)}单元${r.int(1, 26)}0${r.int(1, 4)}室`;
}

function clusterForAge(r: Random, age: number): number {
  const fits = CLUSTERS.map((c) => (age >= c.ageMin && age <= c.ageMax ? c.share : 0));
  return fits.some((w) => w > 0) ? r.weighted(fits) : 3;
}

function birthDayFor(r: Random, asOf: number, age: number): number {
  return asOf - Math.floor(age * 365.2425) - r.int(1, 364);
}

function ageAt(birthDay: number, day: number): number {
  const b = ymdOf(birthDay);
  const t = ymdOf(day);
  return t.y - b.y - (t.m < b.m || (t.m === b.m && t.d < b.d) ? 1 : 0);
}

function headBasics(world: DemoWorld, i: number): Basics {
  const r = rngFor(world, i, Stream.Basics);
  const cluster = r.weighted(CLUSTERS.map((c) => c.share));
  const profile = CLUSTERS[cluster] ?? CLUSTERS[0];
  const age = r.int(profile?.ageMin ?? 20, profile?.ageMax ?? 60);
  const gender = r.chance(0.5) ? 'M' : 'F';
  const birthDay = birthDayFor(r, world.asOf, age);
  const surname = pickWeighted(r, SURNAMES);
  const home = districtAt(r.weighted(districtWeights));
  const migrant = r.chance(age < 45 ? 0.35 : 0.15);
  return {
    index: i,
    role: 'head',
    headIndex: i,
    cluster,
    gender,
    birthDay,
    surname,
    name: surname + givenName(r, gender, ymdOf(birthDay).y),
    home,
    address: addressIn(r, home),
    birthRegion: migrant ? r.pick(MIGRANT_ORIGINS) : home.code,
  };
}

/** A member's age, sex, surname and home follow from the head's: spouses, adult children, parents. */
function memberBasics(world: DemoWorld, i: number, h: Basics): Basics {
  const r = rngFor(world, i, Stream.Basics);
  const headAge = ageAt(h.birthDay, world.asOf);
  let role: Role = r.pick<Role>(['spouse', 'spouse', 'child', 'parent']);
  let age = 0;
  if (role === 'child') {
    age = headAge - r.int(24, 34);
    if (age < 18) role = 'spouse';
  } else if (role === 'parent') {
    age = headAge + r.int(24, 32);
    if (age > 88) role = 'spouse';
  }
  if (role === 'spouse') age = Math.max(20, headAge + Math.round(r.normal() * 3));
  const gender = role === 'spouse' ? (h.gender === 'M' ? 'F' : 'M') : r.chance(0.5) ? 'M' : 'F';
  const birthDay = birthDayFor(r, world.asOf, age);
  const sameSurname = role === 'spouse' ? false : r.chance(role === 'child' ? 0.85 : 0.6);
  const surname = sameSurname ? h.surname : pickWeighted(r, SURNAMES);
  const livesApart = role !== 'spouse' && r.chance(role === 'child' ? 0.4 : 0.3);
  const home = livesApart ? (DISTRICTS[r.weighted(districtWeights)] ?? h.home) : h.home;
  return {
    index: i,
    role,
    headIndex: h.index,
    cluster: clusterForAge(r, age),
    gender,
    birthDay,
    surname,
    name: surname + givenName(r, gender, ymdOf(birthDay).y),
    home,
    address: livesApart ? addressIn(r, home) : h.address,
    birthRegion: role === 'child' && r.chance(0.7) ? h.home.code : r.chance(0.25) ? r.pick(MIGRANT_ORIGINS) : home.code,
  };
}

export function basicsOf(world: DemoWorld, i: number): Basics {
  const h = world.head[i] ?? i;
  if (h === i) return headBasics(world, i);
  return memberBasics(world, i, headBasics(world, h));
}

/** The phone a person really uses: unique per person (a scrambled eight-digit suffix under a carrier prefix). */
function ownPhone(world: DemoWorld, i: number): string {
  const r = rngFor(world, i, Stream.Devices, 1);
  const suffix = String(world.phones.of(i)).padStart(8, '0');
  const phone = r.pick(PHONE_PREFIXES) + suffix;
  return phone === PLACEHOLDER_PHONE ? `139${suffix}` : phone;
}

export function custNoOf(world: DemoWorld, i: number): string {
  return `6${String(world.custNos.of(i)).padStart(9, '0')}`;
}

export function appUserNoOf(world: DemoWorld, i: number): string {
  return `9${String(world.appUsers.of(i)).padStart(9, '0')}`;
}

export interface Device {
  readonly id: string;
  readonly platform: 'iOS' | 'Android';
}

/** A person's own phones and tablets, derivable so a spouse can be seen logging in on them. */
function devicesOf(world: DemoWorld, i: number, count: number): Device[] {
  const r = rngFor(world, i, Stream.Devices, 2);
  const iosShare = r.next();
  const out: Device[] = [];
  for (let k = 0; k < count; k++) {
    const platform = r.next() < iosShare ? 'iOS' : 'Android';
    out.push({ id: deviceId(r, platform), platform });
  }
  return out;
}

export interface OfficialAccountFollow {
  readonly account: number;
  readonly openid: string;
  readonly subscribeDay: number;
  readonly unsubscribed: boolean;
  readonly boundPhone: boolean;
  readonly boundCustNo: boolean;
  readonly unionidShown: boolean;
}

export interface MiniProgramUser {
  readonly openid: string;
  readonly registerDay: number;
  readonly phoneShown: boolean;
  readonly unionidShown: boolean;
  /** Filled the activity sign-up form (name, birthday, area). */
  readonly form: boolean;
}

export interface AppUser {
  readonly userNo: string;
  readonly registerDay: number;
  readonly devices: readonly Device[];
  /** A household member's device this person also logs in on. */
  readonly borrowed: Device | null;
  readonly appVersion: string;
}

export type LoanKind = 'mortgage' | 'business' | 'consumer' | null;

export interface Person {
  readonly index: number;
  readonly id: string;
  readonly b: Basics;
  readonly isCustomer: boolean;
  readonly cluster: number;
  /** Lifecycle group, null for prospects. */
  readonly lifecycle: Lifecycle | null;
  readonly habit: Habit;
  readonly age: number;
  readonly idType: string;
  readonly idNo: string;
  readonly phone: string;
  /** The phone the bank has on file: a relative's for people who gave a family number. */
  readonly bankPhone: string;
  readonly sharesPhoneOf: number;
  readonly email: string | null;
  readonly custNo: string | null;
  readonly openDay: number;
  readonly branch: string;
  readonly manager: string | null;
  readonly occupation: string;
  readonly education: string;
  readonly marital: string;
  readonly incomeYuan: number;
  readonly employer: string | null;
  readonly riskLevel: number;
  readonly riskAssessedDay: number;
  readonly isStaff: boolean;
  readonly regChannel: string;
  /** Target AUM in fen (deposits + wealth holdings). */
  readonly aumFen: number;
  /** Share of AUM kept as deposits. */
  readonly depositShare: number;
  readonly hasCreditCard: boolean;
  readonly loanKind: LoanKind;
  /** Pre-approved first-loan limit in fen, 0 when not pre-approved (only customers without a loan). */
  readonly preApprovedFen: number;
  readonly app: AppUser | null;
  readonly cookies: readonly string[];
  readonly unionid: string | null;
  readonly follows: readonly OfficialAccountFollow[];
  readonly mini: MiniProgramUser | null;
  readonly crm: boolean;
  readonly influencer: boolean;
  readonly community: number;
  readonly invitedBy: number;
  /** Day the invitation was sent, when invited. */
  readonly inviteDay: number;
  /** Sleepers (稳定沉睡) do nothing from this day on. */
  readonly dormantFrom: number;
  /** Churn risks (易流失) fade from this day on. */
  readonly fadeFrom: number;
}

const SALARIED = new Set(['企业职员', '公务员', '事业单位人员', '教师', '医生', '工程技术人员', '金融从业人员', '销售人员']);

const HABIT_APP: Readonly<Record<Habit, number>> = { app: 0.97, wechat: 0.6, sms: 0.25, unreachable: 0.2 };
const HABIT_OA: Readonly<Record<Habit, number>> = { wechat: 0.92, app: 0.45, sms: 0.18, unreachable: 0.08 };

/** The day an invitation from `from` reached `to`: shared by both sides' records. */
function inviteDayOf(world: DemoWorld, from: number, to: number): number {
  return world.asOf - pairRandom(world, from, to).int(20, 700);
}

/** Derives the whole hidden state and identifiers of person `i`. `idOrder` overrides the 身份证 order number. */
export function derivePerson(world: DemoWorld, i: number, idOrder?: number): Person {
  const b = basicsOf(world, i);
  const r = rngFor(world, i, Stream.State);
  const isCustomer = i < world.customers;
  const profile = CLUSTERS[b.cluster] ?? CLUSTERS[0];
  if (!profile) throw new RangeError('no clusters');
  const age = ageAt(b.birthDay, world.asOf);
  const influencer = world.influencer[i] === 1;
  let habit: Habit = HABITS[r.weighted(profile.habits)] ?? 'app';
  if (influencer && (habit === 'sms' || habit === 'unreachable')) habit = 'app';
  const lifecycle: Lifecycle | null = isCustomer ? (LIFECYCLES[r.weighted(profile.lifecycle)] ?? null) : null;

  const order = idOrder ?? r.int(0, 499) * 2 + (b.gender === 'M' ? 1 : 0);
  const foreign = r.chance(0.006);
  const idType = foreign ? r.pick(['护照', '港澳居民来往内地通行证', '外国人永久居留身份证']) : '居民身份证';
  const idNo = foreign
    ? idType === '护照'
      ? `E${String(r.int(10_000_000, 99_999_999))}`
      : idType === '港澳居民来往内地通行证'
        ? `H${String(r.int(10_000_000, 99_999_999))}`
        : `${r.pick(['USA', 'CAN', 'GBR', 'AUS'])}${String(r.int(100_000_000_000, 999_999_999_999))}`
    : makeIdNo(b.birthRegion, fmtCompact(b.birthDay), order);

  const phone = ownPhone(world, i);
  let sharesPhoneOf = -1;
  if (b.role === 'parent' && age >= 65 && r.chance(0.45)) sharesPhoneOf = b.headIndex;
  else if (b.role === 'spouse' && r.chance(0.08)) sharesPhoneOf = b.headIndex;
  const bankPhone = sharesPhoneOf >= 0 ? ownPhone(world, sharesPhoneOf) : phone;

  const emailKind = r.chance(isCustomer ? 0.35 : 0.2) ? r.int(0, 9) : -1;
  const email =
    emailKind < 0
      ? null
      : emailKind < 6
        ? `${r.int(10_000_000, 3_999_999_999)}@qq.com`
        : emailKind < 9
          ? `${String.fromCharCode(97 + r.int(0, 25))}${String.fromCharCode(97 + r.int(0, 25))}${r.int(1960, 2005)}${r.int(10, 99)}@163.com`
          : `jh${r.int(1000, 99999)}@${r.pick(['aliyun.com', '126.com', 'sina.com'])}`;

  const adultDay = b.birthDay + 18 * 366;
  const earliestOpen = Math.max(adultDay, dayOf(2003, 1, 1));
  let openDay = earliestOpen + Math.floor(r.next() ** 0.8 * Math.max(1, world.asOf - 40 - earliestOpen));
  if (lifecycle === '首购' && r.chance(0.4)) openDay = world.asOf - r.int(60, 360);
  const invitedBy = world.invitedBy[i] ?? -1;
  const inviteDay = invitedBy >= 0 ? inviteDayOf(world, invitedBy, i) : -1;
  if (invitedBy >= 0 && isCustomer && r.chance(0.6)) openDay = Math.min(world.asOf - 3, inviteDay + r.int(0, 10));
  openDay = Math.max(Math.min(openDay, world.asOf - 3), earliestOpen);

  const occupation = age >= 60 && r.chance(0.8) ? '退休人员' : age < 23 && r.chance(0.6) ? '学生' : r.pick(profile.occupations);
  const c = world.community[i] ?? -1;
  const colleague = c >= 0 && world.communityKind[c] === 1;
  const employer = SALARIED.has(occupation)
    ? colleague
      ? (EMPLOYERS[c % EMPLOYERS.length] ?? null)
      : r.chance(0.75)
        ? r.pick(EMPLOYERS)
        : null
    : null;
  const income = Math.round(10 ** (4.6 + (profile.aumLog - 4) * 0.25 + r.normal() * 0.2) / 100) * 100;
  const aumLog = profile.aumLog + profile.aumSd * r.normal() + (lifecycle === '高价值潜力' ? -0.1 : 0);
  const aumFen = Math.max(0, Math.round(10 ** aumLog * 100 * (lifecycle === '易流失' ? 0.35 : 1)));
  const riskLevel = Math.min(5, Math.max(1, Math.round(2 + (profile.aumLog - 4.5) * 0.8 + (age < 35 ? 0.7 : age > 60 ? -0.8 : 0) + r.normal() * 0.8)));
  const hasCreditCard = isCustomer && r.chance([0.4, 0.5, 0.5, 0.05, 0.4, 0.1][b.cluster] ?? 0.2);
  const loanRoll = r.next();
  const loanKind: LoanKind = !isCustomer
    ? null
    : b.cluster === 1 && loanRoll < 0.35
      ? 'mortgage'
      : b.cluster === 4 && loanRoll < 0.5
        ? 'business'
        : b.cluster === 0 && loanRoll < 0.12
          ? 'consumer'
          : loanRoll < 0.04
            ? 'consumer'
            : null;
  const preApprovedP = [0.32, 0.26, 0.12, 0.05, 0.35, 0.08][b.cluster] ?? 0.1;
  const preApprovedFen = isCustomer && loanKind === null && age < 60 && r.chance(preApprovedP) ? r.int(3, 30) * 1_000_000 : 0;

  const wantsApp = influencer || r.chance(isCustomer ? HABIT_APP[habit] * (b.cluster === 3 ? 0.5 : 1) : 0.15);
  let app: AppUser | null = null;
  if (wantsApp) {
    const dr = rngFor(world, i, Stream.Devices, 3);
    const count = 1 + dr.weighted([0.7, 0.22, 0.08]);
    const earliest = Math.max(isCustomer ? openDay : world.asOf - 700, dayOf(2015, 1, 1));
    let registerDay = earliest + Math.floor(dr.next() * Math.max(1, world.asOf - 30 - earliest));
    if (inviteDay >= 0) registerDay = Math.min(world.asOf - 1, inviteDay + dr.int(0, 3));
    const headApp = b.role !== 'head' && b.role !== 'child' && dr.chance(0.15);
    app = {
      userNo: appUserNoOf(world, i),
      registerDay,
      devices: devicesOf(world, i, count),
      borrowed: headApp ? (devicesOf(world, b.headIndex, 1)[0] ?? null) : null,
      appVersion: dr.pick(['8.1.0', '8.1.5', '8.2.0', '8.2.1', '8.2.1', '8.3.0']),
    };
  }
  const cookies: string[] = [];
  if (r.chance(b.cluster === 2 ? 0.45 : 0.22) || (!isCustomer && r.chance(0.3))) {
    const n = 1 + r.weighted([0.7, 0.3]);
    for (let k = 0; k < n; k++) cookies.push(uuid(r));
  }

  const follows: OfficialAccountFollow[] = [];
  const wr = rngFor(world, i, Stream.Devices, 4);
  const unionid = wechatId(wr, 'o6_bm');
  const followP = isCustomer ? HABIT_OA[habit] : 0.5;
  for (let acct = 0; acct < OFFICIAL_ACCOUNTS.length; acct++) {
    const p = acct === 0 ? followP : hasCreditCard ? 0.45 : 0.04;
    if (!r.chance(p)) continue;
    const subscribeDay = Math.max(dayOf(2016, 1, 1), (isCustomer ? openDay : world.asOf - 700) + r.int(0, 400));
    follows.push({
      account: acct,
      openid: wechatId(wr, OFFICIAL_ACCOUNTS[acct]?.prefix ?? 'o'),
      subscribeDay: Math.min(world.asOf - 1, subscribeDay),
      unsubscribed: r.chance(habit === 'unreachable' ? 0.4 : 0.06),
      boundPhone: r.chance(0.45),
      boundCustNo: isCustomer && r.chance(0.3),
      unionidShown: r.chance(0.85),
    });
  }
  const miniP = isCustomer ? (habit === 'wechat' ? 0.4 : 0.12) : 0.35;
  const mini: MiniProgramUser | null = r.chance(miniP)
    ? ((): MiniProgramUser => {
        const weak = r.chance(0.25);
        return {
          openid: wechatId(wr, MINI_PROGRAM.prefix),
          registerDay: world.asOf - r.int(5, 600),
          phoneShown: !weak && r.chance(0.55),
          unionidShown: !weak && r.chance(0.75),
          form: weak || r.chance(0.4),
        };
      })()
    : null;
  const hasWechat = follows.length > 0 || mini !== null;

  const regChannel = invitedBy >= 0 ? '手机银行' : openDay > dayOf(2019, 1, 1) ? r.pick(['柜面', '手机银行', '手机银行', '微信银行', '美团联名合作', '批量代发']) : r.pick(['柜面', '柜面', '网上银行', '批量代发']);

  return {
    index: i,
    id: personId(i),
    b,
    isCustomer,
    cluster: b.cluster,
    lifecycle,
    habit,
    age,
    idType,
    idNo,
    phone,
    bankPhone,
    sharesPhoneOf,
    email,
    custNo: isCustomer ? custNoOf(world, i) : null,
    openDay,
    branch: branchOf(b.home),
    manager: b.cluster === 2 || r.chance(0.15) ? r.pick(MANAGERS) : null,
    occupation,
    education: EDUCATIONS[Math.min(EDUCATIONS.length - 1, Math.max(0, Math.round((age > 60 ? 1 : age < 35 ? 3 : 2.4) + r.normal())))] ?? '本科',
    marital: age < 26 ? (r.chance(0.85) ? '未婚' : '已婚') : age > 75 && r.chance(0.3) ? '丧偶' : (MARITAL[r.weighted([0.12, 0.78, 0.08, 0.02])] ?? '已婚'),
    incomeYuan: occupation === '学生' ? 0 : income,
    employer,
    riskLevel,
    riskAssessedDay: world.asOf - r.int(10, 1000),
    isStaff: r.chance(0.008),
    regChannel,
    aumFen,
    depositShare: b.cluster === 2 ? 0.25 + r.next() * 0.35 : b.cluster === 3 ? 0.6 + r.next() * 0.4 : 0.45 + r.next() * 0.55,
    hasCreditCard,
    loanKind,
    preApprovedFen,
    app,
    cookies,
    unionid: hasWechat ? unionid : null,
    follows,
    mini,
    crm: r.chance(isCustomer ? (b.cluster === 2 ? 0.8 : 0.2) : 0.3),
    influencer,
    community: world.community[i] ?? -1,
    invitedBy,
    inviteDay,
    dormantFrom: world.asOf - r.int(200, 500),
    fadeFrom: world.asOf - r.int(90, 150),
  };
}

/** Activity multiplier of a lifecycle group on a given day: sleepers stop, churn risks fade, heavy users double. */
export function activityOn(p: Person, day: number): number {
  switch (p.lifecycle) {
    case '高频':
      return 2.6;
    case '稳定沉睡':
      return day >= p.dormantFrom ? 0 : 0.8;
    case '易流失':
      return day >= p.fadeFrom ? 0.15 : 1.3;
    case '高价值潜力':
      return 1.2;
    default:
      return 1;
  }
}

/** The behaviour stream of a person: every row about them draws from it, in a fixed order. */
export function behaviourRandom(world: DemoWorld, i: number): Random {
  return rngFor(world, i, Stream.Behaviour);
}
