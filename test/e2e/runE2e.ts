/**
 * Runs the end-to-end specs (`test/e2e/**\/*.e2e.ts`) with node:test: builds `dist/web` when stale, serves it
 * once on 127.0.0.1 for all specs, runs the files one at a time (each test launches its own Chromium), retries a
 * failed file once, and reports the counts. Usage: `node --import tsx test/e2e/runE2e.ts [--json <result.json>] [spec files…]`.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_BUILD_ERROR_ENV, E2E_ORIGIN_ENV } from '#test/support/appSession.ts';
import { createTempDir } from '#test/support/tempDir.ts';
import { writeTierResult } from '#test/support/tierResult.ts';
import { ensureWebBuild, REPO_ROOT, WEB_DIST } from '#test/support/webBuild.ts';
import { startStaticServer, type StaticServer } from '../../build/staticServer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Limit for one spec file's run; single tests set their own (a few minutes at most). */
const RUN_TIMEOUT_MS = 12 * 60_000;
const TEST_TIMEOUT_MS = 6 * 60_000;

async function findSpecs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findSpecs(full)));
    else if (entry.name.endsWith('.e2e.ts')) found.push(full);
  }
  return found.sort();
}

/** Counts from the summary node:test's TAP reporter writes (`# pass 3`, `# fail 1`, …). */
function tapCount(tap: string, key: string): number {
  const match = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
  return match ? Number(match[1]) : 0;
}

async function runSpecs(specs: readonly string[], env: NodeJS.ProcessEnv, tapFile: string): Promise<number | null> {
  const args = [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=1',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...specs,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => {
      console.log(`e2e: the specs did not finish within ${RUN_TIMEOUT_MS / 60_000} min; stopping them`);
      // SIGTERM lets playwright-core close the browsers it launched.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Builds and serves the app; on a build failure, tells the specs through the environment instead. */
async function prepareApp(env: NodeJS.ProcessEnv, notes: string[]): Promise<StaticServer | null> {
  try {
    await ensureWebBuild((line) => console.log(`e2e: ${line}`));
    const server = await startStaticServer({ root: WEB_DIST });
    env[E2E_ORIGIN_ENV] = new URL(server.url).origin;
    console.log(`e2e: serving dist/web at ${server.url}`);
    return server;
  } catch (e) {
    // Specs that need no app (the tripwire self-test) still run; app specs fail fast with this message.
    const message = e instanceof Error ? e.message : String(e);
    notes.push(`web build: ${message.split('\n')[0] ?? message}`);
    env[E2E_BUILD_ERROR_ENV] = message.split('\n').slice(0, 20).join('\n');
    console.log(`e2e: ✗ web build failed:\n${message.replace(/^/gm, '    ')}`);
    return null;
  }
}

async function runAndCollect(specs: readonly string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; tap: string }> {
  const tapDir = await createTempDir('e2e-tap');
  try {
    const tapFile = path.join(tapDir.path, 'e2e.tap');
    const exitCode = await runSpecs(specs, env, tapFile);
    return { exitCode, tap: await readFile(tapFile, 'utf8').catch(() => '') };
  } finally {
    await tapDir.remove();
  }
}

interface SpecCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

async function runSpec(spec: string, env: NodeJS.ProcessEnv, notes: string[]): Promise<SpecCounts> {
  const run = await runAndCollect([spec], env);
  const passed = tapCount(run.tap, 'pass');
  let failed = tapCount(run.tap, 'fail') + tapCount(run.tap, 'cancelled');
  if (run.exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`${path.relative(REPO_ROOT, spec)}: node --test exited with ${run.exitCode} without reporting a failing test`);
  }
  return { passed, failed, skipped: tapCount(run.tap, 'skipped') + tapCount(run.tap, 'todo') };
}

/**
 * Runs each spec file on its own and a failed one once more, as Playwright Test's `retries` does on CI: a whole
 * browser session on a loaded 2-core machine can stall for reasons outside the app. A spec that passes only on
 * the retry is reported as flaky by name (its first failure stays in the log above); one that fails twice fails.
 */
async function runAll(specs: readonly string[], env: NodeJS.ProcessEnv, notes: string[]): Promise<SpecCounts & { flaky: string[] }> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const flaky: string[] = [];
  for (const spec of specs) {
    const name = path.relative(REPO_ROOT, spec);
    let counts = await runSpec(spec, env, notes);
    if (counts.failed > 0 && !env[E2E_BUILD_ERROR_ENV]) {
      console.log(`e2e: ✗ ${name} failed (${counts.failed}); running it once more`);
      counts = await runSpec(spec, env, notes);
      if (counts.failed === 0) flaky.push(name);
    }
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  return { passed, failed, skipped, flaky };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const requested = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--json');
  const specs = requested.length > 0 ? requested.map((spec) => path.resolve(spec)) : await findSpecs(HERE);
  const notes: string[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env };
  const server = await prepareApp(env, notes);
  let result: SpecCounts & { flaky: string[] };
  try {
    console.log(`e2e: running ${specs.length} spec file(s): ${specs.map((spec) => path.relative(REPO_ROOT, spec)).join(', ')}`);
    result = await runAll(specs, env, notes);
  } finally {
    await server?.close();
  }
  const { passed, skipped, flaky } = result;
  const failed = result.failed + (server ? 0 : 1);
  if (flaky.length > 0) notes.push(`flaky (failed, then passed on the retry): ${flaky.join(', ')}`);
  console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped${flaky.length > 0 ? `, ${flaky.length} flaky: ${flaky.join(', ')}` : ''}`);
  await writeTierResult(process.argv, { passed, failed, skipped, notes });
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
