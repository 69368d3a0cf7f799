import { CancelledError } from '#shared/api/errors.ts';
import type { JobOptions, ProgressEvent } from '#shared/api/engineApi.ts';

/** What every engine handler receives: cancellation, progress reporting and the job's seed. */
export interface JobContext {
  readonly signal: AbortSignal;
  readonly seed: number;
  /** Reports progress; throttled so a tight loop can call it freely. The last call of a step always goes out. */
  progress(step: string, current: number, total: number, detail?: string): void;
  /**
   * Throws {@link CancelledError} when the job was cancelled, and yields to the event loop at most every
   * `yieldMs` so cancel messages and other requests get through. Call between chunks.
   */
  checkpoint(): Promise<void>;
  throwIfCancelled(): void;
}

export const DEFAULT_SEED = 20240630;

export function createJobContext(options: JobOptions = {}, now: () => number = () => Date.now(), yieldMs = 50): JobContext {
  const signal = options.signal ?? new AbortController().signal;
  const onProgress = options.onProgress;
  let lastEmit = 0;
  let lastYield = now();
  let lastStep = '';
  const throwIfCancelled = (): void => {
    if (signal.aborted) throw new CancelledError();
  };
  return {
    signal,
    seed: options.seed ?? DEFAULT_SEED,
    progress(step, current, total, detail) {
      if (!onProgress) return;
      const t = now();
      if (step === lastStep && current < total && t - lastEmit < 100) return;
      lastStep = step;
      lastEmit = t;
      const p: ProgressEvent = detail === undefined ? { step, current, total } : { step, current, total, detail };
      onProgress(p);
    },
    async checkpoint() {
      throwIfCancelled();
      const t = now();
      if (t - lastYield >= yieldMs) {
        lastYield = t;
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        throwIfCancelled();
      }
    },
    throwIfCancelled,
  };
}
