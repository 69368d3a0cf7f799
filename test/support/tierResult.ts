/**
 * The counts a test tier hands to test/runAll.mjs: each tier script writes this JSON to the path given as
 * `--json <path>` (runAll reads `passed` and `failed`; the rest is for people).
 */
import { writeFile } from 'node:fs/promises';

export interface TierResult {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** One line per problem outside individual tests (build failed, browser missing, …). */
  readonly notes: readonly string[];
}

/** Value of `--<name> <value>` in `argv`, if present. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Writes `result` to the `--json` path when one was given. */
export async function writeTierResult(argv: readonly string[], result: TierResult): Promise<void> {
  const target = argValue(argv, 'json');
  if (target !== undefined) await writeFile(target, `${JSON.stringify(result, null, 2)}\n`);
}

/** Rejects with a clear message when `promise` has not settled after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
