import { describe, expect, it } from 'vitest';
import type { Host, WorkspaceStore } from '#shared/host/host.ts';
import { WorkspaceService, setMeta } from './workspaceService.ts';

function memoryHost(): Host & { saved: () => Uint8Array | null } {
  let saved: Uint8Array | null = null;
  const store: WorkspaceStore = {
    location: 'memory',
    read: () => Promise.resolve(saved),
    write: (b) => {
      saved = b.slice();
      return Promise.resolve();
    },
  };
  return { sqlJsConfig: {}, store, now: () => Date.UTC(2024, 6, 1), log: () => undefined, appVersion: '0.0.0-test', saved: () => saved };
}

/** Waits (up to a second) for `ready`; the in-browser test runner's expect has no poll(). */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(ready()).toBe(true);
}

describe('WorkspaceService', () => {
  it('creates, saves and restores a workspace with its meta and audit trail', async () => {
    const host = memoryHost();
    const ws = new WorkspaceService(host);
    const info = await ws.create('测试工作区');
    expect(info).toMatchObject({ name: '测试工作区', asOfDate: null, isDemo: false, encrypted: false });
    const saved = await ws.save();
    expect(saved.location).toBe('memory');
    const again = new WorkspaceService(host);
    const restored = await again.restore();
    expect(restored?.workspaceId).toBe(info.workspaceId);
    expect(restored?.dirty).toBe(false);
    const actions = again.db.all<{ action: string }>('SELECT action FROM audit_log ORDER BY id').map((r) => r.action);
    expect(actions).toEqual(['workspace.create', 'workspace.open']);
  });

  it('proposes the as-of date from the data and lets the user fix it', async () => {
    const ws = new WorkspaceService(memoryHost());
    await ws.create('x');
    const db = ws.db;
    const ins = "INSERT INTO transactions(cust_no, txn_time, amount_fen, row_key, src_file, src_batch, src_row) VALUES ('c', ?, 1, ?, 1, 1, 1)";
    db.run(ins, ['2024-05-31 23:59:00', 'a']);
    db.run(ins, ['9999-12-31 00:00:00', 'b']);
    expect(ws.refreshAsOfDate()).toBe('2024-05-31');
    expect(ws.setAsOfDate('2024-06-30').asOfSource).toBe('user');
    db.run(ins, ['2024-07-15 10:00:00', 'c']);
    expect(ws.refreshAsOfDate()).toBe('2024-06-30');
    expect(ws.setAsOfDate(null)).toMatchObject({ asOfDate: '2024-07-15', asOfSource: 'data' });
    expect(() => ws.setAsOfDate('30/06/2024')).toThrow(/YYYY-MM-DD/);
  });

  it('saves encrypted when asked and needs the passphrase to reopen', async () => {
    const host = memoryHost();
    const ws = new WorkspaceService(host);
    await ws.create('secret');
    setMeta(ws.db, 'probe', '13812345678');
    expect(() => ws.setEncryption('short')).toThrow(/8 characters/);
    expect(ws.setEncryption('correct horse').encrypted).toBe(true);
    await ws.save();
    const bytes = host.saved();
    expect(bytes && new TextDecoder().decode(bytes).includes('13812345678')).toBe(false);
    const other = new WorkspaceService(host);
    await expect(other.restore()).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    await expect(other.restore('wrong horse')).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    const info = await other.restore('correct horse');
    expect(info?.encrypted).toBe(true);
    expect(other.db.value("SELECT value FROM meta WHERE key = 'probe'")).toBe('13812345678');
  }, 30_000);

  it('refuses a SQLite file that is not a workspace', async () => {
    const host = memoryHost();
    const other = new WorkspaceService(host);
    await other.create('y');
    // Make it look like any other SQLite file: no schema version, tables of its own.
    other.db.exec('PRAGMA user_version = 0');
    const bytes = other.db.export();
    await expect(new WorkspaceService(host).open(bytes)).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' });
  });
  it('lets the next job write while a slow save is still writing, in order, and stays dirty after a change meanwhile', async () => {
    const writes: { bytes: Uint8Array; finish: () => void }[] = [];
    const host: Host = {
      ...memoryHost(),
      store: {
        location: 'slow',
        read: () => Promise.resolve(null),
        write: (bytes) => new Promise<void>((resolve) => writes.push({ bytes, finish: resolve })),
      },
    };
    const ws = new WorkspaceService(host);
    await ws.create('slow disk');
    const first = ws.save();
    await until(() => writes.length === 1);
    // The write queue is free again: a job's mutation does not wait for the store.
    await ws.db.mutate(() => setMeta(ws.db, 'probe', 'after the first save'));
    ws.markDirty();
    const second = ws.save();
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    writes[0]?.finish();
    await first;
    expect(ws.isDirty).toBe(true);
    await until(() => writes.length === 2);
    writes[1]?.finish();
    await second;
    expect(ws.isDirty).toBe(false);
    const reopened = new WorkspaceService(memoryHost());
    await reopened.open(writes[1]?.bytes ?? new Uint8Array());
    expect(reopened.db.value("SELECT value FROM meta WHERE key = 'probe'")).toBe('after the first save');
  });
});
