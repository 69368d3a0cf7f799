/**
 * The page of the in-browser engine suite: asks a worker for the bundled test files, then runs each file in a
 * fresh worker (one at a time, bounded by a timeout) and forwards every result to the Node driver.
 */
import { IN_BROWSER_EXCLUSIONS } from './exclusions.ts';
import { REPORT_BINDING, type DriverReport, type WorkerReply, type WorkerRequest } from './protocol.ts';

/** A file whose tests take longer than this has a hanging test; the `unit` project allows 30 s per test. */
const FILE_TIMEOUT_MS = 180_000;

type Reporter = (message: DriverReport) => Promise<void>;

function findReporter(): Reporter {
  const binding = (window as unknown as Record<string, Reporter | undefined>)[REPORT_BINDING];
  if (!binding) throw new Error(`window.${REPORT_BINDING} is missing: open this page through test/in-browser/runInBrowser.ts`);
  return binding;
}
const report = findReporter();

function startWorker(): Worker {
  return new Worker(new URL('./testWorker.ts', import.meta.url), { type: 'module', name: 'kequn-engine-tests' });
}

function send(worker: Worker, request: WorkerRequest): void {
  worker.postMessage(request);
}

async function listFiles(): Promise<readonly string[]> {
  const worker = startWorker();
  try {
    return await new Promise<readonly string[]>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
        if (event.data.kind === 'files') resolve(event.data.files);
      });
      worker.addEventListener('error', (event) => reject(new Error(`worker failed to start: ${event.message}`)));
      send(worker, { kind: 'list' });
    });
  } finally {
    worker.terminate();
  }
}

async function runFile(file: string): Promise<void> {
  const started = performance.now();
  const worker = startWorker();
  const pending: Promise<void>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const errors = await new Promise<readonly string[]>((resolve) => {
    timer = setTimeout(() => resolve([`timed out after ${FILE_TIMEOUT_MS / 1000} s; the worker was terminated`]), FILE_TIMEOUT_MS);
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'test') pending.push(report({ kind: 'test', outcome: reply.outcome }));
      else if (reply.kind === 'file-done') resolve(reply.errors);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      resolve([`worker error: ${event.message || 'the module failed to load (see the browser console)'}`]);
    });
    send(worker, { kind: 'run', file });
  });
  clearTimeout(timer);
  worker.terminate();
  await Promise.all(pending);
  await report({ kind: 'file', file, errors, durationMs: Math.round(performance.now() - started) });
}

async function main(): Promise<void> {
  for (const file of await listFiles()) {
    const reason = IN_BROWSER_EXCLUSIONS.get(file);
    if (reason !== undefined) await report({ kind: 'excluded', file, reason });
    else await runFile(file);
  }
}

void (async () => {
  try {
    await main();
  } catch (e) {
    await report({ kind: 'file', file: '(suite)', errors: [e instanceof Error ? e.message : String(e)], durationMs: 0 });
  } finally {
    await report({ kind: 'done' });
  }
})();
