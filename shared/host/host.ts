/**
 * What the engine needs from the environment it runs in. Exactly two implementations exist:
 * `shared/node/nodeHost.ts` (CLI, tests) and the worker host in `renderer/engine-worker/`. The engine receives a
 * Host at its entry point and never asks which environment it is in.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the open workspace is kept between sessions. Writes are atomic: a crash leaves the old or new file. */
export interface WorkspaceStore {
  /** Human-readable location, e.g. a path or `OPFS:/workspace.sqlite`. */
  readonly location: string;
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
}

export interface Host {
  /** Configuration handed to sql.js's `initSqlJs` (e.g. `locateFile` for the wasm URL in a browser). */
  readonly sqlJsConfig: { readonly locateFile?: (file: string) => string };
  readonly store: WorkspaceStore;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Logs never carry raw personal data: callers pass counts, codes and masked values only. */
  log(level: LogLevel, message: string, data?: Readonly<Record<string, string | number | boolean | null>>): void;
  readonly appVersion: string;
}
