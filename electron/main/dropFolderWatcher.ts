/** Export formats a drop folder picks up (the import pipeline reads more, but banks drop these). */
export const DROP_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx'] as const;

/** One file that has settled in the drop folder. */
export interface ArrivedFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileFacts {
  readonly isFile: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What the watcher needs from the file system and the clock, injected so tests run on fakes. */
export interface DropFolderDeps {
  /** Calls `onEvent` on any change in `folder` (fs.watch); returns the function that stops watching. */
  readonly watch: (folder: string, onEvent: () => void) => () => void;
  readonly readdir: (folder: string) => Promise<readonly string[]>;
  /** Facts about one entry, or null when it vanished between readdir and stat. */
  readonly stat: (filePath: string) => Promise<FileFacts | null>;
  readonly join: (folder: string, name: string) => string;
  /** Runs `fn` after `ms`; returns the cancel function. */
  readonly schedule: (fn: () => void, ms: number) => () => void;
}

export interface DropFolderOptions {
  /** Quiet time after the last change before a check, and between the two checks that prove a file stable. */
  readonly debounceMs?: number;
  readonly onFiles: (files: readonly ArrivedFile[]) => void;
  readonly onError?: (error: unknown) => void;
}

export interface DropFolderWatcher {
  readonly folder: string;
  stop(): void;
}

/**
 * Temp and partial files: Office lock files (`~$x.xlsx`), download/copy leftovers (`*.tmp`, `*.part`,
 * `*.crdownload`) and dot files (editor swap files, `.DS_Store`).
 */
export function isDropCandidate(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return false;
  const lower = name.toLowerCase();
  if (lower.endsWith('.tmp') || lower.endsWith('.part') || lower.endsWith('.crdownload')) return false;
  const dot = lower.lastIndexOf('.');
  return dot > 0 && (DROP_EXTENSIONS as readonly string[]).includes(lower.slice(dot + 1));
}

function factsKey(size: number, mtimeMs: number): string {
  return `${size}:${mtimeMs}`;
}

/**
 * Watches `folder` and reports files that are new or changed since the watch began, once each has the same size
 * and mtime in two checks `debounceMs` apart (a copy in progress keeps growing). Files already there at the start
 * are the baseline and are not reported; a (path, size, mtime) is reported at most once. fs.watch events only
 * trigger a check — what is reported comes from readdir/stat, because watch events are coalesced and differ by
 * platform. Hand-written rather than chokidar: the whole policy is these few lines, and the stack has no chokidar.
 */
export function watchDropFolder(folder: string, deps: DropFolderDeps, options: DropFolderOptions): DropFolderWatcher {
  const debounceMs = options.debounceMs ?? 1000;
  /** path → "size:mtime" at the last check, for files not yet reported in that state. */
  const lastSeen = new Map<string, string>();
  /** "path|size:mtime" already reported (or baseline). */
  const reported = new Set<string>();
  let stopped = false;
  let checking = false;
  let recheck = false;
  let cancelTimer: (() => void) | null = null;

  const fail = (error: unknown): void => {
    if (!stopped) options.onError?.(error);
  };

  function scheduleCheck(): void {
    if (stopped) return;
    cancelTimer?.();
    cancelTimer = deps.schedule(() => {
      cancelTimer = null;
      void runCheck();
    }, debounceMs);
  }

  async function snapshot(): Promise<Map<string, ArrivedFile>> {
    const files = new Map<string, ArrivedFile>();
    for (const name of await deps.readdir(folder)) {
      if (!isDropCandidate(name)) continue;
      const filePath = deps.join(folder, name);
      const facts = await deps.stat(filePath);
      if (facts?.isFile) files.set(filePath, { path: filePath, name, size: facts.size, mtimeMs: facts.mtimeMs });
    }
    return files;
  }

  async function runCheck(): Promise<void> {
    if (checking) {
      recheck = true;
      return;
    }
    checking = true;
    try {
      const files = await snapshot();
      if (stopped) return;
      const ready: ArrivedFile[] = [];
      let unsettled = false;
      for (const [filePath, file] of files) {
        const key = factsKey(file.size, file.mtimeMs);
        if (reported.has(`${filePath}|${key}`)) continue;
        if (lastSeen.get(filePath) === key) {
          reported.add(`${filePath}|${key}`);
          lastSeen.delete(filePath);
          ready.push(file);
        } else {
          lastSeen.set(filePath, key);
          unsettled = true;
        }
      }
      for (const filePath of lastSeen.keys()) if (!files.has(filePath)) lastSeen.delete(filePath);
      if (ready.length > 0) options.onFiles(ready.sort((a, b) => a.name.localeCompare(b.name)));
      if (unsettled) recheck = true;
    } catch (error) {
      fail(error);
    } finally {
      checking = false;
    }
    if (recheck) {
      recheck = false;
      scheduleCheck();
    }
  }

  let unwatch: (() => void) | null = null;
  void (async () => {
    try {
      const baseline = await snapshot();
      if (stopped) return;
      for (const [filePath, file] of baseline) reported.add(`${filePath}|${factsKey(file.size, file.mtimeMs)}`);
      unwatch = deps.watch(folder, () => {
        if (checking) recheck = true;
        else scheduleCheck();
      });
      // Catches a file that landed between the baseline and the start of watching.
      scheduleCheck();
    } catch (error) {
      fail(error);
    }
  })();

  return {
    folder,
    stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      unwatch?.();
      unwatch = null;
    },
  };
}
