/**
 * An analyst resolves ONE_IDs on the demo workspace: the run leaves fewer persons than records, the channel
 * overlap chart shows, a customer number read off the table browser finds its person, whose identity graph
 * opens with that customer's record; revealing needs a reason and shows a phone that finds the same person;
 * rejecting one review item takes it out of the queue. The table browser and the quality report still work after
 * the run. No request leaves the app's origin and the console stays clean (checked by withApp).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from '#test/support/appSession.ts';
import { readCount, waitForText } from '#test/support/locatorText.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { IdentityPage } from './pages/identityPage.ts';
import { TablesPage } from './pages/tablesPage.ts';

/** Polls `read` until it returns `expected`, failing with the last value seen. */
async function waitForValue<T>(read: () => Promise<T>, expected: T, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await read().catch(() => undefined);
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: expected ${String(expected)}, still ${String(last)}`);
}

void test('resolves ONE_IDs on the demo, searches a customer, opens the graph and decides a review item', { timeout: 400_000 }, async () => {
  await withApp(async ({ page }) => {
    const shell = new AppShell(page);
    await shell.waitForDemoWorkspace();

    // An identifier from the demo, as an analyst would find one: the first customer's 客户号 in 数据浏览.
    await shell.goTo('tables');
    const tables = new TablesPage(page);
    await tables.openTable('customers');
    const custNo = await tables.firstRowValue('cust_no');
    assert.match(custNo, /^\d{6,}$/, `a customer number from the table browser, got ${JSON.stringify(custNo)}`);

    await shell.goTo('identity');
    const identity = new IdentityPage(page);
    await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'identity.title'));
    const { records, persons } = await identity.runResolution();
    assert.ok(persons > 0 && persons < records, `resolution joins records into fewer persons (${persons} persons from ${records} records)`);
    await waitForText(identity.mergeRate, /\d+\.\d%/);

    // The overlap chart is drawn, and its table names the channels of the demo's systems.
    await identity.overlapChart.locator('canvas').first().waitFor({ state: 'visible' });
    const channels = await identity.overlapTable.textContent();
    for (const key of ['core', 'app', 'official_account', 'mini_program', 'branch', 'web']) {
      const name = catalogText('zh-CN', `identity.channel.${key}`);
      assert.ok(channels?.includes(name), `the overlap lists ${name}; it shows ${channels ?? ''}`);
    }

    // Search by the customer number: one person, whose graph holds the customer's own record.
    await identity.openTab('person');
    await identity.search(custNo);
    await identity.personGraph.locator('canvas').first().waitFor({ state: 'visible' });
    const oneId = await identity.openPersonId();
    const customerRow = identity.personRecordsContaining(custNo).filter({ hasText: catalogText('zh-CN', 'identity.source.customer') });
    assert.equal(await customerRow.count(), 1, `the graph of ${oneId} lists the customer record ${custNo}`);
    assert.ok(
      (await readCount(page.getByTestId('id-person-count'))) >= 2,
      'a demo customer is seen in more than one record',
    );
    // Masked by default: no full mobile number is on the page.
    assert.doesNotMatch(await identity.personRecords.innerText(), /\b1[3-9]\d{9}\b/, 'phones are masked before revealing');

    // Revealing asks for a reason; the revealed phone of the customer finds the same person.
    await identity.revealPerson('核实客户身份（端到端测试）');
    const revealed = await waitForText(identity.personRecordsContaining(custNo).filter({ hasText: catalogText('zh-CN', 'identity.source.customer') }), /\b1[3-9]\d{9}\b/);
    const phone = /\b1[3-9]\d{9}\b/.exec(revealed)?.[0] ?? '';
    await identity.search(phone);
    await waitForText(identity.searchHits, catalogText('zh-CN', 'identity.idType.phone'));
    await waitForText(identity.searchHits, oneId);

    // Review: reject the first pending item; the queue shrinks by one and the item is listed as rejected.
    await identity.openTab('review');
    await identity.reviewItems.first().waitFor({ state: 'visible' });
    const pending = await identity.reviewCount();
    assert.ok(pending > 0, 'the demo has pairs waiting for review');
    const reviewId = await identity.reviewIdAt(0);
    await identity.decide(reviewId, 'reject');
    await waitForValue(() => identity.reviewCount(), pending - 1, 'pending review items after one decision');
    await identity.reviewItem(reviewId).waitFor({ state: 'detached' });
    await identity.showReviewStatus('rejected');
    await identity.reviewItem(reviewId).waitFor({ state: 'visible' });
    await waitForText(page.getByTestId('id-tab-review'), String(pending - 1));

    // The run wrote its own tables; the table browser and the quality report still work.
    await shell.goTo('tables');
    await tables.openTable('customers');
    assert.equal(await tables.firstRowValue('cust_no'), custNo);
    await shell.goTo('quality');
    await page.getByTestId('quality-report').waitFor({ state: 'visible', timeout: 60_000 });
  });
});
