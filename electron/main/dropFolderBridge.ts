import { watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFile } from '#electron/common/desktopApi.ts';
import { watchDropFolder, type ArrivedFile, type DropFolderDeps, type DropFolderWatcher } from './dropFolderWatcher.ts';
import { toOwnedBytes } from './ipcValidation.ts';

/** The drop-folder watch behind `chooseDropFolder` / `stopDropFolder`: one folder at a time. */
export interface DropFolderController {
  /** Watches `folder` instead of the current one. */
  start(folder: string): void;
  stop(): void;
  readonly folder: string | null;
}

export interface DropFolderControllerDeps {
  readonly fs: DropFolderDeps;
  readonly readFile: (filePath: string) => Promise<Uint8Array>;
  /** Delivers settled files to the renderer (webContents.send on DESKTOP_EVENTS.dropFiles). */
  readonly send: (files: readonly PickedFile[]) => void;
  readonly onError: (error: unknown) => void;
  readonly debounceMs?: number;
}

/** Reads each settled file and hands the batch to `send`; a file that vanished before the read is reported, not sent. */
export function createDropFolderController(deps: DropFolderControllerDeps): DropFolderController {
  let watcher: DropFolderWatcher | null = null;

  async function deliver(files: readonly ArrivedFile[], from: DropFolderWatcher): Promise<void> {
    const picked: PickedFile[] = [];
    for (const f of files) {
      try {
        picked.push({ name: f.name, bytes: toOwnedBytes(await deps.readFile(f.path)) });
      } catch (error) {
        deps.onError(error);
      }
    }
    // A batch read while the user switched folders belongs to the old folder: drop it.
    if (picked.length > 0 && watcher === from) deps.send(picked);
  }

  return {
    start(folder) {
      watcher?.stop();
      const current: DropFolderWatcher = watchDropFolder(folder, deps.fs, {
        ...(deps.debounceMs === undefined ? {} : { debounceMs: deps.debounceMs }),
        onFiles: (files) => {
          void deliver(files, current);
        },
        onError: deps.onError,
      });
      watcher = current;
    },
    stop() {
      watcher?.stop();
      watcher = null;
    },
    get folder() {
      return watcher?.folder ?? null;
    },
  };
}

/** The real file system and clock for the watcher. */
export function nodeDropFolderDeps(): DropFolderDeps {
  return {
    watch: (folder, onEvent) => {
      const w = watch(folder, { persistent: false }, () => onEvent());
      // A watch error (folder deleted, share gone) triggers a check, whose readdir then reports it via onError.
      w.on('error', () => onEvent());
      return () => w.close();
    },
    readdir: (folder) => readdir(folder),
    stat: async (filePath) => {
      try {
        const s = await stat(filePath);
        return { isFile: s.isFile(), size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return null;
      }
    },
    join: (folder, name) => path.join(folder, name),
    schedule: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
  };
}

export function nodeReadFile(filePath: string): Promise<Uint8Array> {
  return readFile(filePath);
}
