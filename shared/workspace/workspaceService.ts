import { ExpectedError } from '#shared/api/errors.ts';
import type { SaveResult, TableInfo, WorkspaceInfo } from '#shared/api/engineApi.ts';
import { Db, WORKSPACE_LIMIT_BYTES } from '#shared/db/database.ts';
import { MAX_FILE_BYTES } from '#shared/db/fileRoom.ts';
import { migrate, SCHEMA_VERSION } from '#shared/db/schema.ts';
import type { Host } from '#shared/host/host.ts';
import { ENTITIES } from '#shared/model/entities.ts';
import { appendAudit } from './audit.ts';
import { decryptWorkspace, encryptWorkspace, isEncryptedWorkspace } from '#shared/privacy/encryption.ts';

/** Holds the open workspace (one SQLite database) and everything about it that is not a domain feature. */
export class WorkspaceService {
  private current: Db | null = null;
  private dirty = false;
  /** Counts changes, so a save that finishes after a later change leaves the workspace dirty. */
  private generation = 0;
  /** Store writes in the order the saves were asked for. */
  private writes: Promise<unknown> = Promise.resolve();
  private savedAt: string | null = null;
  /** Held in memory only, never written anywhere. */
  private passphrase: string | null = null;

  constructor(private readonly host: Host) {}

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** The open database; an expected error when none is open. */
  get db(): Db {
    if (!this.current) throw new ExpectedError('NO_WORKSPACE', 'No workspace is open.');
    return this.current;
  }

  async create(name: string, options: { demo?: boolean } = {}): Promise<WorkspaceInfo> {
    // Imports follow: the whole room up front spares the copies of the file as it grows (reserved, not committed).
    const db = await Db.open(this.host, undefined, { roomBytes: MAX_FILE_BYTES });
    migrate(db);
    const nowIso = new Date(this.host.now()).toISOString();
    db.transaction(() => {
      setMeta(db, 'workspace_id', randomId());
      setMeta(db, 'name', name);
      setMeta(db, 'created_at', nowIso);
      setMeta(db, 'app_version', this.host.appVersion);
      setMeta(db, 'is_demo', options.demo ? '1' : '0');
      appendAudit(db, this.host, 'workspace.create', { name });
    });
    this.replace(db);
    this.touch();
    return this.info();
  }

  async open(stored: Uint8Array, name?: string, passphrase?: string): Promise<WorkspaceInfo> {
    let bytes = stored;
    const encrypted = isEncryptedWorkspace(stored);
    if (encrypted) {
      if (!passphrase) throw new ExpectedError('PASSPHRASE_REQUIRED', 'The workspace is encrypted: enter its passphrase.');
      bytes = await decryptWorkspace(stored, passphrase);
    }
    const db = await Db.open(this.host, bytes);
    const hasMeta = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    const userVersion = Number(db.value('PRAGMA user_version') ?? 0);
    if (userVersion > 0 && !hasMeta) {
      db.close();
      throw new ExpectedError('WORKSPACE_CORRUPT', 'This SQLite file is not a Kequn workspace.');
    }
    const fresh = userVersion === 0;
    if (fresh) {
      const tables = Number(db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0);
      if (tables > 0) {
        db.close();
        throw new ExpectedError('WORKSPACE_CORRUPT', 'This SQLite file is not a Kequn workspace.');
      }
    }
    const { from, to } = migrate(db);
    db.transaction(() => {
      if (fresh) {
        setMeta(db, 'workspace_id', randomId());
        setMeta(db, 'created_at', new Date(this.host.now()).toISOString());
        setMeta(db, 'is_demo', '0');
      }
      if (name && !getMeta(db, 'name')) setMeta(db, 'name', name);
      appendAudit(db, this.host, 'workspace.open', { schemaFrom: from, schemaTo: to });
    });
    this.replace(db);
    this.passphrase = encrypted && passphrase ? passphrase : null;
    this.generation++;
    this.dirty = from !== to || fresh;
    return this.info();
  }

  /** Reopens the workspace the host keeps, or returns null when there is none. */
  async restore(passphrase?: string): Promise<WorkspaceInfo | null> {
    const bytes = await this.host.store.read();
    if (!bytes || bytes.byteLength === 0) return null;
    const info = await this.open(bytes, undefined, passphrase);
    this.savedAt = new Date(this.host.now()).toISOString();
    this.dirty = false;
    return { ...info, savedAt: this.savedAt, dirty: false };
  }

  markDirty(): void {
    this.touch();
  }

  private touch(): void {
    this.dirty = true;
    this.generation++;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** The workspace file as it is saved: SQLite bytes, encrypted when encryption is on. */
  async export(): Promise<Uint8Array> {
    const plain = this.db.export();
    return this.passphrase ? encryptWorkspace(plain, this.passphrase) : plain;
  }

  setEncryption(passphrase: string | null): WorkspaceInfo {
    if (passphrase !== null && passphrase.length < 8) {
      throw new ExpectedError('BAD_ARGUMENT', 'The passphrase must have at least 8 characters.', { minLength: 8 });
    }
    const db = this.db;
    this.passphrase = passphrase;
    db.transaction(() => appendAudit(db, this.host, 'workspace.setEncryption', { enabled: passphrase !== null }));
    this.touch();
    return this.info();
  }

  /**
   * Writes the workspace through the host store. The bytes are taken in the write queue, so a save never lands
   * mid-import, but written outside it: a slow store (a large file flushed on a busy disk) then delays later saves
   * only, never the analyst's next job. Saves reach the store in the order they were asked for.
   */
  async save(): Promise<SaveResult> {
    const db = this.db;
    const { bytes, generation } = await db.mutate(async () => ({ bytes: await this.export(), generation: this.generation }));
    const written = this.writes.then(() => this.host.store.write(bytes));
    this.writes = written.catch(() => undefined);
    await written;
    this.savedAt = new Date(this.host.now()).toISOString();
    if (this.generation === generation) this.dirty = false;
    return { savedAt: this.savedAt, sizeBytes: bytes.byteLength, location: this.host.store.location };
  }

  setAsOfDate(date: string | null): WorkspaceInfo {
    const db = this.db;
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new ExpectedError('BAD_ARGUMENT', 'The as-of date must be YYYY-MM-DD.', { date });
    }
    db.transaction(() => {
      if (date === null) {
        setMeta(db, 'as_of_source', 'data');
        setMeta(db, 'as_of_date', proposeAsOfDate(db));
      } else {
        setMeta(db, 'as_of_source', 'user');
        setMeta(db, 'as_of_date', date);
      }
      appendAudit(db, this.host, 'workspace.setAsOfDate', { date });
    });
    this.touch();
    return this.info();
  }

  /** After an import: move the as-of date to the data's latest date unless the user fixed it. */
  refreshAsOfDate(): string | null {
    const db = this.db;
    if (getMeta(db, 'as_of_source') === 'user') return getMeta(db, 'as_of_date');
    const proposed = proposeAsOfDate(db);
    setMeta(db, 'as_of_source', 'data');
    setMeta(db, 'as_of_date', proposed);
    return proposed;
  }

  asOfDate(): string | null {
    return getMeta(this.db, 'as_of_date');
  }

  tables(): TableInfo[] {
    const db = this.db;
    const out: TableInfo[] = ENTITIES.map((e) => ({
      name: e.table,
      kind: e.kind,
      zh: e.zh,
      en: e.en,
      rows: Number(db.value(`SELECT count(*) FROM ${e.table}`) ?? 0),
    }));
    for (const t of db.all<{ table_name: string; label: string }>('SELECT table_name, label FROM user_table ORDER BY table_name')) {
      out.push({ name: t.table_name, kind: 'table', zh: t.label, en: t.label, rows: Number(db.value(`SELECT count(*) FROM "${t.table_name}"`) ?? 0) });
    }
    return out;
  }

  info(): WorkspaceInfo {
    const db = this.db;
    const source = getMeta(db, 'as_of_source');
    return {
      workspaceId: getMeta(db, 'workspace_id') ?? '',
      name: getMeta(db, 'name') ?? '',
      schemaVersion: SCHEMA_VERSION,
      appVersion: this.host.appVersion,
      createdAt: getMeta(db, 'created_at') ?? '',
      asOfDate: getMeta(db, 'as_of_date'),
      asOfSource: source === 'user' || source === 'data' ? source : null,
      isDemo: getMeta(db, 'is_demo') === '1',
      tables: this.tables(),
      sizeBytes: db.sizeBytes(),
      limitBytes: WORKSPACE_LIMIT_BYTES,
      savedAt: this.savedAt,
      dirty: this.dirty,
      encrypted: this.passphrase !== null,
    };
  }

  private replace(db: Db): void {
    this.current?.close();
    this.current = db;
    this.savedAt = null;
    this.passphrase = null;
  }
}

export function getMeta(db: Db, key: string): string | null {
  const v = db.value('SELECT value FROM meta WHERE key = ?', [key]);
  return typeof v === 'string' ? v : null;
}

export function setMeta(db: Db, key: string, value: string | null): void {
  db.run('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
}

/**
 * The latest date found in the data's time fields and snapshot dates. Dates after 2100 or before 1990 are left
 * out: they are typos or placeholders (9999-12-31), not the end of the data.
 */
export function proposeAsOfDate(db: Db): string | null {
  let best: string | null = null;
  for (const e of ENTITIES) {
    const cols = [e.timeField, e.fields.some((fd) => fd.name === 'as_of') ? 'as_of' : undefined].filter((c): c is string => !!c);
    for (const c of new Set(cols)) {
      // substr(MAX(c)) equals MAX(substr(c)) for ISO text, and lets SQLite seek the time index instead of scanning it.
      const v = db.value(`SELECT substr(MAX(${c}), 1, 10) FROM ${e.table} WHERE ${c} >= '1990-01-01' AND ${c} < '2100-01-01'`);
      if (typeof v === 'string' && (best === null || v > best)) best = v;
    }
  }
  return best;
}

function randomId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
