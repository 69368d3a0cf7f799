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
    // withApp then fails the test on any request outside the app's origin or any console error.
  });
});
