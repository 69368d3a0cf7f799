/**
 * The in-browser engine suite (../../../shared/STYLE.md §13): bundles the engine unit tests with Vite, serves
 * them on 127.0.0.1 and runs every file in a Chromium Web Worker, which catches Node-only assumptions in
 * shared/. Usage: `node --import tsx test/in-browser/runInBrowser.ts [--json <result.json>] [--verbose]`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium, type LaunchedChromium } from '#test/support/chromium.ts';
import { startStaticServer, type StaticServer } from '../../build/staticServer.mjs';
import { createTempDir, type TempDir } from '#test/support/tempDir.ts';
import { withTimeout, writeTierResult } from '#test/support/tierResult.ts';
import { installTripwire } from '#test/support/tripwire.ts';
import { REPORT_BINDING, type DriverReport } from './protocol.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITE_TIMEOUT_MS = 15 * 60_000;

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
const notes: string[] = [];
/** `--verbose` prints every test; by default a line per file, and each failing test in full. */
const VERBOSE = process.argv.includes('--verbose');
const fileTally = new Map<string, { passed: number; failed: number; skipped: number }>();

function indent(text: string): string {
  return text.replace(/^/gm, '      ');
}

function onReport(message: DriverReport): void {
  switch (message.kind) {
    case 'test': {
      const { outcome } = message;
      const tally = fileTally.get(outcome.file) ?? { passed: 0, failed: 0, skipped: 0 };
      fileTally.set(outcome.file, tally);
      if (outcome.state === 'pass') {
        passed++;
        tally.passed++;
      } else if (outcome.state === 'fail') {
        failed++;
        tally.failed++;
      } else {
        skipped++;
        tally.skipped++;
      }
      if (VERBOSE || outcome.state === 'fail') {
        const mark = outcome.state === 'pass' ? '✓' : outcome.state === 'fail' ? '✗' : '-';
        console.log(`  ${mark} ${outcome.file} > ${outcome.name} (${outcome.durationMs} ms)`);
        for (const error of outcome.errors) console.log(indent(error));
      }
      break;
    }
    case 'file': {
      files++;
      for (const error of message.errors) {
        failed++;
        notes.push(`${message.file}: ${error.split('\n')[0] ?? ''}`);
        console.log(`  ✗ ${message.file} (outside any test)\n${indent(error)}`);
      }
      const tally = fileTally.get(message.file) ?? { passed: 0, failed: 0, skipped: 0 };
      const mark = tally.failed > 0 || message.errors.length > 0 ? '✗' : '✓';
      const extra = `${tally.failed ? `, ${tally.failed} failed` : ''}${tally.skipped ? `, ${tally.skipped} skipped` : ''}`;
      console.log(`${mark} ${message.file} (${tally.passed} passed${extra}, ${message.durationMs} ms)`);
      break;
    }
    case 'excluded':
      notes.push(`excluded ${message.file}: ${message.reason}`);
      console.log(`- ${message.file} excluded: ${message.reason}`);
      break;
    case 'done':
      break;
  }
}

async function buildSuite(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: HERE,
    base: './',
    logLevel: 'warn',
    clearScreen: false,
    resolve: { alias: [{ find: /^vitest$/, replacement: path.join(HERE, 'vitestShim.ts') }] },
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
    },
  });
}

async function runSuite(origin: string, browser: LaunchedChromium): Promise<void> {
  const { context } = browser;
  const tripwire = await installTripwire(context, origin);
  const page = await context.newPage();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await page.exposeFunction(REPORT_BINDING, (message: DriverReport) => {
    onReport(message);
    if (message.kind === 'done') finish();
  });
  const crashed = new Promise<never>((_, reject) => {
    page.on('crash', () => reject(new Error('the test page crashed (out of memory?)')));
  });
  page.on('pageerror', (error) => {
    failed++;
    notes.push(`uncaught in the test page or a worker: ${error.message}`);
    console.log(`  ✗ ${notes.at(-1) ?? ''}`);
  });
  await page.goto(`${origin}/index.html`);
  await withTimeout(Promise.race([done, crashed]), SUITE_TIMEOUT_MS, 'the in-browser suite');
  try {
    tripwire.assertClean();
  } catch (e) {
    failed++;
    notes.push(e instanceof Error ? e.message : String(e));
    console.log(`  ✗ ${notes.at(-1) ?? ''}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  let outDir: TempDir | undefined;
  let server: StaticServer | undefined;
  let browser: LaunchedChromium | undefined;
  try {
    outDir = await createTempDir('in-browser');
    await buildSuite(outDir.path);
    server = await startStaticServer({ root: outDir.path });
    browser = await launchChromium({ locale: 'en-US' });
    // The app's own server, so the engine runs under the app's Content-Security-Policy as it does in the product.
    await runSuite(new URL(server.url).origin, browser);
  } catch (e) {
    failed++;
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    notes.push(message.split('\n')[0] ?? message);
    console.log(`  ✗ in-browser suite could not run:\n${indent(message)}`);
  } finally {
    await browser?.close();
    await server?.close();
    await outDir?.remove();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`in-browser: ${passed} passed, ${failed} failed, ${skipped} skipped in ${files} file(s), ${seconds} s`);
  await writeTierResult(process.argv, { passed, failed, skipped, notes });
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
