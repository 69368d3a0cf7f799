/**
 * Launches Debian's Chromium through playwright-core (no bundled browser is downloaded; see
 * ../../../shared/STACK-NOTES.md §2). Every launch gets a fresh profile folder, so each test sees a first start.
 */
import { access } from 'node:fs/promises';
import { chromium, type BrowserContext } from 'playwright-core';
import { createTempDir } from './tempDir.ts';

export const CHROMIUM_PATH = process.env.KEQUN_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Second line of defence behind the network tripwire: no host name resolves, so even a request the tripwire
  // missed cannot leave the machine. 127.0.0.1 is excluded from the rule.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface LaunchOptions {
  /** Browser UI language and `navigator.language`; default `zh-CN`, the product's first language. */
  readonly locale?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** Closes the browser (bounded by a timeout) and deletes its profile folder; safe to call twice. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 10_000;

/** Starts headless Chromium with a fresh temporary `--user-data-dir`. Fails clearly when Chromium is missing. */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  await access(CHROMIUM_PATH).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (or set KEQUN_CHROMIUM)`);
  });
  const profile = await createTempDir('chromium-profile');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.path, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      locale: options.locale ?? 'zh-CN',
      viewport: options.viewport ? { ...options.viewport } : { width: 1440, height: 900 },
      timeout: 60_000,
    });
  } catch (e) {
    await profile.remove();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    context,
    close() {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        });
        await Promise.race([context.close().catch(() => undefined), timeout]);
        clearTimeout(timer);
        await profile.remove();
      })();
      return closing;
    },
  };
}
