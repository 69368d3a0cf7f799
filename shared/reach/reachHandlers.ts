import type { PlanManifest, ReachHabitSummary } from '#shared/api/reachTypes.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { REACH_MODULE } from './habitTags.ts';
import { checkPlan, firstLoanTemplate } from './planModel.ts';
import { comparePlans, exportStep, liftReport, planContext, planManifest, simulatePlan, type ReachEnv } from './reachPlanRun.ts';
import { latestRun, mergeReachSettings, runHabitTags } from './reachStore.ts';

type ReachMethods =
  | 'reach.tags'
  | 'reach.summary'
  | 'reach.template'
  | 'reach.validate'
  | 'reach.simulate'
  | 'reach.compare'
  | 'reach.exportStep'
  | 'reach.manifest'
  | 'reach.lift';

export function reachHandlers(s: Services): Handlers<ReachMethods> {
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const env = (ctx: JobContext): ReachEnv => ({ db: s.workspace.db, asOfDate: s.workspace.asOfDate(), ctx });
  return {
    'reach.tags': (a, ctx) => {
      const db = s.workspace.db;
      const asOf = s.workspace.asOfDate();
      if (asOf === null) throw new ExpectedError('BAD_ARGUMENT', 'The workspace has no as-of date (数据截止日); import data or set one first.', { field: 'asOfDate' });
      const settings = mergeReachSettings(a.settings);
      return db.mutate(async () => {
        const result = await runHabitTags(db, asOf, settings, nowIso(), ctx);
        appendAudit(db, s.host, 'reach.tags', { runId: result.runId, asOf, tagCounts: result.tagCounts });
        return result;
      });
    },
    'reach.summary': (): ReachHabitSummary => {
      const db = s.workspace.db;
      const run = latestRun(db);
      const tags = db
        .all<{ tag: string; zh: string; en: string; members: number }>(
          'SELECT d.tag, d.zh, d.en, (SELECT count(*) FROM customer_tag t WHERE t.tag = d.tag AND t.run_id = ?) AS members FROM tag_def d WHERE d.module = ? ORDER BY d.tag',
          [run?.runId ?? -1, REACH_MODULE],
        )
        .map((r) => ({ tag: r.tag, zh: r.zh, en: r.en, members: r.members }));
      return { run, tags };
    },
    'reach.template': () => firstLoanTemplate(),
    'reach.validate': (a) => ({ problems: checkPlan(a.plan, s.workspace.isOpen ? planContext(s.workspace.db) : { knownTags: null, quietHours: null }).problems }),
    'reach.simulate': (a, ctx) => simulatePlan(env(ctx), a.plan, a.mode ?? 'deterministic', a.runs ?? 200),
    'reach.compare': (a, ctx) => comparePlans(env(ctx), a.a, a.b),
    'reach.exportStep': (a, ctx) => {
      const db = s.workspace.db;
      // In the write queue: the export builds a temporary member table and writes the export log.
      return db.mutate(() => exportStep(env(ctx), { db, host: s.host, ctx, asOfDate: s.workspace.asOfDate() }, a, nowIso()));
    },
    'reach.manifest': async (a, ctx): Promise<{ manifest: PlanManifest; bytes: Uint8Array }> => {
      const manifest = await planManifest(env(ctx), a.plan, nowIso(), s.host.appVersion);
      return { manifest, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) };
    },
    'reach.lift': (a) => liftReport(s.workspace.db, a.planKey, a.action ?? 'login', a.windowDays ?? 7),
  };
}
