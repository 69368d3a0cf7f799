/**
 * The desktop workspace store: the worker cannot reach `window.kequn`, so it asks the UI thread, which calls
 * `readWorkspace()` / `writeWorkspace()` of the desktop bridge and answers with a `store.reply`.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { WorkspaceStore } from '#shared/host/host.ts';
import { prepareTransfer } from '#renderer/engine/transfer.ts';
import type { StoreReply, StoreRequest } from './hostProtocol.ts';

export interface BridgeStore {
  readonly store: WorkspaceStore;
  /** Feed every `store.reply` from the UI thread here. */
  onReply(reply: StoreReply): void;
}

export function createBridgeStore(post: (message: StoreRequest, transfer: Transferable[]) => void): BridgeStore {
  let nextId = 1;
  let location = 'desktop';
  const pending = new Map<number, { resolve: (bytes: Uint8Array | null) => void; reject: (e: Error) => void }>();

  const ask = (make: (id: number) => StoreRequest, transfer: Transferable[]): Promise<Uint8Array | null> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post(make(id), transfer);
    });

  const store: WorkspaceStore = {
    get location() {
      return location;
    },
    read: () => ask((id) => ({ type: 'store.read', id }), []),
    write: async (bytes) => {
      // The engine still reads `bytes` after write() (its length goes into the save result): send a copy.
      const { value, transfer } = prepareTransfer(bytes, { copy: true });
      await ask((id) => ({ type: 'store.write', id, bytes: value }), transfer);
    },
  };

  return {
    store,
    onReply(reply) {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) {
        location = reply.location;
        p.resolve(reply.bytes);
      } else {
        p.reject(new ExpectedError('FILE_UNREADABLE', reply.message, { file: location }));
      }
    },
  };
}
