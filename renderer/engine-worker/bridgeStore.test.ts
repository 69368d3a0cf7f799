import { describe, expect, it } from 'vitest';
import { ExpectedError } from '#shared/api/errors.ts';
import { createBridgeStore } from './bridgeStore.ts';
import type { StoreRequest } from './hostProtocol.ts';

describe('createBridgeStore', () => {
  it('reads through the UI thread and learns where the file lives', async () => {
    const sent: StoreRequest[] = [];
    const bridge = createBridgeStore((m) => sent.push(m));
    const read = bridge.store.read();
    expect(sent).toEqual([{ type: 'store.read', id: 1 }]);
    bridge.onReply({ type: 'store.reply', id: 1, ok: true, bytes: new Uint8Array([5]), location: '/home/u/kequn.sqlite' });
    expect(await read).toEqual(new Uint8Array([5]));
    expect(bridge.store.location).toBe('/home/u/kequn.sqlite');
  });

  it('sends a copy on write, so the engine still has its bytes', async () => {
    const sent: { m: StoreRequest; t: Transferable[] }[] = [];
    const bridge = createBridgeStore((m, t) => sent.push({ m, t }));
    const bytes = new Uint8Array([1, 2, 3]);
    const write = bridge.store.write(bytes);
    await Promise.resolve();
    const req = sent[0];
    expect(req?.m.type).toBe('store.write');
    expect(req?.t[0]).not.toBe(bytes.buffer);
    bridge.onReply({ type: 'store.reply', id: 1, ok: true, bytes: null, location: '/p' });
    await write;
    expect(bytes.byteLength).toBe(3);
  });

  it('turns a failed desktop write into an expected error', async () => {
    const bridge = createBridgeStore(() => undefined);
    const write = bridge.store.write(new Uint8Array(1));
    await Promise.resolve();
    bridge.onReply({ type: 'store.reply', id: 1, ok: false, message: 'disk full' });
    const e: unknown = await write.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExpectedError);
    expect((e as ExpectedError).message).toBe('disk full');
  });
});
