/**
 * The only module that touches sql.js (../shared/STYLE.md §10): opening and exporting, prepared statements freed
 * in `finally`, nested transactions through SAVEPOINT, parameter type checks, a write queue so mutations never
 * interleave, and Unicode-aware SQL functions.
 */
import initSqlJs, { type Database as SqlJsDatabase, type SqlJsStatic, type SqlValue, type Statement } from 'sql.js';
import { BugIndicatingError, ExpectedError } from '#shared/api/errors.ts';
import type { Host } from '#shared/host/host.ts';

export type SqlParam = string | number | null | Uint8Array;
export type { SqlValue };
export type Row = Record<string, SqlValue>;

let sqlJsPromise: Promise<SqlJsStatic> | null = null;

/** Loads sql.js once per process/worker with the host's wasm location. */
export function loadSqlJs(host: Pick<Host, 'sqlJsConfig'>): Promise<SqlJsStatic> {
  if (!sqlJsPromise) {
    const config = host.sqlJsConfig.locateFile ? { locateFile: host.sqlJsConfig.locateFile } : {};
    sqlJsPromise = initSqlJs(config).catch((e: unknown) => {
      sqlJsPromise = null;
      throw e;
    });
  }
  return sqlJsPromise;
}

function checkParams(sql: string, params: readonly SqlParam[]): SqlValue[] {
  return params.map((p, i) => {
    if (p === null || typeof p === 'string' || p instanceof Uint8Array) return p;
    if (typeof p === 'number') {
      if (!Number.isFinite(p)) throw new BugIndicatingError(`parameter ${i + 1} of "${sql.slice(0, 80)}" is ${p}`);
      return p;
    }
    throw new BugIndicatingError(`parameter ${i + 1} of "${sql.slice(0, 80)}" has type ${typeof p}`);
  });
}

/** A prepared statement for hot loops (bulk inserts); free it with `free()` or use {@link Db.withStatement}. */
export class PreparedStatement {
  constructor(
    private readonly stmt: Statement,
    private readonly sql: string,
  ) {}

  run(params: readonly SqlParam[]): void {
    this.stmt.run(checkParams(this.sql, params));
  }

  /** Runs without per-parameter checks: for hot inner loops whose values come from typed parsers. */
  runUnchecked(params: SqlValue[]): void {
    this.stmt.run(params);
  }

  all<T extends Row = Row>(params: readonly SqlParam[] = []): T[] {
    const out: T[] = [];
    this.stmt.bind(checkParams(this.sql, params));
    try {
      while (this.stmt.step()) out.push(this.stmt.getAsObject() as T);
    } finally {
      this.stmt.reset();
    }
    return out;
  }

  get<T extends Row = Row>(params: readonly SqlParam[] = []): T | undefined {
    this.stmt.bind(checkParams(this.sql, params));
    try {
      return this.stmt.step() ? (this.stmt.getAsObject() as T) : undefined;
    } finally {
      this.stmt.reset();
    }
  }

  free(): void {
    this.stmt.free();
  }
}

export class Db {
  private depth = 0;
  private savepointSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly functions = new Map<string, (...args: SqlValue[]) => SqlValue>();

  private constructor(
    private readonly raw: SqlJsDatabase,
    readonly sqliteVersion: string,
  ) {
    for (const [name, fn] of unicodeFunctions) this.defineFunction(name, fn);
  }

  /** Opens an empty in-memory database, or one from SQLite file bytes. */
  static async open(host: Pick<Host, 'sqlJsConfig'>, bytes?: Uint8Array): Promise<Db> {
    const SQL = await loadSqlJs(host);
    let raw: SqlJsDatabase;
    try {
      raw = bytes ? new SQL.Database(bytes) : new SQL.Database();
      raw.exec('PRAGMA schema_version');
    } catch (e) {
      throw new ExpectedError('WORKSPACE_CORRUPT', 'The file is not a SQLite database or is damaged.', {}, { cause: e });
    }
    const version = raw.exec('SELECT sqlite_version()')[0]?.values[0]?.[0];
    const db = new Db(raw, typeof version === 'string' ? version : 'unknown');
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  }

  /** Runs one or more statements without parameters (schema changes). */
  exec(sql: string): void {
    this.raw.exec(sql);
  }

  run(sql: string, params: readonly SqlParam[] = []): number {
    this.raw.run(sql, checkParams(sql, params));
    return this.raw.getRowsModified();
  }

  all<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): T[] {
    return this.withStatement(sql, (st) => st.all<T>(params));
  }

  get<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): T | undefined {
    return this.withStatement(sql, (st) => st.get<T>(params));
  }

  /** First column of the first row, or undefined. */
  value(sql: string, params: readonly SqlParam[] = []): SqlValue | undefined {
    const st = this.raw.prepare(sql);
    try {
      st.bind(checkParams(sql, params));
      return st.step() ? st.get()[0] : undefined;
    } finally {
      st.free();
    }
  }

  /** Columns and rows as arrays: the compact shape for grids and SQL results. */
  table(sql: string, params: readonly SqlParam[] = [], maxRows = Number.POSITIVE_INFINITY): { columns: string[]; rows: SqlValue[][]; truncated: boolean } {
    const st = this.raw.prepare(sql);
    try {
      st.bind(checkParams(sql, params));
      const rows: SqlValue[][] = [];
      let truncated = false;
      while (st.step()) {
        if (rows.length >= maxRows) {
          truncated = true;
          break;
        }
        rows.push(st.get());
      }
      return { columns: st.getColumnNames(), rows, truncated };
    } finally {
      st.free();
    }
  }

  /** Calls `onRow` for each row without building an array (large scans). */
  each(sql: string, params: readonly SqlParam[], onRow: (row: SqlValue[]) => void): void {
    const st = this.raw.prepare(sql);
    try {
      st.bind(checkParams(sql, params));
      while (st.step()) onRow(st.get());
    } finally {
      st.free();
    }
  }

  prepare(sql: string): PreparedStatement {
    return new PreparedStatement(this.raw.prepare(sql), sql);
  }

  withStatement<T>(sql: string, fn: (st: PreparedStatement) => T): T {
    const st = this.prepare(sql);
    try {
      return fn(st);
    } finally {
      st.free();
    }
  }

  /** Runs `fn` in a transaction; nested calls become SAVEPOINTs. Throws roll back to the start of this level. */
  transaction<T>(fn: () => T): T {
    const handle = this.begin();
    try {
      const out = fn();
      handle.commit();
      return out;
    } catch (e) {
      handle.rollback();
      throw e;
    }
  }

  /**
   * Opens a transaction level that spans awaits (an import yields between chunks). Pair with `commit` or
   * `rollback`; only use inside {@link Db.mutate} so no other write runs in between.
   */
  begin(): { commit(): void; rollback(): void } {
    const name = `sp_${++this.savepointSeq}`;
    const outer = this.depth === 0;
    this.raw.exec(outer ? 'BEGIN' : `SAVEPOINT ${name}`);
    this.depth++;
    let done = false;
    return {
      commit: () => {
        if (done) return;
        done = true;
        this.depth--;
        this.raw.exec(outer ? 'COMMIT' : `RELEASE ${name}`);
      },
      rollback: () => {
        if (done) return;
        done = true;
        this.depth--;
        this.raw.exec(outer ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      },
    };
  }

  /** Serialises mutations: each `fn` starts only after the previous one finished (or failed). */
  mutate<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs `fn` with writes forbidden by SQLite itself (`PRAGMA query_only`). */
  readOnly<T>(fn: () => T): T {
    this.raw.exec('PRAGMA query_only = 1');
    try {
      return fn();
    } finally {
      this.raw.exec('PRAGMA query_only = 0');
    }
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** The database as SQLite file bytes. */
  export(): Uint8Array {
    if (this.depth > 0) throw new BugIndicatingError('export() inside a transaction');
    // sql.js's export() closes and reopens the database: pragmas reset, statements and functions are dropped.
    const bytes = this.raw.export();
    this.raw.exec('PRAGMA foreign_keys = ON');
    for (const [name, fn] of this.functions) this.raw.create_function(name, fn);
    return bytes;
  }

  close(): void {
    this.raw.close();
  }

  /** Registers a scalar SQL function; it survives {@link Db.export}. */
  defineFunction(name: string, fn: (...args: SqlValue[]) => SqlValue): void {
    this.functions.set(name, fn);
    this.raw.create_function(name, fn);
  }
}

/**
 * sql.js is built without ICU, so LOWER/UPPER only fold ASCII. Redefine them with JavaScript's Unicode-aware
 * case mapping (as Actual does), so full-width Latin letters and Greek/Cyrillic names compare correctly.
 */
const unicodeFunctions: readonly [string, (...args: SqlValue[]) => SqlValue][] = [
  ['lower', (s) => (typeof s === 'string' ? s.toLowerCase() : (s ?? null))],
  ['upper', (s) => (typeof s === 'string' ? s.toUpperCase() : (s ?? null))],
];
