/**
 * The plain-browser platform: file inputs for picking, the File System Access save dialog where the browser
 * has one, otherwise a download through a Blob URL. Everything stays on this machine: no upload, no request.
 */
import type { Platform, PickedWorkspace } from './platform.ts';
import { IMPORT_ACCEPT } from './platform.ts';

/** The parts of the File System Access API we use; not yet in TypeScript's DOM lib. */
interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types?: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<{ name: string; createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }> }>;
}

export function createBrowserPlatform(): Platform {
  return {
    kind: 'browser',
    pickImportFiles: () => pickWithInput(IMPORT_ACCEPT, true),
    async pickWorkspaceFile(): Promise<PickedWorkspace | null> {
      const files = await pickWithInput('.sqlite,.db,.sqlite3', false);
      const file = files?.[0];
      if (!file) return null;
      return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    },
    async saveFile(suggestedName, bytes, mime) {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
      const picker = (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
      // Under automation Chromium aborts the save dialog at once (it cannot show one), which would look like the
      // user cancelling; automated runs get the plain download instead.
      if (typeof picker === 'function' && !navigator.webdriver) {
        try {
          const ext = suggestedName.includes('.') ? suggestedName.slice(suggestedName.lastIndexOf('.')) : '';
          const handle = await picker.call(window, { suggestedName, ...(ext ? { types: [{ description: suggestedName, accept: { [mime]: [ext] } }] } : {}) });
          const writable = await handle.createWritable();
          await writable.write(blob);
          await writable.close();
          return handle.name;
        } catch (e) {
          if (e instanceof DOMException && e.name === 'AbortError') return null;
          // A picker refused by policy or a headless browser: fall back to a download, which always works.
        }
      }
      return download(suggestedName, blob);
    },
    workspaceFile: null,
    // A browser tab has no application menu; the header menu is the only one.
    onMenuCommand: () => () => undefined,
  };
}

function download(name: string, blob: Blob): string {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; revoking later frees the memory without racing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** Opens the browser's file chooser through a detached input; resolves null when the user cancels. */
function pickWithInput(accept: string, multiple: boolean): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.addEventListener('change', () => resolve(input.files && input.files.length > 0 ? Array.from(input.files) : null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}
