/**
 * What the reach module keeps in the workspace: habit-tag runs (`reach_run`), per customer × channel
 * propensities (`reach_propensity`), the tags themselves in `customer_tag` (registered in the tag registry), and
 * exported plans with the export of each step (`reach_plan`, `reach_step_export`).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ChannelPrior, ReachPlan, ReachTagRunResult, ReachTagSettings, ReachTagSettingsPatch } from '#shared/api/reachTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { registerTags } from '#shared/tags/tagRegistry.ts';
import { computeHabitTags, DEFAULT_REACH_TAG_SETTINGS, REACH_MODULE, reachTagDefinitions } from './habitTags.ts';
import type { SimInput } from './simulate.ts';
import { CHANNEL_COUNT, CHANNELS, channelIndex, readTouchHistory } from './touchHistory.ts';

const LIMITS: Readonly<Record<keyof ReachTagSettings, readonly [number, number, boolean]>> = {
  historyDays: [7, 3650, true],
  halfLifeDays: [1, 3650, true],
  fatigueDays: [1, 365, true],
  fatigueSends: [1, 1000, true],
  preferMinProbability: [0.5, 1, false],
  unreachableMinSends: [1, 1000, true],
  unreachableMinChannels: [1, CHANNEL_COUNT, true],
};

/** Defaults overlaid with a patch; `BAD_ARGUMENT` naming the field for a value out of range. */
export function mergeReachSettings(patch: ReachTagSettingsPatch | undefined): ReachTagSettings {
  const out: Record<string, number> = { ...DEFAULT_REACH_TAG_SETTINGS };
  for (const [key, [min, max, integer]] of Object.entries(LIMITS)) {
    const v = (patch as Record<string, unknown> | undefined)?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new ExpectedError('BAD_ARGUMENT', `${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}.`, { field: key });
    }
    out[key] = v;
  }
  return out as unknown as ReachTagSettings;
}

/**
 * Computes the channel habit tags as of `asOfDate` and stores the run, the propensities and the tags (older reach
 * tag rows are replaced). Call inside the write queue.
 */
export async function runHabitTags(db: Db, asOfDate: string, settings: ReachTagSettings, at: string, ctx: JobContext): Promise<ReachTagRunResult> {
  const started = Date.now();
  const history = await readTouchHistory(db, { asOfDate, historyDays: settings.historyDays, fatigueDays: settings.fatigueDays, halfLifeDays: settings.halfLifeDays, logins: true }, ctx);
  ctx.progress('reach.tags', 0, 1);
  const result = computeHabitTags(history, settings);
  await ctx.checkpoint();
  const defs = reachTagDefinitions(settings);
  const tagCounts: Record<string, number> = Object.fromEntries(defs.map((d) => [d.key, 0]));
  for (const r of result.rows) tagCounts[r.tag] = (tagCounts[r.tag] ?? 0) + 1;
  const tx = db.begin();
  try {
    const runId = Number(db.value('SELECT ifnull(max(run_id), 0) + 1 FROM reach_run') ?? 1);
    const summary = {
      customersWithHistory: result.customersWithHistory,
      touchRows: history.rows,
      unownedRows: history.unowned,
      unknownChannelRows: history.unknownChannel,
      unknownActionRows: history.unknownAction,
      tagCounts,
    };
    db.run('INSERT INTO reach_run (run_id, at, as_of, settings, priors, summary) VALUES (?, ?, ?, ?, ?, ?)', [runId, at, asOfDate, JSON.stringify(settings), JSON.stringify(result.priors), JSON.stringify(summary)]);
    db.run('DELETE FROM reach_propensity WHERE run_id < ?', [runId]);
    db.withStatement('INSERT INTO reach_propensity (run_id, one_id, channel, messages, responses, failed, recent, rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', (st) => {
      for (let i = 0; i < history.oneIds.length; i++) {
        for (let c = 0; c < CHANNEL_COUNT; c++) {
          const at2 = i * CHANNEL_COUNT + c;
          const n = history.messages[at2] ?? 0;
          if (n === 0) continue;
          st.run([runId, history.oneIds[i] ?? '', CHANNELS[c] ?? '', n, history.responses[at2] ?? 0, history.failed[at2] ?? 0, history.recent[at2] ?? 0, result.rates[at2] ?? 0]);
        }
      }
    });
    registerTags(db, defs);
    db.run(`DELETE FROM customer_tag WHERE tag IN (SELECT tag FROM tag_def WHERE module = ?)`, [REACH_MODULE]);
    db.withStatement('INSERT INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, ?, ?)', (st) => {
      for (const r of result.rows) st.run([history.oneIds[r.customer] ?? '', r.tag, r.value, r.reason, runId]);
    });
    tx.commit();
    ctx.progress('reach.tags', 1, 1);
    return { runId, asOfDate, settings, priors: result.priors, ...summary, ms: Date.now() - started };
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

interface RunRow {
  run_id: number;
  as_of: string;
  settings: string;
  priors: string;
  summary: string;
  [k: string]: string | number;
}

/** The latest habit-tag run, or null before the first. */
export function latestRun(db: Db): ReachTagRunResult | null {
  const r = db.get<RunRow>('SELECT run_id, as_of, settings, priors, summary FROM reach_run ORDER BY run_id DESC LIMIT 1');
  if (!r) return null;
  const summary = JSON.parse(r.summary) as Omit<ReachTagRunResult, 'runId' | 'asOfDate' | 'settings' | 'priors' | 'ms'>;
  return { runId: r.run_id, asOfDate: r.as_of, settings: JSON.parse(r.settings) as ReachTagSettings, priors: JSON.parse(r.priors) as ChannelPrior[], ...summary, ms: 0 };
}

/**
 * Propensities of `oneIds` (sorted or not) from a run; channels without history take the prior mean. `recent` is
 * each customer's sends in the plan's frequency-cap window (see {@link sendsInWindow}), zeros without a cap.
 */
export function loadSimInput(db: Db, run: ReachTagRunResult, oneIds: readonly string[], recent: Uint16Array): SimInput {
  const index = new Map(oneIds.map((o, i) => [o, i]));
  const rates = new Float32Array(oneIds.length * CHANNEL_COUNT);
  for (let i = 0; i < oneIds.length; i++) for (let c = 0; c < CHANNEL_COUNT; c++) rates[i * CHANNEL_COUNT + c] = run.priors[c]?.mean ?? 0;
  const unreachable = new Uint8Array(oneIds.length * CHANNEL_COUNT);
  db.each('SELECT one_id, channel, messages, failed, rate FROM reach_propensity WHERE run_id = ?', [run.runId], (r) => {
    const i = index.get(String(r[0]));
    if (i === undefined) return;
    const c = channelIndex(String(r[1]) as (typeof CHANNELS)[number]);
    if (c < 0) return;
    rates[i * CHANNEL_COUNT + c] = Number(r[4]);
    if (Number(r[3]) > 0 && Number(r[3]) === Number(r[2])) unreachable[i * CHANNEL_COUNT + c] = 1;
  });
  return { oneIds, rates, unreachable, recent, priors: run.priors };
}

/**
 * Messages (all channels) each of `oneIds` was sent in the `days` days up to the as-of date, read from the touch
 * log: what a plan's frequency cap {max, days} counts against, in its own window rather than the habit run's.
 */
export async function sendsInWindow(db: Db, asOfDate: string, days: number, oneIds: readonly string[], ctx: JobContext): Promise<Uint16Array> {
  const h = await readTouchHistory(db, { asOfDate, historyDays: days, fatigueDays: days }, ctx);
  const index = new Map(oneIds.map((o, i) => [o, i]));
  const out = new Uint16Array(oneIds.length);
  for (let p = 0; p < h.oneIds.length; p++) {
    const i = index.get(h.oneIds[p] ?? '');
    if (i === undefined) continue;
    let n = 0;
    for (let c = 0; c < CHANNEL_COUNT; c++) n += h.messages[p * CHANNEL_COUNT + c] ?? 0;
    out[i] = Math.min(65535, n);
  }
  return out;
}

export function savePlan(db: Db, plan: ReachPlan, at: string): void {
  db.run('INSERT INTO reach_plan (plan_key, name, plan, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(plan_key) DO UPDATE SET name = excluded.name, plan = excluded.plan, updated_at = excluded.updated_at', [
    plan.key,
    plan.name,
    JSON.stringify(plan),
    at,
  ]);
}
