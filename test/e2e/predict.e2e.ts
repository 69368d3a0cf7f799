/**
 * An analyst models on 预测建模 with the demo bank: builds the customer wide table (标签 page), picks it and the
 * target 持有理财 (has_wealth), trains
 * gradient-boosted trees (cancelling one run first) and a logistic regression, reads the model card (AUC, lift,
 * ROC / gains / calibration, importance, confusion matrix at a threshold), compares the two models, scores the
 * customers into tags, trains a point-in-time churn model (features only from before the reference date), runs
 * next-best-product, and reads the page in English. No request leaves the app's
 * origin (checked by withApp).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { PredictPage } from './pages/predictPage.ts';
import { TagsPage } from './pages/tagsPage.ts';

void test('trains, explains, compares and scores propensity models, and recommends products', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('tags');
    await new TagsPage(page).runTags();
    await shell.goTo('predict');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'predict.title'));

    const predict = new PredictPage(page);
    await predict.chooseTarget('customer_profile', 'has_wealth', '');
    await predict.trainAndCancel('trees');

    const treesAuc = await predict.train('trees');
    // Holding wealth products shows in AUM, deposits and the other holdings: far better than chance.
    assert.ok(treesAuc > 0.6, `trees validation AUC ${treesAuc}`);
    assert.ok(Number(await predict.lift.innerText()) > 1, 'the top decile holds more wealth-product holders than average');
    for (const chart of [predict.roc, predict.gains, predict.calibration, predict.importance]) await chart.waitFor({ state: 'visible' });
    const tpBefore = await predict.truePositives.innerText();
    await predict.threshold.fill('0.95');
    await page.waitForFunction((v) => document.querySelector('[data-testid="predict-tp"]')?.textContent !== v, tpBefore, { timeout: 10_000 });

    const logisticAuc = await predict.train('logistic');
    assert.ok(logisticAuc > 0.6, `logistic validation AUC ${logisticAuc}`);
    assert.equal(await predict.modelRows().count(), 2, 'two models, the cancelled run left none behind');
    await predict.compareAll();

    const scored = await predict.score();
    assert.match(scored, /pred_\d+_score/, `scoring names its tags: ${scored}`);

    // A point-in-time churn model: features only from data before the reference date, the cut shown on the card.
    await predict.choosePointInTime('churn');
    const churnAuc = await predict.train('trees');
    assert.ok(churnAuc > 0.6, `point-in-time churn validation AUC ${churnAuc}`);
    await waitForText(predict.pitInfo, /参考日 \d{4}-\d{2}-\d{2}.+3个月内流失/);
    await waitForText(page.getByTestId('predict-pit-excluded'), /参考日前/);

    const hitRate = await predict.recommend();
    assert.match(hitRate, /\d+\.\d%/, `the hold-out hit rate is shown: ${hitRate}`);
    assert.ok((await predict.nbpSample.locator('tbody tr').count()) > 0, 'sample recommendations are listed');
    await waitForText(predict.nbpSample, /持有「.+」的客户中 \d+% 也持有「.+」|热门产品/);

    await shell.switchLanguage('en');
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'predict.title'));
    await waitForText(shell.nav('predict'), catalogText('en', 'nav.predict'));
  });
});
