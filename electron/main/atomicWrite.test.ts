import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSerialQueue, readFileOrNull, writeFileAtomic } from './atomicWrite.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kequn-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the file, then replaces it, leaving no temp files behind', async () => {
    const target = path.join(dir, 'workspace.sqlite');
    await writeFileAtomic(target, new TextEncoder().encode('first'));
    expect(await readFile(target, 'utf8')).toBe('first');
    await writeFileAtomic(target, new TextEncoder().encode('second, longer'));
    expect(await readFile(target, 'utf8')).toBe('second, longer');
    expect(await readdir(dir)).toEqual(['workspace.sqlite']);
  });

  it('writes the exact bytes of a view into a larger buffer', async () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const target = path.join(dir, 'view.bin');
    await writeFileAtomic(target, big.subarray(2, 5));
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('keeps the old file and removes the temp file when the rename fails', async () => {
    // A non-empty folder cannot be replaced by a file: rename fails after the temp file was written.
    const target = path.join(dir, 'occupied');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'old');
    await expect(writeFileAtomic(target, new Uint8Array([1]))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('old');
  });

  it('rejects when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'nope', 'x.sqlite'), new Uint8Array([1]))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readFileOrNull', () => {
  it('returns null for a missing file and the bytes otherwise', async () => {
    expect(await readFileOrNull(path.join(dir, 'missing'))).toBeNull();
    await writeFile(path.join(dir, 'a'), 'abc');
    expect(new TextDecoder().decode(await readFileOrNull(path.join(dir, 'a')) ?? new Uint8Array())).toBe('abc');
  });

  it('propagates other errors', async () => {
    await expect(readFileOrNull(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('createSerialQueue', () => {
  it('runs tasks in call order even when an earlier one is slower, and survives failures', async () => {
    const queue = createSerialQueue();
    const events: string[] = [];
    const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const slow = queue(async () => {
      events.push('slow:start');
      await delay(30);
      events.push('slow:end');
      return 1;
    });
    const failing = queue(() => {
      events.push('fail');
      return Promise.reject(new Error('boom'));
    });
    const fast = queue(() => {
      events.push('fast');
      return Promise.resolve(3);
    });
    await expect(slow).resolves.toBe(1);
    await expect(failing).rejects.toThrow('boom');
    await expect(fast).resolves.toBe(3);
    expect(events).toEqual(['slow:start', 'slow:end', 'fail', 'fast']);
  });

  it('makes the last write win when saves overlap', async () => {
    const queue = createSerialQueue();
    const target = path.join(dir, 'workspace.sqlite');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue(() => writeFileAtomic(target, new TextEncoder().encode(`v${i}`)))),
    );
    expect(await readFile(target, 'utf8')).toBe('v7');
  });
});
