import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, basename, join } from 'node:path';
import type { Host, LogLevel, WorkspaceStore } from '#shared/host/host.ts';
import { nodeTextHost } from './nodeTextHost.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Writes `bytes` to `path` atomically: a temp file beside it, fsync, rename over the target, fsync the folder.
 * A kill at any moment leaves either the old file or the new one, never a partial file.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}

export function fileStore(path: string): WorkspaceStore {
  return {
    location: path,
    read: () => Promise.resolve(existsSync(path) ? new Uint8Array(readFileSync(path)) : null),
    write: (bytes) => {
      writeFileAtomic(path, bytes);
      return Promise.resolve();
    },
  };
}

export interface NodeHostOptions {
  readonly workspacePath?: string;
  /** Minimum level printed to stderr; default 'warn'. */
  readonly logLevel?: LogLevel;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function createNodeHost(options: NodeHostOptions = {}): Host {
  const min = LEVELS.indexOf(options.logLevel ?? 'warn');
  const store: WorkspaceStore = options.workspacePath
    ? fileStore(options.workspacePath)
    : { location: '(memory)', read: () => Promise.resolve(null), write: () => Promise.resolve() };
  return {
    sqlJsConfig: {},
    store,
    now: () => Date.now(),
    log(level, message, data) {
      if (LEVELS.indexOf(level) < min) return;
      process.stderr.write(`[${level}] ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
    },
    appVersion: pkg.version,
    createSha256() {
      const h = createHash('sha256');
      return { update: (bytes) => void h.update(bytes), digest: () => h.digest('hex') };
    },
    text: nodeTextHost(),
  };
}
