/**
 * The UI thread's typed Engine: a proxy over the engine Web Worker. Each call gets a request id; results,
 * errors and progress come back correlated by that id. An AbortSignal becomes a `cancel` message, byte
 * arguments are transferred, errors are turned back into ExpectedError/CancelledError. There is no fallback to
 * running the engine on this thread: if the worker cannot start, `ready` rejects and the app shows why.
 */
import type {
  Engine,
  EngineArgs,
  EngineEventName,
  EngineEvents,
  EngineMethod,
  EngineResult,
  JobOptions,
  ProgressEvent,
  WorkerRequest,
  WorkerResponse,
} from '#shared/api/engineApi.ts';
import { CancelledError, deserializeError, ExpectedError } from '#shared/api/errors.ts';
import type { HostFromWorker, HostToWorker, StoreReply, StoreRequest } from '#renderer/engine-worker/hostProtocol.ts';
import { isHostFromWorker } from '#renderer/engine-worker/hostProtocol.ts';
import { prepareTransfer } from './transfer.ts';

/** What the client needs of a Worker; a fake in tests. */
export interface WorkerLike {
  postMessage(message: WorkerRequest | HostToWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (e: { readonly message?: string }) => void): void;
}

/** The desktop bridge's workspace file, reached from the UI thread on behalf of the worker. */
export interface WorkspaceFileBridge {
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<string>;
  readonly location: string;
}

export interface StorageInfo {
  readonly persistent: boolean;
  readonly location: string;
}

export interface ReadyInfo {
  readonly version: string;
  readonly storage: StorageInfo;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress: ((p: ProgressEvent) => void) | undefined;
  readonly cleanup: () => void;
}

export class EngineClient implements Engine {
  /** Resolves when the worker can take calls; rejects with the reason it could not start. */
  readonly ready: Promise<ReadyInfo>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EngineEventName, Set<(payload: never) => void>>();
  private storage: StorageInfo = { persistent: false, location: '' };
  private failure: Error | null = null;
  private resolveReady!: (info: ReadyInfo) => void;
  private rejectReady!: (e: Error) => void;

  constructor(
    private readonly worker: WorkerLike,
    private readonly options: { readonly desktopStore: WorkspaceFileBridge | null },
  ) {
    this.ready = new Promise<ReadyInfo>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Callers that only use call() see the failure there; this keeps an unobserved start failure quiet.
    this.ready.catch(() => undefined);
    worker.addEventListener('message', (e) => this.onMessage(e.data));
    worker.addEventListener('error', (e) => this.fail(new ExpectedError('WORKER_FAILED', e.message || 'The engine worker failed to load or crashed.')));
    worker.postMessage({ type: 'init', desktop: options.desktopStore !== null }, []);
  }

  async call<K extends EngineMethod>(method: K, args: EngineArgs<K>, options: JobOptions = {}): Promise<EngineResult<K>> {
    await this.ready;
    if (this.failure) throw this.failure;
    const { signal, onProgress, seed } = options;
    if (signal?.aborted) throw new CancelledError();
    const id = this.nextId++;
    return new Promise<EngineResult<K>>((resolve, reject) => {
      const onAbort = (): void => this.worker.postMessage({ type: 'cancel', id }, []);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      // Byte arguments (an opened .sqlite file) move to the worker; callers hand them over and do not reuse them.
      const { value, transfer } = prepareTransfer<unknown>(args, { copy: false });
      const request: WorkerRequest = { type: 'call', id, method, args: value, wantsProgress: onProgress !== undefined, ...(seed !== undefined ? { seed } : {}) };
      this.worker.postMessage(request, transfer);
    });
  }

  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: never) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Calls in flight, for tests and diagnostics. */
  get inFlight(): number {
    return this.pending.size;
  }

  private onMessage(data: unknown): void {
    if (isHostFromWorker(data)) {
      this.onHostMessage(data);
      return;
    }
    const msg = data as WorkerResponse;
    switch (msg.type) {
      case 'ready':
        this.resolveReady({ version: msg.version, storage: this.storage });
        return;
      case 'fatal':
        this.fail(deserializeError(msg.error));
        return;
      case 'event':
        for (const l of this.listeners.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload);
        return;
      case 'progress':
        this.pending.get(msg.id)?.onProgress?.(msg.progress);
        return;
      case 'result':
      case 'error': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        p.cleanup();
        if (msg.type === 'result') p.resolve(msg.result);
        else p.reject(deserializeError(msg.error));
        return;
      }
    }
  }

  private onHostMessage(msg: HostFromWorker): void {
    if (msg.type === 'storage') {
      this.storage = { persistent: msg.persistent, location: msg.location };
      return;
    }
    void this.answerStore(msg);
  }

  private async answerStore(req: StoreRequest): Promise<void> {
    const bridge = this.options.desktopStore;
    let reply: StoreReply;
    try {
      if (!bridge) throw new Error('No desktop workspace store in browser mode.');
      if (req.type === 'store.read') {
        reply = { type: 'store.reply', id: req.id, ok: true, bytes: await bridge.read(), location: bridge.location };
      } else {
        const location = await bridge.write(req.bytes);
        reply = { type: 'store.reply', id: req.id, ok: true, bytes: null, location };
      }
    } catch (e) {
      reply = { type: 'store.reply', id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    const { value, transfer } = prepareTransfer(reply, { copy: false });
    this.worker.postMessage(value, transfer);
  }

  /** The worker is gone or never came up: every waiting call fails, and so does every later one. */
  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.rejectReady(e);
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.cleanup();
      p.reject(e);
    }
  }
}

/** Starts the engine worker. Vite bundles the worker from this `new URL(…, import.meta.url)` pattern. */
export function startEngineWorker(desktopStore: WorkspaceFileBridge | null): EngineClient {
  const worker = new Worker(new URL('../engine-worker/worker.ts', import.meta.url), { type: 'module', name: 'kequn-engine' });
  return new EngineClient(worker, { desktopStore });
}
