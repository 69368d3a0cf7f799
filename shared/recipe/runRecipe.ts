/**
 * Saving a workspace as a recipe, and re-running a recipe on a new drop in a new workspace: each step of the
 * registry in recipe order, then the comparison with last month's snapshot.
 */
import type { Recipe, RecipeOutput, RecipeRunArgs, RecipeRunResult, RecipeStepOutcome } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { EngineCall } from '#shared/report/reportModel.ts';
import { diffSnapshots, takeSnapshot } from './recipeDiff.ts';
import { parseRecipe, RECIPE_FORMAT } from './recipeFormat.ts';
import { KNOWN_STEPS, RECIPE_STEPS, runStep, STEP_ORDER, type RecipeKit } from './recipeSteps.ts';

export interface RecipeEnv {
  readonly call: EngineCall;
  db(): Db;
  asOfDate(): string | null;
  readonly workspaceName: string;
  readonly appVersion: string;
  readonly now: string;
}

/** The recipe of the open workspace: every registered step that ran there, in replay order. */
export async function captureRecipe(env: RecipeEnv, name: string | undefined, ctx: JobContext): Promise<Recipe> {
  const kit: RecipeKit = { call: env.call, db: () => env.db(), ctx };
  const steps = [];
  for (const kind of STEP_ORDER) {
    await ctx.checkpoint();
    const step = await RECIPE_STEPS[kind].capture(kit);
    if (step) steps.push(step);
  }
  return {
    format: RECIPE_FORMAT,
    version: 1,
    name: name ?? env.workspaceName,
    createdAt: env.now,
    appVersion: env.appVersion,
    source: { workspace: env.workspaceName, asOfDate: env.asOfDate() },
    seed: ctx.seed,
    steps,
  };
}

/**
 * Re-runs a recipe: creates a new workspace, replays every step (progress step `recipe.step`, detail = step
 * kind) and compares with `previous` when given. A missing required file or a failing step stops the run with
 * its error; the workspace then holds the steps done so far.
 */
export async function runRecipe(env: RecipeEnv, args: RecipeRunArgs, ctx: JobContext): Promise<RecipeRunResult> {
  const t0 = performance.now();
  const recipe = parseRecipe(args.recipe, KNOWN_STEPS);
  // Every random choice of the re-run follows the recipe's seed unless a step recorded its own.
  const call: EngineCall = (method, a, options) => env.call(method, a, { seed: options?.seed ?? recipe.seed });
  await call('workspace.create', { name: args.workspaceName ?? `${recipe.name} ${env.now.slice(0, 10)}` });
  const outputs: RecipeOutput[] = [];
  const claimed = new Set<string>();
  const kit = { call, db: () => env.db(), ctx, files: args.files, claimed, outputs };
  const steps: RecipeStepOutcome[] = [];
  for (const [i, step] of recipe.steps.entries()) {
    ctx.progress('recipe.step', i, recipe.steps.length, step.step);
    await ctx.checkpoint();
    const s0 = performance.now();
    const r = await runStep(step, kit);
    steps.push({ step: step.step, ...r, ms: Math.round(performance.now() - s0) });
  }
  ctx.progress('recipe.step', recipe.steps.length, recipe.steps.length);
  const diff = args.previous ? diffSnapshots(args.previous, await takeSnapshot(env.db(), call, env.asOfDate())) : null;
  if (diff) outputs.push({ path: 'diff.json', bytes: new TextEncoder().encode(`${JSON.stringify(diff, null, 2)}\n`) });
  return {
    steps,
    outputs,
    diff,
    asOfDate: env.asOfDate(),
    unmatchedFiles: args.files.map((f) => f.name).filter((n) => !claimed.has(n)),
    ms: Math.round(performance.now() - t0),
  };
}
