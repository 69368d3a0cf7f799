/**
 * Composes the domain handlers into the one EngineApi implementation. Every transport (Web Worker, CLI,
 * tests) builds an engine with `createEngine(host)` and calls it the same way.
 */
import type { Engine, EngineApi, EngineArgs, EngineEventName, EngineEvents, EngineMethod, EngineResult, JobOptions } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Host } from '#shared/host/host.ts';
import { createJobContext, type JobContext } from '#shared/jobs/jobContext.ts';
import { WorkspaceService } from '#shared/workspace/workspaceService.ts';
import { workspaceHandlers } from '#shared/workspace/workspaceHandlers.ts';
import { browseHandlers } from '#shared/browse/browseHandlers.ts';
import { ingestHandlers } from '#shared/ingest/ingestHandlers.ts';
import { qualityHandlers } from '#shared/quality/qualityHandlers.ts';
import { demoHandlers } from '#shared/demo/demoHandlers.ts';
import { identityHandlers } from '#shared/identity/identityHandlers.ts';
import { segmentHandlers } from '#shared/segments/segmentHandlers.ts';
import { portraitHandlers } from '#shared/portrait/portraitHandlers.ts';
import { warmAfterChange, warmBudgetMs } from '#shared/portrait/warmViews.ts';
import { bumpDataVersion } from '#shared/analytics/dataVersion.ts';
import { exportHandlers } from '#shared/export/exportHandlers.ts';
import { complianceHandlers } from '#shared/compliance/complianceHandlers.ts';
import { profileHandlers } from '#shared/profile/profileHandlers.ts';
import { tagHandlers } from '#shared/tags/tagHandlers.ts';
import { textHandlers } from '#shared/text/textHandlers.ts';
import { clusterHandlers } from '#shared/cluster/clusterHandlers.ts';
import { predictHandlers } from '#shared/predict/predictHandlers.ts';
import { behaviourHandlers } from '#shared/behaviour/behaviourHandlers.ts';
import { reachHandlers } from '#shared/reach/reachHandlers.ts';
import { reportHandlers } from '#shared/report/reportHandlers.ts';
import { recipeHandlers } from '#shared/recipe/recipeHandlers.ts';
import type { EngineCallFactory } from '#shared/report/reportModel.ts';

export type Handler<K extends EngineMethod> = (args: EngineArgs<K>, ctx: JobContext) => Promise<EngineResult<K>> | EngineResult<K>;
export type Handlers<K extends EngineMethod> = { readonly [P in K]: Handler<P> };

/** What handlers share: the host, the open workspace and the event channel. */
export interface Services {
  readonly host: Host;
  readonly workspace: WorkspaceService;
  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void;
}

/** Methods that change the workspace: after them the engine marks it dirty and announces the change. */
const MUTATING: ReadonlySet<EngineMethod> = new Set<EngineMethod>([
  'workspace.create',
  'workspace.open',
  'workspace.restore',
  'workspace.setAsOfDate',
  'workspace.setEncryption',
  'workspace.createDemo',
  'ingest.run',
  'ingest.saveTemplate',
  'identity.run',
  'identity.decide',
  'identity.reviewApply',
  'segments.save',
  'segments.delete',
  'segments.refresh',
  'export.audience',
  'profile.build',
  'tags.run',
  'tags.customSave',
  'tags.customDelete',
  'text.run',
  'text.editTopic',
  'text.label',
  'text.train',
  'text.useClassifier',
  'text.embed',
  'cluster.run',
  'cluster.select',
  'predict.train',
  'predict.delete',
  'predict.score',
  'predict.topWithin',
  'predict.nbp',
  'behaviour.interestRun',
  'behaviour.markRefreshed',
  'network.run',
  'reach.tags',
  'reach.exportStep',
  'report.build',
  'report.pin',
  'report.unpin',
  'recipe.run',
]);

/**
 * Mutating methods that leave the data the analytics layer reads unchanged: after every other mutating method
 * the engine bumps `meta.data_version` (shared/analytics/dataVersion.ts), so cached columns and sets reload.
 */
const DATA_NEUTRAL: ReadonlySet<EngineMethod> = new Set<EngineMethod>([
  'workspace.create',
  'workspace.open',
  'workspace.restore',
  'workspace.setEncryption',
  'ingest.saveTemplate',
  'segments.save',
  'segments.delete',
  'segments.refresh',
  'predict.train',
  'behaviour.markRefreshed',
  'report.build',
  'report.pin',
  'report.unpin',
]);

/**
 * Data-changing jobs after which the engine warms the analytics layer as the job's last step (progress
 * `analytics.warm`, cancel stops only the warm-up), so the next chart is served warm: the jobs that rewrite the
 * wide table, tags or clusters. The warm-up has a time budget (warmBudgetMs); what it did not reach, and
 * everything after other methods, loads lazily on first use. Imports and identity runs are left out: the views
 * read the wide table and tags, which change only when those are rebuilt, and a three-million-record identity
 * run should not wait for charts.
 */
const WARMS_ANALYTICS: ReadonlySet<EngineMethod> = new Set<EngineMethod>([
  'workspace.createDemo',
  'profile.build',
  'tags.run',
  'cluster.run',
]);

export function createEngine(host: Host): Engine {
  const listeners = new Map<EngineEventName, Set<(payload: never) => void>>();
  const services: Services = {
    host,
    workspace: new WorkspaceService(host),
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) (l as (p: typeof payload) => void)(payload);
    },
  };
  const handlers: { readonly [K in EngineMethod]: Handler<K> } = {
    ...workspaceHandlers(services),
    ...browseHandlers(services),
    ...ingestHandlers(services),
    ...qualityHandlers(services),
    ...demoHandlers(services),
    ...identityHandlers(services),
    ...segmentHandlers(services),
    ...portraitHandlers(services),
    ...exportHandlers(services),
    ...complianceHandlers(services),
    ...profileHandlers(services),
    ...tagHandlers(services),
    ...textHandlers(services),
    ...clusterHandlers(services),
    ...predictHandlers(services),
    ...behaviourHandlers(services),
    ...reachHandlers(services),
    ...reportHandlers(services, (ctx) => nestedCall(ctx)),
    ...recipeHandlers(services, (ctx) => nestedCall(ctx)),
  };

  // Reports and recipes drive other methods through the engine itself, so those get the same bookkeeping.
  const nestedCall: EngineCallFactory = (ctx) => (method, args, options) =>
    engine.call(method, args, { signal: ctx.signal, seed: options?.seed ?? ctx.seed, onProgress: (p) => ctx.progress(p.step, p.current, p.total, p.detail) });

  const engine: Engine = {
    async call<K extends EngineMethod>(method: K, args: EngineArgs<K>, options: JobOptions = {}): Promise<EngineResult<K>> {
      const handler = (handlers as Partial<Record<EngineMethod, unknown>>)[method] as Handler<K> | undefined;
      if (typeof handler !== 'function') throw new ExpectedError('UNKNOWN_METHOD', `Unknown engine method ${String(method)}`, { method: String(method) });
      const ctx = createJobContext(options, () => host.now());
      const changesData = MUTATING.has(method) && !DATA_NEUTRAL.has(method);
      let result: EngineResult<K>;
      const started = performance.now();
      try {
        result = await handler(args, ctx);
      } catch (e) {
        // A method that fails after committing part of its work (an import whose later file hits a bug) changed
        // data all the same: bump, so no cached structure (in memory or in columnar_cache) outlives it.
        if (changesData && services.workspace.isOpen) {
          const db = services.workspace.db;
          await db.mutate(() => bumpDataVersion(db));
        }
        throw e;
      }
      if (MUTATING.has(method) && services.workspace.isOpen) {
        if (changesData) {
          const db = services.workspace.db;
          await db.mutate(() => bumpDataVersion(db));
          if (WARMS_ANALYTICS.has(method)) await warmAfterChange(services.workspace, ctx, warmBudgetMs(performance.now() - started));
        }
        services.workspace.markDirty();
        services.emit('workspace.changed', services.workspace.info());
      }
      return result;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return engine;
}

export type { EngineApi };
