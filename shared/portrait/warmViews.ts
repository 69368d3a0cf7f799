/**
 * Warm-up after a data change (issue 13 I: the first chart of any view ≤ 1 s). A job that changes data bumps
 * `meta.data_version`, which leaves every cached columnar structure stale; rebuilding them lazily would put
 * seconds of row scans in front of the analyst's next chart. Instead the engine runs this right after such a
 * job, as its last step with progress and cancel: it loads into the new snapshot the lifecycle groups and the
 * default portrait columns (with their bins) first, then whatever the previous snapshot had loaded (so the
 * views in use come back warm), then the ONE_IDs (so the universe is cached for a re-opened workspace). Every
 * piece goes through the snapshot's normal loaders, so it is stamped with the new data version (in memory and
 * in `columnar_cache`) and identical to a lazy load. Cancelling stops between pieces, and so does the time
 * budget (a small edit is not made to wait for seconds of loading): what is loaded is correct, the rest loads
 * on first use as before.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import { analyticsStore, type AnalyticsSnapshot, type LoadedKeys } from '#shared/analytics/analyticsStore.ts';
import { profileExists } from '#shared/analytics/universe.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { PROFILE_COLUMNS, type ProfileColumn } from '#shared/profile/profileSchema.ts';
import { loadRuleEnv, type RuleEnv } from '#shared/segments/ruleEnv.ts';
import type { WorkspaceService } from '#shared/workspace/workspaceService.ts';
import { binningOf, DEFAULT_PORTRAIT_COLUMNS, DEFAULT_TOP_CATEGORIES } from './portrait.ts';

export interface WarmPlan {
  /** Columns to load; `binned` ones also get their default portrait bins. */
  readonly columns: readonly { readonly def: ProfileColumn; readonly binned: boolean }[];
  readonly tags: readonly string[];
  readonly clusterRuns: readonly number[];
}

export interface WarmOutcome {
  /** Pieces loaded (columns, tags, clustering runs, ONE_IDs) of `total`; fewer when stopped. */
  readonly loaded: number;
  readonly total: number;
  /** Why it stopped before the end: cancelled, or out of its time budget. */
  readonly stopped: 'cancelled' | 'budget' | null;
  readonly ms: number;
}

/**
 * Time budget of the warm-up after a job of `jobMs`: as long as the job took, at least 3 s and at most 10 s.
 * The first chart of each page needs only the first pieces (a lifecycle group and a default column, loaded
 * first); a long job is not made to wait as long again for views the analyst may not open.
 */
export function warmBudgetMs(jobMs: number): number {
  return Math.min(10_000, Math.max(3_000, jobMs));
}

/**
 * What to load after a change: the lifecycle groups and default portrait columns first (a page's first chart
 * needs one of each), then what `previous` (the snapshot before the change) had loaded and still exists,
 * and the latest clustering run. `present` is the set of columns the wide table has now.
 */
export function warmPlan(env: RuleEnv, present: ReadonlySet<string>, previous: LoadedKeys | null): WarmPlan {
  const defaults = new Set(DEFAULT_PORTRAIT_COLUMNS);
  const wanted = new Set([...DEFAULT_PORTRAIT_COLUMNS, ...(previous?.columns ?? [])]);
  const columns = [...wanted]
    .map((name) => PROFILE_COLUMNS.find((c) => c.name === name))
    .filter((def): def is ProfileColumn => def !== undefined && present.has(def.name))
    .map((def) => ({ def, binned: defaults.has(def.name) }));
  const tags = [...new Set([...env.lifecycle.keys(), ...(previous?.tags ?? [])])].filter((t) => env.tags.has(t) || env.lifecycle.has(t));
  const runs = new Set((previous?.clusterRuns ?? []).filter((r) => env.clusterRuns.has(r)));
  if (env.latestClusterRun !== null) runs.add(env.latestClusterRun);
  return { columns, tags, clusterRuns: [...runs] };
}

/**
 * Loads `plan` into `snap`, one piece at a time with progress (`analytics.warm`) and a checkpoint between pieces,
 * starting no piece after `budgetMs` milliseconds.
 */
export async function warmSnapshot(snap: AnalyticsSnapshot, plan: WarmPlan, ctx: JobContext, budgetMs = Number.POSITIVE_INFINITY): Promise<WarmOutcome> {
  const t0 = performance.now();
  const steps: { readonly label: string; readonly run: () => void }[] = [];
  // A lifecycle group and a column make the first chart of the portrait page; interleave so both come early.
  const cols = [...plan.columns];
  const tags = [...plan.tags];
  while (cols.length > 0 || tags.length > 0) {
    const tag = tags.shift();
    if (tag !== undefined) steps.push({ label: tag, run: () => void snap.tag(tag) });
    const col = cols.shift();
    if (col) {
      steps.push({
        label: col.def.zh,
        run: () => {
          snap.column(col.def);
          if (col.binned) binningOf(snap, col.def, DEFAULT_TOP_CATEGORIES);
        },
      });
    }
  }
  for (const run of plan.clusterRuns) steps.push({ label: `cluster ${run}`, run: () => void snap.cluster(run) });
  // Last, as no chart needs them: the ONE_IDs, so the universe is cached for a re-opened workspace.
  steps.push({ label: 'ONE_ID', run: () => void snap.universe.oneIds });
  let loaded = 0;
  const outcome = (stopped: WarmOutcome['stopped']): WarmOutcome => ({ loaded, total: steps.length, stopped, ms: performance.now() - t0 });
  for (const step of steps) {
    if (ctx.signal.aborted) return outcome('cancelled');
    if (performance.now() - t0 >= budgetMs) return outcome('budget');
    ctx.progress('analytics.warm', loaded, steps.length, step.label);
    step.run();
    loaded++;
    try {
      await ctx.checkpoint();
    } catch (e) {
      if (ctx.signal.aborted) return outcome('cancelled');
      throw e;
    }
  }
  ctx.progress('analytics.warm', loaded, steps.length);
  return outcome(null);
}

/**
 * The engine's last step after a job that changed data: warms the analytics snapshot of the new data version
 * (see the module comment) for at most `budgetMs` milliseconds. Returns null when there is nothing to warm (no
 * workspace or no wide table yet). Never throws for a cancellation: the job's own work is done and committed.
 */
export async function warmAfterChange(workspace: WorkspaceService, ctx: JobContext, budgetMs = Number.POSITIVE_INFINITY): Promise<WarmOutcome | null> {
  if (ctx.signal.aborted || !workspace.isOpen || !profileExists(workspace.db)) return null;
  const store = analyticsStore(workspace);
  const previous = store.peek()?.loadedKeys() ?? null;
  const snap = store.snapshot();
  let outcome: WarmOutcome | null = null;
  try {
    outcome = await warmSnapshot(snap, warmPlan(loadRuleEnv(workspace.db), snap.presentColumns, previous), ctx, budgetMs);
  } catch (e) {
    // An expected failure (a table the job left unusable) is the job's result to show, not the warm-up's: the
    // view that needs the piece reports it on first use. Bugs still surface here.
    if (!(e instanceof ExpectedError)) throw e;
  }
  // The cache rows the loads queued are written before the job ends, so a save right after it keeps them.
  await workspace.db.mutate(() => undefined);
  return outcome;
}
