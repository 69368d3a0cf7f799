/**
 * An analyst adds a chart to the report from the quality page, builds the meeting pack of the demo workspace,
 * sees every section in the preview with the as-of date on the cover, downloads the self-contained HTML, saves
 * the workspace as a recipe and re-runs it on next month's files. No request leaves the app (withApp's tripwire),
 * and the pack holds no URL.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Recipe } from '#shared/api/reportTypes.ts';
import { generateDemo } from '#shared/demo/generateDemo.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { withTempDir } from '#test/support/tempDir.ts';
import { REPORT_SECTIONS } from '#shared/report/reportSections.ts';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { ReportsPage } from './pages/reportsPage.ts';

/** Next month's exports of a small demo bank (without truth/), as files on disk. */
async function writeDrop(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const f of await generateDemo({ customers: 300, seed: 9, asOfDate: '2024-07-31' }, createJobContext())) {
    if (f.kind === undefined) continue;
    const target = path.join(dir, f.path.split('/').pop() ?? f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.bytes);
    files.push(target);
  }
  return files;
}

void test('builds the meeting pack of the demo workspace, with a pinned chart, and saves and re-runs a recipe', { timeout: 400_000 }, async () => {
  await withTempDir('e2e-report', async (dir) => withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    const asOf = await shell.asOfDate.inputValue();
    assert.match(asOf, /^\d{4}-\d{2}-\d{2}$/);

    // 加入报告 on a chart of another page.
    await shell.goTo('quality');
    const pin = page.getByTestId('chart-pin').first();
    await pin.waitFor({ state: 'visible', timeout: 120_000 });
    await pin.click();
    await waitForText(pin, catalogText('zh-CN', 'reports.pin.added'));

    await shell.goTo('reports');
    const reports = new ReportsPage(page);
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'reports.title'));
    for (const s of REPORT_SECTIONS) await reports.section(s.key).waitFor({ state: 'visible' });
    assert.equal(await reports.pins.count(), 1, 'the pinned chart is listed');

    await reports.build();
    assert.deepEqual(
      await reports.previewHeadings(),
      REPORT_SECTIONS.map((s, i) => `${i + 1}. ${s.zh}`),
      'every registered section is in the pack, in order',
    );
    assert.equal(await reports.previewAsOf(), asOf, 'the cover carries the workspace as-of date');
    assert.ok((await reports.preview.locator('[data-section="scope"] svg').count()) > 0, 'the data scope section has its chart');
    assert.equal(await reports.preview.locator('[data-section="pins"] figure svg').count(), 1, 'the pinned chart is drawn in the pack');

    const html = await readFile(await (await reports.download(reports.downloadButton)).path(), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /https?:\/\//, 'the pack holds no URL');
    assert.doesNotMatch(html, /<script|<link|<img|src=|href=/i, 'the pack loads nothing');
    assert.ok(html.includes(`data-testid="report-as-of">${asOf}<`));

    const recipe = JSON.parse(await readFile(await (await reports.download(reports.recipeSave)).path(), 'utf8')) as Recipe;
    assert.equal(recipe.format, 'kequn-recipe');
    assert.deepEqual(
      recipe.steps.map((s) => s.step),
      ['import', 'identity', 'tags', 'compliance', 'report'],
      'the demo workspace was imported, resolved and tagged at start-up, and its pack built; nothing else ran yet',
    );

    // Next month: the same steps on a new drop, in a new workspace with the new as-of date.
    const recipeFile = path.join(dir, 'demo.recipe.json');
    await writeFile(recipeFile, JSON.stringify(recipe));
    await reports.runRecipe(recipeFile, await writeDrop(path.join(dir, 'drop')));
    await waitForText(reports.recipeResult, catalogText('zh-CN', 'reports.recipe.done', { asOf: '2024-07-31' }));
    assert.equal(await reports.recipeResult.locator('tbody tr').first().locator('td').first().innerText(), 'import');
    assert.ok((await reports.recipeResult.getByRole('button', { name: /^会议材料_20240731\.html$/ }).count()) === 1, 'the new pack is offered for download');
    await waitForValueOf(shell, '2024-07-31');
  }));
});

async function waitForValueOf(shell: AppShell, date: string): Promise<void> {
  await shell.page.waitForFunction((d) => document.querySelector<HTMLInputElement>('[data-testid="asof-date"]')?.value === d, date, { timeout: 60_000 });
}
