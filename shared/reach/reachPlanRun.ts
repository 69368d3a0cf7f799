/**
 * Running a plan against the workspace: validate it, find the entrants and their propensities, replay it
 * (deterministic, optionally with Monte-Carlo intervals), export a step's audience through the audience export
 * (channel preset, compliance, holdout keyed on the plan key), describe the whole plan in a manifest, and
 * measure lift once results are re-imported.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { AudienceExportArgs, ExportManifest } from '#shared/api/exportTypes.ts';
import type {
  LiftReport,
  LiftRow,
  PlanComparison,
  PlanManifest,
  ReachAction,
  ReachPlan,
  ReachTagRunResult,
  SimulationResult,
  StepExportArgs,
  StepExportResult,
} from '#shared/api/reachTypes.ts';
import type { Db, SqlValue } from '#shared/db/database.ts';
import { dayNumber, dayString } from '#shared/analytics/days.ts';
import { loadComplianceSettings } from '#shared/compliance/complianceSettings.ts';
import { firstAllowedTime } from '#shared/compliance/quietHours.ts';
import { exportAudience, workspaceLabel, type ExportEnv } from '#shared/export/audienceExport.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { EVENT_TUPLE, FactOwners, TOUCH_TUPLE } from '#shared/profile/factOwners.ts';
import { Persons } from '#shared/profile/persons.ts';
import { ACTION_LEVEL, actionOfText, exportChannel } from './channels.ts';
import { entrants } from './entry.ts';
import { rateDifference } from './lift.ts';
import { checkPlan, DEFAULT_SEND_TIME, stepDays, stepLabel } from './planModel.ts';
import { latestRun, loadSimInput, savePlan, sendsInWindow } from './reachStore.ts';
import { describeReplay, replayDeterministic, replayMonteCarlo, type DeterministicReplay } from './simulate.ts';
import { CHANNELS } from './touchHistory.ts';

export interface ReachEnv {
  readonly db: Db;
  readonly asOfDate: string | null;
  readonly ctx: JobContext;
}

/** The plan, validated against the workspace's tags and quiet hours; `BAD_ARGUMENT` listing every problem. */
export function validPlan(db: Db, raw: unknown): ReachPlan {
  const c = checkPlan(raw, planContext(db));
  if (!c.plan) throw new ExpectedError('BAD_ARGUMENT', `The plan has problems: ${c.problems.map((p) => `${p.path || '(plan)'}: ${p.message}`).join(' ')}`, { problems: c.problems.map((p) => p.code).join(',') });
  return c.plan;
}

export function planContext(db: Db): { knownTags: ReadonlySet<string>; quietHours: { start: string; end: string } | null } {
  const q = loadComplianceSettings(db).quietHours;
  const tags = new Set(db.all<{ tag: string }>('SELECT tag FROM tag_def').map((r) => r.tag));
  return { knownTags: tags, quietHours: q.enabled ? { start: q.start, end: q.end } : null };
}

function requireAsOf(env: ReachEnv): string {
  if (env.asOfDate === null) throw new ExpectedError('BAD_ARGUMENT', 'The workspace has no as-of date (数据截止日); import data or set one first.', { field: 'asOfDate' });
  return env.asOfDate;
}

function requireRun(db: Db): ReachTagRunResult {
  const run = latestRun(db);
  if (!run) throw new ExpectedError('NOT_FOUND', 'No channel habit run yet: compute the habit tags first (reach.tags, `kequn reach tags`).', { what: 'reach_run' });
  return run;
}

interface Prepared {
  readonly plan: ReachPlan;
  readonly run: ReachTagRunResult;
  readonly oneIds: readonly string[];
  readonly replay: DeterministicReplay;
  readonly input: ReturnType<typeof loadSimInput>;
}

async function prepare(env: ReachEnv, raw: unknown): Promise<Prepared> {
  const plan = validPlan(env.db, raw);
  const asOf = requireAsOf(env);
  const run = requireRun(env.db);
  const oneIds = entrants(env.db, plan.entry);
  const cap = plan.frequencyCap;
  const recent = cap ? await sendsInWindow(env.db, asOf, cap.days, oneIds, env.ctx) : new Uint16Array(oneIds.length);
  const input = loadSimInput(env.db, run, oneIds, recent);
  return { plan, run, oneIds, input, replay: replayDeterministic(plan, input) };
}

/**
 * Simulates a plan on history. Deterministic step sizes always; with `monte_carlo`, means and 90 % intervals of
 * `runs` seeded replays (seed: the job's). `holdout` is the expected control group at entry (not removed: every
 * entrant is replayed so step exports can split each step into target and control the same way).
 */
export async function simulatePlan(env: ReachEnv, raw: unknown, mode: 'deterministic' | 'monte_carlo', runs: number): Promise<SimulationResult> {
  const started = Date.now();
  if (!Number.isInteger(runs) || runs < 10 || runs > 5000) throw new ExpectedError('BAD_ARGUMENT', `runs must be an integer from 10 to 5000, got ${runs}.`, { field: 'runs' });
  const p = await prepare(env, raw);
  const mc = mode === 'monte_carlo' ? await replayMonteCarlo(p.plan, p.input, runs, env.ctx.seed, env.ctx) : null;
  const { steps, flows } = describeReplay(p.plan, p.replay.counts, mc);
  const sends: Partial<Record<(typeof CHANNELS)[number], number>> = {};
  CHANNELS.forEach((c, i) => {
    const n = p.replay.counts.sends[i] ?? 0;
    if (n > 0) sends[c] = n;
  });
  return {
    planKey: p.plan.key,
    asOfDate: p.run.asOfDate,
    mode,
    runs: mc ? runs : 0,
    seed: env.ctx.seed,
    tagRunId: p.run.runId,
    entry: p.oneIds.length,
    holdout: Math.round((p.oneIds.length * (p.plan.holdoutPercent ?? 0)) / 100),
    steps,
    flows,
    sends,
    ms: Date.now() - started,
  };
}

/** Two plans replayed deterministically on the same data: step sizes of each and sends in total. */
export async function comparePlans(env: ReachEnv, a: unknown, b: unknown): Promise<PlanComparison> {
  const ra = await simulatePlan(env, a, 'deterministic', 10);
  const rb = await simulatePlan(env, b, 'deterministic', 10);
  const ids = [...new Set([...ra.steps, ...rb.steps].filter((s) => s.type !== 'send' && s.type !== 'wait').map((s) => s.id))];
  const outcomes = ids.map((id) => {
    const sa = ra.steps.find((s) => s.id === id);
    const sb = rb.steps.find((s) => s.id === id);
    return { step: id, label: sa?.label ?? sb?.label ?? id, a: sa?.entered ?? 0, b: sb?.entered ?? 0 };
  });
  const total = (r: SimulationResult): number => Object.values(r.sends).reduce((x, y) => x + y, 0);
  return { a: ra, b: rb, outcomes, sendsA: total(ra), sendsB: total(rb) };
}

/** `YYYY-MM-DD HH:MM` a step happens at: the day after the as-of date plus the waits before it. */
function plannedAtOf(db: Db, plan: ReachPlan, stepId: string, asOfDate: string): string {
  const step = plan.steps.find((s) => s.id === stepId);
  const date = dayString(dayNumber(asOfDate) + 1 + (stepDays(plan).get(stepId) ?? 0));
  if (step?.type === 'send') return `${date} ${step.time ?? DEFAULT_SEND_TIME}`;
  return firstAllowedTime(loadComplianceSettings(db).quietHours, date).slice(0, 16);
}

/**
 * Exports the deterministic audience of one step through the audience export (preset of the step's channel,
 * compliance exclusions, holdout keyed on the plan key so a customer is control at every step or none), and
 * records the plan and the step's export. `manifest.counts.segment` equals the step's simulated size.
 */
export async function exportStep(env: ReachEnv, exportEnv: ExportEnv, args: StepExportArgs, at: string): Promise<StepExportResult> {
  const p = await prepare(env, args.plan);
  const asOf = requireAsOf(env);
  const index = p.plan.steps.findIndex((s) => s.id === args.step);
  const step = p.plan.steps[index];
  if (!step) throw new ExpectedError('NOT_FOUND', `The plan has no step "${args.step}".`, { step: args.step });
  const members = (p.replay.members[index] ?? []).map((i) => p.oneIds[i] ?? '');
  const preset = args.preset ?? (step.type === 'send' ? exportChannel(step.channel).preset : 'custom');
  const holdout = p.plan.holdoutPercent ?? 0;
  const spec: AudienceExportArgs = {
    // The members come from `source` below; the reference is not looked up.
    segment: { id: 0 },
    preset,
    format: args.format ?? 'csv',
    plannedAt: plannedAtOf(env.db, p.plan, step.id, asOf),
    campaignKey: p.plan.key,
    fileName: `${p.plan.key}-${step.id}`,
    ...(holdout > 0 ? { holdoutPercent: holdout } : {}),
    ...(preset === 'sms' && step.type === 'send' && step.template ? { smsTemplate: step.template } : {}),
    ...(args.unmask ? { unmask: args.unmask } : {}),
  };
  const source = {
    segment: { segmentId: 0, name: `${p.plan.name} · ${stepLabel(step)}`, version: 1, size: members.length, asOf, rule: { reachPlan: p.plan.key, step: step.id, entry: p.plan.entry } },
    oneIds: members,
  };
  const result = await exportAudience(exportEnv, spec, workspaceLabel(env.db), source);
  env.db.transaction(() => {
    savePlan(env.db, p.plan, at);
    env.db.run('INSERT INTO reach_step_export (plan_key, step_id, export_id, at) VALUES (?, ?, ?, ?)', [p.plan.key, step.id, result.manifest.exportId, at]);
  });
  return { ...result, stepSize: members.length };
}

/** The plan manifest: every step with its simulated size and latest export, and those exports' manifests. */
export async function planManifest(env: ReachEnv, raw: unknown, createdAt: string, appVersion: string): Promise<PlanManifest> {
  const p = await prepare(env, raw);
  const q = planContext(env.db).quietHours;
  const plan = p.plan;
  const latest = new Map(
    env.db.all<{ step_id: string; export_id: number }>('SELECT step_id, max(export_id) AS export_id FROM reach_step_export WHERE plan_key = ? GROUP BY step_id', [plan.key]).map((r) => [r.step_id, r.export_id]),
  );
  const exports: ExportManifest[] = [];
  for (const id of latest.values()) {
    const m = env.db.value('SELECT manifest FROM export_log WHERE export_id = ?', [id]);
    if (typeof m === 'string') exports.push(JSON.parse(m) as ExportManifest);
  }
  return {
    manifestVersion: 1,
    kind: 'reach_plan',
    createdAt,
    appVersion,
    asOfDate: p.run.asOfDate,
    plan,
    quietHours: plan.quietHours ?? q,
    tagRunId: p.run.runId,
    steps: plan.steps.map((s, i) => ({ id: s.id, type: s.type, label: stepLabel(s), entered: p.replay.counts.entered[i] ?? 0, exportId: latest.get(s.id) ?? null })),
    exports,
  };
}

/** Days on which each customer (row of `persons`) did `action` or more, from touches and events. */
function outcomeDays(db: Db, action: ReachAction): Map<string, number[]> {
  const persons = Persons.load(db);
  const out = new Map<string, number[]>();
  const add = (owner: number, time: SqlValue | undefined): void => {
    if (owner < 0 || typeof time !== 'string') return;
    const day = dayNumber(time);
    if (Number.isNaN(day)) return;
    const id = persons.oneIds[owner] ?? '';
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(day);
  };
  const level = ACTION_LEVEL[action];
  for (const [table, layout, what, time] of [
    ['touches', TOUCH_TUPLE, 'action', 'touch_time'],
    ['events', EVENT_TUPLE, 'event_name', 'event_time'],
  ] as const) {
    const owners = new FactOwners(db, persons, layout);
    const cols = layout.columns.map((c) => `ifnull(CAST(${c} AS TEXT), '')`).join(', ');
    const fields = new Array<string>(layout.columns.length).fill('');
    db.each(`SELECT ${cols}, ${what}, ${time} FROM ${table}`, [], (r) => {
      const a = actionOfText(r[layout.columns.length] == null ? null : String(r[layout.columns.length]));
      if (a === null || ACTION_LEVEL[a] < level) return;
      for (let k = 0; k < fields.length; k++) fields[k] = String(r[k] ?? '');
      add(owners.ownerOf(fields, 0), r[layout.columns.length + 1]);
    });
  }
  return out;
}

/**
 * Treated (target arm) against holdout (control arm) of each exported step: customers with the outcome within
 * `windowDays` after the step's planned time, and the rate difference with its 95 % Newcombe interval.
 */
export function liftReport(db: Db, planKey: string, action: ReachAction, windowDays: number): LiftReport {
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 365) throw new ExpectedError('BAD_ARGUMENT', `windowDays must be an integer from 1 to 365, got ${windowDays}.`, { field: 'windowDays' });
  const steps = db.all<{ step_id: string; export_id: number }>('SELECT step_id, max(export_id) AS export_id FROM reach_step_export WHERE plan_key = ? GROUP BY step_id ORDER BY export_id', [planKey]);
  if (steps.length === 0) throw new ExpectedError('NOT_FOUND', `No step of plan ${planKey} has been exported yet.`, { planKey });
  const days = outcomeDays(db, action);
  const rows: LiftRow[] = steps.map((s) => {
    const counts = { target: [0, 0], control: [0, 0] };
    db.each('SELECT one_id, arm, planned_at FROM export_contact WHERE export_id = ?', [s.export_id], (r) => {
      const arm = r[1] === 'control' ? counts.control : counts.target;
      const from = dayNumber(String(r[2]));
      arm[0] = (arm[0] ?? 0) + 1;
      if ((days.get(String(r[0])) ?? []).some((d) => d >= from && d < from + windowDays)) arm[1] = (arm[1] ?? 0) + 1;
    });
    const [treated = 0, treatedActed = 0] = counts.target;
    const [control = 0, controlActed = 0] = counts.control;
    const d = rateDifference(treatedActed, treated, controlActed, control);
    return { step: s.step_id, exportId: s.export_id, treated, treatedActed, control, controlActed, lift: d?.diff ?? null, low: d?.low ?? null, high: d?.high ?? null };
  });
  return { planKey, action, windowDays, rows };
}
