/**
 * An analyst builds segments on the demo bank: the customer wide table is built from the page, a rule of an
 * attribute and a behaviour window shows a live count that the SQL check confirms and a read-back sentence,
 * two segments are saved, their union and UpSet chart add up, the why trace explains a customer, and the
 * portrait of a saved segment shows distributions with TGI and exports a chart as SVG and PNG — in Chinese,
 * then in English. No request leaves the app (withApp).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { PortraitsPage, SegmentsPage } from './pages/segmentsPage.ts';

function countIn(text: string): number {
  const m = /([\d,]+)/.exec(text);
  return Number((m?.[1] ?? '').replace(/,/g, ''));
}

void test('builds, counts, saves and compares segments, explains a customer and exports a portrait chart', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('segments');
    await waitForText(shell.nav('segments'), catalogText('zh-CN', 'nav.segments'));
    const seg = new SegmentsPage(page);
    await seg.ensureProfile();

    // 年龄 ≥ 40: the live count, confirmed by the compiled SQL.
    const age = await seg.addCondition();
    await seg.attr(age, 'age', '>=', '40');
    const older = await seg.countFor('年龄≥40');
    assert.ok(older > 0, 'some demo customers are 40 or older');
    assert.equal(countIn(await seg.sqlCount()), older, 'the SQL path counts the same customers');

    // AND 近30天有消费交易: a behaviour window over the transaction log narrows the count.
    const spent = await seg.addCondition();
    await seg.behavior(spent, 'transactions', 'txn_type', '消费', 30, '>=', 1);
    const active = await seg.countFor('年龄≥40 且 近30天有消费交易');
    assert.ok(active > 0 && active < older, `the behaviour condition narrows ${older} to ${active}`);
    assert.equal(countIn(await seg.sqlCount()), active);
    await seg.save('中老年活跃');
    await waitForText(seg.row('中老年活跃'), active.toLocaleString());

    // A second, disjoint segment: 年龄 < 30.
    await seg.newRule();
    const young = await seg.addCondition();
    await seg.attr(young, 'age', '<', '30');
    const youngCount = await seg.countFor('年龄<30');
    await seg.save('年轻客户');
    await waitForText(seg.row('年轻客户'), youngCount.toLocaleString());

    // A condition left incomplete is reported on the condition, not counted.
    const incomplete = await seg.addCondition();
    await incomplete.getByTestId('condition-kind').selectOption('tag');
    await waitForText(seg.problems, '标签条件缺少标签');

    // 并集 of the two saved segments, and the UpSet chart.
    const ids = await seg.list.getByTestId('segment-row').evaluateAll((rows) => rows.length);
    assert.equal(ids, 2);
    const checks = seg.setOps.locator('input[type="checkbox"]');
    await checks.nth(0).check();
    await checks.nth(1).check();
    await seg.setOps.getByTestId('setop-union').click();
    const union = await waitForText(seg.setOps.getByTestId('setop-result'), '在分群');
    assert.equal(countIn(union), active + youngCount, 'the two segments do not overlap, so the union adds up');
    await seg.setOps.getByTestId('segments-upset').waitFor({ state: 'visible' });

    // The two side by side: sizes as saved, nobody in both, one comparison chart per distribution.
    const compared = await seg.compare('中老年活跃', '年轻客户');
    await waitForText(compared, '两者共有 0 人');
    const summary = await compared.locator('p').first().innerText();
    assert.ok(summary.includes(active.toLocaleString()) && summary.includes(youngCount.toLocaleString()), summary);
    assert.ok((await compared.locator('.chart-card').count()) > 0, 'comparison charts');

    // Why is customer P000000001 in or out of the rule being edited (年龄<30 plus the unfinished tag)?
    await incomplete.getByTestId('condition-remove').click();
    await seg.countFor('年龄<30');
    const why = await seg.explain('P000000001');
    await waitForText(why.getByTestId('why-condition'), '年龄<30');
    const verdict = await why.getAttribute('data-in');
    const matched = await why.getByTestId('why-condition').first().getAttribute('data-matched');
    assert.equal(verdict, matched, 'with one condition the verdict is that condition’s');

    // The portrait of a saved segment, from its row; export a chart as SVG and PNG.
    await seg.row('中老年活跃').getByTestId('segment-portrait').click();
    const portraits = new PortraitsPage(page);
    await portraits.result.waitFor({ state: 'visible', timeout: 120_000 });
    await waitForText(portraits.result, '中老年活跃');
    await portraits.distribution('age_band').waitFor({ state: 'visible' });
    const svg = await portraits.export('age_band', 'svg');
    const svgText = await readFile(await svg.path(), 'utf8');
    assert.ok(svgText.startsWith('<svg'), 'an SVG file');
    assert.ok(svgText.includes('中老年活跃'), 'the SVG names the group');
    const png = await portraits.export('age_band', 'png');
    const pngBytes = await readFile(await png.path());
    assert.deepEqual([...pngBytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
    await page.getByTestId('portrait-radar').waitFor({ state: 'visible', timeout: 120_000 });

    await shell.switchLanguage('en');
    await waitForText(shell.nav('segments'), catalogText('en', 'nav.segments'));
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'portraits.title'));
  });
});
