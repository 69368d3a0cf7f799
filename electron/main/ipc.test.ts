import { describe, expect, it } from 'vitest';
import { DESKTOP_CHANNELS } from '#electron/common/desktopApi.ts';
import { registerDesktopIpc, UntrustedSenderError, type DesktopHandlers } from './ipc.ts';
import { InvalidIpcArgumentsError, noArgs, saveFileAsArgs, workspaceBytesArgs } from './ipcValidation.ts';

type Listener = (event: { senderFrame: unknown }, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => {
      handlers.delete(channel);
    },
  };
}

const calls: unknown[][] = [];
const handlers: DesktopHandlers = {
  openImportFiles: { validate: noArgs, run: () => Promise.resolve(null) },
  openWorkspaceFile: { validate: noArgs, run: () => Promise.resolve(null) },
  readWorkspace: { validate: noArgs, run: () => Promise.resolve(null) },
  writeWorkspace: {
    validate: workspaceBytesArgs,
    run: (bytes) => {
      calls.push(['writeWorkspace', bytes.byteLength]);
      return Promise.resolve('/data/workspace.sqlite');
    },
  },
  saveFileAs: {
    validate: saveFileAsArgs,
    run: (name, bytes) => {
      calls.push(['saveFileAs', name, bytes.byteLength]);
      return Promise.resolve(`/docs/${name}`);
    },
  },
  chooseModelFolder: { validate: noArgs, run: () => Promise.resolve(null) },
  printToPdf: { validate: () => [''], run: () => Promise.resolve(new Uint8Array()) },
  appInfo: { validate: noArgs, run: () => Promise.resolve({ version: '0.1.0', platform: 'linux', workspacePath: '/w' }) },
  chooseDropFolder: {
    validate: noArgs,
    run: () => {
      calls.push(['chooseDropFolder']);
      return Promise.resolve('/drop');
    },
  },
  stopDropFolder: {
    validate: noArgs,
    run: () => {
      calls.push(['stopDropFolder']);
      return Promise.resolve();
    },
  },
};

const top = { url: 'app://kequn/index.html', parent: null };
const sqlite = new TextEncoder().encode('SQLite format 3\0 and pages');

// The Fake's listener type is looser than Electron's, which is what lets the tests pass odd events and arguments.
function setup() {
  const ipc = fakeIpc();
  const unregister = registerDesktopIpc(ipc as unknown as Parameters<typeof registerDesktopIpc>[0], handlers);
  const call = (channel: string, frame: unknown, ...args: unknown[]) => {
    const listener = ipc.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame }, ...args);
  };
  return { ipc, unregister, call };
}

describe('registerDesktopIpc', () => {
  it('registers exactly the DESKTOP_CHANNELS and removes them again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs the handler for a trusted main-frame caller with valid arguments', async () => {
    calls.length = 0;
    const { call } = setup();
    await expect(call(DESKTOP_CHANNELS.writeWorkspace, top, sqlite)).resolves.toBe('/data/workspace.sqlite');
    await expect(call(DESKTOP_CHANNELS.saveFileAs, top, 'a/b.csv', new Uint8Array(3))).resolves.toBe('/docs/a_b.csv');
    await expect(call(DESKTOP_CHANNELS.chooseDropFolder, top)).resolves.toBe('/drop');
    await expect(call(DESKTOP_CHANNELS.stopDropFolder, top)).resolves.toBeUndefined();
    expect(calls).toEqual([
      ['writeWorkspace', sqlite.byteLength],
      ['saveFileAs', 'a_b.csv', 3],
      ['chooseDropFolder'],
      ['stopDropFolder'],
    ]);
  });

  it.each([
    ['a destroyed frame', null],
    ['a subframe', { url: 'app://kequn/index.html', parent: top }],
    ['another origin', { url: 'app://kequn.evil/', parent: null }],
    ['a remote page', { url: 'https://example.com/', parent: null }],
  ])('refuses %s before looking at the arguments', (_what, frame) => {
    calls.length = 0;
    const { call } = setup();
    expect(() => call(DESKTOP_CHANNELS.writeWorkspace, frame, sqlite)).toThrow(UntrustedSenderError);
    expect(() => call(DESKTOP_CHANNELS.appInfo, frame)).toThrow(UntrustedSenderError);
    expect(() => call(DESKTOP_CHANNELS.chooseDropFolder, frame)).toThrow(UntrustedSenderError);
    expect(() => call(DESKTOP_CHANNELS.stopDropFolder, frame)).toThrow(UntrustedSenderError);
    expect(calls).toEqual([]);
  });

  it('refuses malformed arguments without running the handler', () => {
    calls.length = 0;
    const { call } = setup();
    expect(() => call(DESKTOP_CHANNELS.writeWorkspace, top, 'not bytes')).toThrow(InvalidIpcArgumentsError);
    expect(() => call(DESKTOP_CHANNELS.writeWorkspace, top, new Uint8Array(64))).toThrow(InvalidIpcArgumentsError);
    expect(() => call(DESKTOP_CHANNELS.appInfo, top, 'extra')).toThrow(InvalidIpcArgumentsError);
    // The drop folder comes from main's own dialog: a path from the page is refused.
    expect(() => call(DESKTOP_CHANNELS.chooseDropFolder, top, '/etc')).toThrow(InvalidIpcArgumentsError);
    expect(() => call(DESKTOP_CHANNELS.stopDropFolder, top, '/etc')).toThrow(InvalidIpcArgumentsError);
    expect(calls).toEqual([]);
  });
});
