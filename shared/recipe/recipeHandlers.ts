/** EngineApi handlers of recipes: save the open workspace as a recipe, read one, re-run one, snapshot for the diff. */
import type { Handlers, Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { EngineCallFactory } from '#shared/report/reportModel.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { takeSnapshot } from './recipeDiff.ts';
import { parseRecipe } from './recipeFormat.ts';
import { KNOWN_STEPS } from './recipeSteps.ts';
import { captureRecipe, runRecipe, type RecipeEnv } from './runRecipe.ts';

type RecipeMethods = 'recipe.capture' | 'recipe.parse' | 'recipe.run' | 'recipe.snapshot';

export function recipeHandlers(s: Services, callFor: EngineCallFactory): Handlers<RecipeMethods> {
  const env = (ctx: JobContext): RecipeEnv => ({
    call: callFor(ctx),
    db: () => s.workspace.db,
    asOfDate: () => s.workspace.asOfDate(),
    workspaceName: s.workspace.isOpen ? (getMeta(s.workspace.db, 'name') ?? '') : '',
    appVersion: s.host.appVersion,
    now: new Date(s.host.now()).toISOString(),
  });
  return {
    'recipe.capture': (args, ctx) => captureRecipe(env(ctx), args.name, ctx),
    'recipe.parse': (args) => parseRecipe(args.text, KNOWN_STEPS),
    'recipe.run': (args, ctx) => runRecipe(env(ctx), args, ctx),
    'recipe.snapshot': (_args, ctx) => takeSnapshot(s.workspace.db, callFor(ctx), s.workspace.asOfDate()),
  };
}
