/**
 * Autosave timing: a save runs `delayMs` after the last change (changes during an import come in bursts), never
 * two at once, and a change that arrives while a save is running schedules one more save after it.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export class Autosaver {
  private timer: unknown = null;
  private saving: Promise<void> | null = null;
  private again = false;
  private disposed = false;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs = 2000,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The workspace changed: save after a quiet period. */
  changed(): void {
    if (this.disposed) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.delayMs);
  }

  /** Saves now if a save is pending (e.g. before replacing the workspace); resolves when saved. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
      await this.run();
    } else if (this.saving) {
      await this.saving;
    }
  }

  /** Drops a pending save (the workspace it was for is gone). */
  cancelPending(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  dispose(): void {
    this.cancelPending();
    this.disposed = true;
  }

  private async run(): Promise<void> {
    if (this.saving) {
      this.again = true;
      return this.saving;
    }
    this.saving = (async () => {
      try {
        await this.save();
      } finally {
        this.saving = null;
      }
    })();
    try {
      await this.saving;
    } catch {
      // The save callback reports its own failure; autosave simply tries again on the next change.
    }
    if (this.again && !this.disposed) {
      this.again = false;
      this.changed();
    }
  }
}
