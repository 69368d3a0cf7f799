import { describe, expect, it } from 'vitest';
import { Db } from './database.ts';
import { migrate, SCHEMA_VERSION } from './schema.ts';

const host = { sqlJsConfig: {} };

describe('Db', () => {
  it('nests transactions as savepoints and rolls back only the inner level', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(x INTEGER)');
    db.transaction(() => {
      db.run('INSERT INTO t VALUES (1)');
      expect(() =>
        db.transaction(() => {
          db.run('INSERT INTO t VALUES (2)');
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
      db.run('INSERT INTO t VALUES (3)');
    });
    expect(db.all('SELECT x FROM t ORDER BY x').map((r) => r.x)).toEqual([1, 3]);
  });

  it('refuses writes in readOnly and allows them afterwards', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(x INTEGER)');
    expect(() => db.readOnly(() => db.run('INSERT INTO t VALUES (1)'))).toThrow(/readonly|query_only/i);
    db.run('INSERT INTO t VALUES (1)');
    expect(db.value('SELECT count(*) FROM t')).toBe(1);
  });

  it('folds case of non-ASCII text in LOWER and UPPER, also after export', async () => {
    const db = await Db.open(host);
    expect(db.value("SELECT lower('ÀÉÎ ＡＢＣ Ω')")).toBe('àéî ａｂｃ ω');
    db.export();
    expect(db.value("SELECT upper('straße')")).toBe('STRASSE');
  });

  it('rejects parameters of the wrong type as a bug', async () => {
    const db = await Db.open(host);
    expect(() => db.value('SELECT ?', [undefined as unknown as null])).toThrow(/parameter 1/);
    expect(() => db.value('SELECT ?', [Number.NaN])).toThrow(/parameter 1/);
  });

  it('round-trips through export bytes with the schema version', async () => {
    const db = await Db.open(host);
    migrate(db);
    db.run("INSERT INTO meta VALUES ('k', 'v')");
    const bytes = db.export();
    const again = await Db.open(host, bytes);
    expect(again.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(again.value("SELECT value FROM meta WHERE key = 'k'")).toBe('v');
    expect(() => migrate(again)).not.toThrow();
  });

  it('keeps the audit log append-only', async () => {
    const db = await Db.open(host);
    migrate(db);
    db.run("INSERT INTO audit_log(at, action) VALUES ('2024-01-01', 'x')");
    expect(() => db.run('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(() => db.run("UPDATE audit_log SET action = 'y'")).toThrow(/append-only/);
  });

  it('runs mutations one after another even when they await', async () => {
    const db = await Db.open(host);
    const order: string[] = [];
    const a = db.mutate(async () => {
      order.push('a1');
      await new Promise((r) => setTimeout(r, 20));
      order.push('a2');
    });
    const b = db.mutate(() => {
      order.push('b');
    });
    await Promise.all([a, b]);
    expect(order).toEqual(['a1', 'a2', 'b']);
  });

  it('says clearly when bytes are not a database', async () => {
    await expect(Db.open(host, new TextEncoder().encode('not a database at all, just text'.repeat(40)))).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' });
  });
});
