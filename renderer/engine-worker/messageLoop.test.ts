import { describe, expect, it } from 'vitest';
import type { Engine, EngineEventName, EngineEvents, JobOptions, WorkerResponse } from '#shared/api/engineApi.ts';
import { CancelledError, ExpectedError } from '#shared/api/errors.ts';
import { serveEngine } from './messageLoop.ts';

type Impl = (method: string, args: unknown, options: JobOptions) => Promise<unknown>;

function fakeEngine(impl: Impl): Engine & { emit<E extends EngineEventName>(e: E, p: EngineEvents[E]): void } {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  return {
    call: ((method: string, args: unknown, options: JobOptions = {}) => impl(method, args, options)) as Engine['call'],
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => undefined;
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}

function fakePort(): { posted: { message: WorkerResponse; transfer: Transferable[] }[]; postMessage(m: WorkerResponse, t: Transferable[]): void } {
  const posted: { message: WorkerResponse; transfer: Transferable[] }[] = [];
  return { posted, postMessage: (message, transfer) => posted.push({ message, transfer }) };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('serveEngine', () => {
  it('answers each call with its own id', async () => {
    const port = fakePort();
    const loop = serveEngine(fakeEngine((m, a) => Promise.resolve({ m, a })), port);
    loop.handle({ type: 'call', id: 7, method: 'tables.list', args: {}, wantsProgress: false });
    loop.handle({ type: 'call', id: 8, method: 'workspace.info', args: {}, wantsProgress: false });
    await tick();
    expect(port.posted.map((p) => p.message)).toEqual([
      { type: 'result', id: 7, result: { m: 'tables.list', a: {} } },
      { type: 'result', id: 8, result: { m: 'workspace.info', a: {} } },
    ]);
  });

  it('forwards progress only when asked, and passes the seed', async () => {
    const port = fakePort();
    const seen: (number | undefined)[] = [];
    const loop = serveEngine(
      fakeEngine((_m, _a, o) => {
        seen.push(o.seed);
        o.onProgress?.({ step: 'parse', current: 1, total: 2 });
        return Promise.resolve(null);
      }),
      port,
    );
    loop.handle({ type: 'call', id: 1, method: 'ingest.run', args: { files: [] }, wantsProgress: true, seed: 42 });
    loop.handle({ type: 'call', id: 2, method: 'ingest.run', args: { files: [] }, wantsProgress: false });
    await tick();
    expect(seen).toEqual([42, undefined]);
    expect(port.posted.map((p) => p.message.type)).toEqual(['progress', 'result', 'result']);
    expect(port.posted[0]?.message).toEqual({ type: 'progress', id: 1, progress: { step: 'parse', current: 1, total: 2 } });
  });

  it('aborts the job signal on cancel and reports the cancellation as an error', async () => {
    const port = fakePort();
    const loop = serveEngine(
      fakeEngine(
        (_m, _a, o) =>
          new Promise((_resolve, reject) => {
            o.signal?.addEventListener('abort', () => reject(new CancelledError()));
          }),
      ),
      port,
    );
    loop.handle({ type: 'call', id: 3, method: 'ingest.run', args: { files: [] }, wantsProgress: false });
    expect(loop.running).toBe(1);
    loop.handle({ type: 'cancel', id: 3 });
    await tick();
    expect(loop.running).toBe(0);
    const msg = port.posted[0]?.message;
    expect(msg?.type).toBe('error');
    expect(msg?.type === 'error' && msg.error.code).toBe('CANCELLED');
  });

  it('serializes expected errors with their code and params', async () => {
    const port = fakePort();
    const loop = serveEngine(fakeEngine(() => Promise.reject(new ExpectedError('NOT_FOUND', 'No table x', { table: 'x' }))), port);
    loop.handle({ type: 'call', id: 4, method: 'tables.page', args: { table: 'x', offset: 0, limit: 1 }, wantsProgress: false });
    await tick();
    const msg = port.posted[0]?.message;
    expect(msg?.type === 'error' && { code: msg.error.code, params: msg.error.params, $isError: msg.error.$isError }).toEqual({
      code: 'NOT_FOUND',
      params: { table: 'x' },
      $isError: true,
    });
  });

  it('transfers fresh export bytes and copies bytes of other methods', async () => {
    const port = fakePort();
    const kept = new Uint8Array([1, 2, 3]);
    const loop = serveEngine(fakeEngine((m) => Promise.resolve(m === 'workspace.export' ? kept : { bytes: kept })), port);
    loop.handle({ type: 'call', id: 5, method: 'workspace.export', args: {}, wantsProgress: false });
    loop.handle({ type: 'call', id: 6, method: 'workspace.info', args: {}, wantsProgress: false });
    await tick();
    const [exp, other] = port.posted;
    expect(exp?.transfer).toEqual([kept.buffer]);
    expect(other?.transfer).toHaveLength(1);
    expect(other?.transfer[0]).not.toBe(kept.buffer);
  });

  it('forwards engine events', () => {
    const port = fakePort();
    const engine = fakeEngine(() => Promise.resolve(null));
    serveEngine(engine, port);
    engine.emit('notice', { code: 'x', params: {}, level: 'info' });
    expect(port.posted[0]?.message).toEqual({ type: 'event', event: 'notice', payload: { code: 'x', params: {}, level: 'info' } });
  });
});
