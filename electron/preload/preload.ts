import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  DESKTOP_CHANNELS,
  DESKTOP_EVENTS,
  type DesktopApi,
  type DesktopInvokeApi,
  type MenuCommand,
  type PickedFile,
} from '#electron/common/desktopApi.ts';

// One named function per capability and no logic: validation lives in main (electron/main/ipc.ts). Never
// expose ipcRenderer itself or a generic send. Bundled to CommonJS by build/build.mjs (sandboxed preloads
// cannot be ES modules).

function invoke<K extends keyof DesktopInvokeApi>(
  method: K,
  ...args: Parameters<DesktopInvokeApi[K]>
): ReturnType<DesktopInvokeApi[K]> {
  return ipcRenderer.invoke(DESKTOP_CHANNELS[method], ...args) as ReturnType<DesktopInvokeApi[K]>;
}

const api = {
  openImportFiles: () => invoke('openImportFiles'),
  openWorkspaceFile: () => invoke('openWorkspaceFile'),
  readWorkspace: () => invoke('readWorkspace'),
  writeWorkspace: (bytes) => invoke('writeWorkspace', bytes),
  saveFileAs: (suggestedName, bytes) => invoke('saveFileAs', suggestedName, bytes),
  chooseModelFolder: () => invoke('chooseModelFolder'),
  printToPdf: (html) => invoke('printToPdf', html),
  appInfo: () => invoke('appInfo'),
  onMenuCommand: (listener) => {
    // The IPC event object (with its sender) stays in the preload; the page gets only the command.
    const forward = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command);
    ipcRenderer.on(DESKTOP_EVENTS.menuCommand, forward);
    return () => {
      ipcRenderer.removeListener(DESKTOP_EVENTS.menuCommand, forward);
    };
  },
  chooseDropFolder: () => invoke('chooseDropFolder'),
  stopDropFolder: () => invoke('stopDropFolder'),
  onDropFiles: (listener) => {
    const forward = (_event: IpcRendererEvent, files: readonly PickedFile[]): void => listener(files);
    ipcRenderer.on(DESKTOP_EVENTS.dropFiles, forward);
    return () => {
      ipcRenderer.removeListener(DESKTOP_EVENTS.dropFiles, forward);
    };
  },
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('kequn', api);
