/**
 * The fast analytics layer (issue 13): a columnar in-memory view of the customer wide table, of tag, cluster
 * and segment membership and of per-customer behaviour, kept in the engine (worker) and loaded lazily, piece
 * by piece, on first use (or ahead of it, by the warm-up the engine runs after a data-changing job,
 * shared/portrait/warmViews.ts). A snapshot belongs to one open database at one `meta.data_version`; when either
 * changes the next request gets a fresh snapshot and the old one's pending work is abandoned.
 */
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import { CancelledError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import { createJobContext, type JobContext } from '#shared/jobs/jobContext.ts';
import { PROFILE_COLUMNS, type ProfileColumn } from '#shared/profile/profileSchema.ts';
import type { WorkspaceService } from '#shared/workspace/workspaceService.ts';
import type { BehaviorIndex } from './behaviorIndex.ts';
import { loadBehaviorIndex } from './behaviorIndexCodec.ts';
import { wordCount, type CustomerSet } from './bitsets.ts';
import { dataVersion } from './dataVersion.ts';
import { cachedClusterRun, cachedTag } from './membershipCodec.ts';
import { loadSegment, type ClusterAssignment, type TagMembership } from './memberships.ts';
import { cachedOrLoaded, type SnapshotCache } from './columnarCache.ts';
import { cachedColumn, cachedUniverse } from './profileCodec.ts';
import type { Column } from './profileColumns.ts';
import { profileTableColumns, type Universe } from './universe.ts';

/** Resolves with `promise`, or rejects with a cancellation as soon as `signal` aborts (the work goes on for others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Memory for cached condition results per snapshot: 16 MiB is 128 sets at a million customers; at least a few
 * are kept whatever the size, since a rule being edited has a handful of conditions.
 */
const CONDITION_CACHE_BYTES = 16 * 1024 * 1024;
const MIN_CACHED_CONDITIONS = 8;

export class AnalyticsSnapshot {
  private universeCache: Universe | null = null;
  private tableColumns: Set<string> | null = null;
  private readonly columns = new Map<string, Column>();
  private readonly tags = new Map<string, TagMembership>();
  private readonly clusters = new Map<number, ClusterAssignment>();
  private readonly segments = new Map<number, CustomerSet>();
  private readonly derivedCache = new Map<string, unknown>();
  /** Condition results by key, least recently used first. */
  private readonly conditionSets = new Map<string, CustomerSet>();
  private behaviorPromise: Promise<BehaviorIndex> | null = null;
  private behaviorBuilt: BehaviorIndex | null = null;
  private readonly listeners = new Set<(p: ProgressEvent) => void>();
  private readonly abandon = new AbortController();
  /** Milliseconds spent loading since the snapshot was made; requests report the difference they caused. */
  loadMs = 0;

  /**
   * `builtAt` stamps rows written to the workspace's columnar cache (informational only); `onPersisted` runs after
   * such a write, which changed the workspace file.
   */
  constructor(
    readonly db: Db,
    readonly version: number,
    private readonly builtAt: () => string = () => new Date().toISOString(),
    private readonly onPersisted: () => void = () => undefined,
  ) {}

  /** Where the universe, columns and tags are cached in the workspace (columnarCache.ts). */
  private get cacheContext(): SnapshotCache {
    return { db: this.db, version: this.version, builtAt: this.builtAt, onPersisted: this.onPersisted };
  }

  private timed<T>(fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.loadMs += performance.now() - t0;
    }
  }

  /** Stops pending loads; the snapshot is no longer current. */
  close(): void {
    this.abandon.abort();
  }

  get universe(): Universe {
    this.universeCache ??= this.timed(() => cachedUniverse(this.cacheContext));
    return this.universeCache;
  }

  /** Profile columns the table has now (a column of the schema may be missing from an older build). */
  get presentColumns(): ReadonlySet<string> {
    this.tableColumns ??= profileTableColumns(this.db);
    return this.tableColumns;
  }

  /** A profile column as a typed array; `def` must be a column of the profile schema present in the table. */
  column(def: ProfileColumn): Column {
    let c = this.columns.get(def.name);
    if (!c) {
      const n = this.universe.n;
      c = this.timed(() => cachedColumn(this.cacheContext, def.name, def.type, n));
      this.columns.set(def.name, c);
    }
    return c;
  }

  columnByName(name: string): Column | null {
    const def = PROFILE_COLUMNS.find((p) => p.name === name);
    return def && this.presentColumns.has(name) ? this.column(def) : null;
  }

  tag(tag: string): TagMembership {
    let t = this.tags.get(tag);
    if (!t) {
      const u = this.universe;
      t = this.timed(() => cachedTag(this.cacheContext, u, tag));
      this.tags.set(tag, t);
    }
    return t;
  }

  cluster(runId: number): ClusterAssignment {
    let c = this.clusters.get(runId);
    if (!c) {
      const u = this.universe;
      c = this.timed(() => cachedClusterRun(this.cacheContext, u, runId));
      this.clusters.set(runId, c);
    }
    return c;
  }

  segment(segmentId: number): CustomerSet {
    let s = this.segments.get(segmentId);
    if (!s) {
      const u = this.universe;
      s = this.timed(() => loadSegment(this.db, u, segmentId));
      this.segments.set(segmentId, s);
    }
    return s;
  }

  /** Replaces a segment's members after it was saved or refreshed (or drops them when deleted). */
  setSegment(segmentId: number, members: CustomerSet | null): void {
    if (members) this.segments.set(segmentId, members);
    else this.segments.delete(segmentId);
  }

  /** A value derived from loaded data (portrait bins, percentile ranks), computed once per snapshot. */
  derived<T>(key: string, make: () => T): T {
    if (this.derivedCache.has(key)) return this.derivedCache.get(key) as T;
    const v = this.timed(make);
    this.derivedCache.set(key, v);
    return v;
  }

  /**
   * Like {@link derived}, for a value worth keeping in the workspace's columnar cache too (columnarCache.ts): read
   * from row `key` when it was written for this data version in `format`, else made and queued for writing.
   * `format` must change whenever `make` would give another value for the same data.
   */
  derivedCached<T>(key: string, format: string, make: () => T, encode: (v: T) => Uint8Array, decode: (blob: Uint8Array) => T): T {
    return this.derived(`cached:${key}`, () => cachedOrLoaded(this.cacheContext, key, format, decode, make, encode));
  }

  /**
   * The customers of a condition evaluated earlier in this snapshot (a copy the caller may change), or null. After
   * an edit of a rule only the changed condition is evaluated again; the others come from here.
   */
  cachedCondition(key: string): CustomerSet | null {
    const s = this.conditionSets.get(key);
    if (!s) return null;
    this.conditionSets.delete(key);
    this.conditionSets.set(key, s);
    return s.clone();
  }

  /** Keeps a copy of a condition's customers, evicting the least recently used beyond the memory budget. */
  cacheCondition(key: string, set: CustomerSet): void {
    const limit = Math.max(MIN_CACHED_CONDITIONS, Math.floor(CONDITION_CACHE_BYTES / (4 * wordCount(this.universe.n) || 1)));
    this.conditionSets.delete(key);
    this.conditionSets.set(key, set.clone());
    for (const oldest of this.conditionSets.keys()) {
      if (this.conditionSets.size <= limit) break;
      this.conditionSets.delete(oldest);
    }
  }

  /** The behaviour index when it is built, else null (no build is started). */
  get behaviorIfBuilt(): BehaviorIndex | null {
    return this.behaviorBuilt;
  }

  /** Names of what this snapshot has loaded so far: a warm-up after a data change loads the same again. */
  loadedKeys(): LoadedKeys {
    return { columns: [...this.columns.keys()], tags: [...this.tags.keys()], clusterRuns: [...this.clusters.keys()] };
  }

  /** Tag memberships loaded so far (catalog counts show these without loading more). */
  loadedTag(tag: string): TagMembership | undefined {
    return this.tags.get(tag);
  }

  /**
   * The behaviour index, built on first request and shared by every request of this snapshot. A caller that is
   * cancelled stops waiting; the build goes on for the others and reports progress to whoever waits.
   */
  behavior(ctx: JobContext): Promise<BehaviorIndex> {
    if (!this.behaviorPromise) {
      const universe = this.universe;
      const buildCtx = createJobContext({ signal: this.abandon.signal, onProgress: (p) => this.listeners.forEach((l) => l(p)) });
      const t0 = performance.now();
      this.behaviorPromise = loadBehaviorIndex(this.db, this.version, universe, buildCtx, this.builtAt, this.onPersisted)
        .then((ix) => (this.behaviorBuilt = ix))
        .finally(() => {
          this.loadMs += performance.now() - t0;
        });
      // A failed build is not kept: the next request tries again.
      this.behaviorPromise.catch(() => {
        this.behaviorPromise = null;
      });
    }
    const listener = (p: ProgressEvent): void => ctx.progress(p.step, p.current, p.total, p.detail);
    this.listeners.add(listener);
    return untilAborted(this.behaviorPromise, ctx.signal).finally(() => this.listeners.delete(listener));
  }
}

/** What a snapshot has loaded (see {@link AnalyticsSnapshot.loadedKeys}). */
export interface LoadedKeys {
  readonly columns: readonly string[];
  readonly tags: readonly string[];
  readonly clusterRuns: readonly number[];
}

/** Holds the current snapshot for the open workspace; one per engine, shared by segments and portraits. */
export class AnalyticsStore {
  private current: AnalyticsSnapshot | null = null;

  constructor(private readonly workspace: WorkspaceService) {}

  /** The last snapshot handed out, whatever its version (null before the first); makes none. */
  peek(): AnalyticsSnapshot | null {
    return this.current;
  }

  /** The snapshot of the open workspace at its current data version. */
  snapshot(): AnalyticsSnapshot {
    const db = this.workspace.db;
    const version = dataVersion(db);
    if (!this.current || this.current.db !== db || this.current.version !== version) {
      this.current?.close();
      // A structure written to the columnar cache is part of the file: the next save must keep it.
      this.current = new AnalyticsSnapshot(db, version, undefined, () => {
        if (this.workspace.isOpen && this.workspace.db === db) this.workspace.markDirty();
      });
    }
    return this.current;
  }
}

const stores = new WeakMap<WorkspaceService, AnalyticsStore>();

/** The analytics store of an engine (keyed by its workspace service, so segment and portrait handlers share it). */
export function analyticsStore(workspace: WorkspaceService): AnalyticsStore {
  let s = stores.get(workspace);
  if (!s) stores.set(workspace, (s = new AnalyticsStore(workspace)));
  return s;
}
