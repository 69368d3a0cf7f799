/**
 * Files arriving from the desktop drop folder, imported one batch at a time: while an import (and its refresh)
 * runs, later arrivals wait and go in together as the next batch, so two imports never run at once. A file
 * that arrives again under the same name while waiting replaces the older copy (the newer export supersedes
 * it). No React and no engine here: the import is injected.
 */

/** What one file of a drop import did (from `ingest.run`). */
export interface DropFileOutcome {
  readonly name: string;
  readonly newRows: number;
  readonly duplicateRows: number;
  readonly rejected: number;
}

export interface DropImportRecord {
  /** Sequence number of the batch, from 1. */
  readonly batch: number;
  readonly files: readonly DropFileOutcome[];
}

export interface DropQueueState {
  /** The watched folder, or null when none is. */
  readonly folder: string | null;
  /** Names being imported now (empty when idle). */
  readonly importing: readonly string[];
  /** Names that arrived during the current import. */
  readonly waiting: readonly string[];
  /** The last finished batch. */
  readonly last: DropImportRecord | null;
  /** The last failed import's error (cleared by the next success). */
  readonly error: unknown;
}

export interface DropImportQueue<F extends { readonly name: string }> {
  // Properties, not methods: React's useSyncExternalStore receives them detached.
  readonly getState: () => DropQueueState;
  readonly subscribe: (listener: () => void) => () => void;
  setFolder(folder: string | null): void;
  arrive(files: readonly F[]): void;
  /** Resolves when nothing is importing or waiting (for tests and shutdown). */
  idle(): Promise<void>;
}

export function createDropImportQueue<F extends { readonly name: string }>(
  importBatch: (files: readonly F[]) => Promise<readonly DropFileOutcome[]>,
): DropImportQueue<F> {
  let state: DropQueueState = { folder: null, importing: [], waiting: [], last: null, error: null };
  let waiting: F[] = [];
  let batches = 0;
  let running: Promise<void> | null = null;
  const listeners = new Set<() => void>();

  const set = (patch: Partial<DropQueueState>): void => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  };

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      set({ importing: batch.map((f) => f.name), waiting: [] });
      try {
        const files = await importBatch(batch);
        batches += 1;
        set({ last: { batch: batches, files }, error: null });
      } catch (error) {
        set({ error });
      }
    }
    set({ importing: [] });
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setFolder(folder) {
      set({ folder });
    },
    arrive(files) {
      if (files.length === 0) return;
      const names = new Set(files.map((f) => f.name));
      waiting = [...waiting.filter((f) => !names.has(f.name)), ...files];
      if (running) {
        set({ waiting: waiting.map((f) => f.name) });
        return;
      }
      running = drain().finally(() => {
        running = null;
      });
    },
    idle: () => running ?? Promise.resolve(),
  };
}
