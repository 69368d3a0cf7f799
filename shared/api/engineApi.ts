/**
 * The one typed engine API. The renderer's Web Worker, the Electron shell and the `kequn` CLI all call the
 * engine through `Engine.call(method, args, options)`; each method's argument and result types live here, so
 * a transport cannot drift from the engine.
 */
import type { BatchId, FileId } from './brands.ts';
import type {
  ImportFileRequest,
  ImportPreview,
  ImportRunResult,
  MappingTemplate,
  Message,
  ColumnMapping,
  ReadOptions,
  RejectPage,
  SourceFile,
} from './ingestTypes.ts';
import type { QualityReport } from './qualityTypes.ts';
import type {
  ChannelOverlap,
  IdentityRecordRef,
  IdentityRunArgs,
  IdentitySettings,
  IdentitySettingsPatch,
  IdentitySummary,
  IssueKind,
  IssuePage,
  PersonGraph,
  ReviewApplyResult,
  ReviewDecision,
  ReviewPage,
  ReviewStatus,
  SearchHit,
} from './identityTypes.ts';
import type { SerializedError } from './errors.ts';

export interface ProgressEvent {
  /** Message code of the current step (`progress.<step>` in the catalogs). */
  readonly step: string;
  readonly current: number;
  readonly total: number;
  /** Progress over all steps of the job, 0–1, when known. */
  readonly overall?: number;
  readonly detail?: string;
}

export interface JobOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ProgressEvent) => void;
  /** Seed of every random choice the job makes; the same seed and data give the same result. */
  readonly seed?: number;
}

export interface WorkspaceInfo {
  readonly workspaceId: string;
  readonly name: string;
  readonly schemaVersion: number;
  readonly appVersion: string;
  readonly createdAt: string;
  /** 数据截止日: the date every window and recency is computed against. */
  readonly asOfDate: string | null;
  readonly asOfSource: 'data' | 'user' | null;
  readonly isDemo: boolean;
  readonly tables: readonly TableInfo[];
  readonly sizeBytes: number;
  readonly savedAt: string | null;
  readonly dirty: boolean;
  /** Saved and exported encrypted with the user's passphrase (AES-GCM); other SQLite tools cannot open it. */
  readonly encrypted: boolean;
}

export interface TableInfo {
  readonly name: string;
  readonly kind: string;
  readonly zh: string;
  readonly en: string;
  readonly rows: number;
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly zh: string | null;
  readonly en: string | null;
  /** Personal-data class from the sensitive-column register; masked in every output unless revealed. */
  readonly pii: string | null;
}

export type CellValue = string | number | null;

export interface TablePage {
  readonly table: string;
  readonly columns: readonly ColumnInfo[];
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly (readonly CellValue[])[];
  readonly masked: boolean;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
  readonly masked: boolean;
  readonly truncated: boolean;
  readonly ms: number;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface DemoFile {
  /** Path relative to the demo folder, e.g. `core/customers.csv` or `truth/persons.csv`. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** How the file should be imported (absent for truth files, which are never imported). */
  readonly kind?: string;
}

export interface DemoOptions {
  readonly customers: number;
  readonly seed: number;
  /** The as-of date the generated history ends at (default 2024-06-30). */
  readonly asOfDate?: string;
}

export interface SaveResult {
  readonly savedAt: string;
  readonly sizeBytes: number;
  readonly location: string;
}

export interface EngineApi {
  'engine.version': (args: Record<string, never>) => { readonly appVersion: string; readonly schemaVersion: number; readonly sqlite: string };

  'workspace.create': (args: { readonly name?: string }) => WorkspaceInfo;
  /** Opens a workspace from SQLite bytes (a `.sqlite` file the user chose). */
  'workspace.open': (args: { readonly bytes: Uint8Array; readonly name?: string; readonly passphrase?: string }) => WorkspaceInfo;
  /** Opens the workspace the host keeps (last autosave), or null when there is none yet. */
  'workspace.restore': (args: { readonly passphrase?: string }) => WorkspaceInfo | null;
  'workspace.info': (args: Record<string, never>) => WorkspaceInfo;
  /** SQLite bytes of the open workspace, for "save as" and download. */
  'workspace.export': (args: Record<string, never>) => Uint8Array;
  /** Writes the workspace through the host's store (atomic: old or new file, never a broken one). */
  'workspace.save': (args: Record<string, never>) => SaveResult;
  'workspace.setAsOfDate': (args: { readonly date: string | null }) => WorkspaceInfo;
  /** Turns encryption at rest on (passphrase) or off (null) for later saves and exports. */
  'workspace.setEncryption': (args: { readonly passphrase: string | null }) => WorkspaceInfo;
  /** Builds the embedded demo workspace: generates the demo exports and imports them. */
  'workspace.createDemo': (args: DemoOptions) => WorkspaceInfo;

  'ingest.preview': (args: { readonly file: SourceFile; readonly read?: ReadOptions; readonly kind?: ColumnMapping['kind']; readonly template?: string }) => ImportPreview;
  'ingest.run': (args: { readonly files: readonly ImportFileRequest[] }) => ImportRunResult;
  'ingest.templates': (args: Record<string, never>) => readonly MappingTemplate[];
  'ingest.saveTemplate': (args: { readonly name: string; readonly mapping: ColumnMapping }) => MappingTemplate;

  'rejects.page': (args: { readonly fileId?: FileId; readonly batchId?: BatchId; readonly offset: number; readonly limit: number }) => RejectPage;
  /** Rejected rows as CSV (UTF-8 with BOM), personal data masked unless `unmask` with a reason. */
  'rejects.export': (args: { readonly fileId?: FileId; readonly batchId?: BatchId; readonly unmask?: { readonly reason: string } }) => Uint8Array;

  'quality.report': (args: Record<string, never>) => QualityReport;

  'tables.list': (args: Record<string, never>) => readonly TableInfo[];
  'tables.page': (args: { readonly table: string; readonly offset: number; readonly limit: number; readonly orderBy?: string; readonly desc?: boolean }) => TablePage;
  /** Read-only SQL. Personal data is masked unless `unmask` carries a reason (recorded in the audit log). */
  'sql.query': (args: { readonly sql: string; readonly params?: readonly CellValue[]; readonly maxRows?: number; readonly unmask?: { readonly reason: string } }) => QueryResult;

  'audit.list': (args: { readonly limit: number }) => readonly AuditEntry[];

  /** Generates the demo exports (files as real systems would write them, plus `truth/`). */
  'demo.generate': (args: DemoOptions) => readonly DemoFile[];

  /** Resolves ONE_IDs (docs/identity.md): full, or incremental over records imported since the last run. */
  'identity.run': (args: IdentityRunArgs) => IdentitySummary;
  /** The last run's summary with live review counts; null before the first run. */
  'identity.summary': (args: Record<string, never>) => IdentitySummary | null;
  /** Channels each person was seen in, for an UpSet chart. */
  'identity.overlap': (args: Record<string, never>) => ChannelOverlap;
  /** A person's records, identifiers and linking edges (an older id answers with the person it merged into). */
  'identity.person': (args: { readonly oneId: string; readonly unmask?: { readonly reason: string } }) => PersonGraph;
  /** Search by ONE_ID, record id or any identifier (phone, 证件号码, card, e-mail, OpenID …), normalised. */
  'identity.search': (args: { readonly query: string; readonly limit?: number }) => readonly SearchHit[];
  'identity.reviewList': (args: { readonly status?: ReviewStatus; readonly offset: number; readonly limit: number; readonly unmask?: { readonly reason: string } }) => ReviewPage;
  /** Records an analyst decision; it wins over every later run and takes effect at the next run. */
  'identity.decide': (args: {
    readonly reviewId?: number;
    readonly a?: IdentityRecordRef;
    readonly b?: IdentityRecordRef;
    readonly decision: ReviewDecision;
    readonly note?: string;
  }) => { readonly reviewId: number | null };
  /** Reads the identity settings, or saves a patch (or the defaults with `reset`) and returns the result. */
  'identity.settings': (args: { readonly settings?: IdentitySettingsPatch; readonly reset?: boolean }) => IdentitySettings;
  /** Identifiers not linked on (invalid, placeholder, over-shared, conflicts), for the quality report. */
  'identity.issues': (args: { readonly kind?: IssueKind; readonly offset: number; readonly limit: number }) => IssuePage;
  /** The pending review queue as a CSV (UTF-8 with BOM, masked) with an empty `decision` column. */
  'identity.reviewExport': (args: Record<string, never>) => Uint8Array;
  /** Applies a review CSV with filled-in decisions (accept / reject / split, or 接受 / 拒绝 / 拆分). */
  'identity.reviewApply': (args: { readonly bytes: Uint8Array }) => ReviewApplyResult;
}

export type EngineMethod = keyof EngineApi;
export type EngineArgs<K extends EngineMethod> = Parameters<EngineApi[K]>[0];
export type EngineResult<K extends EngineMethod> = Awaited<ReturnType<EngineApi[K]>>;

/** Events the engine pushes without being asked. */
export interface EngineEvents {
  'workspace.changed': WorkspaceInfo;
  'workspace.saved': SaveResult;
  notice: Message & { readonly level: 'info' | 'warning' | 'error' };
}

export type EngineEventName = keyof EngineEvents;

export interface Engine {
  call<K extends EngineMethod>(method: K, args: EngineArgs<K>, options?: JobOptions): Promise<EngineResult<K>>;
  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
}

/** Messages between the UI thread and the engine worker. */
export type WorkerRequest =
  | { readonly type: 'call'; readonly id: number; readonly method: EngineMethod; readonly args: unknown; readonly seed?: number; readonly wantsProgress: boolean }
  | { readonly type: 'cancel'; readonly id: number };

export type WorkerResponse =
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError }
  | { readonly type: 'progress'; readonly id: number; readonly progress: ProgressEvent }
  | { readonly type: 'event'; readonly event: EngineEventName; readonly payload: unknown }
  | { readonly type: 'ready'; readonly version: string }
  | { readonly type: 'fatal'; readonly error: SerializedError };

export type { Message };
