/**
 * Recipes on the 会议材料 page: save the open workspace as a recipe file, or run a recipe on a new drop (the open
 * workspace is last month's snapshot for the diff), then download what the run wrote.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recipe, RecipeRunResult, RecipeSnapshot } from '#shared/api/reportTypes.ts';
import type { SourceFile } from '#shared/api/ingestTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { usePlatform, useWorkspace } from '#renderer/app/appContext.tsx';
import { dropFileName, mimeOf } from './recipeFiles.ts';

const utf8 = new TextEncoder();

export function RecipePanel(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const platform = usePlatform();
  const workspace = useWorkspace();
  const [error, setError] = useState<unknown>(null);
  const [recipe, setRecipe] = useState<Recipe | null>(null);
  const [files, setFiles] = useState<readonly SourceFile[]>([]);
  const run = useJob('recipe.run', { keepOnUnmount: true });

  const save = async (): Promise<void> => {
    setError(null);
    try {
      const r = await engine.call('recipe.capture', {});
      await platform.saveFile(`${r.name || 'recipe'}.recipe.json`, utf8.encode(`${JSON.stringify(r, null, 2)}\n`), 'application/json');
    } catch (e) {
      setError(e);
    }
  };
  const readRecipe = async (file: File | undefined): Promise<void> => {
    setError(null);
    setRecipe(null);
    if (!file) return;
    try {
      setRecipe(await engine.call('recipe.parse', { text: await file.text() }));
    } catch (e) {
      setError(e);
    }
  };
  const start = async (): Promise<void> => {
    if (!recipe) return;
    setError(null);
    let previous: RecipeSnapshot | undefined;
    try {
      const tables = workspace.info?.tables ?? [];
      if (tables.some((x) => x.rows > 0)) previous = await engine.call('recipe.snapshot', {});
    } catch (e) {
      setError(e);
      return;
    }
    await run.run({ recipe, files, ...(previous ? { previous } : {}) }, { seed: recipe.seed });
  };

  return (
    <div className="panel" data-testid="recipe-panel">
      <h2>{t('reports.recipe.title')}</h2>
      <p className="muted">{t('reports.recipe.intro')}</p>
      <button type="button" className="btn" onClick={() => void save()} data-testid="recipe-save">
        {t('reports.recipe.save')}
      </button>
      <h3>{t('reports.recipe.run')}</h3>
      <div style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 12px', alignItems: 'center' }}>
        <label htmlFor="recipe-file">{t('reports.recipe.recipeFile')}</label>
        <input id="recipe-file" type="file" accept=".json,application/json" data-testid="recipe-file" onChange={(e) => void readRecipe(e.target.files?.[0])} />
        <label htmlFor="recipe-data">{t('reports.recipe.dataFiles')}</label>
        <input
          id="recipe-data"
          type="file"
          multiple
          data-testid="recipe-data"
          onChange={(e) => setFiles([...(e.target.files ?? [])].map((f) => ({ name: dropFileName(f), blob: f })))}
        />
      </div>
      {recipe ? <p data-testid="recipe-steps">{t('reports.recipe.steps', { count: recipe.steps.length, steps: recipe.steps.map((s) => s.step).join(' → ') })}</p> : null}
      <p className="muted">{t('reports.recipe.runNote')}</p>
      <button type="button" className="btn btn-primary" disabled={!recipe || files.length === 0 || run.running} onClick={() => void start()} data-testid="recipe-run">
        {t('reports.recipe.run')}
      </button>
      {run.running ? <JobProgress progress={run.progress} cancelling={run.cancelling} onCancel={run.cancel} label={t('reports.recipe.running')} testId="recipe-progress" /> : null}
      {error ? <ErrorNotice error={error} testId="recipe-error" /> : null}
      {run.error ? <ErrorNotice error={run.error} testId="recipe-error" /> : null}
      {run.result ? <RunResult result={run.result} save={(path, bytes) => void platform.saveFile(path.split('/').pop() ?? path, bytes.slice(), mimeOf(path))} /> : null}
    </div>
  );
}

function RunResult({ result, save }: { readonly result: RecipeRunResult; readonly save: (path: string, bytes: Uint8Array) => void }): ReactNode {
  const { t } = useTranslation();
  const d = result.diff;
  return (
    <div data-testid="recipe-result">
      <p>{t('reports.recipe.done', { asOf: result.asOfDate ?? '—' })}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('reports.recipe.step')}</th>
            <th>{t('reports.recipe.seconds')}</th>
            <th>{t('reports.recipe.result')}</th>
          </tr>
        </thead>
        <tbody>
          {result.steps.map((s) => (
            <tr key={s.step}>
              <td>{s.step}</td>
              <td>{(s.ms / 1000).toFixed(1)}</td>
              <td>{[s.summary, ...s.warnings].join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.unmatchedFiles.length > 0 ? <p className="muted">{t('reports.recipe.unmatched', { files: result.unmatchedFiles.join(', ') })}</p> : null}
      <h3>{t('reports.recipe.outputs')}</h3>
      <ul>
        {result.outputs.map((o) => (
          <li key={o.path}>
            <button type="button" className="btn btn-small" onClick={() => save(o.path, o.bytes)}>
              {o.path}
            </button>
          </li>
        ))}
      </ul>
      {d ? (
        <>
          <h3>{t('reports.recipe.diff', { before: d.previousAsOf ?? '—', after: d.currentAsOf ?? '—' })}</h3>
          <table className="table" data-testid="recipe-diff">
            <thead>
              <tr>
                <th>{t('reports.recipe.group')}</th>
                <th>{t('reports.recipe.before')}</th>
                <th>{t('reports.recipe.after')}</th>
                <th>{t('reports.recipe.joined')}</th>
                <th>{t('reports.recipe.left')}</th>
              </tr>
            </thead>
            <tbody>
              {d.groups.map((g) => (
                <tr key={g.key}>
                  <td>{g.label}</td>
                  <td>{g.before ?? '—'}</td>
                  <td>{g.after ?? '—'}</td>
                  <td>{g.joined}</td>
                  <td>{g.left}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('reports.recipe.tagShifts')}</h3>
          <table className="table">
            <thead>
              <tr>
                <th>{t('reports.recipe.tag')}</th>
                <th>{t('reports.recipe.value')}</th>
                <th>{t('reports.recipe.before')}</th>
                <th>{t('reports.recipe.after')}</th>
                <th>{t('reports.recipe.change')}</th>
              </tr>
            </thead>
            <tbody>
              {d.tagShifts.slice(0, 15).map((s) => (
                <tr key={`${s.tag}:${s.value}`}>
                  <td>{s.zh}</td>
                  <td>{s.value}</td>
                  <td>{s.before}</td>
                  <td>{s.after}</td>
                  <td>{s.change > 0 ? `+${s.change}` : s.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('reports.recipe.newTopics')}</h3>
          <p>{d.newTopics.length === 0 ? t('reports.recipe.noNewTopics') : d.newTopics.map((x) => `${x.name}（${x.words.slice(0, 4).join('、')}）`).join('；')}</p>
        </>
      ) : null}
    </div>
  );
}
