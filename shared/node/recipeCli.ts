/**
 * `kequn recipe`: save a workspace's steps as a recipe, and re-run a recipe headless on next month's drop
 * (docs/recipes.md).
 *
 *   kequn recipe save --workspace WS --out RECIPE.json [--name NAME]
 *   kequn recipe run RECIPE.json --data DIR --out DIR [--previous WS] [--pdf] [--json]
 *
 * `run` writes OUT/workspace.sqlite, OUT/exports/*, the pack OUT/会议材料_<as-of>.html (and .pdf with --pdf) and,
 * with --previous, OUT/diff.json. Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 done; 1 the recipe is invalid, a required file is missing from the drop, a step failed, or --pdf
 * found no Chromium (everything else is written first); 2 usage; 130 cancelled.
 */
import { existsSync, openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { SourceFile } from '#shared/api/ingestTypes.ts';
import type { RecipeRunResult } from '#shared/api/reportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { stringifyRecipe } from '#shared/recipe/recipeFormat.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';
import { parseCli, writeOut, writePdf, type ReportCliKit } from './reportCli.ts';

export type RecipeCliKit = ReportCliKit;

export const RECIPE_USAGE = `  kequn recipe save --workspace WS --out RECIPE.json [--name NAME]
  kequn recipe run RECIPE.json --data DIR --out DIR [--previous WS] [--pdf] [--json]
`;

/** Every file under `dir` (hidden files and folders skipped), named by its `/`-separated path relative to `dir`. */
async function dropFiles(dir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push({ name: relative(dir, p).split(sep).join('/'), blob: await openAsBlob(p) });
    }
  };
  await walk(dir);
  return out;
}

export async function cmdRecipe(args: readonly string[], kit: RecipeCliKit): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'save') return recipeSave(rest, kit);
  if (sub === 'run') return recipeRun(rest, kit);
  throw kit.usage(`expected "recipe save" or "recipe run", got "${sub ?? ''}"`);
}

async function recipeSave(args: readonly string[], kit: RecipeCliKit): Promise<void> {
  const { values } = parseCli(kit, args, { workspace: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' } });
  if (typeof values.workspace !== 'string' || typeof values.out !== 'string') throw kit.usage('--workspace and --out are required');
  const wsPath = resolve(values.workspace);
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const recipe = await engine.call('recipe.capture', typeof values.name === 'string' ? { name: values.name } : {});
  writeOut(resolve(values.out), stringifyRecipe(recipe));
  kit.out(`${resolve(values.out)}: ${recipe.steps.map((s) => s.step).join(' → ')}\n`);
}

async function recipeRun(args: readonly string[], kit: RecipeCliKit): Promise<void> {
  const { values, positionals } = parseCli(kit, args, { data: { type: 'string' }, out: { type: 'string' }, previous: { type: 'string' }, pdf: { type: 'boolean' }, json: { type: 'boolean' } });
  const [recipePath, extra] = positionals;
  if (!recipePath) throw kit.usage('the RECIPE file is required');
  if (extra !== undefined) throw kit.usage(`unexpected argument "${extra}"`);
  if (typeof values.data !== 'string' || typeof values.out !== 'string') throw kit.usage('--data and --out are required');
  const dataDir = resolve(values.data);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new ExpectedError('FILE_UNREADABLE', `The drop folder ${dataDir} does not exist.`, { path: dataDir });
  if (!existsSync(recipePath)) throw new ExpectedError('FILE_UNREADABLE', `Cannot read recipe ${recipePath}: no such file.`, { path: recipePath });
  const outDir = resolve(values.out);

  let previous;
  if (typeof values.previous === 'string') {
    const prevPath = resolve(values.previous);
    const prevEngine = createEngine(createNodeHost());
    await kit.openWorkspace(prevEngine, prevPath, false);
    kit.err(`reading last month's workspace ${prevPath}\n`);
    previous = await prevEngine.call('recipe.snapshot', {});
  }
  const wsPath = join(outDir, 'workspace.sqlite');
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  const recipe = await engine.call('recipe.parse', { text: readFileSync(recipePath, 'utf8') });
  const files = await dropFiles(dataDir);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const onProgress = (p: ProgressEvent): void => {
    if (p.step === 'recipe.step' && p.detail) kit.err(`[${p.current + 1}/${p.total}] ${p.detail}\n`);
  };
  let r: RecipeRunResult;
  try {
    r = await engine.call('recipe.run', { recipe, files, ...(previous ? { previous } : {}) }, { signal: controller.signal, onProgress, seed: recipe.seed });
  } finally {
    process.off('SIGINT', onSigint);
  }
  writeOut(wsPath, await engine.call('workspace.export', {}));
  for (const o of r.outputs) writeOut(join(outDir, o.path), o.bytes);
  const pack = r.outputs.find((o) => o.path.endsWith('.html'));
  let pdf: string | null = null;
  if (values.pdf && pack) {
    pdf = join(outDir, pack.path.replace(/\.html$/, '.pdf'));
    await writePdf(new TextDecoder().decode(pack.bytes), pdf);
  }
  if (values.json) {
    kit.out(`${JSON.stringify({ workspace: wsPath, asOfDate: r.asOfDate, steps: r.steps, outputs: r.outputs.map((o) => o.path), pdf, unmatchedFiles: r.unmatchedFiles, diff: r.diff, ms: r.ms })}\n`);
    return;
  }
  kit.out(`Recipe "${recipe.name}" on ${dataDir} (as of ${r.asOfDate ?? '—'}) → ${outDir}\n\n`);
  kit.out(formatTable(['step', 'seconds', 'result'], r.steps.map((s) => [s.step, (s.ms / 1000).toFixed(1), s.summary])));
  for (const s of r.steps) for (const w of s.warnings) kit.out(`warning (${s.step}): ${w}\n`);
  if (r.unmatchedFiles.length > 0) kit.out(`\nFiles of the drop no recipe step used: ${r.unmatchedFiles.join(', ')}\n`);
  kit.out(`\nWritten: workspace.sqlite, ${r.outputs.map((o) => o.path).join(', ')}${pdf ? `, ${relative(outDir, pdf)}` : ''}\n`);
  const d = r.diff;
  if (!d) return;
  kit.out(`\nChanges since ${d.previousAsOf ?? '—'}: customers ${d.customers.before} → ${d.customers.after}\n`);
  kit.out(formatTable(['group', 'before', 'after', 'in', 'out'], d.groups.map((g) => [g.label, g.before, g.after, g.joined, g.left])));
  if (d.tagShifts.length > 0) {
    kit.out('\nLargest tag shifts\n');
    kit.out(formatTable(['tag', 'value', 'before', 'after', 'change'], d.tagShifts.slice(0, 15).map((t) => [t.zh, t.value, t.before, t.after, t.change > 0 ? `+${t.change}` : t.change])));
  }
  kit.out(`\nNew complaint topics: ${d.newTopics.length === 0 ? 'none' : d.newTopics.map((t) => `${t.name} (${t.words.slice(0, 4).join('、')}; ${t.notes} notes)`).join('; ')}\n`);
}
