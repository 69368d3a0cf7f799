/**
 * An analyst reads the demo bank's behaviour: builds the tags (wide table and lifecycle groups), runs a funnel,
 * a weekly retention matrix, a path Sankey and the trends, computes interest tags and marks a refresh; computes
 * the social network, reads its influencers, re-centres the neighbourhood graph on one and opens a community's
 * portrait; opens the 客群经营诊断 tiles, drills into one and saves it as a segment; and reads the pages in
 * English. No request leaves the app's origin (checked by withApp).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { BehaviourPage } from './pages/behaviourPage.ts';
import { catalogText } from './pages/catalogs.ts';
import { TagsPage } from './pages/tagsPage.ts';

void test('funnels, retention, paths, interest tags, the network graph and the diagnosis tiles on the demo bank', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('tags');
    await new TagsPage(page).runTags();

    await shell.goTo('behaviour');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'behaviour.title'));
    const b = new BehaviourPage(page);
    await waitForText(b.summary, /会话/, 120_000);
    const steps = await b.runFunnel();
    assert.equal(steps.length, 3, 'the default funnel has three steps');
    assert.ok((steps[0] ?? 0) > 0, `customers enter the funnel: ${JSON.stringify(steps)}`);
    assert.ok(steps.every((n, i) => i === 0 || n <= (steps[i - 1] ?? 0)), `steps only shrink: ${JSON.stringify(steps)}`);
    await b.funnelChart.waitFor({ state: 'visible' });

    await b.tab('retention');
    assert.equal(await b.runRetention('week'), 8, 'eight weekly cohorts');
    await b.tab('paths');
    assert.match(await b.runPaths(), /\d/);
    await b.tab('trends');
    await b.trendsChart.waitFor({ state: 'visible', timeout: 60_000 });
    await b.tab('interest');
    await b.runInterest(30);
    assert.ok((await b.interestTable.locator('tbody tr').count()) >= 5, 'one row per interest topic');
    await b.tab('changes');
    await b.markRefreshed();
    await page.getByTestId('changes-none').waitFor({ state: 'visible' });

    await shell.goTo('network');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'network.title'));
    await b.runNetwork();
    await b.graphChart.waitFor({ state: 'visible', timeout: 60_000 });
    const first = b.influencerLinks().first();
    const oneId = (await first.innerText()).trim();
    await first.click();
    // The graph card is re-created for the new centre, so the input is looked up afresh on every check.
    await page.waitForFunction((id) => document.querySelector<HTMLInputElement>('[data-testid="network-centre"]')?.value === id, oneId, { timeout: 60_000 });
    await b.graphChart.waitFor({ state: 'visible', timeout: 60_000 });
    // A community's group portrait opens on 客群画像 through a segment of its members.
    await page.locator('[data-testid^="network-community-portrait-"]').first().click();
    await page.getByTestId('view-portraits').waitFor({ state: 'visible', timeout: 60_000 });

    await shell.goTo('diagnosis');
    await waitForText(b.diagnosisCount, /\d/, 60_000);
    for (const s of ['channel', 'scenario', 'productFit', 'stickiness'] as const) await b.section(s).waitFor({ state: 'visible' });
    const drilled = await b.drill('channel_branch_only');
    assert.match(drilled, /\d/);
    assert.ok((await b.drillTable.locator('tbody tr').count()) > 0, 'the drill-down lists customers');
    assert.match(await b.saveSegment(), /诊断·仅网点客户/);

    await shell.switchLanguage('en');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'diagnosis.title'));
    await waitForText(shell.nav('behaviour'), catalogText('en', 'nav.behaviour'));
  });
});
