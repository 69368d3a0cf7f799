/** Menu actions that involve both the platform (pickers, save dialogs) and the workspace controller. */
import { isEncryptedWorkspace } from '#shared/privacy/encryption.ts';
import { errorInfo } from '#renderer/engine/errorInfo.ts';
import type { Platform } from '#renderer/platform/platform.ts';
import type { WorkspaceController } from './workspaceController.ts';

/** Asks the user for the passphrase of an encrypted file (with the previous attempt's error); null: cancelled. */
export type AskPassphrase = (fileName: string, error: unknown) => Promise<string | null>;

/** Picks a `.sqlite` file and opens it, asking for the passphrase (again after a wrong one) when it is encrypted. */
export async function openWorkspaceFile(platform: Platform, controller: WorkspaceController, askPassphrase: AskPassphrase): Promise<void> {
  try {
    const picked = await platform.pickWorkspaceFile();
    if (!picked) return;
    if (!isEncryptedWorkspace(picked.bytes)) {
      const error = await controller.openFile(picked.name, picked.bytes);
      if (error) controller.addNotice({ level: 'error', error });
      return;
    }
    let error: unknown = null;
    for (;;) {
      const passphrase = await askPassphrase(picked.name, error);
      if (passphrase === null) return;
      // The engine takes a copy: the bytes are handed over, and a wrong passphrase needs them for another try.
      error = await controller.openFile(picked.name, picked.bytes.slice(), passphrase);
      if (!error) return;
      if (errorInfo(error).code !== 'PASSPHRASE_WRONG') {
        controller.addNotice({ level: 'error', error });
        return;
      }
    }
  } catch (e) {
    controller.addNotice({ level: 'error', error: e });
  }
}

/** Saves the workspace as a `.sqlite` file the user keeps (download, or the desktop's save dialog). */
export async function downloadWorkspace(platform: Platform, controller: WorkspaceController, name: string): Promise<void> {
  try {
    const bytes = await controller.exportBytes();
    await platform.saveFile(`${safeFileName(name)}.sqlite`, bytes, 'application/vnd.sqlite3');
  } catch (e) {
    controller.addNotice({ level: 'error', error: e });
  }
}

export async function saveWorkspaceNow(controller: WorkspaceController): Promise<void> {
  try {
    await controller.saveNow();
  } catch {
    // The controller shows the failure in the save state; nothing else to do here.
  }
}

const FORBIDDEN = '\\/:*?"<>|';

/** A file name from a workspace name: characters that file systems refuse become underscores. */
export function safeFileName(name: string): string {
  const cleaned = Array.from(name, (ch) => (ch.charCodeAt(0) < 32 || FORBIDDEN.includes(ch) ? '_' : ch))
    .join('')
    .trim();
  return cleaned === '' ? 'workspace' : cleaned.slice(0, 80);
}
