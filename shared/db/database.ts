/**
 * The only module that touches sql.js (../shared/STYLE.md §10): opening and exporting, prepared statements freed
 * in `finally`, nested transactions through SAVEPOINT, parameter type checks, a write queue so mutations never
 * interleave, and Unicode-aware SQL functions.
 */
import initSqlJs, { type Database as SqlJsDatabase, type SqlJsStatic, type SqlValue, type Statement } from 'sql.js';
import { BugIndicatingError, ExpectedError } from '#shared/api/errors.ts';
import type { Host } from '#shared/host/host.ts';
import { roomFor, withRoom } from './fileRoom.ts';

export type SqlParam = string | number | null | Uint8Array;
export type { SqlValue };
export type Row = Record<string, SqlValue>;

let sqlJsPromise: Promise<SqlJsStatic> | null = null;

/**
 * The file of an empty database: one page, header only. sql.js can only give room to a file it opens from
 * bytes (fileRoom.ts), and an empty file has none to take.
 */
function emptyDatabaseFile(SQL: SqlJsStatic): Uint8Array {
  const db = new SQL.Database();
  try {
    db.exec('PRAGMA user_version = 0');
    return db.export();
  } finally {
    db.close();
  }
}

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
    private readonly afterWrite: () => void = () => undefined,
  ) {}

  run(params: readonly SqlParam[]): void {
    this.stmt.run(checkParams(this.sql, params));
    this.afterWrite();
  }

  /** Runs without per-parameter checks: for hot inner loops whose values come from typed parsers. */
  runUnchecked(params: SqlValue[]): void {
    this.stmt.run(params);
    this.afterWrite();
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

/**
 * Writes stop with WORKSPACE_TOO_LARGE past this file size: sql.js holds the file in one array of at most 4 GiB,
 * and its file system grows a file above 3.82 GB one page at a time, copying all of it each time (fileRoom.ts).
 */
export const WORKSPACE_LIMIT_BYTES = 3.5 * 1024 ** 3;

/** The size is looked up at most this often (milliseconds): a file grows by megabytes, not gigabytes, in that time. */
const SIZE_CHECK_MS = 20;

export class Db {
  private depth = 0;
  private sizeCheckedAt = Number.NEGATIVE_INFINITY;
  private savepointSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly functions = new Map<string, (...args: SqlValue[]) => SqlValue>();

  private constructor(
    private readonly raw: SqlJsDatabase,
    readonly sqliteVersion: string,
    private readonly wasm: SqliteWasm | null,
    private readonly limitBytes: number,
  ) {
    for (const [name, fn] of unicodeFunctions) this.defineFunction(name, fn);
  }

  /**
   * Opens an empty in-memory database, or one from SQLite file bytes (given room to grow, fileRoom.ts). Writes
   * past `limitBytes` (default {@link WORKSPACE_LIMIT_BYTES}) throw WORKSPACE_TOO_LARGE. `roomBytes` gives an
   * empty database that much room up front (a new workspace about to receive imports); without it an empty
   * database starts with none, as tests and scratch databases need.
   */
  static async open(host: Pick<Host, 'sqlJsConfig'>, bytes?: Uint8Array, options: { readonly limitBytes?: number; readonly roomBytes?: number } = {}): Promise<Db> {
    const SQL = await loadSqlJs(host);
    let raw: SqlJsDatabase;
    try {
      if (bytes) raw = new SQL.Database(withRoom(bytes, roomFor(bytes.byteLength)));
      else if (options.roomBytes !== undefined) raw = new SQL.Database(withRoom(emptyDatabaseFile(SQL), options.roomBytes));
      else raw = new SQL.Database();
      raw.exec('PRAGMA schema_version');
    } catch (e) {
      throw new ExpectedError('WORKSPACE_CORRUPT', 'The file is not a SQLite database or is damaged.', {}, { cause: e });
    }
    const version = raw.exec('SELECT sqlite_version()')[0]?.values[0]?.[0];
    const db = new Db(raw, typeof version === 'string' ? version : 'unknown', sqliteWasm(SQL), options.limitBytes ?? WORKSPACE_LIMIT_BYTES);
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  }

  /** Runs one or more statements without parameters (schema changes). */
  exec(sql: string): void {
    this.raw.exec(sql);
    this.guardSize();
  }

  run(sql: string, params: readonly SqlParam[] = []): number {
    // Outside a transaction the statement gets one of its own, so a write the size guard stops is undone too.
    if (this.depth === 0) return this.transaction(() => this.run(sql, params));
    this.raw.run(sql, checkParams(sql, params));
    const changed = this.raw.getRowsModified();
    this.guardSize();
    return changed;
  }

  /** Size of the database file in bytes (pages × page size). */
  sizeBytes(): number {
    const pages = this.raw.exec('PRAGMA page_count')[0]?.values[0]?.[0];
    const pageSize = this.raw.exec('PRAGMA page_size')[0]?.values[0]?.[0];
    return Number(pages) * Number(pageSize);
  }

  /**
   * Throws WORKSPACE_TOO_LARGE once the file passes {@link WORKSPACE_LIMIT_BYTES}, so a job fails with a clear
   * message (its transaction rolled back by the caller) instead of crawling towards the 4 GiB wall.
   */
  private guardSize(): void {
    const now = performance.now();
    if (now - this.sizeCheckedAt < SIZE_CHECK_MS) return;
    this.sizeCheckedAt = now;
    const size = this.sizeBytes();
    if (size > this.limitBytes) {
      const mb = (b: number): number => Math.round(b / 1024 / 1024);
      throw new ExpectedError('WORKSPACE_TOO_LARGE', `The workspace has grown to ${mb(size)} MB, past the ${mb(this.limitBytes)} MB an in-memory workspace can hold.`, {
        sizeMb: mb(size),
        limitMb: mb(this.limitBytes),
      });
    }
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
    return new PreparedStatement(this.raw.prepare(sql), sql, () => this.guardSize());
  }

  /**
   * A bulk INSERT for loads of many rows (imports): see {@link BulkInsert}. `sql(n)` returns the statement for
   * `n` rows, a multi-row `INSERT … VALUES (…), (…)` with `paramsPerRow` parameters per row.
   */
  prepareBulkInsert(sql: (rows: number) => string, paramsPerRow: number): BulkInsert {
    return new BulkInsert(this.raw, this.wasm, sql, paramsPerRow, () => this.guardSize());
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
    // Older sql.js releases closed and reopened the database in export() (pragmas reset, statements and functions
    // dropped); 1.16 copies it with the backup API instead. Restoring both is harmless either way.
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

/**
 * The exports of sql.js's Emscripten module that {@link BulkInsert} uses: SQLite's own C functions and Emscripten
 * runtime helpers, which sql.js exports for its API but @types/sql.js does not declare; checked at runtime.
 */
interface SqliteWasm {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  writeArrayToMemory(bytes: Int8Array, ptr: number): void;
  UTF8ToString(ptr: number): string;
  _sqlite3_sql(stmt: number): number;
  _sqlite3_bind_text(stmt: number, index: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_bind_blob(stmt: number, index: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_bind_int(stmt: number, index: number, value: number): number;
  _sqlite3_bind_double(stmt: number, index: number, value: number): number;
  _sqlite3_step(stmt: number): number;
  _sqlite3_reset(stmt: number): number;
}

const WASM_EXPORTS: readonly (keyof SqliteWasm)[] = [
  '_malloc',
  '_free',
  'writeArrayToMemory',
  'UTF8ToString',
  '_sqlite3_sql',
  '_sqlite3_bind_text',
  '_sqlite3_bind_blob',
  '_sqlite3_bind_int',
  '_sqlite3_bind_double',
  '_sqlite3_step',
  '_sqlite3_reset',
];

function sqliteWasm(module: SqlJsStatic): SqliteWasm | null {
  const m = module as unknown as Record<string, unknown>;
  return WASM_EXPORTS.every((k) => typeof m[k] === 'function') ? (module as unknown as SqliteWasm) : null;
}

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
/** `SQLITE_STATIC`: SQLite neither copies nor frees the bound bytes (they stay in the arena until the next bind). */
const STATIC = 0;

/** Value kinds in the staging area. */
const K_NULL = 0;
const K_TEXT = 1;
const K_INT = 2;
const K_REAL = 3;
const K_BLOB = 4;

/** Parameters per statement at most: SQLite's historic SQLITE_MAX_VARIABLE_NUMBER, valid for every build. */
const MAX_PARAMS_PER_STATEMENT = 999;
/** Text longer than this (UTF-16 units) is encoded by TextEncoder rather than by the loop for short cells. */
const LONG_TEXT = 256;
/** Rows per statement at most; beyond this a longer statement saves nothing measurable. */
const MAX_ROWS_PER_STATEMENT = 64;

/** A prepared statement and, once proven, where sql.js keeps the address of its `sqlite3_stmt`. */
interface Target {
  readonly st: Statement;
  /** The statement's own field holding the address; null: bind through sql.js. */
  readonly field: string | null;
  readonly addr: number;
}

/**
 * Finds the address of a sql.js statement's `sqlite3_stmt`, which sql.js keeps in an undocumented (minified)
 * field: among the statement's numeric fields, the one for which SQLite returns this statement's SQL text. No
 * field passing: the ordinary path, so a sql.js release that stores it differently is slower, never wrong.
 */
function targetOf(wasm: SqliteWasm | null, st: Statement, sql: string): Target {
  if (wasm) {
    for (const [field, v] of Object.entries(st as object)) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 1) continue;
      try {
        if (wasm.UTF8ToString(wasm._sqlite3_sql(v)).trim() === sql.trim()) return { st, field, addr: v };
      } catch {
        // Not an address inside WebAssembly memory: keep looking.
      }
    }
  }
  return { st, field: null, addr: 0 };
}

/**
 * Inserts many rows fast. Rows are buffered and written `rowsPerStatement` at a time with one multi-row INSERT
 * (the rest, at `flush`, one row per statement), which saves a statement execution per row.
 *
 * Values are bound straight into sql.js's WebAssembly memory: each row's text is UTF-8 encoded into one staging
 * buffer, copied into a reused arena with one copy, and bound with `SQLITE_STATIC`. sql.js's own `bind` allocates,
 * encodes character by character and frees every string separately, which made up most of the time of a large
 * import (measured: 1 M rows × 19 values, 8.4 s → 3.9 s CPU). If sql.js's statement address cannot be found
 * and proven (see targetOf), rows go through sql.js's `run`, with the same results.
 *
 * Errors: a failing statement is run again through sql.js, which throws SQLite's message as usual; the rows
 * buffered at that moment are discarded (callers roll the transaction back).
 */
export class BulkInsert {
  readonly rowsPerStatement: number;
  private readonly many: Target;
  private readonly one: Target;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly kinds: Uint8Array;
  /** Number values, or the staging offset of text and blobs. */
  private readonly nums: Float64Array;
  private readonly lens: Int32Array;
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private arena = 0;
  private arenaSize = 0;
  private pending = 0;
  private changed = 0;
  private freed = false;

  constructor(
    private readonly raw: SqlJsDatabase,
    private readonly wasm: SqliteWasm | null,
    sqlFor: (rows: number) => string,
    private readonly paramsPerRow: number,
    private readonly afterWrite: () => void = () => undefined,
  ) {
    if (!Number.isInteger(paramsPerRow) || paramsPerRow < 1) throw new BugIndicatingError(`bulk insert with ${paramsPerRow} parameters per row`);
    this.rowsPerStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS_PER_STATEMENT / paramsPerRow)));
    const manySql = sqlFor(this.rowsPerStatement);
    const oneSql = sqlFor(1);
    const many = raw.prepare(manySql);
    let one: Statement;
    try {
      one = raw.prepare(oneSql);
    } catch (e) {
      many.free();
      throw e;
    }
    this.many = targetOf(wasm, many, manySql);
    this.one = targetOf(wasm, one, oneSql);
    const slots = this.rowsPerStatement * paramsPerRow;
    this.kinds = new Uint8Array(slots);
    this.nums = new Float64Array(slots);
    this.lens = new Int32Array(slots);
  }

  /** True when values are bound straight into WebAssembly memory (the fast path). */
  get direct(): boolean {
    return this.many.field !== null && this.one.field !== null;
  }

  /** Rows buffered and not yet written. */
  get pendingRows(): number {
    return this.pending;
  }

  /**
   * Rows inserted or updated by this writer's statements since the last call (SQLite's `changes()` summed per
   * statement, so writes to other tables in between do not count). Rows still buffered are not included.
   */
  takeChanges(): number {
    const n = this.changed;
    this.changed = 0;
    return n;
  }

  /** Buffers one row (`paramsPerRow` values); the array may be reused by the caller right after the call. */
  add(values: readonly SqlValue[]): void {
    if (values.length !== this.paramsPerRow) throw new BugIndicatingError(`bulk insert row has ${values.length} values, expected ${this.paramsPerRow}`);
    let slot = this.pending * this.paramsPerRow;
    for (const v of values) this.stage(slot++, v);
    if (++this.pending === this.rowsPerStatement) this.write(this.many, this.rowsPerStatement);
  }

  /** Writes the buffered rows. */
  flush(): void {
    const rows = this.pending;
    if (rows === 0) return;
    if (this.one.field === null) {
      const all = this.staged(0, rows * this.paramsPerRow);
      this.pending = 0;
      this.used = 0;
      for (let r = 0; r < rows; r++) {
        this.one.st.run(all.slice(r * this.paramsPerRow, (r + 1) * this.paramsPerRow));
        this.changed += this.raw.getRowsModified();
      }
      return;
    }
    this.copyToArena();
    try {
      for (let r = 0; r < rows; r++) this.execute(this.one, r * this.paramsPerRow, this.paramsPerRow);
    } finally {
      this.pending = 0;
      this.used = 0;
    }
    this.afterWrite();
  }

  /** Frees the statements and the arena; buffered rows that were not flushed are dropped. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.many.st.free();
    this.one.st.free();
    if (this.arena !== 0) this.wasm?._free(this.arena);
    this.arena = 0;
  }

  private stage(slot: number, v: SqlValue): void {
    if (v === null) {
      this.kinds[slot] = K_NULL;
    } else if (typeof v === 'string') {
      this.kinds[slot] = K_TEXT;
      this.nums[slot] = this.used;
      this.lens[slot] = this.putText(v);
    } else if (typeof v === 'number') {
      // sql.js's rule: integers that fit 32 bits bind as INTEGER, other numbers as REAL (INTEGER columns convert them back).
      this.kinds[slot] = v === (v | 0) ? K_INT : K_REAL;
      this.nums[slot] = v;
    } else if (v instanceof Uint8Array) {
      this.kinds[slot] = K_BLOB;
      this.reserve(v.byteLength);
      this.nums[slot] = this.used;
      this.lens[slot] = v.byteLength;
      this.bytes.set(v, this.used);
      this.used += v.byteLength;
    } else {
      throw new BugIndicatingError(`bulk insert value has type ${typeof v}`);
    }
  }

  /**
   * Appends `s` as UTF-8 to the staging buffer; returns its length in bytes. Cells are short (ids, dates, names,
   * a few Chinese words): for them this loop is 3–5× faster than `TextEncoder.encodeInto`, whose call and
   * subarray cost more than the encoding (measured on 7 M typical cells: 0.4 s against 1.4–2.1 s). Long text goes
   * to the TextEncoder. A lone surrogate becomes U+FFFD, as TextEncoder does.
   */
  private putText(s: string): number {
    const n = s.length;
    this.reserve(n * 3);
    const buf = this.bytes;
    const at = this.used;
    if (n > LONG_TEXT) {
      const written = this.encoder.encodeInto(s, buf.subarray(at)).written;
      this.used = at + written;
      return written;
    }
    let o = at;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[o++] = c;
        continue;
      }
      if (c < 0x800) {
        buf[o++] = 0xc0 | (c >> 6);
        buf[o++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[o++] = 0xf0 | (c >> 18);
          buf[o++] = 0x80 | ((c >> 12) & 0x3f);
          buf[o++] = 0x80 | ((c >> 6) & 0x3f);
          buf[o++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      buf[o++] = 0xe0 | (c >> 12);
      buf[o++] = 0x80 | ((c >> 6) & 0x3f);
      buf[o++] = 0x80 | (c & 0x3f);
    }
    this.used = o;
    return o - at;
  }

  private reserve(extra: number): void {
    const need = this.used + extra;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }

  /** Copies the staged bytes into the WebAssembly arena, growing it if needed. */
  private copyToArena(): void {
    const wasm = this.wasm as SqliteWasm;
    if (this.arena === 0 || this.arenaSize < this.used) {
      if (this.arena !== 0) wasm._free(this.arena);
      this.arena = 0;
      const size = this.bytes.length;
      const ptr = wasm._malloc(size);
      if (ptr === 0) throw new BugIndicatingError(`sql.js could not allocate ${size} bytes`);
      this.arena = ptr;
      this.arenaSize = size;
    }
    if (this.used > 0) wasm.writeArrayToMemory(new Int8Array(this.bytes.buffer, 0, this.used), this.arena);
  }

  private write(t: Target, rows: number): void {
    const count = rows * this.paramsPerRow;
    try {
      if (t.field === null) {
        t.st.run(this.staged(0, count));
        this.changed += this.raw.getRowsModified();
      } else {
        this.copyToArena();
        this.execute(t, 0, count);
      }
    } finally {
      this.pending = 0;
      this.used = 0;
    }
    this.afterWrite();
  }

  /** Binds `count` staged values from `first` to the statement and runs it. */
  private execute(t: Target, first: number, count: number): void {
    const { st, addr } = t;
    // Db.export and close finalize every statement sql.js knows, clearing the field: binding then would write
    // into freed WebAssembly memory.
    if ((st as unknown as Record<string, unknown>)[t.field ?? ''] !== addr) throw new BugIndicatingError('bulk insert used after its statement was finalized (Db.export or close)');
    const wasm = this.wasm as SqliteWasm;
    const { kinds, nums, lens } = this;
    const base = this.arena;
    let rc = 0;
    for (let i = 0; i < count && rc === 0; i++) {
      const slot = first + i;
      switch (kinds[slot]) {
        case K_TEXT:
          rc = wasm._sqlite3_bind_text(addr, i + 1, base + (nums[slot] as number), lens[slot] as number, STATIC);
          break;
        case K_INT:
          rc = wasm._sqlite3_bind_int(addr, i + 1, nums[slot] as number);
          break;
        case K_REAL:
          rc = wasm._sqlite3_bind_double(addr, i + 1, nums[slot] as number);
          break;
        case K_BLOB:
          // A zero-length blob needs a non-null pointer, or SQLite binds NULL.
          rc = wasm._sqlite3_bind_blob(addr, i + 1, base + (nums[slot] as number), lens[slot] as number, STATIC);
          break;
        default:
          rc = wasm._sqlite3_bind_blob(addr, i + 1, 0, 0, STATIC);
      }
    }
    if (rc === 0) {
      rc = wasm._sqlite3_step(addr);
      wasm._sqlite3_reset(addr);
      if (rc === SQLITE_DONE || rc === SQLITE_ROW) {
        this.changed += this.raw.getRowsModified();
        return;
      }
    }
    // Let sql.js run the same values, so the error surfaces exactly as from any other statement.
    st.run(this.staged(first, count));
    this.changed += this.raw.getRowsModified();
  }

  /** The staged values back as JavaScript values (fallback path and errors). */
  private staged(first: number, count: number): SqlValue[] {
    const out: SqlValue[] = [];
    for (let slot = first; slot < first + count; slot++) {
      const at = this.nums[slot] as number;
      const len = this.lens[slot] as number;
      switch (this.kinds[slot]) {
        case K_TEXT:
          out.push(this.decoder.decode(this.bytes.subarray(at, at + len)));
          break;
        case K_BLOB:
          out.push(this.bytes.slice(at, at + len));
          break;
        case K_INT:
        case K_REAL:
          out.push(at);
          break;
        default:
          out.push(null);
      }
    }
    return out;
  }
}
