/// <reference types="vite/client" />
/**
 * Entry of the in-browser engine suite's worker: bundles every engine unit test (`shared/**\/*.test.ts` except
 * `shared/node/`) and runs the one file the page asks for. The page starts a fresh worker per file, so module
 * state never leaks from one file to the next — the same isolation vitest gives each file under Node.
 */
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { loadSqlJs } from '#shared/db/database.ts';
import { formatError, runTestFile } from './browserTestRunner.ts';
import { repoRelative, type WorkerReply, type WorkerRequest } from './protocol.ts';

const testFiles: Readonly<Record<string, () => Promise<unknown>>> = import.meta.glob([
  '../../shared/**/*.test.ts',
  '!../../shared/node/**',
]);

/** The part of the worker global scope this file uses (test/tsconfig.json types the DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}
const scope: WorkerScope = self;

const stray: string[] = [];
// vitest under Node fails a run on stray errors; here they become errors of the file being run. preventDefault
// keeps Chromium from reporting them a second time to the page.
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  const reason: unknown = event.reason;
  stray.push(`unhandled rejection: ${reason instanceof Error ? formatError(reason) : String(reason)}`);
});
scope.addEventListener('error', (event) => {
  event.preventDefault();
  stray.push(`uncaught error: ${event.error instanceof Error ? formatError(event.error) : event.message}`);
});

async function run(file: string): Promise<void> {
  const globKey = Object.keys(testFiles).find((key) => repoRelative(key) === file);
  if (!globKey) {
    scope.postMessage({ kind: 'file-done', file, errors: [`${file} is not in the bundle`] });
    return;
  }
  let errors: string[];
  try {
    // Engine tests open databases with `{ sqlJsConfig: {} }`, which suits Node; in a worker the wasm lives at a
    // bundler-chosen URL. sql.js is loaded once per worker, so loading it here first serves every later open.
    await loadSqlJs({ sqlJsConfig: { locateFile: () => sqlWasmUrl } });
    errors = await runTestFile(globKey, testFiles, repoRelative, (outcome) => scope.postMessage({ kind: 'test', outcome }));
  } catch (e) {
    errors = [`runner failed: ${e instanceof Error ? formatError(e) : String(e)}`];
  }
  // Chromium reports a worker's unhandled rejections some tasks later, not right after the microtask that
  // dropped them (0 ms measured too short); wait so a stray rejection from the last test is still counted.
  await new Promise((resolve) => setTimeout(resolve, 50));
  scope.postMessage({ kind: 'file-done', file, errors: [...errors, ...stray] });
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.kind === 'list') {
    scope.postMessage({ kind: 'files', files: Object.keys(testFiles).map(repoRelative).sort() });
  } else {
    void run(request.file);
  }
});
