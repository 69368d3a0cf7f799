/**
 * An analyst groups the demo customers on 智能分群: builds the customer wide table, picks it and its numeric
 * features, scans k (and cancels one scan), runs the clustering, reads named groups with sizes, sees the radar,
 * parallel coordinates and the 2-D map, switches the map to UMAP (computed on a sample, with progress) and back,
 * lassos a region and saves it as a 客群 (segment) whose size the segments page and its SQL check confirm, saves a
 * group as a segment, and reads the page in English. No request leaves the app's origin (checked by withApp).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { ClustersPage } from './pages/clustersPage.ts';
import { SegmentsPage } from './pages/segmentsPage.ts';

function countIn(text: string): number {
  const m = /([\d,]+)/.exec(text);
  return Number((m?.[1] ?? '').replace(/,/g, ''));
}

void test('scans k, clusters the demo customers, explains the groups, lassos the map and saves segments', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    // The segments need the customer wide table; build it first, as an analyst would.
    await shell.goTo('segments');
    await new SegmentsPage(page).ensureProfile();
    await shell.goTo('clusters');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'clusters.title'));

    const clusters = new ClustersPage(page);
    await clusters.chooseTable('customer_profile');
    await clusters.allNumeric.click();
    assert.equal(await clusters.feature('aum_fen').isChecked(), true, 'AUM is a numeric feature and is picked');
    assert.equal(await clusters.feature('occupation').isChecked(), false, 'occupation is categorical and not picked by "all numeric"');

    await clusters.scanAndCancel(2, 30);

    const suggested = await clusters.scan(2, 4);
    assert.ok(suggested >= 2 && suggested <= 4, `the suggested k is in the scanned range, got ${suggested}`);
    await clusters.scanChart.waitFor({ state: 'visible' });

    await clusters.run(3);
    assert.equal(await clusters.groupRows().count(), 3, 'three groups');
    const names = await clusters.groupNames();
    assert.ok(names.every((n) => n.trim().length > 0), `every group has a name: ${JSON.stringify(names)}`);
    await clusters.radar.waitFor({ state: 'visible' });
    await clusters.parallel.waitFor({ state: 'visible' });
    await clusters.map.waitFor({ state: 'visible' });

    const umapPoints = await clusters.showProjection('umap');
    assert.ok(umapPoints > 15, `the UMAP map draws the sampled customers: ${umapPoints}`);
    const note = await waitForText(clusters.umapNote, /\d/);
    assert.ok(note.includes(umapPoints.toLocaleString('zh-CN')), `the note states the sample drawn: ${note}`);
    assert.equal(await clusters.lasso.isDisabled(), true, 'the lasso is for the PCA map only');
    const pcaPoints = await clusters.showProjection('pca');
    assert.ok(pcaPoints > 0, 'back on the PCA map');

    await clusters.lassoMiddle();
    await page.waitForFunction(
      () => {
        const button = document.querySelector<HTMLButtonElement>('[data-testid="cluster-lasso-save"]');
        return button !== null && !button.disabled;
      },
      undefined,
      { timeout: 30_000 },
    );
    assert.equal((await clusters.lassoSave.innerText()).trim(), catalogText('zh-CN', 'clusters.lassoSave'), 'the lasso button saves a 客群');
    const region = await clusters.saveLassoAsSegment();
    assert.ok(region.count > 0, `the lassoed middle of the map holds customers: ${JSON.stringify(region)}`);

    const saved = await clusters.saveGroupAsSegment(0);
    assert.ok(saved.includes(names[0] ?? '\u0000') || /#\d+/.test(saved), `saving group 0 reports where it went: ${saved}`);

    // The lassoed region is a 客群 on the segments page, with the size reported on save, counted alike by SQL.
    await shell.goTo('segments');
    const seg = new SegmentsPage(page);
    await waitForText(seg.row(region.name), region.count.toLocaleString('zh-CN'));
    await seg.open(region.name);
    assert.equal(await seg.countFor('聚类选区'), region.count, 'the builder counts the lasso segment as saved');
    assert.equal(countIn(await seg.sqlCount()), region.count, 'the SQL path counts the same customers');

    await shell.goTo('clusters');
    await shell.switchLanguage('en');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'clusters.title'));
    await waitForText(shell.nav('clusters'), catalogText('en', 'nav.clusters'));
  });
});
