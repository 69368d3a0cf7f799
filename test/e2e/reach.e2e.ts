/**
 * An analyst plans the first-loan journey: the habit tags are (re)computed and listed, the 首贷 template loads,
 * a send inside the quiet hours is refused with the step named, a wait is edited, the plan is simulated (Sankey
 * and step counts equal to the engine's own replay of the same workspace), Monte Carlo adds intervals, one step's
 * list is exported and its file and the plan manifest are downloaded and checked, the lift table lists the
 * exported step; the page reads in English.
 * No request leaves the app (withApp).
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import type { PlanManifest, ReachPlan, SimulationResult } from '#shared/api/reachTypes.ts';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { withTempDir } from '#test/support/tempDir.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { ReachPage } from './pages/reachPage.ts';

/** A small demo with the wide table and habit tags built, and the engine's replay of the template edited as in the test. */
async function buildWorkspace(dir: string): Promise<{ file: string; sim: SimulationResult }> {
  const host = createNodeHost();
  const engine = createEngine(host);
  await engine.call('workspace.createDemo', { customers: 400, seed: 5 });
  await engine.call('identity.run', {});
  await engine.call('tags.run', {});
  await engine.call('reach.tags', {});
  const template = await engine.call('reach.template', {});
  const plan: ReachPlan = { ...template, steps: template.steps.map((s) => (s.id === 'wait1' && s.type === 'wait' ? { ...s, days: 3 } : s)) };
  const sim = await engine.call('reach.simulate', { plan });
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  db.run("UPDATE meta SET value = 'reach-e2e' WHERE key = 'name'");
  const file = path.join(dir, 'reach-e2e.sqlite');
  await writeFile(file, db.export());
  db.close();
  return { file, sim };
}

void test('designs, simulates and exports the first-loan journey', { timeout: 500_000 }, async () => {
  await withTempDir('e2e-reach', async (dir) => {
    const ws = await buildWorkspace(dir);
    assert.ok((ws.sim.steps[0]?.entered ?? 0) > 0, 'the fixture has pre-approved customers');
    await withApp(async ({ page }) => {
      const shell = new AppShell(page);
      await shell.waitForDemoWorkspace();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('menu-button').click().then(() => page.getByTestId('menu-open').click())]);
      await chooser.setFiles(ws.file);
      await waitForText(page.getByTestId('workspace-name'), 'reach-e2e');
      await shell.goTo('reach');
      await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'reach.title'));

      const reach = new ReachPage(page);
      const summary = await reach.runHabitTags();
      assert.match(summary, /截至 \d{4}-\d{2}-\d{2}/);
      await waitForText(reach.habitTags, '全渠道未响应(流失客户)');
      assert.ok((await reach.tagMembers('reach_pref_app')) > 0, 'APP习惯客户 has members');

      await reach.loadTemplate();
      await waitForText(reach.planValid, catalogText('zh-CN', 'reach.plan.valid'));
      // A push at 22:30 falls in the quiet hours: the problem names the step; back to 10:00.
      await reach.setSendTime('push1', '22:30');
      await waitForText(reach.problems, 'steps[0].time');
      await waitForText(reach.problems, '免打扰');
      await reach.setSendTime('push1', '10:00');
      await reach.setWaitDays('wait1', 3);
      await waitForText(reach.planValid, catalogText('zh-CN', 'reach.plan.valid'));

      await reach.simulate('deterministic');
      await reach.sankey.locator('canvas').first().waitFor({ state: 'visible' });
      for (const s of ws.sim.steps) assert.equal(await reach.stepCount(s.id), s.entered, `step ${s.id} shows the engine's count`);

      await reach.simulate('monte_carlo', 50);
      await waitForText(reach.simSteps, /\d+–\d+/);

      const sms = ws.sim.steps.find((s) => s.id === 'sms')?.entered ?? 0;
      const step = sms > 0 ? 'sms' : 'push1';
      await reach.exportStep(step);
      const file = await reach.download('file');
      const csvPath = path.join(dir, file.suggestedFilename());
      await file.saveAs(csvPath);
      const rows = Papa.parse<string[]>((await readFile(csvPath, 'utf8')).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
      assert.equal(rows[0]?.[0], 'ONE_ID');
      const manifestDownload = await reach.download('manifest');
      const manifestPath = path.join(dir, 'plan.json');
      await manifestDownload.saveAs(manifestPath);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PlanManifest;
      assert.equal(manifest.kind, 'reach_plan');
      const exported = manifest.exports.find((e) => e.exportId === manifest.steps.find((s) => s.id === step)?.exportId);
      assert.ok(exported, 'the manifest holds the step export');
      assert.equal(exported.counts.segment, ws.sim.steps.find((s) => s.id === step)?.entered, 'the exported step has its simulated size');
      assert.equal(exported.file.rows, rows.length - 1, 'the file has the rows its manifest says');

      // No results re-imported yet: the lift table lists the exported step with its arms and no logins after it.
      await page.getByTestId('reach-lift-run').click();
      await waitForText(page.getByTestId('reach-lift-table'), step);

      await shell.switchLanguage('en');
      await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'reach.title'));
      await waitForText(reach.stepList, 'Wait');
    });
  });
});
