/**
 * The recipe file: pretty-printed JSON an analyst can read and edit (docs/recipes.md). Parsing checks the
 * envelope and that every step is one the registry knows, and says where a problem is (`steps[3].step`).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Recipe, RecipeStep } from '#shared/api/reportTypes.ts';

export const RECIPE_FORMAT = 'kequn-recipe';

function invalid(where: string, message: string): ExpectedError {
  return new ExpectedError('BAD_ARGUMENT', `Recipe ${where}: ${message}`, { where });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a recipe from its JSON text (or an already parsed value).
 * @param knownSteps the step kinds of the registry (shared/recipe/recipeSteps.ts)
 */
export function parseRecipe(input: unknown, knownSteps: ReadonlySet<string>): Recipe {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw invalid('file', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (!isRecord(value)) throw invalid('file', 'expected a JSON object');
  if (value.format !== RECIPE_FORMAT) throw invalid('format', `expected "${RECIPE_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== 1) throw invalid('version', `this version of the workbench reads version 1, got ${JSON.stringify(value.version)}`);
  if (typeof value.name !== 'string') throw invalid('name', 'expected text');
  if (typeof value.seed !== 'number' || !Number.isInteger(value.seed)) throw invalid('seed', 'expected an integer');
  if (!Array.isArray(value.steps)) throw invalid('steps', 'expected a list');
  value.steps.forEach((s: unknown, i) => {
    if (!isRecord(s) || typeof s.step !== 'string') throw invalid(`steps[${i}]`, 'expected an object with a "step" name');
    if (!knownSteps.has(s.step)) throw invalid(`steps[${i}].step`, `unknown step "${s.step}"; known: ${[...knownSteps].join(', ')}`);
  });
  const source = isRecord(value.source) ? value.source : {};
  return {
    format: RECIPE_FORMAT,
    version: 1,
    name: value.name,
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    appVersion: typeof value.appVersion === 'string' ? value.appVersion : '',
    source: { workspace: typeof source.workspace === 'string' ? source.workspace : '', asOfDate: typeof source.asOfDate === 'string' ? source.asOfDate : null },
    seed: value.seed,
    steps: value.steps as RecipeStep[],
  };
}

/** The recipe as a readable file: 2-space JSON with a final newline. */
export function stringifyRecipe(recipe: Recipe): string {
  return `${JSON.stringify(recipe, null, 2)}\n`;
}

/**
 * The pattern a monthly file is found by next time: runs of digits that look like dates or months
 * (20240630, 2024-06, 202406) become `*`.
 */
export function patternFor(fileName: string): string {
  return fileName.replace(/(?<!\d)(?:19|20)\d{2}(?:[-_.]?\d{2}){0,2}(?!\d)/g, '*');
}

/**
 * Whether a file of a drop (path relative to the drop folder, `/`-separated) fits a pattern: `*` stands for any
 * characters except `/`; a pattern without `/` is compared with the file's name only. Case-insensitive.
 */
export function matchesPattern(pattern: string, relativePath: string): boolean {
  const target = pattern.includes('/') ? relativePath : (relativePath.split('/').pop() ?? relativePath);
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`, 'i');
  return re.test(target);
}
