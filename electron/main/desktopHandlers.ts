import { dialog, type BrowserWindow, type OpenDialogOptions, type OpenDialogReturnValue } from 'electron';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFile } from '#electron/common/desktopApi.ts';
import { createSerialQueue, readFileOrNull, writeFileAtomic } from './atomicWrite.ts';
import type { DropFolderController } from './dropFolderBridge.ts';
import {
  dropFolderDialogOptions,
  importDialogOptions,
  modelFolderDialogOptions,
  openWorkspaceDialogOptions,
  saveAsDialogOptions,
} from './dialogOptions.ts';
import type { DesktopHandlers } from './ipc.ts';
import { noArgs, saveFileAsArgs, toOwnedBytes, workspaceBytesArgs } from './ipcValidation.ts';
import type { MainStrings } from './mainStrings.ts';
import { printHtmlToPdf, printToPdfArgs } from './printToPdf.ts';

export interface DesktopHandlerDeps {
  readonly strings: MainStrings;
  /** The window dialogs attach to (modal to it), or null when it is gone. */
  readonly window: () => BrowserWindow | null;
  /** `<userData>/workspace.sqlite`: the file autosave writes. */
  readonly workspacePath: string;
  /** Where "save as" proposes to save (the user's documents folder). */
  readonly documentsPath: string;
  readonly appVersion: string;
  /** Makes the chosen model folder available at app://kequn/model/. */
  readonly setModelRoot: (folder: string) => void;
  /** Watches the folder the user picks for `chooseDropFolder`. */
  readonly dropFolder: DropFolderController;
}

async function readPicked(filePath: string): Promise<PickedFile> {
  return { name: path.basename(filePath), bytes: toOwnedBytes(await readFile(filePath)) };
}

/** Every DesktopApi request method, backed by native dialogs and the file system. */
export function createDesktopHandlers(deps: DesktopHandlerDeps): DesktopHandlers {
  const s = deps.strings;
  // Reads and writes of the workspace file run in call order, so a read never sees a half-finished save
  // sequence and an older autosave never lands after a newer one.
  const workspaceQueue = createSerialQueue();

  function showOpen(options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
    const win = deps.window();
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  }

  return {
    openImportFiles: {
      validate: noArgs,
      run: async () => {
        const picked = await showOpen(importDialogOptions(s));
        if (picked.canceled || picked.filePaths.length === 0) return null;
        return Promise.all(picked.filePaths.map(readPicked));
      },
    },
    openWorkspaceFile: {
      validate: noArgs,
      run: async () => {
        const picked = await showOpen(openWorkspaceDialogOptions(s));
        const first = picked.filePaths[0];
        if (picked.canceled || first === undefined) return null;
        return readPicked(first);
      },
    },
    readWorkspace: {
      validate: noArgs,
      run: () =>
        workspaceQueue(async () => {
          const bytes = await readFileOrNull(deps.workspacePath);
          return bytes === null ? null : toOwnedBytes(bytes);
        }),
    },
    writeWorkspace: {
      validate: workspaceBytesArgs,
      run: (bytes) =>
        workspaceQueue(async () => {
          await mkdir(path.dirname(deps.workspacePath), { recursive: true });
          await writeFileAtomic(deps.workspacePath, bytes);
          return deps.workspacePath;
        }),
    },
    saveFileAs: {
      validate: saveFileAsArgs,
      run: async (fileName, bytes) => {
        const options = saveAsDialogOptions(s, fileName, deps.documentsPath);
        const win = deps.window();
        const chosen = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
        if (chosen.canceled || chosen.filePath === undefined || chosen.filePath === '') return null;
        await writeFileAtomic(chosen.filePath, bytes);
        return chosen.filePath;
      },
    },
    chooseModelFolder: {
      validate: noArgs,
      run: async () => {
        const picked = await showOpen(modelFolderDialogOptions(s));
        const folder = picked.filePaths[0];
        if (picked.canceled || folder === undefined) return null;
        deps.setModelRoot(folder);
        return folder;
      },
    },
    chooseDropFolder: {
      validate: noArgs,
      run: async () => {
        const picked = await showOpen(dropFolderDialogOptions(s));
        const folder = picked.filePaths[0];
        if (picked.canceled || folder === undefined) return null;
        deps.dropFolder.start(folder);
        return folder;
      },
    },
    stopDropFolder: {
      validate: noArgs,
      run: () => {
        deps.dropFolder.stop();
        return Promise.resolve();
      },
    },
    printToPdf: { validate: printToPdfArgs, run: printHtmlToPdf },
    appInfo: {
      validate: noArgs,
      run: () =>
        Promise.resolve({ version: deps.appVersion, platform: process.platform, workspacePath: deps.workspacePath }),
    },
  };
}
