/**
 * EngineApi handlers of ONE_ID resolution. Runs and decisions go through the workspace's write queue so they
 * never interleave with an import; a run is one transaction, so a cancelled or failed run leaves the previous
 * ONE_IDs untouched.
 */
import type { ChannelOverlap } from '#shared/api/identityTypes.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { DEFAULT_SETTINGS, mergeSettings } from './identifierTypes.ts';
import { applyReview, decide, exportReview, issuePage, personGraph, reviewList, searchIdentity } from './identityQueries.ts';
import { runFull } from './identityRun.ts';
import type { IdentityState } from './identityState.ts';
import { lastRun, loadSettings, loadState, saveSettings } from './identityStore.ts';
import { runIncremental } from './incrementalRun.ts';
import { overlapFromMasks, readSummary } from './summary.ts';

type IdentityMethods =
  | 'identity.run'
  | 'identity.summary'
  | 'identity.overlap'
  | 'identity.person'
  | 'identity.search'
  | 'identity.reviewList'
  | 'identity.decide'
  | 'identity.settings'
  | 'identity.issues'
  | 'identity.reviewExport'
  | 'identity.reviewApply';

export function identityHandlers(s: Services): Handlers<IdentityMethods> {
  // The decoded index of the last run, kept while the same run is the latest (search reads it on every key).
  let cached: { runId: number; state: IdentityState | null } | null = null;
  const state = (): IdentityState | null => {
    const db = s.workspace.db;
    const run = lastRun(db);
    if (!run) return null;
    if (cached?.runId !== run.runId) cached = { runId: run.runId, state: loadState(db) };
    return cached.state;
  };
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const audited = (where: string, reason: string): void => {
    const db = s.workspace.db;
    db.transaction(() => appendAudit(db, s.host, 'pii.reveal', { where, reason }));
    s.workspace.markDirty();
  };

  return {
    'identity.run': (args, ctx) => {
      const db = s.workspace.db;
      return db.mutate(async () => {
        const settings = mergeSettings(loadSettings(db), args.settings);
        const tx = db.begin();
        try {
          saveSettings(db, settings);
          const env = { db, ctx, now: nowIso };
          const incremental = args.mode === 'incremental' && lastRun(db) !== null;
          const result = incremental ? await runIncremental(env, settings) : await runFull(env, settings, 'full');
          appendAudit(db, s.host, 'identity.run', {
            runId: result.summary.runId,
            mode: result.summary.mode,
            records: result.summary.records,
            persons: result.summary.persons,
            pendingReview: result.summary.review.pending,
          });
          tx.commit();
          cached = null;
          return result.summary;
        } catch (e) {
          tx.rollback();
          throw e;
        }
      });
    },
    'identity.summary': () => readSummary(s.workspace.db),
    'identity.overlap': (): ChannelOverlap => {
      const st = state();
      return st ? overlapFromMasks(st.personChannels) : { channels: [], intersections: [], persons: 0 };
    },
    'identity.person': (args) => {
      const db = s.workspace.db;
      const graph = personGraph(db, args.oneId, loadSettings(db), !!args.unmask);
      if (args.unmask) audited('identity.person', args.unmask.reason);
      return graph;
    },
    'identity.search': (args) => searchIdentity(s.workspace.db, args.query, state(), Math.max(1, Math.min(args.limit ?? 50, 500))),
    'identity.reviewList': (args) => {
      const db = s.workspace.db;
      const page = reviewList(db, args.status ?? 'pending', args.offset, args.limit, !!args.unmask);
      if (args.unmask) audited('identity.reviewList', args.unmask.reason);
      return page;
    },
    'identity.decide': (args) => {
      const db = s.workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          const r = decide(db, nowIso(), args);
          appendAudit(db, s.host, 'identity.decide', { reviewId: r.reviewId, decision: args.decision });
          return r;
        }),
      );
    },
    'identity.settings': (args) => {
      const db = s.workspace.db;
      if (!args.settings && !args.reset) return loadSettings(db);
      // Not in the engine's mutating set, since reads are frequent: a save marks the workspace itself.
      return db.mutate(() => {
        const next = db.transaction(() => {
          const merged = args.reset ? DEFAULT_SETTINGS : mergeSettings(loadSettings(db), args.settings);
          saveSettings(db, merged);
          appendAudit(db, s.host, 'identity.settings', { reset: !!args.reset });
          return merged;
        });
        s.workspace.markDirty();
        return next;
      });
    },
    'identity.issues': (args) => issuePage(s.workspace.db, args.kind, args.offset, args.limit),
    'identity.reviewExport': () => exportReview(s.workspace.db),
    'identity.reviewApply': (args) => {
      const db = s.workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          const r = applyReview(db, nowIso(), args.bytes);
          appendAudit(db, s.host, 'identity.reviewApply', { applied: r.applied, unchanged: r.unchanged, errors: r.errors.length });
          return r;
        }),
      );
    },
  };
}
