import { describe, expect, it } from 'vitest';
import { isDropCandidate, watchDropFolder, type ArrivedFile, type DropFolderDeps, type FileFacts } from './dropFolderWatcher.ts';

/** A fake folder, fs.watch and clock: time only moves when the test calls `advance`. */
function fakeWorld() {
  const files = new Map<string, FileFacts>();
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  let now = 0;
  let watchers = 0;
  let emit: (() => void) | null = null;
  const deps: DropFolderDeps = {
    watch: (_folder, onEvent) => {
      watchers += 1;
      emit = onEvent;
      return () => {
        watchers -= 1;
        emit = null;
      };
    },
    readdir: () => Promise.resolve([...files.keys()]),
    stat: (p) => Promise.resolve(files.get(p.slice('/drop/'.length)) ?? null),
    join: (folder, name) => `${folder}/${name}`,
    schedule: (fn, ms) => {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  };
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    deps,
    put(name: string, size: number, mtimeMs = size, isFile = true) {
      files.set(name, { isFile, size, mtimeMs });
      emit?.();
    },
    remove(name: string) {
      files.delete(name);
      emit?.();
    },
    get watchers() {
      return watchers;
    },
    pendingTimers: () => timers.filter((t) => !t.cancelled && t.at > now).length,
    async advance(ms: number) {
      await flush();
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        next.cancelled = true;
        now = next.at;
        next.fn();
        await flush();
      }
      now = end;
    },
  };
}

function start(world: ReturnType<typeof fakeWorld>) {
  const batches: string[][] = [];
  const errors: unknown[] = [];
  const watcher = watchDropFolder('/drop', world.deps, {
    debounceMs: 100,
    onFiles: (files: readonly ArrivedFile[]) => batches.push(files.map((f) => `${f.name}@${f.size}`)),
    onError: (e) => errors.push(e),
  });
  return { watcher, batches, errors };
}

describe('isDropCandidate', () => {
  it.each([
    ['客户.csv', true],
    ['TXN_2024.TSV', true],
    ['notes.txt', true],
    ['book.xlsx', true],
    ['~$book.xlsx', false],
    ['export.csv.tmp', false],
    ['export.csv.part', false],
    ['export.csv.crdownload', false],
    ['.hidden.csv', false],
    ['.DS_Store', false],
    ['photo.png', false],
    ['csv', false],
  ])('%s → %s', (name, expected) => {
    expect(isDropCandidate(name)).toBe(expected);
  });
});

describe('watchDropFolder', () => {
  it('ignores files already there and reports a new file once its size is stable across two checks', async () => {
    const world = fakeWorld();
    world.put('old.csv', 10);
    const { batches } = start(world);
    await world.advance(500);
    expect(batches).toEqual([]);

    world.put('new.csv', 100);
    await world.advance(50);
    world.put('new.csv', 200); // still being copied: the debounce restarts
    await world.advance(100);
    expect(batches).toEqual([]); // first check only records the size
    world.put('new.csv', 300);
    await world.advance(100);
    expect(batches).toEqual([]);
    await world.advance(100);
    expect(batches).toEqual([['new.csv@300']]);
    expect(world.pendingTimers()).toBe(0);
  });

  it('skips temp and partial files and reports the renamed final file', async () => {
    const world = fakeWorld();
    const { batches } = start(world);
    await world.advance(0);
    world.put('~$book.xlsx', 1);
    world.put('data.csv.part', 50);
    world.put('.swap.csv', 5);
    world.put('sub.csv', 0, 0, false); // a folder named like a file
    await world.advance(1000);
    expect(batches).toEqual([]);
    world.remove('data.csv.part');
    world.put('data.csv', 50);
    await world.advance(1000);
    expect(batches).toEqual([['data.csv@50']]);
  });

  it('never reports the same (path, size, mtime) twice but does report a changed file again', async () => {
    const world = fakeWorld();
    const { batches } = start(world);
    await world.advance(0);
    world.put('a.csv', 10);
    await world.advance(1000);
    world.put('a.csv', 10); // touch event without change
    await world.advance(1000);
    expect(batches).toEqual([['a.csv@10']]);
    world.put('a.csv', 20); // a newer export under the same name
    await world.advance(1000);
    expect(batches).toEqual([['a.csv@10'], ['a.csv@20']]);
  });

  it('reports files that settle together in one batch, sorted by name', async () => {
    const world = fakeWorld();
    const { batches } = start(world);
    await world.advance(0);
    world.put('b.tsv', 2);
    world.put('a.xlsx', 1);
    await world.advance(1000);
    expect(batches).toEqual([['a.xlsx@1', 'b.tsv@2']]);
  });

  it('stops cleanly: closes the fs watch, cancels the pending check and reports nothing more', async () => {
    const world = fakeWorld();
    const { watcher, batches } = start(world);
    await world.advance(0);
    expect(world.watchers).toBe(1);
    world.put('a.csv', 10);
    await world.advance(150);
    watcher.stop();
    expect(world.watchers).toBe(0);
    await world.advance(1000);
    expect(batches).toEqual([]);
    expect(world.pendingTimers()).toBe(0);
  });

  it('passes a file-system error to onError instead of throwing', async () => {
    const world = fakeWorld();
    const failing = { ...world.deps, readdir: () => Promise.reject(new Error('EACCES')) };
    const errors: unknown[] = [];
    watchDropFolder('/drop', failing, { onFiles: () => undefined, onError: (e) => errors.push(e) });
    await world.advance(0);
    expect(errors).toEqual([new Error('EACCES')]);
    expect(world.watchers).toBe(0);
  });
});
