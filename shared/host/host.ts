/**
 * What the engine needs from the environment it runs in. Exactly two implementations exist:
 * `shared/node/nodeHost.ts` (CLI, tests) and the worker host in `renderer/engine-worker/`. The engine receives a
 * Host at its entry point and never asks which environment it is in.
 */

import type { TextHost } from '#shared/text/textHost.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the open workspace is kept between sessions. Writes are atomic: a crash leaves the old or new file. */
export interface WorkspaceStore {
  /** Human-readable location, e.g. a path or `OPFS:/workspace.sqlite`. */
  readonly location: string;
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
}

/** An incremental SHA-256 (the import's file digest). */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  /** The digest as lower-case hex; call once, after the last update. */
  digest(): string;
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
  /**
   * A native SHA-256 where the environment has one (Node's `node:crypto`, several times faster than JavaScript);
   * absent, the engine hashes with @noble/hashes.
   */
  createSha256?(): Sha256;
  /** Chinese segmentation and local embedding models (shared/text); absent in hosts that do no text mining. */
  readonly text?: TextHost;
}
