/**
 * An analyst tags the demo bank: the run finishes with every lifecycle group filled; the tag list shows coverage
 * and a member's reason; the member's customer 360 page shows tags, a masked phone that a reason reveals, and a
 * timeline; a stricter 稳定沉睡 threshold, saved and re-run, shows customers leaving that group in 运行记录; a
 * custom rule tag is previewed and saved; the page reads in English. No request leaves the app's origin and the
 * console stays clean (checked by withApp).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { readCount, waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { CustomerPage, TagsPage } from './pages/tagsPage.ts';

const GROUPS = ['high_potential', 'first_purchase', 'repeat_purchase', 'high_frequency', 'stable_dormant', 'churn_risk'] as const;

void test('runs the tags on the demo, reads reasons, opens a customer 360, re-runs with a new threshold and adds a custom tag', { timeout: 600_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('tags');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'tags.title'));
    const tags = new TagsPage(page);
    const done = await tags.runTags();
    assert.match(done, /第 1 次运行完成/);

    await tags.openTab('lifecycle');
    await tags.lifecycleChart.locator('canvas').first().waitFor({ state: 'visible' });
    const sizes = new Map<string, number>();
    for (const g of GROUPS) sizes.set(g, await tags.lifecycleSize(g));
    for (const [g, n] of sizes) assert.ok(n > 0, `lifecycle group ${g} has customers (${n})`);

    await tags.openTab('list');
    await tags.chooseFamily('value');
    assert.ok((await readCount(tags.tagMembers('value_aum_band'))) > 0, 'AUM bands cover the customers');
    const reason = await tags.openTag('value_aum_band');
    assert.match(reason, /^AUM ¥/);
    const oneId = await tags.openFirstMember();

    const customer = new CustomerPage(page);
    await waitForText(customer.oneId, oneId);
    await waitForText(customer.tags, catalogText('zh-CN', 'tags.families.value'));
    await customer.timelineRows.first().waitFor({ state: 'visible' });
    await customer.flowChart.locator('canvas').first().waitFor({ state: 'visible' });
    const masked = await customer.identifierValues.allInnerTexts();
    assert.ok(masked.some((v) => v.includes('*')), `identifiers are masked: ${JSON.stringify(masked)}`);
    await customer.reveal('核实客户信息');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="c360-identifier-value"]')].some((e) => /^1\d{10}$/.test(e.textContent ?? '')));

    // A stricter dormancy threshold: customers leave 稳定沉睡客户, and the run history says who.
    await shell.goTo('tags');
    await tags.openTab('lifecycle');
    await tags.setThreshold('stableDormant.minInactiveDays', '400');
    await tags.saveThresholdsAndRun();
    const after = await tags.lifecycleSize('stable_dormant');
    assert.ok(after < (sizes.get('stable_dormant') ?? 0), `stricter threshold, fewer dormant customers (${after})`);
    await tags.openTab('runs');
    await waitForText(tags.changesTable, 'lifecycle_stable_dormant');

    await tags.openTab('custom');
    const preview = await tags.createCustomTag('五十万以上客户', 'AUM 500k plus', '500000');
    assert.match(preview, /\d+ \/ \d+/);
    await waitForText(page.getByTestId('custom-table'), '五十万以上客户');

    await shell.switchLanguage('en');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'tags.title'));
    await waitForText(page.getByTestId('tags-tab-lifecycle'), catalogText('en', 'tags.tabs.lifecycle'));
  });
});
