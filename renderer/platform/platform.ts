/**
 * What the UI needs from the environment it runs in, with one implementation for a plain browser and one for
 * the Electron shell. Chosen once at start-up (`choosePlatform`); components never ask which one they have.
 */
import type { MenuCommand } from '#electron/common/desktopApi.ts';
import type { WorkspaceFileBridge } from '#renderer/engine/engineClient.ts';

export interface PickedWorkspace {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Desktop only: a folder main watches for new exports (electron/main/dropFolderWatcher.ts). The folder is picked
 * in main's native dialog; settled files arrive as File objects.
 */
export interface DropFolderBridge {
  /** Lets the user pick the folder and starts watching it; resolves to its path or null when cancelled. */
  choose(): Promise<string | null>;
  stop(): Promise<void>;
  /** Subscribes to settled files; returns the unsubscribe function. */
  onFiles(listener: (files: readonly File[]) => void): () => void;
}

export interface Platform {
  readonly kind: 'browser' | 'desktop';
  /** Lets the user pick export files to import; null when the picker was cancelled. */
  pickImportFiles(): Promise<readonly File[] | null>;
  /**
   * Desktop only: lets the user pick a local model folder, which main then serves at `app://kequn/model/`;
   * resolves to the folder path or null when cancelled. Absent in a browser, where the page offers a folder input.
   */
  readonly chooseModelFolder?: () => Promise<string | null>;
  /** Desktop only: prints the meeting pack's HTML to PDF bytes. Absent in a browser, which prints with its own dialog. */
  readonly printToPdf?: (html: string) => Promise<Uint8Array>;
  /** Desktop only: the watched drop folder. Absent in a browser, where a newer export is re-imported by hand. */
  readonly dropFolder?: DropFolderBridge;
  /** Lets the user pick a `.sqlite` workspace; null when cancelled. */
  pickWorkspaceFile(): Promise<PickedWorkspace | null>;
  /**
   * Saves bytes under a name the user confirms (save dialog) or as a download. Resolves to where they went, or
   * null when the user cancelled. `bytes` is handed over: the caller must not use it afterwards.
   */
  saveFile(suggestedName: string, bytes: Uint8Array, mime: string): Promise<string | null>;
  /** Where the workspace file lives on the desktop; null in a browser, whose engine keeps it in OPFS itself. */
  readonly workspaceFile: WorkspaceFileBridge | null;
  /** Commands from the native application menu (desktop only); returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** File types the import accepts, for pickers. */
export const IMPORT_ACCEPT = '.csv,.tsv,.txt,.dat,.xlsx,.xls';
