/**
 * The browser's workspace store: a file in the origin-private file system (OPFS), written with the atomic
 * swap protocol of {@link createSwapStore}. Returns null when the browser offers no usable OPFS.
 */
import type { WorkspaceStore } from '#shared/host/host.ts';
import { createSwapStore, type FileDir } from './swapStore.ts';

const NAME = 'workspace.sqlite';
const OPFS_LOCATION = `OPFS:/${NAME}`;

/** `FileSystemHandle.move()` exists in Chromium and Firefox but not yet in TypeScript's lib. */
interface MovableHandle {
  move?: (parent: FileSystemDirectoryHandle, name: string) => Promise<void>;
}

const isNotFound = (e: unknown): boolean => e instanceof DOMException && e.name === 'NotFoundError';

export async function openOpfsStore(): Promise<WorkspaceStore | null> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function') return null;
  let root: FileSystemDirectoryHandle;
  try {
    root = await navigator.storage.getDirectory();
    // Probe once: some browsers hand out a directory but refuse to create files in it (private windows).
    await root.getFileHandle('probe', { create: true });
    await root.removeEntry('probe');
  } catch {
    return null;
  }
  return createSwapStore(opfsDir(root), NAME, OPFS_LOCATION);
}

function opfsDir(root: FileSystemDirectoryHandle): FileDir {
  const handle = async (name: string): Promise<FileSystemFileHandle | null> => {
    try {
      return await root.getFileHandle(name);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  };
  return {
    async read(name) {
      const h = await handle(name);
      if (!h) return null;
      return new Uint8Array(await (await h.getFile()).arrayBuffer());
    },
    async write(name, bytes) {
      const h = await root.getFileHandle(name, { create: true });
      if (typeof h.createSyncAccessHandle === 'function') {
        // The fast path in a dedicated worker: synchronous writes and an explicit flush before close.
        const access = await h.createSyncAccessHandle();
        try {
          access.truncate(0);
          let at = 0;
          while (at < bytes.byteLength) {
            const written = access.write(bytes.subarray(at), { at });
            // A browser out of storage may write nothing without throwing; looping on would hang the worker.
            if (written <= 0) throw new Error(`The browser stopped writing ${name} at byte ${at} of ${bytes.byteLength}; its storage may be full.`);
            at += written;
          }
          access.flush();
        } finally {
          access.close();
        }
        return;
      }
      const writable = await h.createWritable();
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    },
    async exists(name) {
      return (await handle(name)) !== null;
    },
    async remove(name) {
      try {
        await root.removeEntry(name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    async move(from, to) {
      const h = await root.getFileHandle(from);
      const move = (h as unknown as MovableHandle).move;
      if (typeof move === 'function') {
        await move.call(h, root, to);
        return;
      }
      // No move(): copy then delete. createWritable() replaces the target only on close(), so the copy is
      // all-or-nothing, and the commit marker makes the protocol finish the move after a crash.
      const bytes = new Uint8Array(await (await h.getFile()).arrayBuffer());
      const target = await root.getFileHandle(to, { create: true });
      const writable = await target.createWritable();
      await writable.write(bytes);
      await writable.close();
      await root.removeEntry(from);
    },
  };
}
