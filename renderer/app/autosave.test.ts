import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver } from './autosave.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Autosaver', () => {
  it('saves once, two seconds after the last of a burst of changes', async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = new Autosaver(save, 2000);
    a.changed();
    await vi.advanceTimersByTimeAsync(1500);
    a.changed();
    await vi.advanceTimersByTimeAsync(1999);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('never runs two saves at once, and saves again after a change during a save', async () => {
    const gates: ReturnType<typeof deferred>[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const save = vi.fn(async () => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const g = deferred();
      gates.push(g);
      await g.promise;
      concurrent--;
    });
    const a = new Autosaver(save, 100);
    a.changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    a.changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    gates[0]?.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(2);
    gates[1]?.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(maxConcurrent).toBe(1);
  });

  it('flush saves a pending change at once', async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = new Autosaver(save, 2000);
    a.changed();
    await a.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps working after a failed save', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue(undefined);
    const a = new Autosaver(save as () => Promise<void>, 10);
    a.changed();
    await vi.advanceTimersByTimeAsync(10);
    a.changed();
    await vi.advanceTimersByTimeAsync(10);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('drops pending saves when cancelled or disposed', async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = new Autosaver(save, 10);
    a.changed();
    a.cancelPending();
    await vi.advanceTimersByTimeAsync(100);
    a.dispose();
    a.changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).not.toHaveBeenCalled();
  });
});
