/**
 * One end-to-end session: the web build served on 127.0.0.1, a fresh Chromium profile, the network tripwire
 * and the console watch. `withApp` closes everything in `finally` and, when the test body succeeded, fails the
 * test on any outside request or console error.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type LaunchOptions } from './chromium.ts';
import { watchConsole, type ConsoleWatch } from './consoleWatch.ts';
import { startStaticServer, type StaticServer } from '../../build/staticServer.mjs';
import { installTripwire, type NetworkTripwire } from './tripwire.ts';
import { ensureWebBuild, WEB_DIST } from './webBuild.ts';

/** Set by test/e2e/runE2e.ts, which builds and serves the app once for all spec files. */
export const E2E_ORIGIN_ENV = 'KEQUN_E2E_ORIGIN';
/** Set by test/e2e/runE2e.ts instead of the origin when the web build failed, so app tests fail fast. */
export const E2E_BUILD_ERROR_ENV = 'KEQUN_E2E_BUILD_ERROR';

export interface AppSession {
  readonly origin: string;
  readonly context: BrowserContext;
  /** Already navigated to the app's start page. */
  readonly page: Page;
  readonly tripwire: NetworkTripwire;
  readonly console: ConsoleWatch;
}

export interface AppSessionOptions extends LaunchOptions {
  /** Console errors that are expected in this test (e.g. a deliberately broken file), matched against each recorded error. */
  readonly allowConsoleErrors?: readonly RegExp[];
}

async function serveApp(): Promise<{ origin: string; server: StaticServer | null }> {
  const buildError = process.env[E2E_BUILD_ERROR_ENV];
  if (buildError) throw new Error(`the app was not built, so it cannot be tested: ${buildError}`);
  const shared = process.env[E2E_ORIGIN_ENV];
  if (shared) return { origin: shared, server: null };
  // Running a spec file on its own (`node --import tsx --test test/e2e/x.e2e.ts`): build and serve here.
  await ensureWebBuild();
  const server = await startStaticServer({ root: WEB_DIST });
  return { origin: new URL(server.url).origin, server };
}

/**
 * What a person would have seen when the test failed: any error notices on the page and a screenshot path, so a
 * CI log tells a timeout waiting for a result apart from a job that failed with a message.
 */
async function describeFailedPage(page: Page): Promise<string> {
  try {
    const notices = await page.locator('[role="alert"]').allInnerTexts();
    const progress = await page.locator('[role="progressbar"]').allInnerTexts();
    const save = await page.getByTestId('save-state').getAttribute('data-state', { timeout: 1000 }).catch(() => null);
    const shot = join(tmpdir(), `kequn-e2e-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    const flat = (texts: string[]): string => texts.map((n) => n.replace(/\s+/g, ' ').trim()).join(' | ');
    return [
      `\nOn the page: ${notices.length > 0 ? flat(notices) : 'no error notice'}`,
      `progress: ${progress.length > 0 ? flat(progress) : 'none'}`,
      `save state: ${save ?? 'unknown'}`,
      `screenshot ${shot}`,
    ].join('; ');
  } catch (e) {
    return `\n(the page could not be described: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Opens the app in a fresh browser, runs `body`, then checks the tripwire and console and closes everything. */
export async function withApp(body: (session: AppSession) => Promise<void>, options: AppSessionOptions = {}): Promise<void> {
  const { origin, server } = await serveApp();
  const browser = await launchChromium(options).catch(async (e: unknown) => {
    await server?.close();
    throw e;
  });
  try {
    const { context } = browser;
    const tripwire = await installTripwire(context, origin);
    const consoleWatch = watchConsole(context);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    let failure: unknown = null;
    let seen = '';
    try {
      await body({ origin, context, page, tripwire, console: consoleWatch });
    } catch (e) {
      failure = e;
      seen = await describeFailedPage(page);
    }
    const allowed = options.allowConsoleErrors ?? [];
    const unexpected = consoleWatch.errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
    const problems = [
      ...(tripwire.violations.length > 0 ? [`network tripwire: request(s) outside ${origin}:\n  ${tripwire.violations.join('\n  ')}`] : []),
      ...(unexpected.length > 0 ? [`console error(s):\n  ${unexpected.join('\n  ')}`] : []),
    ];
    if (failure !== null) {
      const also = problems.length > 0 ? `\nAlso seen during the test:\n${problems.join('\n')}` : '';
      // A fresh error, because the runner prints the stack, which froze the original message when it was thrown.
      throw new Error(`${failure instanceof Error ? failure.message : `non-Error thrown: ${inspect(failure)}`}${seen}${also}`, { cause: failure });
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } finally {
    await browser.close();
    await server?.close();
  }
}
