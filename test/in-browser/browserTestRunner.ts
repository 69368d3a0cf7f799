/**
 * A `VitestRunner` for a Web Worker: test files come from the bundle's lazy importers instead of vitest's
 * module runner, and each finished test is handed to `onOutcome`. Per-test `expect` state and the
 * `expect.assertions()` checks follow vitest 4.1's own `TestRunner` (vitest/dist/chunks/test.*.js).
 */
import { GLOBAL_EXPECT, getState, setState, type ExpectStatic } from '@vitest/expect';
import { startTests, type File, type Test, type TestContext, type VitestRunner, type VitestRunnerConfig } from '@vitest/runner';
import { getNames, getSuites, getTestName, getTests } from '@vitest/runner/utils';
import type { TestOutcome, TestState } from './protocol.ts';
import { createExpect } from './vitestShim.ts';

/** Same limits as the `unit` project in vitest.config.ts. */
const CONFIG: VitestRunnerConfig = {
  root: '/',
  setupFiles: [],
  name: 'in-browser',
  passWithNoTests: false,
  testNamePattern: undefined,
  allowOnly: false,
  sequence: { seed: 1, hooks: 'stack', setupFiles: 'list' },
  chaiConfig: undefined,
  maxConcurrency: 5,
  testTimeout: 30_000,
  hookTimeout: 30_000,
  retry: 0,
  includeTaskLocation: false,
  tags: [],
  tagsFilter: undefined,
  strictTags: false,
};

type LocalContext = TestContext & { readonly _local?: boolean };

function globalExpect(): ExpectStatic {
  return (globalThis as unknown as Record<symbol, ExpectStatic>)[GLOBAL_EXPECT] as ExpectStatic;
}

/** Renders a runner error (a serialised `TestError`) as text: message, diff, and the top of the stack. */
export function formatError(error: { message?: string; name?: string; stack?: string; diff?: string }): string {
  const head = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
  const stack = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 6).join('\n');
  return [head, error.diff, stack].filter((part) => part !== undefined && part !== '').join('\n');
}

function toState(task: Test): TestState {
  const state = task.result?.state ?? task.mode;
  return state === 'pass' || state === 'fail' || state === 'skip' || state === 'todo' ? state : 'fail';
}

class WorkerTestRunner implements VitestRunner {
  readonly config = CONFIG;
  private readonly reported = new Set<string>();

  constructor(
    private readonly importers: Readonly<Record<string, () => Promise<unknown>>>,
    private readonly fileName: (filepath: string) => string,
    private readonly onOutcome: (outcome: TestOutcome) => void,
  ) {}

  importFile(filepath: string): Promise<unknown> {
    const load = this.importers[filepath];
    if (!load) throw new Error(`no bundled test file ${filepath}`);
    return load();
  }

  onBeforeTryTask(test: Test): void {
    setState(
      {
        assertionCalls: 0,
        isExpectingAssertions: false,
        isExpectingAssertionsError: null,
        expectedAssertionsNumber: null,
        expectedAssertionsNumberErrorGen: null,
        currentTestName: getTestName(test),
      },
      globalExpect(),
    );
  }

  onAfterTryTask(test: Test): void {
    const context = test.context as LocalContext;
    const state = context._local ? context.expect.getState() : getState(globalExpect());
    if (state.expectedAssertionsNumber !== null && state.assertionCalls !== state.expectedAssertionsNumber) {
      throw (state.expectedAssertionsNumberErrorGen as () => Error)();
    }
    if (state.isExpectingAssertions === true && state.assertionCalls === 0) throw state.isExpectingAssertionsError as Error;
  }

  extendTaskContext(context: TestContext): TestContext {
    let local: ExpectStatic | undefined;
    Object.defineProperty(context, 'expect', {
      get() {
        local ??= createExpect(context.task);
        return local;
      },
    });
    Object.defineProperty(context, '_local', { get: () => local !== undefined });
    return context;
  }

  onAfterRunTask(test: Test): void {
    this.report(test);
  }

  /** Reports a test once; also called at the end for tests the runner never ran (e.g. after a failed hook). */
  report(test: Test): void {
    if (this.reported.has(test.id)) return;
    this.reported.add(test.id);
    this.onOutcome({
      file: this.fileName(test.file.filepath),
      name: getNames(test).slice(1).join(' > '),
      state: toState(test),
      durationMs: Math.round(test.result?.duration ?? 0),
      errors: (test.result?.errors ?? []).map(formatError),
    });
  }
}

/**
 * Runs one bundled test file. Returns errors that belong to no single test (load failures, failing
 * `beforeAll`/`afterAll`); per-test outcomes go to `onOutcome` as they finish.
 */
export async function runTestFile(
  filepath: string,
  importers: Readonly<Record<string, () => Promise<unknown>>>,
  fileName: (filepath: string) => string,
  onOutcome: (outcome: TestOutcome) => void,
): Promise<string[]> {
  const runner = new WorkerTestRunner(importers, fileName, onOutcome);
  const files: File[] = await startTests([filepath], runner);
  const errors: string[] = [];
  for (const file of files) {
    getTests(file).forEach((test) => runner.report(test));
    // getSuites(file) starts with the file itself, whose errors are load failures and file-level hook failures.
    for (const suite of getSuites(file)) {
      for (const error of suite.result?.errors ?? []) errors.push(`${suite.name}: ${formatError(error)}`);
    }
    if (getTests(file).length === 0 && errors.length === 0) errors.push(`${fileName(filepath)}: no tests found`);
  }
  return errors;
}
