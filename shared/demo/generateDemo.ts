/**
 * The deterministic demo generator: a bank's multi-channel exports as its systems would write them, plus the
 * planted ground truth under `truth/`. People are generated one at a time from (seed, index) and their rows
 * appended to every file, so memory holds encoded file bytes and a few typed arrays, never all people.
 */
import type { DemoFile, DemoOptions } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { dayOf, fmtCompact, fmtDay, parseDay } from './calendar.ts';
import { writeAppUser, writeCrm, writeEvents, writeVisits, writeWechat, type ChannelContext } from './channels.ts';
import { idNoOnFile, writeCoreBanking, writeCustomerRow, type PhoneOnFile } from './coreBanking.ts';
import { yuan } from './dirt.ts';
import { makeIdNo } from './identifiers.ts';
import { BANK, CLUSTERS, DISTRICTS, HABIT_ZH, MIGRANT_ORIGINS, PLACEHOLDER_PHONE, PRODUCTS } from './lexicon.ts';
import { writeTouches } from './marketing.ts';
import { FILES, HEADERS, Outputs } from './outputs.ts';
import { behaviourRandom, buildWorld, communityMembersOf, COMMUNITY_KINDS, custNoOf, derivePerson, personId, type DemoWorld, type Person } from './people.ts';
import { writeReferrals } from './relations.ts';
import { writeNotes } from './service.ts';
import { truthReadme } from './truthReadme.ts';

export const DEFAULT_AS_OF = '2024-06-30';
export const MAX_DEMO_CUSTOMERS = 2_000_000;

const REGIONS = [...DISTRICTS.map((d) => d.code), ...MIGRANT_ORIGINS];
const utf8 = new TextEncoder();

function validate(options: DemoOptions): number {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_DEMO_CUSTOMERS) {
    throw new ExpectedError('BAD_ARGUMENT', `customers must be an integer from 1 to ${MAX_DEMO_CUSTOMERS}, got ${String(customers)}`, { field: 'customers', value: String(customers) });
  }
  if (!Number.isFinite(seed)) throw new ExpectedError('BAD_ARGUMENT', `seed must be a number, got ${String(seed)}`, { field: 'seed', value: String(seed) });
  const text = options.asOfDate ?? DEFAULT_AS_OF;
  const asOf = parseDay(text);
  if (asOf === undefined || asOf < dayOf(2005, 1, 1) || asOf > dayOf(2099, 12, 31)) {
    throw new ExpectedError('BAD_ARGUMENT', `asOfDate must be a date YYYY-MM-DD between 2005 and 2099, got ${text}`, { field: 'asOfDate', value: text });
  }
  return asOf;
}

/**
 * 身份证 numbers are unique per person: on the rare clash of birthplace, birth date and order number the
 * order number moves on (keeping its odd/even sex digit). Keys fit well below 2^53.
 */
function uniqueIdNo(p: Person, used: Set<number>): Person {
  if (p.idType !== '居民身份证') return p;
  const region = REGIONS.indexOf(p.idNo.slice(0, 6));
  const base = region * 1e8 + (p.b.birthDay + 60_000) * 1000;
  let order = Number(p.idNo.slice(14, 17));
  for (let tries = 0; used.has(base + order) && tries < 500; tries++) order = (order + 2) % 1000;
  used.add(base + order);
  const idNo = makeIdNo(p.idNo.slice(0, 6), fmtCompact(p.b.birthDay), order);
  return idNo === p.idNo ? p : { ...p, idNo };
}

function writePreamble(world: DemoWorld, out: Outputs): void {
  const asOfText = fmtDay(world.asOf);
  out.customers.row(HEADERS.customers);
  out.accounts.row(HEADERS.accounts);
  out.transactions.row(HEADERS.transactions);
  out.products.row(HEADERS.products);
  for (const x of PRODUCTS) out.products.row([x.code, x.name, x.category, x.risk || null, x.issuer, x.rate || null, x.termDays > 0 ? String(x.termDays) : null, '在售']);
  const title = `${BANK}个人客户金融资产持有明细表（数据日期：${asOfText}）`;
  const titleLine = out.holdings.raw(title);
  out.dirt.add(FILES.holdings, titleLine, '', '*', 'title_line', '', title);
  out.holdings.row(HEADERS.holdings);
  out.loans.row(HEADERS.loans);
  out.appUsers.row(HEADERS.appUsers);
  out.events.row(HEADERS.events);
  out.officialAccount.row(HEADERS.officialAccount);
  out.miniProgram.row(HEADERS.miniProgram);
  out.crm.row(HEADERS.crm);
  out.touches.row(HEADERS.touches);
  out.notes.row(HEADERS.notes);
  out.relations.row(HEADERS.relations);
  out.truthPersons.row(['file', 'record_id', 'person_id', 'weak_only']);
  out.truthLifecycle.row(['person_id', 'cust_no', 'lifecycle']);
  out.truthClusters.row(['person_id', 'cust_no', 'cluster_id', 'cluster_name']);
  out.truthHabits.row(['person_id', 'cust_no', 'habit', 'habit_zh', 'has_app', 'follows_official_account', 'has_mini_program']);
  out.truthInfluencers.row(['person_id', 'cust_no', 'app_user_no', 'invites', 'shares']);
  out.truthCommunities.row(['community_id', 'kind', 'person_id', 'cust_no']);
  out.truthShared.row(['identifier_type', 'value', 'person_id', 'owner_person_id']);
  out.truthNotes.row(['note_id', 'person_id', 'topic', 'sentiment']);
}

function writePerson(world: DemoWorld, p: Person, out: Outputs): void {
  const r = behaviourRandom(world, p.index);
  // The phone on file is decided first: the SMS of every campaign goes to it (a placeholder fails to deliver).
  const roll = r.next();
  const phone: PhoneOnFile = roll < 0.012 ? 'placeholder' : roll < 0.022 ? 'missing' : roll < 0.042 ? 'format' : 'clean';
  const mobile = phone === 'missing' ? null : phone === 'placeholder' ? PLACEHOLDER_PHONE : p.bankPhone;
  const journey = writeTouches(world, p, r, out, { mobile, reachableBySms: phone !== 'placeholder' });
  const summary = writeCoreBanking({ world, p, r, out, journey });
  if (p.custNo !== null) {
    writeCustomerRow(world, p, r, out, summary, phone, idNoOnFile(p, r));
    out.truthPersons.row([FILES.customers, p.custNo, p.id, '0']);
    out.truthLifecycle.row([p.id, p.custNo, p.lifecycle]);
  }
  const cc: ChannelContext = { world, p, r, out };
  writeAppUser(cc);
  writeEvents(cc, journey);
  writeWechat(cc);
  writeCrm(cc);
  writeVisits(cc);
  writeNotes(world, p, r, out);
  const shares = writeReferrals(world, p, r, out);

  out.truthClusters.row([p.id, p.custNo, String(p.cluster), CLUSTERS[p.cluster]?.name ?? '']);
  out.truthHabits.row([p.id, p.custNo, p.habit, HABIT_ZH[p.habit], p.app ? '1' : '0', p.follows.some((f) => f.account === 0) ? '1' : '0', p.mini ? '1' : '0']);
  if (p.influencer) out.truthInfluencers.row([p.id, p.custNo, p.app?.userNo ?? null, String(world.inviteCount.get(p.index) ?? 0), String(shares)]);
  if (p.sharesPhoneOf >= 0) out.truthShared.row(['phone', p.bankPhone, p.id, personId(p.sharesPhoneOf)]);
  if (p.app?.borrowed) out.truthShared.row(['device_id', p.app.borrowed.id, p.id, personId(p.b.headIndex)]);
}

function writeClosing(world: DemoWorld, out: Outputs): void {
  const total = yuan(out.accountsTotalFen);
  const line = out.accounts.row(['合计', null, null, null, null, null, null, null, null, total, null]);
  out.dirt.add(FILES.accounts, line, '', '余额', 'total_row', total, '合计');
  for (let c = 0; c + 1 < world.communityStart.length; c++) {
    const id = `C${String(c + 1).padStart(5, '0')}`;
    const kind = COMMUNITY_KINDS[world.communityKind[c] ?? 0] ?? '';
    for (const m of communityMembersOf(world, c)) out.truthCommunities.row([id, kind, personId(m), custNoOf(world, m)]);
  }
}

/**
 * Generates the demo exports of a fictional city commercial bank (嘉禾银行) and their ground truth.
 *
 * @param options.customers core-banking customers, 1 … 2,000,000 (about 8% more people exist only in channels).
 * @param options.seed every random choice derives from it: the same seed and options give byte-identical files.
 * @param options.asOfDate `YYYY-MM-DD` (default 2024-06-30); histories cover the two years before it.
 * @returns the files in a fixed order: importable exports (with `kind`), then `truth/` (without `kind`).
 * Above 20,000 customers, per-customer transactions, events, visits, tickets and side campaigns thin out
 * by (20,000 / customers)^0.75 so that two million customers stay within a few GB (1M: about 2 GB).
 */
export async function generateDemo(options: DemoOptions, ctx: JobContext): Promise<DemoFile[]> {
  const asOf = validate(options);
  const world = buildWorld(options.seed >>> 0, options.customers, asOf);
  const out = new Outputs();
  writePreamble(world, out);
  const usedIds = new Set<number>();
  const total = world.persons;
  for (let i = 0; i < total; i++) {
    writePerson(world, uniqueIdNo(derivePerson(world, i), usedIds), out);
    if ((i & 511) === 511) {
      ctx.progress('demo.generate', i + 1, total + 1);
      await ctx.checkpoint();
    }
  }
  writeClosing(world, out);
  ctx.progress('demo.generate', total, total + 1);
  await ctx.checkpoint();
  const files = out.finish();
  const readme = truthReadme({ seed: options.seed >>> 0, customers: world.customers, persons: world.persons, asOf: fmtDay(asOf), density: world.density });
  files.push({ path: 'truth/README.md', bytes: utf8.encode(readme) });
  ctx.progress('demo.generate', total + 1, total + 1);
  return files;
}
