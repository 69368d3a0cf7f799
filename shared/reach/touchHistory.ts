/**
 * Reads the touch log into per-customer, per-channel message counts: a message is one (customer, channel,
 * campaign_id, template) — the platforms write one row per send, delivery, open, click, login and conversion of
 * it, and a campaign's re-push carries its own template — and its outcome is the furthest action seen. Each
 * message also counts with a recency weight ½^(days before the customer's latest message / half-life) so old
 * habits give way to newer ones. Rows are tied to customers the
 * way the wide table ties them (customer number, else the ONE_ID of their identifier tuple). The customers' own
 * logins (behaviour log) are counted too. All windows end on the as-of date.
 */
import { REACH_CHANNELS, type ReachChannel } from '#shared/api/reachTypes.ts';
import type { Db, SqlValue } from '#shared/db/database.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { EVENT_TUPLE, FactOwners, TOUCH_TUPLE } from '#shared/profile/factOwners.ts';
import { Persons } from '#shared/profile/persons.ts';
import { ACTION_LEVEL, ACTION_WORDS_OF, actionOfText, channelOfText } from './channels.ts';

export const CHANNELS = REACH_CHANNELS;
export const CHANNEL_COUNT = CHANNELS.length;

export function channelIndex(c: ReachChannel): number {
  return CHANNELS.indexOf(c);
}

/** Counts per customer (row index of `oneIds`) × channel, stored flat at `customer * CHANNEL_COUNT + channel`. */
export interface TouchHistory {
  readonly oneIds: readonly string[];
  /** Messages in the history window. */
  readonly messages: Uint16Array;
  /** Messages opened, clicked or acted on. */
  readonly responses: Uint16Array;
  /** Messages and responses weighted by recency, ½^(days before the customer's latest message / half-life). */
  readonly weightedMessages: Float32Array;
  readonly weightedResponses: Float32Array;
  /** Logins per customer in the behaviour log (events) in the window, null when no event of the window was read. */
  readonly logins: Uint16Array | null;
  /** Messages whose every row is a failure (发送失败): the channel did not reach the customer. */
  readonly failed: Uint16Array;
  /** Messages sent in the fatigue window. */
  readonly recent: Uint16Array;
  /** Responses per hour of day (customer * 24 + hour) and weekday (customer * 7 + day, 0 = Monday). */
  readonly hours: Uint16Array;
  readonly weekdays: Uint16Array;
  /** Messages per channel × action (open, click, login, convert) whose outcome reached at least that action. */
  readonly actionCounts: Float64Array;
  readonly rows: number;
  readonly unowned: number;
  readonly unknownChannel: number;
  readonly unknownAction: number;
}

export interface HistoryWindow {
  readonly asOfDate: string;
  readonly historyDays: number;
  readonly fatigueDays: number;
  /** Half-life of a message's weight, days (default: no decay). */
  readonly halfLifeDays?: number;
  /** Also count the customers' own logins in the events table. */
  readonly logins?: boolean;
}

interface Message {
  level: number;
  responseHour: number;
  responseWeekday: number;
  firstDay: number;
}

const PAGE = 50_000;

const saturating = (a: Uint16Array, i: number, by = 1): void => {
  a[i] = Math.min(65535, (a[i] ?? 0) + by);
};

/** Reads the touches of the window (as-of − historyDays, as-of] into a {@link TouchHistory}. */
export async function readTouchHistory(db: Db, w: HistoryWindow, ctx: JobContext): Promise<TouchHistory> {
  const persons = Persons.load(db);
  const owners = new FactOwners(db, persons, TOUCH_TUPLE);
  const asOf = dayNumber(w.asOfDate);
  const fromDay = asOf - w.historyDays + 1;
  const fatigueFrom = asOf - w.fatigueDays + 1;
  const P = persons.size;
  const byKey = new Map<string, Message>();
  let rows = 0;
  let unowned = 0;
  let unknownChannel = 0;
  let unknownAction = 0;
  const fields: string[] = new Array<string>(TOUCH_TUPLE.columns.length).fill('');
  const idCols = TOUCH_TUPLE.columns.map((c) => `ifnull(CAST(${c} AS TEXT), '')`).join(', ');
  const at = TOUCH_TUPLE.columns.length;
  const total = Number(db.value('SELECT count(*) FROM touches') ?? 0);
  let read = 0;
  const onRow = (r: readonly SqlValue[]): void => {
    read++;
    const time = String(r[at + 3] ?? '');
    const day = dayNumber(time);
    // The window is checked here, not in SQL: paging by row id must stay a plain range scan.
    if (!(day >= fromDay && day <= asOf)) return;
    rows++;
    const channel = channelOfText(r[at + 1] == null ? null : String(r[at + 1]));
    if (channel === null) {
      unknownChannel++;
      return;
    }
    const action = actionOfText(r[at + 2] == null ? null : String(r[at + 2]));
    if (action === null) {
      unknownAction++;
      return;
    }
    for (let k = 0; k < at; k++) fields[k] = String(r[k + 1] ?? '');
    const owner = owners.ownerOf(fields, 0);
    if (owner < 0) {
      unowned++;
      return;
    }
    const key = `${owner}\u001f${channel}\u001f${String(r[at + 4] ?? '')}\u001f${String(r[at + 5] ?? '')}`;
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = { level: Number.NEGATIVE_INFINITY, responseHour: -1, responseWeekday: -1, firstDay: day }));
    const level = ACTION_LEVEL[action];
    if (level >= ACTION_LEVEL.open && (m.responseHour < 0 || level < m.level)) {
      m.responseHour = Number(time.slice(11, 13)) || 0;
      // Day 0 (1970-01-01) was a Thursday; 0 = Monday.
      m.responseWeekday = (((day + 3) % 7) + 7) % 7;
    }
    if (level > m.level) m.level = level;
    if (day < m.firstDay) m.firstDay = day;
  };
  // Paged by row id so the job can report progress and be cancelled between pages.
  let lastRowId = 0;
  for (;;) {
    let seen = 0;
    db.each(
      `SELECT row_id, ${idCols}, channel, action, touch_time, campaign_id, template FROM touches
       WHERE row_id > ? ORDER BY row_id LIMIT ?`,
      [lastRowId, PAGE],
      (r) => {
        seen++;
        lastRowId = Number(r[0]);
        onRow(r);
      },
    );
    ctx.progress('reach.read', read, total);
    await ctx.checkpoint();
    if (seen < PAGE) break;
  }
  ctx.progress('reach.read', total, total);

  const messages = new Uint16Array(P * CHANNEL_COUNT);
  const responses = new Uint16Array(P * CHANNEL_COUNT);
  const failed = new Uint16Array(P * CHANNEL_COUNT);
  const recent = new Uint16Array(P * CHANNEL_COUNT);
  const hours = new Uint16Array(P * 24);
  const weekdays = new Uint16Array(P * 7);
  const actionCounts = new Float64Array(CHANNEL_COUNT * 4);
  const weightedMessages = new Float32Array(P * CHANNEL_COUNT);
  const weightedResponses = new Float32Array(P * CHANNEL_COUNT);
  const halfLife = w.halfLifeDays ?? Number.POSITIVE_INFINITY;
  // Age is counted from the customer's latest message, not the as-of date: older habits weigh less than newer
  // ones, while a customer contacted only last quarter keeps the full weight of that evidence.
  const latest = new Int32Array(P).fill(-2147483648);
  for (const [key, m] of byKey) {
    const owner = Number(key.slice(0, key.indexOf('\u001f')));
    if (m.firstDay > (latest[owner] ?? 0)) latest[owner] = m.firstDay;
  }
  for (const [key, m] of byKey) {
    const a = key.indexOf('\u001f');
    const b = key.indexOf('\u001f', a + 1);
    const owner = Number(key.slice(0, a));
    const c = channelIndex(key.slice(a + 1, b) as ReachChannel);
    const i = owner * CHANNEL_COUNT + c;
    saturating(messages, i);
    const weight = 0.5 ** (((latest[owner] ?? m.firstDay) - m.firstDay) / halfLife);
    weightedMessages[i] = (weightedMessages[i] ?? 0) + weight;
    if (m.level === ACTION_LEVEL.fail) saturating(failed, i);
    if (m.level >= ACTION_LEVEL.open) {
      saturating(responses, i);
      weightedResponses[i] = (weightedResponses[i] ?? 0) + weight;
      saturating(hours, owner * 24 + m.responseHour);
      saturating(weekdays, owner * 7 + m.responseWeekday);
    }
    for (let a = 0; a < 4; a++) if (m.level >= ACTION_LEVEL.open + a) actionCounts[c * 4 + a] = (actionCounts[c * 4 + a] ?? 0) + 1;
    if (m.firstDay >= fatigueFrom) saturating(recent, i);
  }
  const logins = w.logins === true ? await readLogins(db, persons, fromDay, asOf, ctx) : null;
  return { oneIds: persons.oneIds, messages, responses, weightedMessages, weightedResponses, logins, failed, recent, hours, weekdays, actionCounts, rows, unowned, unknownChannel, unknownAction };
}

const LOGIN_WORDS = ACTION_WORDS_OF.login;

/**
 * Logins per customer in the events table within days [fromDay, asOf]: the customer came on their own, so
 * silence to messages is not silence on every channel. Null when the window holds no event at all (no
 * behaviour log imported), so the caller can say the evidence is missing rather than absent.
 */
async function readLogins(db: Db, persons: Persons, fromDay: number, asOf: number, ctx: JobContext): Promise<Uint16Array | null> {
  const from = dayString(fromDay);
  const to = dayString(asOf + 1);
  const any = db.value('SELECT 1 FROM events WHERE event_time >= ? AND event_time < ? LIMIT 1', [from, to]);
  if (any == null) return null;
  const owners = new FactOwners(db, persons, EVENT_TUPLE);
  const out = new Uint16Array(persons.size);
  const fields: string[] = new Array<string>(EVENT_TUPLE.columns.length).fill('');
  const idCols = EVENT_TUPLE.columns.map((c) => `ifnull(CAST(${c} AS TEXT), '')`).join(', ');
  const words = LOGIN_WORDS.map(() => '?').join(', ');
  db.each(`SELECT ${idCols} FROM events WHERE event_time >= ? AND event_time < ? AND lower(trim(event_name)) IN (${words})`, [from, to, ...LOGIN_WORDS], (r) => {
    for (let k = 0; k < fields.length; k++) fields[k] = String(r[k] ?? '');
    const owner = owners.ownerOf(fields, 0);
    if (owner >= 0) saturating(out, owner);
  });
  await ctx.checkpoint();
  return out;
}
