/**
 * The desktop bridge contract: one named function per capability, exposed by the preload as `window.kequn`
 * and implemented by validated IPC handlers in the main process. No generic "send to channel" exists. The
 * renderer may `import type` this file; it imports nothing from Electron or Node.
 */

export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Application-menu commands that need the engine, so main forwards them to the renderer to carry out.
 * (About is answered by main itself.)
 */
export const MENU_COMMANDS = ['newWorkspace', 'openWorkspace', 'saveWorkspaceAs'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface DesktopApi {
  /** Native open dialog for export files (CSV/TSV/TXT/XLSX/XLS/DAT); null when cancelled. */
  openImportFiles(): Promise<readonly PickedFile[] | null>;
  /** Native open dialog for a `.sqlite` workspace; null when cancelled. */
  openWorkspaceFile(): Promise<PickedFile | null>;
  /** Reads the current workspace file (the one autosave writes), or null when there is none yet. */
  readWorkspace(): Promise<Uint8Array | null>;
  /** Writes the current workspace file atomically (temp file, fsync, rename). Returns the path written. */
  writeWorkspace(bytes: Uint8Array): Promise<string>;
  /** Native save dialog, then an atomic write; returns the chosen path or null when cancelled. */
  saveFileAs(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  /**
   * Native folder picker for a local model folder (transformers.js); returns the path or null. From then on
   * main serves that folder read-only at `app://kequn/model/` (e.g. `app://kequn/model/config.json`), so the
   * worker can load it with `env.localModelPath = '/'` and model id `'model'`.
   */
  chooseModelFolder(): Promise<string | null>;
  /** Prints the meeting pack's HTML to PDF (Electron printToPDF, A4, the pack's print stylesheet). */
  printToPdf(html: string): Promise<Uint8Array>;
  /** App and platform facts shown in the About box. */
  appInfo(): Promise<{ readonly version: string; readonly platform: string; readonly workspacePath: string }>;
  /** Subscribes to application-menu commands (文件 menu); returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Native folder picker for a drop folder, which main then watches (replacing any earlier one); resolves to the
   * path or null when cancelled. The folder comes from the dialog in main, never from the page, so the page cannot
   * make main read an arbitrary folder. New or changed CSV/TSV/TXT/XLSX files arrive through `onDropFiles`.
   */
  chooseDropFolder(): Promise<string | null>;
  /** Stops watching the drop folder (no-op when none is watched). */
  stopDropFolder(): Promise<void>;
  /** Subscribes to files that settled in the watched drop folder; returns the unsubscribe function. */
  onDropFiles(listener: (files: readonly PickedFile[]) => void): () => void;
}

/** The request/response part of the bridge: every method except the main → renderer event subscriptions. */
export type DesktopInvokeApi = Omit<DesktopApi, 'onMenuCommand' | 'onDropFiles'>;

/** IPC channel per DesktopApi method; main refuses every channel not listed here. */
export const DESKTOP_CHANNELS = {
  openImportFiles: 'kequn:openImportFiles',
  openWorkspaceFile: 'kequn:openWorkspaceFile',
  readWorkspace: 'kequn:readWorkspace',
  writeWorkspace: 'kequn:writeWorkspace',
  saveFileAs: 'kequn:saveFileAs',
  chooseModelFolder: 'kequn:chooseModelFolder',
  printToPdf: 'kequn:printToPdf',
  appInfo: 'kequn:appInfo',
  chooseDropFolder: 'kequn:chooseDropFolder',
  stopDropFolder: 'kequn:stopDropFolder',
} as const satisfies Record<keyof DesktopInvokeApi, string>;

/** Main → renderer event channels (webContents.send); the preload only listens, never sends on them. */
export const DESKTOP_EVENTS = {
  menuCommand: 'kequn:menuCommand',
  dropFiles: 'kequn:dropFiles',
} as const;

export type DesktopChannel = (typeof DESKTOP_CHANNELS)[keyof typeof DESKTOP_CHANNELS];

/** Custom scheme the packaged renderer is served from (see electron/main). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kequn';
