/**
 * The open workspace as the UI sees it, outside React so it starts once and is testable with a fake engine:
 * first start (restore, else the demo workspace, else an empty one), engine change events, autosave, and the
 * menu actions (new, open, save, as-of date). Components read it through `useSyncExternalStore`.
 */
import type { Engine, ProgressEvent, WorkspaceInfo } from '#shared/api/engineApi.ts';
import { isCancelled } from '#shared/api/errors.ts';
import { errorInfo } from '#renderer/engine/errorInfo.ts';
import type { Message } from '#shared/api/ingestTypes.ts';
import type { ReadyInfo } from '#renderer/engine/engineClient.ts';
import { Autosaver, type Timers } from './autosave.ts';

/** `locked`: the kept workspace is encrypted and waits for its passphrase (nothing may overwrite it meanwhile). */
export type Phase = 'starting' | 'restoring' | 'locked' | 'demo' | 'ready' | 'fatal';
export type SaveState = 'saved' | 'dirty' | 'saving' | 'failed' | 'memory';

export interface Notice {
  readonly id: number;
  readonly level: 'info' | 'warning' | 'error';
  /** A catalog key of the UI (`notice.*`, `demo.*`), or an engine message rendered by code. */
  readonly key?: string;
  readonly message?: Message;
  readonly error?: unknown;
}

export interface WorkspaceState {
  readonly phase: Phase;
  readonly info: WorkspaceInfo | null;
  readonly save: SaveState;
  readonly saveError: unknown;
  /** Progress of the start-up job (building the demo workspace). */
  readonly progress: ProgressEvent | null;
  readonly cancelling: boolean;
  /** A menu action in progress (opening a file, creating a workspace), as a catalog key. */
  readonly busy: string | null;
  readonly notices: readonly Notice[];
  readonly fatal: unknown;
  /** Why the last unlock attempt failed (wrong passphrase). */
  readonly lockError: unknown;
  /** False when saves do not survive a reload (browser without OPFS). */
  readonly persistent: boolean;
}

/** Size and seed of the demo workspace built on first start. */
export const DEMO_OPTIONS = { customers: 2000, seed: 42 } as const;

export interface ControllerDeps {
  readonly engine: Engine;
  readonly ready: Promise<ReadyInfo>;
  /** Name of a new empty workspace, in the user's language. */
  readonly defaultName: () => string;
  readonly autosaveMs?: number;
  readonly timers?: Timers;
}

export class WorkspaceController {
  private state: WorkspaceState = {
    phase: 'starting',
    info: null,
    save: 'saved',
    saveError: null,
    progress: null,
    cancelling: false,
    busy: null,
    notices: [],
    fatal: null,
    lockError: null,
    persistent: true,
  };
  private readonly listeners = new Set<() => void>();
  private readonly autosaver: Autosaver;
  private nextNotice = 1;
  private started = false;
  private demoAbort: AbortController | null = null;
  /** The engine announces a restored workspace as changed; it is exactly what the store holds, so not dirty. */
  private restoring = false;

  constructor(private readonly deps: ControllerDeps) {
    this.autosaver = new Autosaver(() => this.saveNow(), deps.autosaveMs ?? 2000, deps.timers);
    deps.engine.on('workspace.changed', (info) => this.onChanged(info));
    deps.engine.on('notice', (n) => this.addNotice({ level: n.level, message: { code: n.code, params: n.params } }));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): WorkspaceState => this.state;

  /** First start: restore the last workspace, or build the demo one, or at least an empty one. Runs once. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    let ready: ReadyInfo;
    try {
      ready = await this.deps.ready;
    } catch (e) {
      this.set({ phase: 'fatal', fatal: e });
      return;
    }
    const persistent = ready.storage.persistent;
    this.set({ persistent, save: persistent ? 'saved' : 'memory', phase: 'restoring' });
    if (!persistent) this.addNotice({ level: 'warning', key: 'notice.storageUnavailable' });

    let info: WorkspaceInfo | null = null;
    this.restoring = true;
    try {
      info = await this.deps.engine.call('workspace.restore', {});
    } catch (e) {
      if (errorCode(e) === 'PASSPHRASE_REQUIRED') {
        this.set({ phase: 'locked' });
        return;
      }
      this.addNotice({ level: 'error', key: 'notice.restoreFailed', error: e });
    } finally {
      this.restoring = false;
    }
    await this.finishStart(info);
  }

  /** Opens the kept, encrypted workspace with its passphrase; stays locked (with the reason) when it is wrong. */
  async unlock(passphrase: string): Promise<void> {
    if (this.state.phase !== 'locked') return;
    this.restoring = true;
    try {
      const info = await this.deps.engine.call('workspace.restore', { passphrase });
      this.set({ lockError: null });
      await this.finishStart(info);
    } catch (e) {
      this.set({ lockError: e });
    } finally {
      this.restoring = false;
    }
  }

  /** Gives up on the locked workspace: an empty one opens, and its first save replaces the encrypted file. */
  async abandonLocked(): Promise<void> {
    if (this.state.phase !== 'locked') return;
    this.set({ phase: 'restoring', lockError: null });
    await this.finishStart(null, false);
  }

  /** Ends start-up with the restored workspace, else the demo one (first start), else an empty one. */
  private async finishStart(restored: WorkspaceInfo | null, demo = true): Promise<void> {
    let info = restored;
    if (!info && demo) info = await this.buildDemo();
    if (!info) {
      try {
        info = await this.deps.engine.call('workspace.create', { name: this.deps.defaultName() });
      } catch (e) {
        this.set({ phase: 'fatal', fatal: e });
        return;
      }
    }
    this.set({ phase: 'ready', info, progress: null, cancelling: false });
  }

  /** Stops building the demo workspace; an empty workspace opens instead. */
  cancelDemo(): void {
    if (!this.demoAbort) return;
    this.demoAbort.abort();
    this.set({ cancelling: true });
  }

  async newWorkspace(name?: string): Promise<void> {
    await this.replace('header.newWorkspace', () => this.deps.engine.call('workspace.create', { name: name ?? this.deps.defaultName() }));
  }

  /**
   * Opens a `.sqlite` file; its bytes are handed to the engine (the caller must not reuse them). Resolves to the
   * error when it failed (the open workspace stays), or null.
   */
  async openFile(name: string, bytes: Uint8Array, passphrase?: string): Promise<unknown> {
    const base = name.replace(/\.(sqlite3?|db)$/i, '');
    return this.replace('header.openSqlite', () => this.deps.engine.call('workspace.open', { bytes, name: base, ...(passphrase ? { passphrase } : {}) }), false);
  }

  /** Turns encryption at rest on (passphrase) or off (null). Resolves to the error, or null. */
  async setEncryption(passphrase: string | null): Promise<unknown> {
    try {
      const info = await this.deps.engine.call('workspace.setEncryption', { passphrase });
      this.set({ info });
      return null;
    } catch (e) {
      return e;
    }
  }

  async setAsOfDate(date: string | null): Promise<void> {
    try {
      const info = await this.deps.engine.call('workspace.setAsOfDate', { date });
      this.set({ info });
    } catch (e) {
      this.addNotice({ level: 'error', error: e });
    }
  }

  /** Writes the workspace through the engine's store now. Does nothing when saves cannot persist. */
  async saveNow(): Promise<void> {
    if (!this.state.persistent || !this.state.info) return;
    this.set({ save: 'saving' });
    try {
      const r = await this.deps.engine.call('workspace.save', {});
      // A change that landed while saving keeps the workspace dirty; the autosaver saves again after it.
      const clean = this.state.save === 'saving';
      const info = this.state.info ? { ...this.state.info, savedAt: r.savedAt, sizeBytes: r.sizeBytes, dirty: !clean } : null;
      this.set({ info, save: clean ? 'saved' : this.state.save, saveError: null });
    } catch (e) {
      this.set({ save: 'failed', saveError: e });
      throw e;
    }
  }

  /** The workspace as SQLite bytes, for download or "save as". */
  exportBytes(): Promise<Uint8Array> {
    return this.deps.engine.call('workspace.export', {});
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  addNotice(n: Omit<Notice, 'id'>): void {
    this.set({ notices: [...this.state.notices, { ...n, id: this.nextNotice++ }] });
  }

  private async buildDemo(): Promise<WorkspaceInfo | null> {
    const abort = new AbortController();
    this.demoAbort = abort;
    this.set({ phase: 'demo', progress: null });
    let built: WorkspaceInfo;
    try {
      built = await this.deps.engine.call('workspace.createDemo', { ...DEMO_OPTIONS }, { signal: abort.signal, onProgress: (progress) => this.set({ progress }) });
    } catch (e) {
      this.demoAbort = null;
      if (!isCancelled(e)) this.addNotice({ level: 'warning', key: 'demo.failed', error: e });
      return null;
    }
    try {
      return await this.analyseDemo(abort.signal);
    } catch (e) {
      // The demo's data is there either way; a cancelled or failed analysis only leaves ONE_ID and tags to be run by hand.
      if (!isCancelled(e)) this.addNotice({ level: 'warning', key: 'demo.analyseFailed', error: e });
      return built;
    } finally {
      this.demoAbort = null;
    }
  }

  /**
   * Runs ONE_ID and the tags on the fresh demo so its first view shows persons, tags and lifecycle groups, as an analyst
   * expects of an example, instead of pages asking to run them first. Returns the workspace as it is afterwards.
   */
  private async analyseDemo(signal: AbortSignal): Promise<WorkspaceInfo> {
    const onProgress = (progress: ProgressEvent): void => this.set({ progress });
    await this.deps.engine.call('identity.run', {}, { signal, onProgress });
    await this.deps.engine.call('tags.run', {}, { signal, onProgress });
    return this.deps.engine.call('workspace.info', {});
  }

  private async replace(busy: string, op: () => Promise<WorkspaceInfo>, report = true): Promise<unknown> {
    this.set({ busy });
    // The store holds one workspace and the new one takes its place, so a pending save of the old one is moot.
    this.autosaver.cancelPending();
    try {
      const info = await op();
      this.set({ info });
      return null;
    } catch (e) {
      if (report) this.addNotice({ level: 'error', error: e });
      // The old workspace is still open (the engine only swaps on success): keep saving its changes.
      if (this.state.save === 'dirty') this.autosaver.changed();
      return e;
    } finally {
      this.set({ busy: null });
    }
  }

  private onChanged(info: WorkspaceInfo): void {
    if (this.restoring) {
      this.set({ info: { ...info, dirty: false } });
      return;
    }
    const save: SaveState = this.state.persistent ? 'dirty' : 'memory';
    this.set({ info, save });
    if (this.state.persistent) this.autosaver.changed();
  }

  private set(patch: Partial<WorkspaceState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

function errorCode(e: unknown): string {
  return errorInfo(e).code;
}
