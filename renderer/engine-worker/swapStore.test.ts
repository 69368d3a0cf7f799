import { describe, expect, it } from 'vitest';
import { createSwapStore, type FileDir } from './swapStore.ts';

/** An in-memory directory that can be made to "crash" before its n-th mutating operation. */
class MemDir implements FileDir {
  readonly files = new Map<string, Uint8Array>();
  /** Mutating operations so far. */
  ops = 0;
  crashBefore = Infinity;
  refuseReplace = false;

  private step(): void {
    if (++this.ops >= this.crashBefore) throw new Error('crash');
  }
  read(name: string): Promise<Uint8Array | null> {
    return Promise.resolve(this.files.get(name) ?? null);
  }
  write(name: string, bytes: Uint8Array): Promise<void> {
    this.step();
    this.files.set(name, bytes.slice());
    return Promise.resolve();
  }
  exists(name: string): Promise<boolean> {
    return Promise.resolve(this.files.has(name));
  }
  remove(name: string): Promise<void> {
    this.step();
    this.files.delete(name);
    return Promise.resolve();
  }
  move(from: string, to: string): Promise<void> {
    this.step();
    const b = this.files.get(from);
    if (!b) return Promise.reject(new Error('NotFound'));
    if (this.refuseReplace && this.files.has(to)) return Promise.reject(new Error('exists'));
    this.files.delete(from);
    this.files.set(to, b);
    return Promise.resolve();
  }
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null): string | null => (b ? new TextDecoder().decode(b) : null);

describe('createSwapStore', () => {
  it('reads nothing before the first save, then what was saved', async () => {
    const dir = new MemDir();
    const store = createSwapStore(dir, 'ws', 'mem:/ws');
    expect(await store.read()).toBeNull();
    await store.write(bytes('v1'));
    await store.write(bytes('v2'));
    expect(text(await store.read())).toBe('v2');
    expect([...dir.files.keys()]).toEqual(['ws']);
  });

  it('leaves the old or the new workspace after a crash at any step', async () => {
    // Steps of a save on a store holding v1: write .new, write marker, move, remove marker.
    for (let crashAt = 1; crashAt <= 4; crashAt++) {
      for (const refuseReplace of [false, true]) {
        const dir = new MemDir();
        const store = createSwapStore(dir, 'ws', 'mem');
        await store.write(bytes('v1'));
        dir.refuseReplace = refuseReplace;
        dir.crashBefore = dir.ops + crashAt;
        await expect(store.write(bytes('v2'))).rejects.toThrow();
        dir.crashBefore = Infinity;
        const after = createSwapStore(dir, 'ws', 'mem');
        const got = text(await after.read());
        expect({ crashAt, refuseReplace, ok: got === 'v1' || got === 'v2' }).toEqual({ crashAt, refuseReplace, ok: true });
        // Once the new file is marked complete, it is the one that survives.
        if (crashAt >= 3) expect(got).toBe('v2');
        expect([...dir.files.keys()]).toEqual(['ws']);
      }
    }
  });

  it('discards a partial side file that was never marked complete', async () => {
    const dir = new MemDir();
    dir.files.set('ws', bytes('old'));
    dir.files.set('ws.new', bytes('half'));
    expect(text(await createSwapStore(dir, 'ws', 'mem').read())).toBe('old');
    expect(dir.files.has('ws.new')).toBe(false);
  });

  it('finishes a swap interrupted after the old file was removed', async () => {
    const dir = new MemDir();
    dir.files.set('ws.new', bytes('new'));
    dir.files.set('ws.commit', new Uint8Array(0));
    expect(text(await createSwapStore(dir, 'ws', 'mem').read())).toBe('new');
    expect([...dir.files.keys()]).toEqual(['ws']);
  });

  it('replaces the file on platforms whose move refuses an existing target', async () => {
    const dir = new MemDir();
    dir.refuseReplace = true;
    const store = createSwapStore(dir, 'ws', 'mem');
    await store.write(bytes('a'));
    await store.write(bytes('b'));
    expect(text(await store.read())).toBe('b');
  });
});
