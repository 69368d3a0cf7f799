import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `bytes` to `filePath` atomically: a temp file in the same folder (so the rename never crosses file
 * systems), fsync, rename over the target, then fsync the folder so the rename itself survives a power cut.
 * A crash at any moment leaves the old file or the new one, never a torn file. The temp file is removed when any
 * step fails. (shared/node/nodeHost.ts has a synchronous twin for the CLI; electron/ may not import shared/.)
 */
export async function writeFileAtomic(filePath: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, filePath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems refuse to open or fsync a folder; the rename is still atomic there.
  }
}

/** Reads a whole file, or null when it does not exist. Other errors (permissions, EISDIR) propagate. */
export async function readFileOrNull(filePath: string): Promise<Uint8Array | null> {
  try {
    return await readFile(filePath);
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'code' in e && e.code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Runs async tasks one after another in call order. Two overlapping autosaves must not race: without a queue the
 * older snapshot could finish its rename last and overwrite the newer one.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
