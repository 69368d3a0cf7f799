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
import type { ProfileBuildResult, ProfileStatus } from './profileTypes.ts';
import type {
  Customer360,
  CustomTag,
  CustomTagPreview,
  CustomTagRule,
  LifecycleOverview,
  TagChangePage,
  TagListItem,
  TagMemberPage,
  TagRunResult,
  TagRunSummary,
  TagSettings,
  TagSettingsPatch,
} from './tagTypes.ts';
import type {
  BreakdownRow,
  ClassifierInfo,
  DictionaryEntry,
  DuplicateGroup,
  EmbedResult,
  KeywordMethod,
  KeywordRow,
  MerchantCoverage,
  MerchantRuleRow,
  ModelSource,
  NoteFilter,
  NoteGrouping,
  NotePage,
  SearchResult,
  SentimentLabel,
  TextPreview,
  TextRunArgs,
  TextRunSummary,
  TopicRow,
  TopicsResult,
  TrainArgs,
  TrainResult,
} from './textTypes.ts';
import type { ClusterFeatureList, ClusterMap, ClusterRunResult, ClusterRunSummary, ClusterSelection, ClusterSettings, ClusterUmapMap, KScanResult } from './clusterTypes.ts';
import type {
  ColumnValues,
  CountOutcome,
  ReadBack,
  RefreshResult,
  RuleProblem,
  SaveSegmentArgs,
  SegmentCatalog,
  SegmentDetail,
  SegmentRule,
  SegmentSummary,
  SetOperation,
  SetOpResult,
  UpSetData,
  WhyTrace,
} from './segmentTypes.ts';
import type { CompareResult, GroupRef, PortraitOptions, PortraitResult, RadarResult, TopTagsResult } from './portraitTypes.ts';
import type { ModelCard, ModelSummary, NbpArgs, NbpResult, ScoreResult, TableChoice, TopWithinResult, TrainArgs as PredictTrainArgs } from './predictTypes.ts';
import type {
  BehaviourChanges,
  BehaviourOverview,
  DiagnosisArgs,
  DiagnosisCustomers,
  DiagnosisResult,
  FunnelArgs,
  FunnelResult,
  InterestDrift,
  InterestRunArgs,
  InterestRunResult,
  Neighbourhood,
  NetworkRunArgs,
  NetworkSummary,
  PathsArgs,
  PathsResult,
  RetentionArgs,
  RetentionResult,
  TrendsArgs,
  TrendsResult,
} from './behaviourTypes.ts';
import type {
  AudienceExportArgs,
  AudienceExportResult,
  AudienceSpec,
  ComplianceSettings,
  ComplianceSettingsPatch,
  ExportCatalog,
  ExportLogEntry,
  ExportPreview,
  HeaderLanguage,
} from './exportTypes.ts';
import type {
  LiftArgs,
  LiftReport,
  PlanComparison,
  PlanManifest,
  PlanProblem,
  ReachHabitSummary,
  ReachPlan,
  ReachTagRunResult,
  ReachTagSettingsPatch,
  SimulateArgs,
  SimulationResult,
  StepExportArgs,
  StepExportResult,
} from './reachTypes.ts';
import type { Recipe, RecipeRunArgs, RecipeRunResult, RecipeSnapshot, ReportBuildResult, ReportOptions, ReportPin, ReportSectionInfo } from './reportTypes.ts';

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
  /** Size of the workspace's database file now (bytes). */
  readonly sizeBytes: number;
  /** The most the file may grow to: a write past it fails with WORKSPACE_TOO_LARGE (bytes). */
  readonly limitBytes: number;
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

  // ── 文本挖掘 (Chinese text mining): shared/text, shared/lexicon ──
  /** The whole pipeline over imported notes: segmentation, sentiment, aspects, topics, customer tags. */
  'text.run': (args: TextRunArgs) => TextRunSummary;
  /** The latest run's summary, or null before the first run. */
  'text.summary': (args: Record<string, never>) => TextRunSummary | null;
  /** jieba tokens per text (whitespace out), with the built-in dictionary or the open workspace's. */
  'text.segment': (args: { readonly texts: readonly string[]; readonly dictionary?: 'default' | 'workspace' }) => { readonly tokens: readonly (readonly string[])[]; readonly issues: Readonly<Record<string, number>> };
  /** Sentiment per text: the lexicon, or the workspace's active classifier. */
  'text.sentiment': (args: { readonly texts: readonly string[]; readonly useClassifier?: boolean }) => { readonly results: readonly { readonly label: SentimentLabel; readonly score: number }[] };
  /** One text through the chain, for the segmentation preview and dictionary editor. */
  'text.preview': (args: { readonly text: string }) => TextPreview;
  'text.groups': (args: { readonly by: NoteGrouping }) => readonly { readonly group: string; readonly notes: number }[];
  /** Keywords of the notes matching a filter: TF-IDF, TextRank, or contrast with the rest (log-odds z, text TGI). */
  'text.keywords': (args: { readonly method: KeywordMethod; readonly filter?: NoteFilter; readonly limit?: number }) => readonly KeywordRow[];
  'text.topics': (args: Record<string, never>) => TopicsResult;
  /** Renames a topic and/or turns it into an interest or risk tag (null removes the tag). */
  'text.editTopic': (args: { readonly topic: number; readonly name?: string; readonly tagKind?: 'interest' | 'risk' | null }) => { readonly topic: TopicRow; readonly customers: number };
  /** Sentiment counts per group (channel, category, month, topic). */
  'text.breakdown': (args: { readonly by: NoteGrouping }) => readonly BreakdownRow[];
  /** The notes behind a chart element (text masked). */
  'text.notes': (args: { readonly filter?: NoteFilter; readonly offset: number; readonly limit: number }) => NotePage;
  /** BM25 keyword search; semantic search when a local model folder is given. */
  'text.search': (args: { readonly query: string; readonly model?: ModelSource; readonly limit?: number }) => SearchResult;
  /** Labels a note for classifier training (null removes the label); returns the label counts. */
  'text.label': (args: { readonly noteRowId: number; readonly label: SentimentLabel | null }) => Readonly<Record<SentimentLabel, number>>;
  /** Trains a classifier on labelled notes (or a labelled file) and reports held-out accuracy; it is not used until activated. */
  'text.train': (args: TrainArgs) => TrainResult;
  'text.classifiers': (args: Record<string, never>) => readonly ClassifierInfo[];
  /** Makes a trained classifier the sentiment method of later runs (null: back to the lexicon). */
  'text.useClassifier': (args: { readonly classifierId: number | null }) => { readonly active: number | null };
  /** The bank dictionary in force, after an optional edit (add/remove a word) or reset of one word. */
  'text.dictionary': (args: { readonly edit?: { readonly word: string; readonly action: 'add' | 'remove'; readonly freq?: number | null; readonly tag?: string | null }; readonly reset?: string }) => readonly DictionaryEntry[];
  'text.stopwords': (args: { readonly edit?: { readonly word: string; readonly action: 'add' | 'remove' | 'reset' } }) => { readonly defaults: readonly string[]; readonly edits: readonly { readonly word: string; readonly action: 'add' | 'remove' }[] };
  /** The merchant → life-scenario rule table in force, after an optional edit or reset of one rule. */
  'text.merchantRules': (args: { readonly edit?: { readonly category: string; readonly match: 'keyword' | 'mcc'; readonly pattern: string; readonly priority?: number; readonly enabled?: boolean }; readonly reset?: string }) => readonly MerchantRuleRow[];
  /** How many transaction merchants the rules categorise, by category, and the unknown merchants for review. */
  'text.merchantCoverage': (args: { readonly limit?: number }) => MerchantCoverage;
  /** Embeds the latest run's notes with a local model (cached in the workspace). */
  'text.embed': (args: { readonly model: ModelSource }) => EmbedResult;
  /** Exact duplicates, and near duplicates by embedding similarity when a model is given. */
  'text.duplicates': (args: { readonly model?: ModelSource; readonly threshold?: number; readonly limit?: number }) => readonly DuplicateGroup[];

  // ── Segments (人群圈选) and group portraits (客群画像): shared/segments, shared/portrait, shared/analytics ──
  /** What a rule may refer to: profile columns, tags, lifecycle groups, clustering runs, saved segments, behaviours. */
  'segments.catalog': (args: { readonly behavior?: boolean }) => SegmentCatalog;
  /** Frequent values (text) or range (numbers) of one profile column, for the condition editor. */
  'segments.values': (args: { readonly column: string }) => ColumnValues;
  /** Problems of a rule against the current data, and its read-back sentence; evaluates nothing. */
  'segments.validate': (args: { readonly rule: SegmentRule }) => { readonly problems: readonly RuleProblem[]; readonly readBack: ReadBack };
  /** Exact count of a rule (columnar by default; `engine: 'sql'` runs the compiled SQL) and overlap with saved segments. */
  'segments.count': (args: { readonly rule: SegmentRule; readonly engine?: 'columnar' | 'sql'; readonly overlaps?: boolean }) => CountOutcome;
  /** The parameterised SQL a rule compiles to. */
  'segments.sql': (args: { readonly rule: SegmentRule }) => { readonly sql: string; readonly params: readonly (string | number)[] };
  'segments.list': (args: Record<string, never>) => readonly SegmentSummary[];
  'segments.get': (args: { readonly segmentId: number }) => SegmentDetail;
  /** Saves a new segment, or a new version of one; computes and stores its members. */
  'segments.save': (args: SaveSegmentArgs) => SegmentDetail;
  'segments.delete': (args: { readonly segmentId: number }) => { readonly deleted: boolean };
  /** Recomputes segments (all when `segmentId` is absent) on the current data: a new version with joined/left counts. */
  'segments.refresh': (args: { readonly segmentId?: number }) => readonly RefreshResult[];
  /** 并 / 交 / 差 of saved segments (difference: the first minus the others). */
  'segments.setOp': (args: { readonly op: SetOperation; readonly segmentIds: readonly number[] }) => SetOpResult;
  /** Exclusive intersections of up to 6 saved segments, for an UpSet chart. */
  'segments.upset': (args: { readonly segmentIds: readonly number[] }) => UpSetData;
  /** Why a customer (ONE_ID or 客户号) is in or out of a rule or saved segment, condition by condition. */
  'segments.why': (args: { readonly customer: string; readonly rule?: SegmentRule; readonly segmentId?: number }) => WhyTrace;
  /** Loads the analytics layer (profile columns, memberships, behaviour) ahead of use, with progress. */
  'analytics.warm': (args: { readonly behaviour?: boolean }) => { readonly customers: number; readonly ms: number };
  /** Size and distributions with TGI of a group against a base. */
  'portrait.describe': (args: { readonly group: GroupRef; readonly base?: GroupRef; readonly options?: PortraitOptions }) => PortraitResult;
  /** Tags that most distinguish a group from its base (highest significant TGI with enough support). */
  'portrait.topTags': (args: { readonly group: GroupRef; readonly base?: GroupRef; readonly limit?: number; readonly minSupport?: number }) => TopTagsResult;
  /** Mean percentile ranks on value, activity, channels, products, response and risk. */
  'portrait.radar': (args: { readonly group: GroupRef; readonly base?: GroupRef }) => RadarResult;
  /** Two groups described against the same base, side by side. */
  'portrait.compare': (args: { readonly a: GroupRef; readonly b: GroupRef; readonly base?: GroupRef; readonly options?: PortraitOptions }) => CompareResult;
  // ── 智能分群 (clustering): shared/cluster ──
  /** Columns of a table usable as features (numeric, categorical, tags) and the ones left out, with why. */
  'cluster.features': (args: { readonly table?: string }) => ClusterFeatureList;
  /** Silhouette, Calinski–Harabasz, Davies–Bouldin and stability for k in a range, with a recommended k. */
  'cluster.scan': (args: ClusterSettings & { readonly kMin?: number; readonly kMax?: number; readonly sampleRows?: number }) => KScanResult;
  /** Clusters a table (seeded by the job's seed), explains and names the groups, stores cluster_run and cluster_member. */
  'cluster.run': (args: ClusterSettings & { readonly k: number | 'auto' }) => ClusterRunResult;
  'cluster.runs': (args: { readonly table?: string }) => readonly ClusterRunSummary[];
  'cluster.result': (args: { readonly runId: number }) => ClusterRunResult;
  /** Map points of a run (PCA), a seeded sample above `maxPoints` (default 100,000). */
  'cluster.map': (args: { readonly runId: number; readonly maxPoints?: number }) => ClusterMap;
  /** UMAP map of a run on a seeded sample of `maxPoints` members (default 5,000, at most 10,000); long job with progress. */
  'cluster.umap': (args: { readonly runId: number; readonly maxPoints?: number }) => ClusterUmapMap;
  /** Stores a cluster or a lasso region (map coordinates) of a run as a selection for 客群 (segments). */
  'cluster.select': (args: { readonly runId: number; readonly cluster?: number; readonly polygon?: readonly (readonly [number, number])[]; readonly label?: string }) => ClusterSelection;

  // ── 客户宽表 (customer wide table) and 标签 (tags): shared/profile, shared/tags ──
  /** Rebuilds customer_profile (one row per ONE_ID, PROFILE_COLUMNS) relative to the as-of date. */
  'profile.build': (args: Record<string, never>) => ProfileBuildResult;
  /** Whether customer_profile exists and still matches the data. */
  'profile.status': (args: Record<string, never>) => ProfileStatus;
  /** Computes every tag and lifecycle group (rebuilding customer_profile first when stale); versioned, with the diff. */
  'tags.run': (args: { readonly settings?: TagSettingsPatch; readonly rebuildProfile?: boolean }) => TagRunResult;
  /** The tag registry with coverage (members per value) in each tag's latest run. */
  'tags.list': (args: { readonly family?: string }) => readonly TagListItem[];
  'tags.runs': (args: { readonly limit?: number }) => readonly TagRunSummary[];
  /** What a run changed: customers in/out per tag value, and a page of them. */
  'tags.changes': (args: { readonly runId: number; readonly tag?: string; readonly value?: string; readonly change?: 'in' | 'out'; readonly offset?: number; readonly limit?: number }) => TagChangePage;
  'tags.members': (args: { readonly tag: string; readonly value?: string; readonly offset?: number; readonly limit?: number }) => TagMemberPage;
  /** Reads the tag settings (RFM weights, lifecycle thresholds …), or saves a patch / the defaults. */
  'tags.settings': (args: { readonly settings?: TagSettingsPatch; readonly reset?: boolean }) => TagSettings;
  'tags.lifecycle': (args: Record<string, never>) => LifecycleOverview;
  'tags.customList': (args: Record<string, never>) => readonly CustomTag[];
  /** Saves a custom rule tag (new when `tag` is absent); it is computed by the next run. */
  'tags.customSave': (args: { readonly tag?: string; readonly zh: string; readonly en: string; readonly definition?: string; readonly rule: CustomTagRule }) => CustomTag;
  'tags.customDelete': (args: { readonly tag: string }) => { readonly deleted: boolean };
  /** Members a rule would have now (count and a sample with reasons), without saving it. */
  'tags.customPreview': (args: { readonly rule: CustomTagRule }) => CustomTagPreview;
  /** Customer 360 of a ONE_ID; personal data masked unless `unmask` carries a reason (audited). */
  'customer.get': (args: { readonly oneId: string; readonly unmask?: { readonly reason: string } }) => Customer360;


  // ── 客群导出 (audience export) and 营销合规 (marketing compliance): shared/export, shared/compliance ──
  /** Saved segments, channel presets, columns, SMS template variables and products to choose from. */
  'export.catalog': (args: Record<string, never>) => ExportCatalog;
  /** Compliance summary (excluded counts by reason, holdout) and a masked sample; writes nothing. */
  'export.preview': (args: AudienceSpec & { readonly headerLanguage?: HeaderLanguage }) => ExportPreview;
  /** Writes the audience file (CSV/XLSX) and its manifest; logs the export and its planned contacts, audited. */
  'export.audience': (args: AudienceExportArgs) => AudienceExportResult;
  /** Past exports, newest first. */
  'export.log': (args: { readonly limit?: number }) => readonly ExportLogEntry[];
  /** Reads the compliance settings, or saves a patch (or the defaults with `reset`) and returns the result. */
  'compliance.settings': (args: { readonly settings?: ComplianceSettingsPatch; readonly reset?: boolean }) => ComplianceSettings;

  // ── 预测建模 (propensity / churn / first-loan models) and 产品推荐 (next-best-product): shared/predict ──
  /** Columns of a table usable as target and features (default table `customer_profile`). */
  'predict.columns': (args: { readonly table?: string }) => TableChoice;
  /** Trains (seeded by the job's seed), evaluates and explains a model on the validation customers; stores it with its card. */
  'predict.train': (args: PredictTrainArgs) => ModelCard;
  'predict.models': (args: { readonly table?: string }) => readonly ModelSummary[];
  'predict.model': (args: { readonly modelId: number }) => ModelCard;
  'predict.delete': (args: { readonly modelId: number }) => { readonly deleted: boolean };
  /** Scores every customer of the model's table into tags `pred_<id>_score` and `pred_<id>_decile` (customer_tag). */
  'predict.score': (args: { readonly modelId: number }) => ScoreResult;
  /** The top `share` (0–1) of a saved segment's members by a scored model, as tag `pred_<id>_top_s<segment>` and a segment rule. */
  'predict.topWithin': (args: { readonly modelId: number; readonly segmentId: number; readonly share: number }) => TopWithinResult;
  /** Association rules and item-based CF over holdings; one recommendation per customer (tag `nbp_product`) with hit rate. */
  'predict.nbp': (args: NbpArgs) => NbpResult;
  'predict.nbpLatest': (args: Record<string, never>) => NbpResult | null;

  // ── 行为分析 (behaviour), 社交裂变/资金网络 (network), 客群经营诊断 (diagnosis): shared/behaviour, shared/network ──
  /** Event counts, names, channels and sessions (new session after `gapMinutes`, default 30) of the event log. */
  'behaviour.overview': (args: { readonly gapMinutes?: number }) => BehaviourOverview;
  /** Ordered funnel within a conversion window, per step and by channel or lifecycle group. */
  'behaviour.funnel': (args: FunnelArgs) => FunnelResult;
  /** Cohort × period retention matrix, periods counted back from the as-of date. */
  'behaviour.retention': (args: RetentionArgs) => RetentionResult;
  /** Most common next events within sessions, as Sankey nodes and links. */
  'behaviour.paths': (args: PathsArgs) => PathsResult;
  /** Rows and customers per event and day or week. */
  'behaviour.trends': (args: TrendsArgs) => TrendsResult;
  /** Decayed interest scores into `bhv_interest_*` tags (value = drift 上升/平稳/下降). */
  'behaviour.interestRun': (args: InterestRunArgs) => InterestRunResult;
  /** One customer's interest scores over the last six months. */
  'behaviour.interestDrift': (args: { readonly oneId: string; readonly halfLifeDays?: number }) => InterestDrift;
  /** What changed (rows, new events, tag members) since the last refresh mark. */
  'behaviour.changes': (args: Record<string, never>) => BehaviourChanges;
  /** Sets the refresh mark to the current state. */
  'behaviour.markRefreshed': (args: Record<string, never>) => { readonly runId: number };
  /** Influence, invitation trees, Louvain communities and social-circle candidates into `net_*` tags (seeded). */
  'network.run': (args: NetworkRunArgs) => NetworkSummary;
  /** The latest network run, or null before the first. */
  'network.summary': (args: Record<string, never>) => NetworkSummary | null;
  /** A person's neighbourhood (the most influential person's when absent), at most `maxNodes` (≤ 300) nodes. */
  'network.neighbourhood': (args: { readonly oneId?: string; readonly hops?: number; readonly maxNodes?: number }) => Neighbourhood;
  /** Channel coverage, scenario penetration, product–group fit and stickiness tiles, each with its segment rule. */
  'diagnosis.overview': (args: DiagnosisArgs) => DiagnosisResult;
  /** The customers behind a tile's rule: count and a masked page. */
  'diagnosis.customers': (args: { readonly rule: SegmentRule; readonly limit?: number }) => DiagnosisCustomers;

  // ── 触达策略 (reach strategy): shared/reach, docs/reach.md ──
  /** Computes the channel habit tags (微信/APP/短信习惯客户, best hour/weekday, fatigue, 全渠道未响应) into customer_tag. */
  'reach.tags': (args: { readonly settings?: ReachTagSettingsPatch }) => ReachTagRunResult;
  /** The latest habit run (priors per channel) and members per reach tag. */
  'reach.summary': (args: Record<string, never>) => ReachHabitSummary;
  /** The built-in first-loan (首贷) journey template. */
  'reach.template': (args: Record<string, never>) => ReachPlan;
  /** Problems of a plan's JSON (path, English and Chinese message); empty when it can run. */
  'reach.validate': (args: { readonly plan: unknown }) => { readonly problems: readonly PlanProblem[] };
  /** Replays a plan on history: deterministic step sizes, with seeded Monte-Carlo intervals on request. */
  'reach.simulate': (args: SimulateArgs) => SimulationResult;
  /** Two plans replayed on the same data, outcome by outcome. */
  'reach.compare': (args: { readonly a: ReachPlan; readonly b: ReachPlan }) => PlanComparison;
  /** Exports a step's deterministic audience through the audience export (preset, compliance, holdout). */
  'reach.exportStep': (args: StepExportArgs) => StepExportResult;
  /** The plan manifest (steps, simulated sizes, the step exports' manifests) for the operations team. */
  'reach.manifest': (args: { readonly plan: ReachPlan }) => { readonly manifest: PlanManifest; readonly bytes: Uint8Array };
  /** Treated vs holdout per exported step, from re-imported touch logs and events, with 95 % intervals. */
  'reach.lift': (args: LiftArgs) => LiftReport;

  // ── 会议材料 (meeting pack) and 配方 (recipes, the monthly re-run): shared/report, shared/recipe ──
  /** The registered sections and whether the workspace can fill each now. */
  'report.sections': (args: Record<string, never>) => readonly ReportSectionInfo[];
  /** The self-contained HTML pack (inline SVG charts, no URL, masked); remembers the options for recipes. */
  'report.build': (args: ReportOptions) => ReportBuildResult;
  /** Adds a chart to the pack (加入报告): its ECharts option, rendered to SVG when the pack is built. */
  'report.pin': (args: { readonly title: string; readonly option: unknown; readonly width?: number; readonly height?: number }) => ReportPin;
  'report.pins': (args: Record<string, never>) => readonly ReportPin[];
  'report.unpin': (args: { readonly pinId: number }) => { readonly deleted: boolean };
  /** The recipe of the open workspace: every step that ran, with its settings (docs/recipes.md). */
  'recipe.capture': (args: { readonly name?: string }) => Recipe;
  /** Reads and checks a recipe file's text. */
  'recipe.parse': (args: { readonly text: string }) => Recipe;
  /** Re-runs a recipe on a new drop in a new workspace: exports, report and the diff against `previous`. */
  'recipe.run': (args: RecipeRunArgs) => RecipeRunResult;
  /** Group members, tag counts and topics of the open workspace, to compare next month's run with. */
  'recipe.snapshot': (args: Record<string, never>) => RecipeSnapshot;
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
