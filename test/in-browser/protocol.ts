/** Messages between the Node driver, the test page and the per-file test workers of the in-browser suite. */

export type TestState = 'pass' | 'fail' | 'skip' | 'todo';

export interface TestOutcome {
  /** Test file relative to the repo root, e.g. `shared/db/database.test.ts`. */
  readonly file: string;
  /** Suite names and test name joined with ` > `. */
  readonly name: string;
  readonly state: TestState;
  readonly durationMs: number;
  readonly errors: readonly string[];
}

/** Page → worker. */
export type WorkerRequest = { readonly kind: 'list' } | { readonly kind: 'run'; readonly file: string };

/** Worker → page. */
export type WorkerReply =
  | { readonly kind: 'files'; readonly files: readonly string[] }
  | { readonly kind: 'test'; readonly outcome: TestOutcome }
  /** Errors outside any test: the file failed to load, a hook failed, an unhandled rejection. */
  | { readonly kind: 'file-done'; readonly file: string; readonly errors: readonly string[] };

/** Page → Node driver (through `page.exposeFunction(REPORT_BINDING, …)`). */
export type DriverReport =
  | { readonly kind: 'test'; readonly outcome: TestOutcome }
  | { readonly kind: 'file'; readonly file: string; readonly errors: readonly string[]; readonly durationMs: number }
  | { readonly kind: 'excluded'; readonly file: string; readonly reason: string }
  | { readonly kind: 'done' };

export const REPORT_BINDING = 'kequnInBrowserReport';

/** Maps a glob key such as `../../shared/db/x.test.ts` to the repo-relative `shared/db/x.test.ts`. */
export function repoRelative(globKey: string): string {
  return globKey.replace(/^(\.\.\/)+/, '');
}
