import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PickedFile } from '#electron/common/desktopApi.ts';
import { createDropFolderController, nodeDropFolderDeps, nodeReadFile } from './dropFolderBridge.ts';

const decode = (files: readonly PickedFile[]): string[] => files.map((f) => `${f.name}=${new TextDecoder().decode(f.bytes)}`);

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createDropFolderController (real file system)', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('sends the bytes of a new export once it settles, ignores temp files, and stops', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kequn-drop-'));
    await writeFile(path.join(dir, 'before.csv'), 'old\n');
    const sent: string[][] = [];
    const errors: unknown[] = [];
    const controller = createDropFolderController({
      fs: nodeDropFolderDeps(),
      readFile: nodeReadFile,
      send: (files) => sent.push(decode(files)),
      onError: (e) => errors.push(e),
      debounceMs: 40,
    });
    controller.start(dir);
    expect(controller.folder).toBe(dir);
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(path.join(dir, '~$lock.xlsx'), 'x');
    await writeFile(path.join(dir, 'events.csv.part'), 'partial');
    await writeFile(path.join(dir, 'events.csv'), '客户号,事件\n1,登录\n');
    await until(() => sent.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toEqual([['events.csv=客户号,事件\n1,登录\n']]);
    controller.stop();
    expect(controller.folder).toBeNull();
    await writeFile(path.join(dir, 'late.csv'), 'late\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('watches only the latest folder and reports an unreadable one through onError', async () => {
    const errors: unknown[] = [];
    const controller = createDropFolderController({
      fs: nodeDropFolderDeps(),
      readFile: nodeReadFile,
      send: () => undefined,
      onError: (e) => errors.push(e),
      debounceMs: 10,
    });
    controller.start('/nonexistent/kequn-drop');
    await until(() => errors.length > 0);
    controller.start('/nonexistent/kequn-drop-2');
    expect(controller.folder).toBe('/nonexistent/kequn-drop-2');
    controller.stop();
  });
});
