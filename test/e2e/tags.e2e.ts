/**
 * An analyst tags the demo bank: the run finishes with every lifecycle group filled; the portrait of 稳定沉睡客户
 * shows its size, TGI (hidden below the minimum support, starred when significant) and a radar that exports as
 * SVG; the tag list shows coverage and a member's reason; the member's customer 360 page shows tags, a masked
 * phone that a reason reveals, and a timeline filtered by kind; a stricter 稳定沉睡 threshold, saved and re-run,
 * shows customers leaving that group in 运行记录; a custom rule tag is previewed and saved as version 1; the page
 * reads in English. No request leaves the app's origin and the
 * console stays clean (checked by withApp).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { readCount, waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { PortraitsPage } from './pages/segmentsPage.ts';
import { CustomerPage, readPortraitTable, TagsPage } from './pages/tagsPage.ts';

const GROUPS = ['high_potential', 'first_purchase', 'repeat_purchase', 'high_frequency', 'stable_dormant', 'churn_risk'] as const;

void test('runs the tags on the demo, reads reasons, opens a customer 360, re-runs with a new threshold and adds a custom tag', { timeout: 600_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('tags');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'tags.title'));
    const tags = new TagsPage(page);
    // The embedded demo arrives tagged (run 1 at start-up); running again on the same data changes nothing.
    const done = await tags.runTags();
    assert.match(done, /第 2 次运行完成/);
    assert.match(done, /与上次运行相比没有变化/);

    await tags.openTab('lifecycle');
    await tags.lifecycleChart.locator('canvas').first().waitFor({ state: 'visible' });
    const sizes = new Map<string, number>();
    for (const g of GROUPS) sizes.set(g, await tags.lifecycleSize(g));
    for (const [g, n] of sizes) assert.ok(n > 0, `lifecycle group ${g} has customers (${n})`);

    // The portrait of 稳定沉睡客户 from its row: size, distributions with TGI (hidden below the minimum support,
    // starred when significant), the radar, and an SVG export of the radar.
    await tags.openLifecyclePortrait('stable_dormant');
    const portraits = new PortraitsPage(page);
    await portraits.result.waitFor({ state: 'visible', timeout: 120_000 });
    const head = await waitForText(portraits.result, '稳定沉睡客户');
    const dormant = sizes.get('stable_dormant') ?? 0;
    assert.ok(head.replace(/,/g, '').includes(`客群 ${dormant} 人`), `the portrait names the group size ${dormant}: ${head.slice(0, 120)}`);
    const recency = await readPortraitTable(page, 'txn_recency_days');
    assert.ok(recency.length > 1, 'recency bins');
    for (const b of recency) {
      if (b.group < 30) assert.equal(b.tgi, '—', `bin ${b.label} with ${b.group} customers shows no TGI`);
      else assert.match(b.tgi, /^\d+\*?$/, `bin ${b.label} shows its TGI`);
    }
    assert.ok(
      recency.some((b) => /^\d+\*$/.test(b.tgi) && Number(b.tgi.slice(0, -1)) > 100),
      `dormant customers are significantly over-represented in some recency bin: ${JSON.stringify(recency)}`,
    );
    await page.getByTestId('portrait-radar').waitFor({ state: 'visible', timeout: 120_000 });
    const [radarSvg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('portrait-radar-svg').click()]);
    const svgText = await readFile(await radarSvg.path(), 'utf8');
    assert.ok(svgText.startsWith('<svg') && svgText.includes('活跃'), 'the radar exports as SVG with its Chinese axes');
    await shell.goTo('tags');

    await tags.openTab('list');
    await tags.chooseFamily('value');
    assert.ok((await readCount(tags.tagMembers('value_aum_band'))) > 0, 'AUM bands cover the customers');
    await waitForText(page.getByTestId('tag-computed-value_aum_band'), /^第 1 版 · 计算于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（数据截止 \d{4}-\d{2}-\d{2}）$/);
    const reason = await tags.openTag('value_aum_band');
    assert.match(reason, /^AUM ¥/);
    const oneId = await tags.openFirstMember();

    const customer = new CustomerPage(page);
    await waitForText(customer.oneId, oneId);
    await waitForText(customer.tags, catalogText('zh-CN', 'tags.families.value'));
    await customer.timelineRows.first().waitFor({ state: 'visible' });
    // The timeline filters by kind: transactions only.
    await page.getByTestId('c360-kind-transaction').click();
    const kinds = await customer.timelineRows.locator('td:nth-child(2)').allInnerTexts();
    assert.ok(kinds.length > 0 && kinds.every((k) => k.trim() === '交易'), `only transactions: ${JSON.stringify(kinds.slice(0, 5))}`);
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
    await waitForText(page.getByTestId('custom-version'), '第 1 版');

    await shell.switchLanguage('en');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'tags.title'));
    await waitForText(page.getByTestId('tags-tab-lifecycle'), catalogText('en', 'tags.tabs.lifecycle'));
  });
});
