/**
 * The network tripwire must be able to fail: a throwaway page (not the app) requests outside hosts from the page,
 * from a dedicated worker and over a websocket, and every one of them has to be caught and blocked. The probe
 * files are served by a route, not a server: the app's server sends a Content-Security-Policy that would stop
 * these requests before the tripwire could see them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchChromium } from '#test/support/chromium.ts';
import { installTripwire } from '#test/support/tripwire.ts';

/** Nothing needs to listen here: every request to this origin is answered by the route below. */
const ORIGIN = 'http://127.0.0.1:47613';

const FILES: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  '/index.html': {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><meta charset="utf-8"><title>tripwire probe</title>
<script type="module">
  await fetch('./same-origin.txt');
  await fetch('https://example.com/from-page').catch(() => {});
  const ws = new WebSocket('ws://example.net/socket');
  await new Promise((resolve) => { ws.onclose = resolve; ws.onerror = resolve; });
  const worker = new Worker('./worker.js', { type: 'module' });
  await new Promise((resolve) => { worker.onmessage = resolve; });
  document.title = 'probe done';
</script>`,
  },
  '/worker.js': {
    type: 'text/javascript',
    body: `await fetch('https://example.org/from-worker').catch(() => {});
postMessage('done');`,
  },
  '/same-origin.txt': { type: 'text/plain', body: 'ok' },
};

void test('the network tripwire catches outside requests from pages, workers and websockets', { timeout: 60_000 }, async () => {
  const browser = await launchChromium();
  try {
    const { context } = browser;
    const tripwire = await installTripwire(context, ORIGIN);
    // Registered after the tripwire, so it answers first for the probe origin and falls back for the rest.
    await context.route(`${ORIGIN}/**`, async (route) => {
      const file = FILES[new URL(route.request().url()).pathname];
      await (file ? route.fulfill({ status: 200, contentType: file.type, body: file.body }) : route.fulfill({ status: 404 }));
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => document.title === 'probe done', undefined, { timeout: 30_000 });
    const seen = tripwire.violations.join('\n');
    assert.match(seen, /example\.com\/from-page/);
    assert.match(seen, /example\.org\/from-worker/);
    assert.match(seen, /example\.net\/socket/);
    assert.doesNotMatch(seen, /same-origin/);
    assert.throws(() => tripwire.assertClean(), /network tripwire: 3 request/);
  } finally {
    await browser.close();
  }
});
