import { describe, expect, it } from 'vitest';
import type { DesktopApi, PickedFile } from '#electron/common/desktopApi.ts';
import { choosePlatform } from './choosePlatform.ts';

function fakeApi(): DesktopApi & { writes: number[]; drop: (files: readonly PickedFile[]) => void; watching: string[] } {
  const writes: number[] = [];
  const watching: string[] = [];
  let dropListener: ((files: readonly PickedFile[]) => void) | null = null;
  return {
    writes,
    watching,
    drop: (files) => dropListener?.(files),
    chooseDropFolder: () => {
      watching.push('/data/drop');
      return Promise.resolve('/data/drop');
    },
    stopDropFolder: () => {
      watching.length = 0;
      return Promise.resolve();
    },
    onDropFiles: (listener) => {
      dropListener = listener;
      return () => {
        dropListener = null;
      };
    },
    openImportFiles: () => Promise.resolve([{ name: '客户.csv', bytes: new TextEncoder().encode('客户号\n1\n') }]),
    openWorkspaceFile: () => Promise.resolve(null),
    readWorkspace: () => Promise.resolve(null),
    writeWorkspace: (b) => {
      writes.push(b.byteLength);
      return Promise.resolve('/data/kequn/workspace.sqlite');
    },
    saveFileAs: (name) => Promise.resolve(`/tmp/${name}`),
    chooseModelFolder: () => Promise.resolve(null),
    printToPdf: (html) => Promise.resolve(new TextEncoder().encode(`%PDF ${html.length}`)),
    onMenuCommand: () => () => undefined,
    appInfo: () => Promise.resolve({ version: '0.1.0', platform: 'linux', workspacePath: '/data/kequn/workspace.sqlite' }),
  };
}

describe('choosePlatform', () => {
  it('picks the desktop platform when window.kequn exists', () => {
    expect(choosePlatform({ kequn: fakeApi() }).kind).toBe('desktop');
  });

  it('wraps picked bytes in File objects the import can read', async () => {
    const files = await choosePlatform({ kequn: fakeApi() }).pickImportFiles();
    expect(files?.map((f) => f.name)).toEqual(['客户.csv']);
    expect(await files?.[0]?.text()).toBe('客户号\n1\n');
  });

  it('keeps the workspace file through the bridge and remembers where it went', async () => {
    const api = fakeApi();
    const store = choosePlatform({ kequn: api }).workspaceFile;
    expect(await store?.write(new Uint8Array(5))).toBe('/data/kequn/workspace.sqlite');
    expect(store?.location).toBe('/data/kequn/workspace.sqlite');
    expect(api.writes).toEqual([5]);
  });

  it('prints the pack through the bridge on the desktop and leaves the browser to its print dialog', async () => {
    const pdf = await choosePlatform({ kequn: fakeApi() }).printToPdf?.('<p>会议材料</p>');
    expect(new TextDecoder().decode(pdf)).toBe('%PDF 11');
    expect(choosePlatform({}).printToPdf).toBeUndefined();
  });

  it('offers the drop folder on the desktop only, delivering arrivals as File objects', async () => {
    const api = fakeApi();
    const drop = choosePlatform({ kequn: api }).dropFolder;
    expect(await drop?.choose()).toBe('/data/drop');
    const got: string[] = [];
    const off = drop?.onFiles((files) => {
      for (const f of files) got.push(f.name);
    });
    api.drop([{ name: '事件.csv', bytes: new TextEncoder().encode('a\n') }]);
    off?.();
    api.drop([{ name: 'late.csv', bytes: new Uint8Array(1) }]);
    expect(got).toEqual(['事件.csv']);
    await drop?.stop();
    expect(api.watching).toEqual([]);
    expect(choosePlatform({}).dropFolder).toBeUndefined();
  });
});
