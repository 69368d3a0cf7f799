import type { Handlers, Services } from '#shared/engine.ts';
import { buildQualityReport } from './qualityReport.ts';

export function qualityHandlers(s: Services): Handlers<'quality.report'> {
  return {
    'quality.report': (_args, ctx) => {
      const db = s.workspace.db;
      // In the write queue: the report reads in chunks with yields, and an import must not land in between.
      return db.mutate(() =>
        buildQualityReport(db, ctx, { generatedAt: new Date(s.host.now()).toISOString(), asOfDate: s.workspace.asOfDate() }),
      );
    },
  };
}
