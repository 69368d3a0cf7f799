import { describe, expect, it } from 'vitest';
import { createDropImportQueue, type DropFileOutcome } from './dropImportQueue.ts';

interface FakeFile {
  readonly name: string;
  readonly rows: number;
}

/** An import whose completion the test controls, recording overlap. */
function controlledImport() {
  const calls: string[][] = [];
  const release: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (files: readonly FakeFile[]): Promise<readonly DropFileOutcome[]> => {
    calls.push(files.map((f) => `${f.name}:${f.rows}`));
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((r) => release.push(r));
    active -= 1;
    if (files.some((f) => f.rows < 0)) throw new Error('bad file');
    return files.map((f) => ({ name: f.name, newRows: f.rows, duplicateRows: 0, rejected: 0 }));
  };
  return {
    run,
    calls,
    get maxActive() {
      return maxActive;
    },
    async releaseNext() {
      await Promise.resolve();
      release.shift()?.();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

describe('createDropImportQueue', () => {
  it('runs one import at a time and batches what arrives meanwhile', async () => {
    const imp = controlledImport();
    const q = createDropImportQueue(imp.run);
    q.arrive([{ name: 'a.csv', rows: 1 }]);
    expect(q.getState().importing).toEqual(['a.csv']);
    q.arrive([{ name: 'b.csv', rows: 2 }]);
    q.arrive([{ name: 'c.csv', rows: 3 }]);
    expect(q.getState().waiting).toEqual(['b.csv', 'c.csv']);
    expect(imp.calls).toEqual([['a.csv:1']]);
    await imp.releaseNext();
    expect(imp.calls).toEqual([['a.csv:1'], ['b.csv:2', 'c.csv:3']]);
    expect(q.getState()).toMatchObject({ importing: ['b.csv', 'c.csv'], waiting: [], last: { batch: 1, files: [{ name: 'a.csv', newRows: 1 }] } });
    await imp.releaseNext();
    await q.idle();
    expect(q.getState().importing).toEqual([]);
    expect(q.getState().last?.batch).toBe(2);
    expect(imp.maxActive).toBe(1);
  });

  it('keeps only the newest copy of a file that arrives twice while waiting', async () => {
    const imp = controlledImport();
    const q = createDropImportQueue(imp.run);
    q.arrive([{ name: 'a.csv', rows: 1 }]);
    q.arrive([{ name: 'b.csv', rows: 2 }]);
    q.arrive([{ name: 'b.csv', rows: 5 }]);
    await imp.releaseNext();
    await imp.releaseNext();
    await q.idle();
    expect(imp.calls).toEqual([['a.csv:1'], ['b.csv:5']]);
  });

  it('reports a failed import and carries on with the next arrival', async () => {
    const imp = controlledImport();
    const q = createDropImportQueue(imp.run);
    q.arrive([{ name: 'broken.csv', rows: -1 }]);
    q.arrive([{ name: 'ok.csv', rows: 4 }]);
    await imp.releaseNext();
    expect(q.getState().error).toEqual(new Error('bad file'));
    await imp.releaseNext();
    await q.idle();
    expect(q.getState()).toMatchObject({ error: null, last: { batch: 1, files: [{ name: 'ok.csv', newRows: 4 }] } });
  });

  it('notifies subscribers, remembers the folder and ignores empty arrivals', () => {
    const q = createDropImportQueue<FakeFile>(() => Promise.resolve([]));
    let notified = 0;
    const off = q.subscribe(() => (notified += 1));
    q.setFolder('/data/drop');
    q.arrive([]);
    expect(q.getState()).toMatchObject({ folder: '/data/drop', importing: [] });
    expect(notified).toBe(1);
    off();
    q.setFolder(null);
    expect(notified).toBe(1);
  });
});
