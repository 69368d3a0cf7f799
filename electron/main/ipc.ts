import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { DESKTOP_CHANNELS, type DesktopInvokeApi } from '#electron/common/desktopApi.ts';
import { isTrustedSender, type ArgsValidator } from './ipcValidation.ts';

type Method = keyof DesktopInvokeApi;

/** One bridge method in main: how to check its raw arguments, and what to do with checked ones. */
export interface DesktopHandler<K extends Method> {
  readonly validate: ArgsValidator<Parameters<DesktopInvokeApi[K]>>;
  readonly run: (...args: Parameters<DesktopInvokeApi[K]>) => ReturnType<DesktopInvokeApi[K]>;
}

/** Exactly one handler per DesktopApi request method; the compiler rejects a missing or extra one. */
export type DesktopHandlers = { readonly [K in Method]: DesktopHandler<K> };

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

/** The guarded body of one channel: sender check, argument check, then the handler. */
export function guardHandler<K extends Method>(
  method: K,
  handler: DesktopHandler<K>,
): (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => ReturnType<DesktopInvokeApi[K]> {
  return (event, ...args) => {
    if (!isTrustedSender(event.senderFrame)) {
      throw new UntrustedSenderError(`${DESKTOP_CHANNELS[method]}: refused a call from outside the app's main frame`);
    }
    return handler.run(...handler.validate(args));
  };
}

/**
 * Registers the bridge: one `ipcMain.handle` per DESKTOP_CHANNELS entry and nothing else, each refusing callers
 * other than our own top-level app://kequn document (Electron security checklist #17) and malformed arguments.
 * Returns a function that removes the handlers again.
 */
export function registerDesktopIpc(ipc: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: DesktopHandlers): () => void {
  const methods = Object.keys(DESKTOP_CHANNELS) as Method[];
  for (const method of methods) {
    ipc.handle(DESKTOP_CHANNELS[method], guardHandler(method, handlers[method]));
  }
  return () => {
    for (const method of methods) ipc.removeHandler(DESKTOP_CHANNELS[method]);
  };
}
