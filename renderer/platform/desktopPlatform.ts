/**
 * The Electron platform: native dialogs and the workspace file through the preload's `window.kequn`
 * (electron/common/desktopApi.ts). Picked bytes are wrapped in File objects, so the import code is the same as
 * in a browser.
 */
import type { DesktopApi, PickedFile } from '#electron/common/desktopApi.ts';
import type { Platform } from './platform.ts';

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    readonly kequn?: DesktopApi;
  }
}

function toFile(p: PickedFile): File {
  return new File([p.bytes as Uint8Array<ArrayBuffer>], p.name);
}

export function createDesktopPlatform(api: DesktopApi): Platform {
  let location = 'desktop';
  return {
    kind: 'desktop',
    async pickImportFiles() {
      const picked = await api.openImportFiles();
      if (!picked || picked.length === 0) return null;
      return picked.map(toFile);
    },
    pickWorkspaceFile: () => api.openWorkspaceFile(),
    chooseModelFolder: () => api.chooseModelFolder(),
    printToPdf: (html) => api.printToPdf(html),
    saveFile: (suggestedName, bytes) => api.saveFileAs(suggestedName, bytes),
    workspaceFile: {
      get location() {
        return location;
      },
      read: () => api.readWorkspace(),
      async write(bytes) {
        location = await api.writeWorkspace(bytes);
        return location;
      },
    },
    onMenuCommand: (listener) => api.onMenuCommand(listener),
    dropFolder: {
      choose: () => api.chooseDropFolder(),
      stop: () => api.stopDropFolder(),
      onFiles: (listener) => api.onDropFiles((files) => listener(files.map(toFile))),
    },
  };
}
