/**
 * Entry of the engine Web Worker. Waits for the UI's `init` message (browser or desktop mode), builds the
 * workspace store and the Host, creates the engine with `createEngine(host)`, then serves calls. Posts `ready`
 * when it can take calls, or `fatal` when it cannot start; it never leaves the UI waiting silently.
 */
import type { WorkerRequest, WorkerResponse } from '#shared/api/engineApi.ts';
import { serializeError } from '#shared/api/errors.ts';
import { createEngine } from '#shared/engine.ts';
import { loadSqlJs } from '#shared/db/database.ts';
import type { WorkspaceStore } from '#shared/host/host.ts';
import { APP_VERSION } from '#renderer/appVersion.ts';
import { createBridgeStore, type BridgeStore } from './bridgeStore.ts';
import type { HostFromWorker, HostToWorker } from './hostProtocol.ts';
import { serveEngine, type MessageLoop } from './messageLoop.ts';
import { openOpfsStore } from './opfsStore.ts';
import { createWorkerHost, memoryOnlyStore } from './workerHost.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse | HostFromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

let loop: MessageLoop | null = null;
let bridge: BridgeStore | null = null;
let starting = false;

async function start(desktop: boolean): Promise<void> {
  let store: WorkspaceStore;
  let persistent = true;
  if (desktop) {
    bridge = createBridgeStore(post);
    store = bridge.store;
  } else {
    const opfs = await openOpfsStore();
    persistent = opfs !== null;
    store = opfs ?? memoryOnlyStore();
  }
  const host = createWorkerHost(store, APP_VERSION);
  // Load the wasm now, so a missing or blocked sql-wasm file shows as a start failure, not as the first error.
  await loadSqlJs(host);
  const engine = createEngine(host);
  loop = serveEngine(engine, { postMessage: (m, t) => post(m, t) });
  post({ type: 'storage', persistent, location: store.location });
  post({ type: 'ready', version: APP_VERSION });
}

self.addEventListener('message', (e: MessageEvent<WorkerRequest | HostToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'init':
      if (starting) return;
      starting = true;
      start(msg.desktop).catch((err: unknown) => post({ type: 'fatal', error: serializeError(err) }));
      return;
    case 'store.reply':
      bridge?.onReply(msg);
      return;
    case 'call':
    case 'cancel':
      if (loop) loop.handle(msg);
      else if (msg.type === 'call') post({ type: 'error', id: msg.id, error: serializeError(new Error('The engine is not ready yet.')) });
      return;
  }
});
