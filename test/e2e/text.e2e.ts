/**
 * An analyst mines the demo bank's service notes on the 文本 page: runs the pipeline, checks segmentation with the
 * bank dictionary and adds a word, drills from keywords and from the sentiment chart to the (masked) notes behind
 * them, searches by keyword (BM25), then picks the project's tiny local model folder and searches semantically —
 * all without a request leaving the app's origin (withApp's tripwire), and reviews unknown merchants.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { TextPage } from './pages/textPage.ts';

const MODEL = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/models/tiny-bert-zh');

void test('runs text mining on the demo notes, drills down, searches with and without a local model', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();
    await shell.goTo('text');
    const text = new TextPage(page);
    await text.view.waitFor();

    await text.runAnalysis();
    assert.match(await text.summary.innerText(), /条文本/);

    const tokens = await text.preview('我想买招招宝，手机银行又闪退了');
    assert.ok(tokens.includes('手机银行'), `the bank dictionary keeps 手机银行 whole: ${tokens.join('/')}`);
    assert.ok(!tokens.includes('招招宝'), 'an unknown product name is split before it is added');
    await text.addDictionaryWord('招招宝');
    const after = await text.preview('招招宝和手机银行');
    assert.ok(after.includes('招招宝'), `an added word is one token: ${after.join('/')}`);

    await text.wordCloud.waitFor();
    const word = await text.drillFirstKeyword();
    await waitForText(text.notesFilter, word);
    const firstNote = await text.noteTexts.first().innerText();
    assert.ok(firstNote.length > 0);
    assert.doesNotMatch(firstNote, /(?<!\d)1[3-9]\d{9}(?!\d)/, 'no unmasked mobile number in a note');

    await text.drillNegativeOfFirstGroup();
    await waitForText(text.notesFilter, catalogText('zh-CN', 'text.sentiment.labels.negative'));
    assert.ok((await text.noteTexts.count()) > 0);

    await text.search('提额失败');
    await waitForText(text.searchMode, catalogText('zh-CN', 'text.search.modeBm25'));
    assert.ok((await text.searchHits.count()) > 0, 'BM25 finds notes about 提额 without a model');
    assert.match(await text.searchHits.first().innerText(), /额/);

    await text.chooseModelFolder(MODEL);
    await waitForText(text.searchMode, catalogText('zh-CN', 'text.search.modeSemantic'));
    await text.embed();
    await text.search('人脸识别一直失败');
    assert.ok((await text.searchHits.count()) > 0, 'semantic search answers from the local model');

    assert.ok((await text.topicRows.count()) >= 2);
    await text.merchantCoverage.waitFor();
  });
});
