/**
 * An atomic workspace store over a plain directory of named files (OPFS in the browser). A save writes the new
 * bytes to a side file, marks it complete, then moves it over the workspace file. Whenever the sequence is cut
 * off, the next read finds either the old workspace or the new one, never a half-written file, and without
 * looking inside the bytes (an encrypted workspace cannot be checked for completeness).
 *
 * Steps of a save, and what a read after a crash at each step finds:
 *   1. write `<name>.new` (flushed)      → no commit marker: the partial `.new` is deleted, old file kept
 *   2. create `<name>.commit`            → marker and `.new`: the `.new` is complete and moved in (new file)
 *   3. move `.new` over `<name>`         → marker without `.new`: the move happened (new file)
 *   4. delete the marker
 */
import type { WorkspaceStore } from '#shared/host/host.ts';

/** The few file operations the protocol needs; `move` must replace an existing target when it can. */
export interface FileDir {
  read(name: string): Promise<Uint8Array | null>;
  /** Writes the whole file and makes it durable before resolving. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  exists(name: string): Promise<boolean>;
  /** Resolves when gone, also when it did not exist. */
  remove(name: string): Promise<void>;
  /** Renames `from` to `to`, replacing `to`; may reject when `to` exists and the platform cannot replace. */
  move(from: string, to: string): Promise<void>;
}

export function createSwapStore(dir: FileDir, name: string, location: string): WorkspaceStore {
  const next = `${name}.new`;
  const commit = `${name}.commit`;

  const swapIn = async (): Promise<void> => {
    try {
      await dir.move(next, name);
    } catch {
      // A platform that will not move onto an existing name: remove the old file first. A crash between the two
      // steps leaves the marker and the complete `.new`, which the next read moves in.
      await dir.remove(name);
      await dir.move(next, name);
    }
  };

  /** Finishes or discards an interrupted save. */
  const recover = async (): Promise<void> => {
    if (await dir.exists(commit)) {
      if (await dir.exists(next)) await swapIn();
      await dir.remove(commit);
    } else if (await dir.exists(next)) {
      await dir.remove(next);
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  /** Saves and reads never interleave, or a read could recover a save that is still running. */
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op, op);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    location,
    read: () =>
      serial(async () => {
        await recover();
        return dir.read(name);
      }),
    write: (bytes) =>
      serial(async () => {
        await recover();
        await dir.write(next, bytes);
        await dir.write(commit, new Uint8Array(0));
        await swapIn();
        await dir.remove(commit);
      }),
  };
}
