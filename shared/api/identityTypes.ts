/**
 * Types of the ONE_ID (identity resolution) engine methods: settings, run summary, channel overlap, a person's
 * identity graph, search and the review queue. Implemented in shared/identity; documented in docs/identity.md.
 */
import type { CellValue } from './engineApi.ts';

/**
 * Identifier types resolution links on, strongest first by default. ID documents are split by kind so each is
 * checked by its own rules (身份证, 外国人永久居留身份证, 护照, 港澳通行证, 台湾通行证, 统一社会信用代码).
 */
export type IdentifierType =
  | 'cust_no'
  | 'id_card'
  | 'foreign_permanent'
  | 'passport'
  | 'hk_macau_permit'
  | 'taiwan_permit'
  | 'uscc'
  | 'card_no'
  | 'unionid'
  | 'app_user_id'
  | 'phone'
  | 'email'
  | 'openid'
  | 'device_id'
  | 'cookie_id';

/** Where a person was seen. `core` is the core-banking customer file; touches (outbound messages) count nowhere. */
export type IdentityChannel = 'core' | 'branch' | 'app' | 'web' | 'official_account' | 'mini_program' | 'crm' | 'call_centre' | 'other';

export interface IdentifierRule {
  /** Lower links first; a value is judged against the persons formed by stronger identifiers. */
  readonly priority: number;
  /**
   * Most persons (components already identified by a stronger identifier) one value may join. More → the value
   * does not link: up to `cap + reviewSlack` persons the pairs go to review, beyond that it is reported as
   * over-shared. A phone with cap 3 may be a family's; a device with cap 1 seen on two customers is shared.
   */
  readonly cap: number;
  /** A value on more records than this is over-shared whatever the persons (a call-centre number). */
  readonly maxRecords: number;
  readonly enabled: boolean;
}

export interface IdentitySettings {
  readonly rules: Readonly<Record<IdentifierType, IdentifierRule>>;
  /** Persons above a cap that still go to review rather than being reported as over-shared (default 1). */
  readonly reviewSlack: number;
  /** Probabilistic pairs with a match weight (log2 odds) at or above this link automatically (default 8). */
  readonly linkWeight: number;
  /** … and those from this weight up to `linkWeight` wait in the review queue (default 3). */
  readonly reviewWeight: number;
  /** Run the Fellegi–Sunter stage on weak fields (default true). */
  readonly probabilistic: boolean;
  /** Blocks larger than this are skipped (counted in the summary), so one common name cannot explode (default 400). */
  readonly maxBlockSize: number;
  /** Upper bound on EM iterations (default 50). */
  readonly emIterations: number;
}

/** Settings with every part optional, as the UI or CLI sends changes. */
export interface IdentitySettingsPatch {
  readonly rules?: Partial<Readonly<Record<IdentifierType, Partial<IdentifierRule>>>>;
  readonly reviewSlack?: number;
  readonly linkWeight?: number;
  readonly reviewWeight?: number;
  readonly probabilistic?: boolean;
  readonly maxBlockSize?: number;
  readonly emIterations?: number;
}

export type IdentityRunMode = 'full' | 'incremental';

export interface IdentityRunArgs {
  /** `incremental` resolves only records imported since the last run against the saved index (default `full`). */
  readonly mode?: IdentityRunMode;
  /** Saved as the workspace's identity settings before the run. */
  readonly settings?: IdentitySettingsPatch;
}

export type IssueKind = 'invalid' | 'over_shared' | 'over_cap' | 'conflict' | 'ambiguous';

export interface IssueCount {
  readonly kind: IssueKind;
  readonly idType: IdentifierType | null;
  /** Issue rows (distinct values or pairs). */
  readonly count: number;
  /** Records concerned. */
  readonly records: number;
}

export interface SourceSummary {
  readonly source: string;
  readonly channel: IdentityChannel | null;
  readonly records: number;
  readonly persons: number;
  /** Share of this source's records whose person also has a record from another source, 0–1. */
  readonly linkedShare: number;
}

export interface IdentitySummary {
  readonly runId: number;
  readonly mode: IdentityRunMode;
  readonly seed: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly records: number;
  readonly persons: number;
  /** 1 − persons / records: how much the records collapsed. */
  readonly mergeRate: number;
  readonly bySource: readonly SourceSummary[];
  /** How records joined their person: `source_key`, an identifier type, `probabilistic`, `review`. */
  readonly linksByMethod: readonly { readonly method: string; readonly links: number }[];
  readonly review: { readonly pending: number; readonly accepted: number; readonly rejected: number };
  readonly issues: readonly IssueCount[];
  readonly history: { readonly newIds: number; readonly merges: number; readonly splits: number };
  /** Fellegi–Sunter model of the run (null when the stage did not run). */
  readonly model: FsModelSummary | null;
  /** Milliseconds per step. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface FsFieldSummary {
  readonly field: string;
  readonly levels: readonly string[];
  /** P(level | match) per level. */
  readonly m: readonly number[];
  /** P(level | non-match) per level. */
  readonly u: readonly number[];
}

export interface FsModelSummary {
  /** Share of candidate pairs that match (λ). */
  readonly lambda: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly candidatePairs: number;
  readonly skippedBlocks: number;
  readonly fields: readonly FsFieldSummary[];
}

export interface ChannelOverlap {
  readonly channels: readonly { readonly channel: IdentityChannel; readonly persons: number }[];
  /** Persons seen in exactly this set of channels (UpSet rows), largest first. */
  readonly intersections: readonly { readonly channels: readonly IdentityChannel[]; readonly persons: number }[];
  readonly persons: number;
}

/** A record as stored in identity_map: its source and its id there. */
export interface IdentityRecordRef {
  readonly source: string;
  readonly recordId: string;
}

export interface IdentifierView {
  readonly type: IdentifierType;
  /** Masked unless revealed with a reason. */
  readonly value: string;
}

export interface PersonRecord {
  readonly source: string;
  readonly recordId: string;
  readonly channel: IdentityChannel | null;
  readonly method: string;
  readonly weight: number | null;
  readonly identifiers: readonly IdentifierView[];
  /** Weak fields (name, birth date, area, e-mail), masked unless revealed. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface PersonEdge {
  readonly a: number;
  readonly b: number;
  /** `deterministic`, `probabilistic` or `review`. */
  readonly method: string;
  readonly idType: IdentifierType | null;
  readonly weight: number | null;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface PersonGraph {
  readonly oneId: string;
  /** Older ids merged into this one. */
  readonly aliases: readonly string[];
  readonly records: readonly PersonRecord[];
  /** Edges between `records` (indexes): the link that brought each record in. */
  readonly edges: readonly PersonEdge[];
  readonly history: readonly { readonly event: string; readonly otherId: string | null; readonly runId: number; readonly at: string }[];
  readonly masked: boolean;
}

export interface SearchHit {
  readonly oneId: string;
  readonly matchedType: IdentifierType | 'one_id' | 'alias' | 'record';
  readonly source: string | null;
  readonly recordId: string | null;
}

export type ReviewStatus = 'pending' | 'accepted' | 'rejected';
export type ReviewDecision = 'accept' | 'reject' | 'split';

export interface ReviewSide {
  readonly source: string;
  readonly recordId: string;
  readonly oneId: string | null;
  readonly identifiers: readonly IdentifierView[];
  readonly fields: Readonly<Record<string, string>>;
}

export interface FieldEvidence {
  readonly field: string;
  readonly level: string;
  /** log2(m / u) of the level. */
  readonly weight: number;
}

export interface ReviewItem {
  readonly reviewId: number;
  readonly kind: 'probabilistic' | 'over_cap';
  readonly idType: IdentifierType | null;
  readonly weight: number | null;
  readonly status: ReviewStatus;
  readonly a: ReviewSide;
  readonly b: ReviewSide;
  readonly evidence: readonly FieldEvidence[];
  readonly detail: Readonly<Record<string, CellValue>>;
}

export interface ReviewPage {
  readonly total: number;
  readonly offset: number;
  readonly items: readonly ReviewItem[];
  readonly masked: boolean;
}

export interface IssueRow {
  readonly kind: IssueKind;
  readonly idType: IdentifierType | null;
  readonly code: string | null;
  readonly source: string | null;
  readonly recordId: string | null;
  readonly value: string | null;
  readonly records: number;
  readonly persons: number | null;
}

export interface IssuePage {
  readonly runId: number | null;
  readonly total: number;
  readonly rows: readonly IssueRow[];
}

export interface ReviewApplyResult {
  readonly applied: number;
  readonly unchanged: number;
  /** Rows that could not be applied, with their 1-based line in the file. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}
