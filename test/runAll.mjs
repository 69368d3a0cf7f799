#!/usr/bin/env node
/**
 * `npm test`: every test tier in order (../shared/STYLE.md §13), each bounded by a timeout, ending with one plain
 * line `N passed, N failed` that CI reads (vitest's own summary is not such a line; STACK-NOTES.md §8).
 * Typecheck and lint count as one check each; the other tiers count individual tests.
 *
 *   node test/runAll.mjs                     all tiers
 *   node test/runAll.mjs --only e2e          one tier (or a comma list: --only unit,in-browser)
 *   node test/runAll.mjs --list              tier names
 *
 * Plain .mjs so it runs before anything is compiled; tier scripts written in TypeScript run through tsx.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MINUTE = 60_000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/**
 * @typedef {{ passed: number, failed: number, skipped: number, notes: string[] }} Counts
 * @typedef {{ name: string, what: string, timeoutMs: number, command: (tmp: string) => string[], counts: (exitCode: number | null, tmp: string) => Promise<Counts> }} Tier
 */

/** A tier that is one check: it passed when its command exited with 0. */
const oneCheck = async (exitCode) =>
  exitCode === 0 ? { passed: 1, failed: 0, skipped: 0, notes: [] } : { passed: 0, failed: 1, skipped: 0, notes: [`exit code ${exitCode}`] };

/** Reads the `--json` result a tier script wrote (test/support/tierResult.ts); a missing file is a failure. */
async function tierJson(exitCode, file) {
  const result = await readFile(file, 'utf8').then(JSON.parse, () => null);
  if (!result) return { passed: 0, failed: 1, skipped: 0, notes: [`no result written (exit code ${exitCode})`] };
  const counts = { passed: result.passed ?? 0, failed: result.failed ?? 0, skipped: result.skipped ?? 0, notes: result.notes ?? [] };
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** Counts from vitest's JSON reporter; a file that failed to load counts as one failure. */
async function vitestJson(exitCode, file) {
  const report = await readFile(file, 'utf8').then(JSON.parse, () => null);
  if (!report) return { passed: 0, failed: 1, skipped: 0, notes: [`vitest wrote no report (exit code ${exitCode})`] };
  const notes = [];
  let failed = report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((a) => a.status === 'failed')) {
      failed++;
      notes.push(`${path.relative(ROOT, suite.name)}: ${(suite.message ?? 'failed outside any test').split('\n')[0]}`);
    }
  }
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited with ${exitCode} (unhandled error?)`);
  }
  return { passed: report.numPassedTests ?? 0, failed, skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0), notes };
}

/** @param {'unit' | 'integration'} project */
const vitestTier = (project, what, timeoutMs) => ({
  name: project,
  what,
  timeoutMs,
  command: (tmp) => [process.execPath, VITEST, 'run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(tmp, 'vitest.json')}`],
  counts: (exitCode, tmp) => vitestJson(exitCode, path.join(tmp, 'vitest.json')),
});

/** @param {string} script repo-relative TypeScript tier script that accepts `--json <file>` */
const scriptTier = (name, what, script, timeoutMs) => ({
  name,
  what,
  timeoutMs,
  command: (tmp) => [process.execPath, '--import', 'tsx', path.join(ROOT, script), '--json', path.join(tmp, 'result.json')],
  counts: (exitCode, tmp) => tierJson(exitCode, path.join(tmp, 'result.json')),
});

/** @type {Tier[]} */
const TIERS = [
  { name: 'typecheck', what: 'tsc on every layer (npm run typecheck)', timeoutMs: 10 * MINUTE, command: () => [NPM, 'run', '--silent', 'typecheck'], counts: oneCheck },
  { name: 'lint', what: 'eslint, layer rules included (npm run lint)', timeoutMs: 10 * MINUTE, command: () => [NPM, 'run', '--silent', 'lint'], counts: oneCheck },
  vitestTier('unit', 'unit tests beside the modules, in Node (vitest project unit)', 15 * MINUTE),
  vitestTier('integration', 'engine API on the real data sets (vitest project integration)', 40 * MINUTE),
  scriptTier('in-browser', 'engine unit tests again in a Chromium Web Worker', 'test/in-browser/runInBrowser.ts', 20 * MINUTE),
  scriptTier('e2e', 'the UI in Chromium with page models (test/e2e)', 'test/e2e/runE2e.ts', 40 * MINUTE),
];

/** Set on Ctrl-C or SIGTERM: the running tier is stopped and no further tier starts. */
let interruptedBy = null;

/** Runs `argv` in its own process group with inherited output; on timeout stops the whole group. */
function run(argv, timeoutMs) {
  return new Promise((resolve) => {
    const [command, ...args] = argv;
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    let timedOut = false;
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`\n!! timed out after ${Math.round(timeoutMs / MINUTE)} min; stopping it`);
      // SIGTERM first so playwright-core closes its browsers and servers close; SIGKILL whatever is left.
      stopGroup('SIGTERM');
      setTimeout(() => stopGroup('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    const forward = (signal) => {
      interruptedBy = signal;
      stopGroup(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.log(`!! could not start ${command}: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // A tier that leaves children behind (a browser, a server) must not outlive its timeout either.
      stopGroup('SIGKILL');
      resolve({ code: timedOut ? null : (code ?? (signal ? 128 : 1)), timedOut });
    });
  });
}

function parseArgs(argv) {
  if (argv.includes('--list')) {
    for (const tier of TIERS) console.log(`${tier.name.padEnd(12)} ${tier.what}`);
    process.exit(0);
  }
  const i = argv.indexOf('--only');
  if (i < 0) return TIERS;
  const names = (argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !TIERS.some((tier) => tier.name === name));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`unknown tier(s) ${unknown.join(', ') || '(none given)'}; known: ${TIERS.map((t) => t.name).join(', ')}`);
    process.exit(2);
  }
  return TIERS.filter((tier) => names.includes(tier.name));
}

async function main() {
  const tiers = parseArgs(process.argv.slice(2));
  const results = [];
  const started = Date.now();
  for (const tier of tiers) {
    if (interruptedBy) {
      console.log(`\n!! ${interruptedBy}: not running ${tier.name} and later tiers`);
      break;
    }
    console.log(`\n━━ ${tier.name}: ${tier.what}`);
    const tmp = await mkdtemp(path.join(os.tmpdir(), `kequn-tier-${tier.name}-`));
    const tierStarted = Date.now();
    let counts;
    try {
      const { code, timedOut } = await run(tier.command(tmp), tier.timeoutMs);
      counts = await tier.counts(code, tmp);
      if (timedOut) {
        counts.failed = Math.max(counts.failed, 1);
        counts.notes.push(`timed out after ${Math.round(tier.timeoutMs / MINUTE)} min`);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    const seconds = (Date.now() - tierStarted) / 1000;
    results.push({ tier, counts, seconds });
    const mark = counts.failed > 0 ? '✗' : '✓';
    console.log(`━━ ${mark} ${tier.name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} (${seconds.toFixed(1)} s)`);
    for (const note of counts.notes) console.log(`   ${note.split('\n')[0]}`);
  }

  console.log('\nSummary');
  for (const { tier, counts, seconds } of results) {
    const mark = counts.failed > 0 ? '✗' : '✓';
    console.log(`  ${mark} ${tier.name.padEnd(12)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed  ${seconds.toFixed(1).padStart(6)} s`);
  }
  const passed = results.reduce((sum, r) => sum + r.counts.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.counts.failed, 0);
  console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const skippedTiers = tiers.length - results.length;
  console.log(`${passed} passed, ${failed + skippedTiers} failed`);
  process.exitCode = failed + skippedTiers > 0 ? 1 : 0;
}

await main();
