/** The `cluster.*` engine methods (智能分群). */
import type { Services, Handlers } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { listFeatures, PROFILE_TABLE } from './featureCatalog.ts';
import { normalizeSettings, runClustering, scan } from './clusterRun.ts';
import { listRuns, loadRun, mapPoints, saveSelection } from './clusterStore.ts';
import { UMAP_POINTS, umapMap } from './umapMap.ts';

/** Points the map sends at most; above this the scatter shows a seeded sample (ECharts large mode stays smooth). */
export const MAP_POINTS = 100_000;

export function clusterHandlers(s: Services): Handlers<'cluster.features' | 'cluster.scan' | 'cluster.run' | 'cluster.runs' | 'cluster.result' | 'cluster.map' | 'cluster.umap' | 'cluster.select'> {
  return {
    'cluster.features': (args) => listFeatures(s.workspace.db, args.table ?? PROFILE_TABLE),
    'cluster.scan': (args, ctx) => {
      const { kMin, kMax, sampleRows, ...settings } = args;
      return scan(s.workspace.db, normalizeSettings(settings), { ...(kMin !== undefined ? { kMin } : {}), ...(kMax !== undefined ? { kMax } : {}), ...(sampleRows !== undefined ? { sampleRows } : {}) }, ctx, () => s.host.now());
    },
    'cluster.run': async (args, ctx) => {
      const db = s.workspace.db;
      const result = await runClustering(db, s.host, args, ctx);
      await db.mutate(() =>
        db.transaction(() =>
          appendAudit(db, s.host, 'cluster.run', { runId: result.runId, table: result.table, k: result.k, seed: result.seed, rows: result.rows, features: result.settings.features.length }),
        ),
      );
      return result;
    },
    'cluster.runs': (args) => listRuns(s.workspace.db, args.table),
    'cluster.result': (args) => loadRun(s.workspace.db, args.runId),
    'cluster.map': (args) => mapPoints(s.workspace.db, args.runId, Math.max(1, Math.min(args.maxPoints ?? MAP_POINTS, 1_000_000))),
    'cluster.umap': (args, ctx) => umapMap(s.workspace.db, args.runId, args.maxPoints ?? UMAP_POINTS, ctx),
    'cluster.select': (args) => {
      const db = s.workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          const sel = saveSelection(db, new Date(s.host.now()).toISOString(), args);
          appendAudit(db, s.host, 'cluster.select', { selectionId: sel.selectionId, runId: sel.runId, source: args.cluster !== undefined ? 'cluster' : 'lasso', members: sel.members });
          return sel;
        }),
      );
    },
  };
}
