/**
 * The worker's Host (shared/host/host.ts): sql.js's wasm served by Vite from our own origin, the workspace
 * store chosen by the UI (OPFS in a browser, the desktop bridge in Electron), the clock and the console.
 */
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { Host, WorkspaceStore } from '#shared/host/host.ts';
import { workerTextHost } from './workerTextHost.ts';

export function createWorkerHost(store: WorkspaceStore, appVersion: string): Host {
  return {
    sqlJsConfig: { locateFile: () => sqlWasmUrl },
    store,
    now: () => Date.now(),
    log(level, message, data) {
      // Callers pass counts, codes and masked values only (Host contract), so the console may show them.
      const line = `[engine] ${message}`;
      if (data) console[level](line, data);
      else console[level](line);
    },
    appVersion,
    text: workerTextHost(),
  };
}

/** A store for browsers without OPFS: restore finds nothing, and a save says plainly that it cannot persist. */
export function memoryOnlyStore(): WorkspaceStore {
  return {
    location: '(memory)',
    read: () => Promise.resolve(null),
    write: () => Promise.reject(new Error('This browser offers no local file storage (OPFS); download the .sqlite file instead.')),
  };
}
