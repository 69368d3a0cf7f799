/**
 * Prints the meeting pack to PDF with Chromium's own printer (`webContents.printToPDF`) in a hidden window that
 * runs no script and may load nothing: the pack is self-contained, so every request is refused.
 */
import { BrowserWindow, session } from 'electron';
import { InvalidIpcArgumentsError, type ArgsValidator } from './ipcValidation.ts';

/** A pack larger than this is not a pack (charts are a few kB each). */
export const MAX_PRINT_HTML = 64 * 1024 * 1024;

/** printToPdf(html): one string of at most {@link MAX_PRINT_HTML} characters. */
export const printToPdfArgs: ArgsValidator<[string]> = (args) => {
  if (args.length !== 1) throw new InvalidIpcArgumentsError(`expected 1 argument(s), got ${args.length}`);
  const html = args[0];
  if (typeof html !== 'string' || html.length === 0 || html.length > MAX_PRINT_HTML) throw new InvalidIpcArgumentsError('html must be a non-empty string of at most 64 MiB');
  return [html];
};

/** A4, backgrounds printed, page size and margins from the pack's `@page` rule. */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const printSession = session.fromPartition('kequn-print');
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  const win = new BrowserWindow({ show: false, webPreferences: { session: printSession, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}
