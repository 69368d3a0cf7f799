import { describe, expect, it } from 'vitest';
import { ExpectedError } from '#shared/api/errors.ts';
import { BulkInsert, Db, loadSqlJs, type SqlValue } from './database.ts';
import { roomStats } from './fileRoom.ts';
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

  it('opens file bytes through a copy with room to grow, and the database stays intact as it grows', async () => {
    const src = await Db.open(host);
    src.exec('CREATE TABLE t(x INTEGER, pad BLOB)');
    src.run('INSERT INTO t VALUES (1, zeroblob(100000))');
    const bytes = src.export();
    const before = roomStats.roomyCopies;
    const db = await Db.open(host, bytes);
    // sql.js stores opened bytes as the file through `slice`, which took the roomy species: if a sql.js update
    // stops doing so, large workspaces fall back to copying the whole file on growth, and this fails.
    expect(roomStats.roomyCopies).toBe(before + 1);
    for (let i = 2; i <= 200; i++) db.run('INSERT INTO t VALUES (?, zeroblob(20000))', [i]);
    expect(db.value('SELECT count(*) FROM t')).toBe(200);
    expect(db.value('PRAGMA integrity_check')).toBe('ok');
    const again = await Db.open(host, db.export());
    expect(again.value('SELECT sum(x) FROM t')).toBe(20100);
    expect(bytes.byteLength).toBe(src.export().byteLength);
  });

  it('creates an empty database with room up front', async () => {
    const before = roomStats.roomyCopies;
    const db = await Db.open(host, undefined, { roomBytes: 64 * 1024 * 1024 });
    expect(roomStats.roomyCopies).toBe(before + 1);
    expect(db.value('PRAGMA user_version')).toBe(0);
    expect(db.value('SELECT count(*) FROM sqlite_master')).toBe(0);
    migrate(db);
    expect(db.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    const again = await Db.open(host, db.export());
    expect(again.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
  });

  it('stops a write that takes the file past its size limit, and the transaction rolls back', async () => {
    const empty = await Db.open(host);
    empty.exec('CREATE TABLE t(x INTEGER, pad BLOB)');
    const db = await Db.open(host, empty.export(), { limitBytes: 1024 * 1024 });
    db.run('INSERT INTO t VALUES (1, zeroblob(1000))');
    // The size is looked up at most every 20 ms: wait, so the next write is checked.
    await new Promise((r) => setTimeout(r, 30));
    let caught: unknown = null;
    try {
      db.transaction(() => db.run('INSERT INTO t VALUES (2, zeroblob(2000000))'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExpectedError);
    expect((caught as ExpectedError).code).toBe('WORKSPACE_TOO_LARGE');
    expect((caught as ExpectedError).params).toMatchObject({ limitMb: 1 });
    expect(db.value('SELECT count(*) FROM t')).toBe(1);
    expect(db.sizeBytes()).toBeLessThan(1024 * 1024);
    // Outside any transaction too: the statement is undone, not left committed past the limit.
    await new Promise((r) => setTimeout(r, 30));
    expect(() => db.run('INSERT INTO t VALUES (3, zeroblob(2000000))')).toThrow(/past the 1 MB/);
    expect(db.value('SELECT count(*) FROM t')).toBe(1);
    expect(db.inTransaction).toBe(false);
    db.run('INSERT INTO t VALUES (4, zeroblob(10))');
    expect(db.value('SELECT count(*) FROM t')).toBe(2);
    // Prepared statements in hot loops are guarded too.
    await new Promise((r) => setTimeout(r, 30));
    expect(() => db.transaction(() => db.withStatement('INSERT INTO t VALUES (?, zeroblob(2000000))', (st) => st.run([5])))).toThrow(/past the 1 MB/);
    expect(db.value('SELECT count(*) FROM t')).toBe(2);
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

describe('BulkInsert', () => {
  const insertInto =
    (table: string, cols: readonly string[], conflict = '') =>
    (rows: number): string =>
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${new Array<string>(rows).fill(`(${cols.map(() => '?').join(', ')})`).join(', ')} ${conflict}`;

  it('binds straight into WebAssembly memory with this sql.js build', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(a)');
    const bulk = db.prepareBulkInsert(insertInto('t', ['a']), 1);
    try {
      // If a sql.js upgrade hides the statement address, imports fall back to the slow path: this test says so.
      expect(bulk.direct).toBe(true);
    } finally {
      bulk.free();
    }
  });

  it('stores every kind of value exactly as a plain INSERT does', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(id INTEGER, s TEXT, n INTEGER, r REAL, b BLOB)');
    const rows: SqlValue[][] = [
      [1, 'ascii', 42, 1.5, new Uint8Array([1, 2, 3])],
      [2, '交易流水 支出', -7, -0.25, new Uint8Array(0)],
      [3, 'é😀x\u0000y', 2 ** 40, 1e300, null],
      [4, '', 2 ** 31, Number.MIN_VALUE, null],
      [5, 'x'.repeat(300) + '长'.repeat(70_000), 0, 0, new Uint8Array(100_000).fill(7)],
      [6, null, null, null, null],
    ];
    const bulk = db.prepareBulkInsert(insertInto('t', ['id', 's', 'n', 'r', 'b']), 5);
    try {
      for (const row of rows) bulk.add(row);
      bulk.flush();
    } finally {
      bulk.free();
    }
    db.exec('CREATE TABLE u(id INTEGER, s TEXT, n INTEGER, r REAL, b BLOB)');
    for (const row of rows) db.run('INSERT INTO u VALUES (?, ?, ?, ?, ?)', row);
    const read = (table: string): unknown[] =>
      db.all(`SELECT id, s, typeof(s) AS ts, n, typeof(n) AS tn, r, typeof(r) AS tr, b, typeof(b) AS tb, length(b) AS lb FROM ${table} ORDER BY id`);
    expect(read('t')).toEqual(read('u'));
    expect(db.value('SELECT s FROM t WHERE id = 3')).toBe('é😀x\u0000y');
  });

  it('gives the same rows through sql.js when it cannot bind directly', async () => {
    const SQL = await loadSqlJs(host);
    const raw = new SQL.Database();
    try {
      raw.exec('CREATE TABLE t(k TEXT UNIQUE, n, b)');
      const bulk = new BulkInsert(raw, null, insertInto('t', ['k', 'n', 'b'], 'ON CONFLICT (k) DO NOTHING'), 3);
      try {
        expect(bulk.direct).toBe(false);
        for (let i = 0; i < bulk.rowsPerStatement + 2; i++) bulk.add([`键${i % (bulk.rowsPerStatement + 1)}`, i === 0 ? 2 ** 40 : i / 2, i === 1 ? new Uint8Array([9]) : null]);
        bulk.flush();
      } finally {
        bulk.free();
      }
      expect(raw.exec('SELECT count(*), sum(n), typeof(max(b)) FROM t')[0]?.values).toEqual([[bulk.rowsPerStatement + 1, 2 ** 40 + (bulk.rowsPerStatement * (bulk.rowsPerStatement + 1)) / 4, 'blob']]);
    } finally {
      raw.close();
    }
  });

  it('turns a lone surrogate into U+FFFD, as TextEncoder does', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(s TEXT)');
    const bulk = db.prepareBulkInsert(insertInto('t', ['s']), 1);
    try {
      bulk.add(['a\ud800b']);
      bulk.add(['\udc00']);
      bulk.flush();
    } finally {
      bulk.free();
    }
    expect(db.all('SELECT s FROM t ORDER BY rowid').map((r) => r.s)).toEqual(['a\ufffdb', '\ufffd']);
  });

  it('writes full multi-row statements as rows arrive and the rest on flush, applying ON CONFLICT per row', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(k TEXT UNIQUE, v INTEGER)');
    const bulk = db.prepareBulkInsert(insertInto('t', ['k', 'v'], 'ON CONFLICT (k) DO NOTHING'), 2);
    const n = bulk.rowsPerStatement * 3 + 5;
    try {
      expect(bulk.rowsPerStatement).toBeGreaterThan(1);
      const row: SqlValue[] = [null, null];
      for (let i = 0; i < n; i++) {
        // The caller may reuse its array: values are taken at add().
        row[0] = `k${i % (n - 3)}`;
        row[1] = i;
        bulk.add(row);
        if (i === bulk.rowsPerStatement - 1) expect(db.value('SELECT count(*) FROM t')).toBe(bulk.rowsPerStatement);
      }
      bulk.flush();
    } finally {
      bulk.free();
    }
    expect(db.value('SELECT count(*) FROM t')).toBe(n - 3);
    expect(db.value("SELECT v FROM t WHERE k = 'k0'")).toBe(0);
  });

  it('counts the rows its own statements changed, whatever else is written in between', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER); CREATE TABLE other(x)');
    db.run("INSERT INTO t VALUES ('k0', 0), ('k1', 1)");
    const bulk = db.prepareBulkInsert(insertInto('t', ['k', 'v'], 'ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE v IS NOT excluded.v'), 2);
    try {
      bulk.add(['k0', 0]); // identical: no change
      bulk.add(['k1', 10]); // updated
      for (let i = 2; i < bulk.rowsPerStatement + 5; i++) {
        bulk.add([`k${i}`, i]); // new
        db.run('INSERT INTO other VALUES (?)', [i]);
      }
      expect(bulk.pendingRows).toBe(5);
      bulk.flush();
      expect(bulk.pendingRows).toBe(0);
      expect(bulk.takeChanges()).toBe(1 + bulk.rowsPerStatement + 3);
      expect(bulk.takeChanges()).toBe(0);
    } finally {
      bulk.free();
    }
  });

  it("reports SQLite's error and leaves the transaction to roll back", async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(k TEXT NOT NULL)');
    const tx = db.begin();
    const bulk = db.prepareBulkInsert(insertInto('t', ['k']), 1);
    try {
      bulk.add(['a']);
      bulk.add([null]);
      expect(() => bulk.flush()).toThrow(/NOT NULL constraint failed: t\.k/);
      for (let i = 0; i < bulk.rowsPerStatement - 1; i++) bulk.add(['b']);
      expect(() => bulk.add([null])).toThrow(/NOT NULL constraint failed: t\.k/);
    } finally {
      bulk.free();
      tx.rollback();
    }
    expect(db.value('SELECT count(*) FROM t')).toBe(0);
  });

  it('keeps working across Db.export, and refuses to bind once close finalized its statements', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(a)');
    const bulk = db.prepareBulkInsert(insertInto('t', ['a']), 1);
    try {
      bulk.add(['before export']);
      db.export();
      bulk.add(['after export']);
      bulk.flush();
      expect(db.value('SELECT count(*) FROM t')).toBe(2);
      bulk.add(['after close']);
      db.close();
      expect(() => bulk.flush()).toThrow(/finalized/);
    } finally {
      bulk.free();
    }
  });

  it('refuses rows of the wrong width and values of unknown types as bugs', async () => {
    const db = await Db.open(host);
    db.exec('CREATE TABLE t(a, b)');
    const bulk = db.prepareBulkInsert(insertInto('t', ['a', 'b']), 2);
    try {
      expect(() => bulk.add([1])).toThrow(/2/);
      expect(() => bulk.add([1, undefined as unknown as null])).toThrow(/type undefined/);
    } finally {
      bulk.free();
      bulk.free();
    }
  });
});
