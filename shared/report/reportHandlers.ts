/**
 * EngineApi handlers of the meeting pack (会议材料): the section list, building the pack, and the charts pinned
 * with 加入报告.
 */
import type { Handlers, Services } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { setMeta } from '#shared/workspace/workspaceService.ts';
import { buildReport, sectionInfo, type ReportEnv } from './buildReport.ts';
import { addPin, listPins, removePin } from './pinStore.ts';
import type { EngineCallFactory } from './reportModel.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';

type ReportMethods = 'report.sections' | 'report.build' | 'report.pin' | 'report.pins' | 'report.unpin';

export function reportHandlers(s: Services, callFor: EngineCallFactory): Handlers<ReportMethods> {
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const env = (ctx: JobContext): ReportEnv => {
    const db = s.workspace.db;
    return { call: callFor(ctx), db, asOfDate: s.workspace.asOfDate(), pins: listPins(db), appVersion: s.host.appVersion, now: nowIso() };
  };
  return {
    'report.sections': (_args, ctx) => sectionInfo(env(ctx), ctx),
    'report.build': async (args, ctx) => {
      const r = await buildReport(env(ctx), args, ctx);
      const db = s.workspace.db;
      // The options are what a recipe replays; the audit entry records that aggregates left the engine.
      await db.mutate(() =>
        db.transaction(() => {
          setMeta(db, 'report_options', JSON.stringify(args));
          appendAudit(db, s.host, 'report.build', { sections: r.sections.map((x) => x.key), language: r.language, charts: r.charts, asOf: r.asOfDate });
        }),
      );
      return r;
    },
    'report.pin': async (args) => {
      const db = s.workspace.db;
      return db.mutate(() => addPin(db, args, nowIso()));
    },
    'report.pins': () => listPins(s.workspace.db),
    'report.unpin': async (args) => {
      const db = s.workspace.db;
      return { deleted: await db.mutate(() => removePin(db, args.pinId)) };
    },
  };
}
