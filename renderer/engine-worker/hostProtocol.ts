/**
 * Messages between the UI thread and the engine worker that are about the worker's Host, not engine calls
 * (those are `WorkerRequest`/`WorkerResponse` in shared/api). Both threads of the renderer import these types.
 */

/** UI → worker, first message: how the worker should keep the workspace. */
export interface InitMessage {
  readonly type: 'init';
  /** True in Electron: the workspace file is read and written through the UI thread's `window.kequn`. */
  readonly desktop: boolean;
}

/** UI → worker: the answer to a {@link StoreRequest}. */
export type StoreReply =
  | { readonly type: 'store.reply'; readonly id: number; readonly ok: true; readonly bytes: Uint8Array | null; readonly location: string }
  | { readonly type: 'store.reply'; readonly id: number; readonly ok: false; readonly message: string };

/** Worker → UI (desktop mode): read or write the workspace file through the desktop bridge. */
export type StoreRequest =
  | { readonly type: 'store.read'; readonly id: number }
  | { readonly type: 'store.write'; readonly id: number; readonly bytes: Uint8Array };

/** Worker → UI, sent once before `ready`: whether saves survive a reload. */
export interface StorageStatus {
  readonly type: 'storage';
  /** False when the browser offers no OPFS: the workspace then lives in memory only. */
  readonly persistent: boolean;
  readonly location: string;
}

export type HostToWorker = InitMessage | StoreReply;
export type HostFromWorker = StoreRequest | StorageStatus;

export function isHostFromWorker(m: unknown): m is HostFromWorker {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'store.read' || t === 'store.write' || t === 'storage';
}
