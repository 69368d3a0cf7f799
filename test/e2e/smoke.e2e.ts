import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zhCN } from '#renderer/i18n/zh-CN.ts';
import { withApp } from '#test/support/appSession.ts';
import { AppShell } from './pages/appShell.ts';

void test('the app starts offline, shows 客群工作台 and opens a workspace without console errors', { timeout: 300_000 }, async () => {
  await withApp(async ({ page }) => {
    await page.getByText(zhCN.app.title).first().waitFor({ state: 'visible' });
    assert.match(await page.title(), new RegExp(zhCN.app.title));
    await new AppShell(page).waitUntilStarted();
    // The workspace menu states the workspace's size against the limit of an in-memory workspace.
    await page.getByTestId('menu-button').click();
    const size = page.getByTestId('menu-size');
    await size.waitFor({ state: 'visible' });
    const shown = (await size.innerText()).trim();
    const pattern = new RegExp(`^${zhCN.header.size.replace('{{size}}', '(\\d+(?:\\.\\d)?) (KB|MB|GB)').replace('{{limit}}', '3\\.5 GB')}$`);
    const m = pattern.exec(shown);
    assert.ok(m, `menu shows "${shown}"`);
    assert.ok(Number(m[1]) > 0, `a workspace with data has a size: "${shown}"`);
    assert.equal(await page.getByTestId('size-warning').count(), 0);
    await page.keyboard.press('Escape');
    await size.waitFor({ state: 'hidden' });
    // withApp then fails the test on any request outside the app's origin or any console error.
  });
});
