import { describe, expect, it } from 'vitest';
import type { ProgressEvent, WorkerRequest, WorkerResponse } from '#shared/api/engineApi.ts';
import { CancelledError, ExpectedError, serializeError } from '#shared/api/errors.ts';
import type { HostFromWorker, HostToWorker } from '#renderer/engine-worker/hostProtocol.ts';
import { EngineClient, type WorkerLike, type WorkspaceFileBridge } from './engineClient.ts';

class FakeWorker implements WorkerLike {
  readonly sent: { message: WorkerRequest | HostToWorker; transfer: Transferable[] }[] = [];
  private onMessage: ((e: { data: unknown }) => void) | null = null;
  private onError: ((e: { message?: string }) => void) | null = null;
  postMessage(message: WorkerRequest | HostToWorker, transfer: Transferable[]): void {
    this.sent.push({ message, transfer });
  }
  addEventListener(type: 'message' | 'error', listener: (e: never) => void): void {
    if (type === 'message') this.onMessage = listener as (e: { data: unknown }) => void;
    else this.onError = listener as (e: { message?: string }) => void;
  }
  reply(message: WorkerResponse | HostFromWorker): void {
    this.onMessage?.({ data: message });
  }
  crash(message: string): void {
    this.onError?.({ message });
  }
  calls(): Extract<WorkerRequest, { type: 'call' }>[] {
    return this.sent.map((s) => s.message).filter((m): m is Extract<WorkerRequest, { type: 'call' }> => m.type === 'call');
  }
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function readyClient(desktopStore: WorkspaceFileBridge | null = null): Promise<{ worker: FakeWorker; client: EngineClient }> {
  const worker = new FakeWorker();
  const client = new EngineClient(worker, { desktopStore });
  worker.reply({ type: 'storage', persistent: true, location: 'OPFS:/workspace.sqlite' });
  worker.reply({ type: 'ready', version: '0.1.0' });
  await client.ready;
  return { worker, client };
}

describe('EngineClient', () => {
  it('tells the worker its mode first and reports storage with ready', async () => {
    const worker = new FakeWorker();
    const client = new EngineClient(worker, { desktopStore: null });
    expect(worker.sent[0]?.message).toEqual({ type: 'init', desktop: false });
    worker.reply({ type: 'storage', persistent: false, location: '(memory)' });
    worker.reply({ type: 'ready', version: '9.9.9' });
    await expect(client.ready).resolves.toEqual({ version: '9.9.9', storage: { persistent: false, location: '(memory)' } });
  });

  it('matches out-of-order results to their calls by id', async () => {
    const { worker, client } = await readyClient();
    const a = client.call('tables.list', {});
    const b = client.call('workspace.info', {});
    await flush();
    const [ca, cb] = worker.calls();
    expect(ca?.id).not.toBe(cb?.id);
    worker.reply({ type: 'result', id: cb?.id ?? -1, result: 'B' });
    worker.reply({ type: 'result', id: ca?.id ?? -1, result: 'A' });
    await expect(a).resolves.toBe('A');
    await expect(b).resolves.toBe('B');
    expect(client.inFlight).toBe(0);
  });

  it('delivers progress to the caller that asked for it', async () => {
    const { worker, client } = await readyClient();
    const seen: ProgressEvent[] = [];
    const p = client.call('ingest.run', { files: [] }, { onProgress: (e) => seen.push(e) });
    await flush();
    const call = worker.calls()[0];
    expect(call?.wantsProgress).toBe(true);
    worker.reply({ type: 'progress', id: call?.id ?? -1, progress: { step: 'parse', current: 5, total: 10 } });
    worker.reply({ type: 'progress', id: 999, progress: { step: 'other', current: 1, total: 1 } });
    worker.reply({ type: 'result', id: call?.id ?? -1, result: null });
    await p;
    expect(seen).toEqual([{ step: 'parse', current: 5, total: 10 }]);
  });

  it('turns an abort into a cancel message and the reply into a CancelledError', async () => {
    const { worker, client } = await readyClient();
    const controller = new AbortController();
    const p = client.call('ingest.run', { files: [] }, { signal: controller.signal });
    await flush();
    const id = worker.calls()[0]?.id ?? -1;
    controller.abort();
    expect(worker.sent.at(-1)?.message).toEqual({ type: 'cancel', id });
    worker.reply({ type: 'error', id, error: serializeError(new CancelledError()) });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it('does not send a call whose signal is already aborted', async () => {
    const { worker, client } = await readyClient();
    const controller = new AbortController();
    controller.abort();
    await expect(client.call('tables.list', {}, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(worker.calls()).toHaveLength(0);
  });

  it('rebuilds expected errors with their code', async () => {
    const { worker, client } = await readyClient();
    const p = client.call('quality.report', {});
    await flush();
    worker.reply({ type: 'error', id: worker.calls()[0]?.id ?? -1, error: serializeError(new ExpectedError('NO_WORKSPACE', 'none')) });
    const e: unknown = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExpectedError);
    expect((e as ExpectedError).code).toBe('NO_WORKSPACE');
  });

  it('transfers byte arguments to the worker', async () => {
    const { worker, client } = await readyClient();
    const bytes = new Uint8Array([1, 2, 3]);
    void client.call('workspace.open', { bytes });
    await flush();
    const sent = worker.sent.find((s) => s.message.type === 'call');
    expect(sent?.transfer).toEqual([bytes.buffer]);
  });

  it('dispatches events to subscribers until they unsubscribe', async () => {
    const { worker, client } = await readyClient();
    const names: string[] = [];
    const off = client.on('notice', (n) => names.push(n.code));
    worker.reply({ type: 'event', event: 'notice', payload: { code: 'a', params: {}, level: 'info' } });
    off();
    worker.reply({ type: 'event', event: 'notice', payload: { code: 'b', params: {}, level: 'info' } });
    expect(names).toEqual(['a']);
  });

  it('fails start and every call when the worker reports fatal', async () => {
    const worker = new FakeWorker();
    const client = new EngineClient(worker, { desktopStore: null });
    worker.reply({ type: 'fatal', error: serializeError(new Error('wasm blocked')) });
    await expect(client.ready).rejects.toThrow('wasm blocked');
    await expect(client.call('tables.list', {})).rejects.toThrow('wasm blocked');
    expect(worker.calls()).toHaveLength(0);
  });

  it('rejects calls in flight when the worker crashes', async () => {
    const { worker, client } = await readyClient();
    const p = client.call('ingest.run', { files: [] });
    await flush();
    worker.crash('out of memory');
    const e: unknown = await p.catch((x: unknown) => x);
    expect((e as ExpectedError).code).toBe('WORKER_FAILED');
    expect(client.inFlight).toBe(0);
  });

  it('answers store requests through the desktop bridge', async () => {
    const written: number[] = [];
    const bridge: WorkspaceFileBridge = {
      location: '/home/a/kequn.sqlite',
      read: () => Promise.resolve(new Uint8Array([7, 7])),
      write: (b) => {
        written.push(b.byteLength);
        return Promise.resolve('/home/a/kequn.sqlite');
      },
    };
    const { worker } = await readyClient(bridge);
    expect(worker.sent[0]?.message).toEqual({ type: 'init', desktop: true });
    worker.reply({ type: 'store.read', id: 1 });
    worker.reply({ type: 'store.write', id: 2, bytes: new Uint8Array([1, 2, 3]) });
    await flush();
    const replies = worker.sent.map((s) => s.message).filter((m) => m.type === 'store.reply');
    expect(replies).toEqual([
      { type: 'store.reply', id: 1, ok: true, bytes: new Uint8Array([7, 7]), location: '/home/a/kequn.sqlite' },
      { type: 'store.reply', id: 2, ok: true, bytes: null, location: '/home/a/kequn.sqlite' },
    ]);
    expect(written).toEqual([3]);
  });
});
