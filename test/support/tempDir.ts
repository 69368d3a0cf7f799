import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Removes the folder and everything in it; never throws. */
  remove(): Promise<void>;
}

/** A fresh folder under the OS temp dir, named `kequn-<prefix>-XXXXXX`. */
export async function createTempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `kequn-${prefix}-`));
  return {
    path: dir,
    async remove() {
      // Chromium may still be flushing its profile for a moment after close; retries cover that.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
    },
  };
}

/** Runs `fn` with a fresh temp folder and removes it afterwards, also when `fn` throws. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await createTempDir(prefix);
  try {
    return await fn(dir.path);
  } finally {
    await dir.remove();
  }
}
