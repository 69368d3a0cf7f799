/**
 * Serves an Engine over a message port: one `WorkerRequest` in, `WorkerResponse`s out, correlated by the
 * request id. Cancel messages abort the job's AbortController; progress is forwarded only when the caller asked
 * for it; every failure is sent as a SerializedError; byte results are transferred, not copied.
 */
import type { Engine, EngineEventName, EngineMethod, WorkerRequest, WorkerResponse } from '#shared/api/engineApi.ts';
import { serializeError } from '#shared/api/errors.ts';
import { prepareTransfer } from '#renderer/engine/transfer.ts';

export interface ResponsePort {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}

/**
 * Methods whose byte results are newly allocated for the caller (sql.js `export()`, a CSV built for the call,
 * generated files), so the worker may hand the buffers over without a copy. Bytes from any other method are
 * copied first, in case the engine keeps a reference.
 */
const FRESH_BYTES: ReadonlySet<EngineMethod> = new Set<EngineMethod>(['workspace.export', 'rejects.export', 'demo.generate']);

const EVENTS: readonly EngineEventName[] = ['workspace.changed', 'workspace.saved', 'notice'];

export interface MessageLoop {
  handle(request: WorkerRequest): void;
  /** Jobs still running, for tests and diagnostics. */
  readonly running: number;
}

export function serveEngine(engine: Engine, port: ResponsePort): MessageLoop {
  const jobs = new Map<number, AbortController>();
  for (const event of EVENTS) {
    engine.on(event, (payload) => port.postMessage({ type: 'event', event, payload }, []));
  }

  const run = async (req: Extract<WorkerRequest, { type: 'call' }>): Promise<void> => {
    const controller = new AbortController();
    jobs.set(req.id, controller);
    try {
      const result = await engine.call(req.method, req.args as never, {
        signal: controller.signal,
        ...(req.wantsProgress ? { onProgress: (progress) => port.postMessage({ type: 'progress', id: req.id, progress }, []) } : {}),
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
      });
      const { value, transfer } = prepareTransfer<unknown>(result, { copy: !FRESH_BYTES.has(req.method) });
      port.postMessage({ type: 'result', id: req.id, result: value }, transfer);
    } catch (e) {
      port.postMessage({ type: 'error', id: req.id, error: serializeError(e) }, []);
    } finally {
      jobs.delete(req.id);
    }
  };

  return {
    handle(request) {
      if (request.type === 'cancel') {
        jobs.get(request.id)?.abort();
        return;
      }
      void run(request);
    },
    get running() {
      return jobs.size;
    },
  };
}
