/**
 * Types of behaviour analysis (行为分析: sessions, funnels, retention, paths, trends, dynamic interest tags),
 * social fission and fund-flow networks (社交裂变与资金往来网络) and the 客群经营诊断 overview. Implemented in
 * shared/behaviour and shared/network; every window is relative to the workspace as-of date.
 */
import type { SegmentRule } from './segmentTypes.ts';

/** Canonical channel of an event, from its channel label (shared/identity/channels.ts); `other` when unknown. */
export type EventChannel = 'app' | 'web' | 'official_account' | 'mini_program' | 'branch' | 'call_centre' | 'crm' | 'core' | 'other';

export interface BehaviourOverview {
  readonly asOfDate: string;
  /** Event rows in the workspace, those tied to a customer of customer_profile, and those without a valid time. */
  readonly rows: number;
  readonly owned: number;
  readonly undated: number;
  readonly customers: number;
  /** Event names, most frequent first, with row counts. */
  readonly events: readonly { readonly name: string; readonly rows: number }[];
  readonly channels: readonly { readonly channel: EventChannel; readonly rows: number }[];
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  readonly sessions: SessionSummary;
  /** Milliseconds to load the event store (0 when it was cached). */
  readonly loadMs: number;
}

export interface SessionSummary {
  /** A new session starts after this many minutes without an event. */
  readonly gapMinutes: number;
  readonly sessions: number;
  readonly meanEvents: number;
  /** Mean seconds from the first to the last event of a session. */
  readonly meanSeconds: number;
  /** Mean sessions per customer with at least one event. */
  readonly perCustomer: number;
}

/** `channel`: the channel of the event that started the conversion; `lifecycle`: the customer's lifecycle group. */
export type FunnelGroupBy = 'none' | 'channel' | 'lifecycle';

export interface FunnelArgs {
  /** Event names in order (2–8). */
  readonly steps: readonly string[];
  /** Seconds from the first step within which every later step must happen (default 7 days). */
  readonly windowSeconds?: number;
  /** Analysis period: first steps in (as-of − days, as-of] (default 90). */
  readonly days?: number;
  readonly groupBy?: FunnelGroupBy;
}

export interface FunnelStep {
  readonly event: string;
  /** Customers who reached this step. */
  readonly customers: number;
  /** Share of the previous step's customers (1 for the first step). */
  readonly fromPrevious: number;
  /** Share of the first step's customers. */
  readonly fromFirst: number;
  /** Median seconds from the first step to this one among those who reached it (null for the first step). */
  readonly medianSeconds: number | null;
}

export interface FunnelResult {
  readonly steps: readonly FunnelStep[];
  readonly groups: readonly { readonly key: string; readonly steps: readonly FunnelStep[] }[];
  readonly windowSeconds: number;
  readonly from: string;
  readonly until: string;
  readonly ms: number;
}

export type RetentionPeriod = 'day' | 'week' | 'month';

export interface RetentionArgs {
  /** Event that places a customer in a cohort (first occurrence); any event when absent. */
  readonly cohortEvent?: string;
  /** Event that counts as coming back; any event when absent. */
  readonly returnEvent?: string;
  readonly period?: RetentionPeriod;
  /** Cohorts shown, newest last (default 8). */
  readonly cohorts?: number;
}

export interface RetentionCohort {
  /** First day of the cohort period (`YYYY-MM-DD`). */
  readonly start: string;
  readonly size: number;
  /** Customers coming back k periods later (k = 1 … ); null where that period is after the as-of date. */
  readonly retained: readonly (number | null)[];
}

export interface RetentionResult {
  readonly period: RetentionPeriod;
  /** Days per period (month = 30). */
  readonly periodDays: number;
  readonly cohorts: readonly RetentionCohort[];
  readonly ms: number;
}

export interface PathsArgs {
  /** Paths start at this event (at session starts when absent). */
  readonly start?: string;
  /** Steps after the start (default 3, at most 6). */
  readonly depth?: number;
  /** Next events kept per node; the rest are merged into 其他 (default 5). */
  readonly top?: number;
  readonly gapMinutes?: number;
  readonly days?: number;
}

export interface PathNode {
  /** `level:event`, unique. */
  readonly id: string;
  readonly event: string;
  readonly level: number;
  readonly count: number;
}

export interface PathsResult {
  readonly nodes: readonly PathNode[];
  readonly links: readonly { readonly source: string; readonly target: string; readonly value: number }[];
  /** Paths that started (sessions containing the start event, or all sessions). */
  readonly paths: number;
  readonly ms: number;
}

export interface TrendsArgs {
  /** Event names (all names, top 8 by rows, when absent). */
  readonly events?: readonly string[];
  readonly granularity?: 'day' | 'week';
  /** Days before the as-of date (default 90). */
  readonly days?: number;
}

export interface TrendsResult {
  readonly granularity: 'day' | 'week';
  /** First day of each bucket; weeks start on Monday. */
  readonly buckets: readonly string[];
  readonly series: readonly { readonly event: string; readonly rows: readonly number[]; readonly customers: readonly number[] }[];
}

// ── Dynamic interest tags ──

export interface InterestTopic {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
}

export interface InterestRunArgs {
  /** Days after which an event's weight halves (default 30). */
  readonly halfLifeDays?: number;
  /** Decayed score a customer needs for the tag (default 1). */
  readonly minScore?: number;
}

export interface InterestRunResult {
  readonly runId: number;
  readonly halfLifeDays: number;
  readonly minScore: number;
  /** Customers tagged per topic. */
  readonly topics: readonly (InterestTopic & { readonly customers: number; readonly rising: number; readonly falling: number })[];
  readonly ms: number;
}

export interface InterestDrift {
  readonly oneId: string;
  readonly halfLifeDays: number;
  /** Month ends (as-of and the 5 before, oldest first) at which scores are given. */
  readonly at: readonly string[];
  readonly topics: readonly (InterestTopic & { readonly scores: readonly number[] })[];
  /** Topic with the highest score now, and 90 days ago. */
  readonly topNow: string | null;
  readonly topBefore: string | null;
}

// ── What changed since the last refresh ──

export interface RefreshDelta {
  readonly table: string;
  readonly before: number;
  readonly now: number;
}

export interface BehaviourChanges {
  /** When the last refresh mark was set (ISO), null before the first. */
  readonly since: string | null;
  readonly asOfBefore: string | null;
  readonly asOfNow: string | null;
  readonly tables: readonly RefreshDelta[];
  /** New event rows per event name since the mark, most first. */
  readonly newEvents: readonly { readonly name: string; readonly rows: number }[];
  /** Tag members before and now for behaviour and network tags whose count changed. */
  readonly tags: readonly { readonly tag: string; readonly zh: string; readonly before: number; readonly now: number }[];
}

// ── Network ──

export type RelationKind = 'invite' | 'share' | 'transfer' | 'other';

export interface NetworkRunArgs {
  /** Louvain resolution (default 1). */
  readonly resolution?: number;
}

export interface InvitationGeneration {
  readonly generation: number;
  readonly invited: number;
  readonly converted: number;
}

export interface NetworkNodeRow {
  readonly oneId: string;
  /** Masked name of a customer; null for a person who is not (yet) a customer. */
  readonly name: string | null;
  readonly isCustomer: boolean;
  readonly pagerank: number;
  readonly invites: number;
  readonly shares: number;
  readonly downstream: number;
  readonly downstreamConverted: number;
  readonly community: number | null;
  readonly reason: string;
}

export interface CommunityRow {
  readonly community: number;
  readonly size: number;
  readonly customers: number;
  /** Transfer amount inside the community, fen. */
  readonly transferFen: number;
  /** Most common relation kind inside the community. */
  readonly kind: RelationKind;
}

export interface NetworkSummary {
  readonly runId: number;
  readonly at: string;
  readonly nodes: number;
  readonly customers: number;
  readonly edges: Readonly<Record<RelationKind, number>>;
  /** People in the relation log whom no identity maps (prospects), kept as nodes named by a hash. */
  readonly unresolved: number;
  readonly trees: { readonly count: number; readonly maxDepth: number; readonly maxBreadth: number; readonly generations: readonly InvitationGeneration[] };
  readonly communities: { readonly count: number; readonly modularity: number; readonly top: readonly CommunityRow[] };
  readonly influencers: readonly NetworkNodeRow[];
  readonly potentialHighValue: readonly NetworkNodeRow[];
  readonly potentialLoyal: readonly NetworkNodeRow[];
  /** Tag members written. */
  readonly tags: Readonly<Record<string, number>>;
  readonly ms: number;
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly isCustomer: boolean;
  readonly community: number | null;
  readonly pagerank: number;
  /** Hops from the centre. */
  readonly hop: number;
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly kind: RelationKind;
  readonly count: number;
  readonly amountFen: number;
}

export interface Neighbourhood {
  readonly centre: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** True when nodes were left out to stay under `maxNodes`. */
  readonly truncated: boolean;
}

// ── 客群经营诊断 ──

export type DiagnosisSection = 'channel' | 'scenario' | 'productFit' | 'stickiness';

export interface DiagnosisTile {
  readonly id: string;
  readonly section: DiagnosisSection;
  readonly zh: string;
  readonly en: string;
  /** Customers behind the tile and the share of the base. */
  readonly customers: number;
  readonly share: number;
  /** A mean (active days, products …) for stickiness tiles, else null. */
  readonly mean: number | null;
  /** Group rate ÷ overall rate × 100, for product–group fit tiles. */
  readonly index: number | null;
  /** The customers behind the tile as a segment rule (drill-down, "save as segment"). */
  readonly rule: SegmentRule;
}

export interface DiagnosisArgs {
  /** Restricts the base to a saved segment's members. */
  readonly segmentId?: number;
}

export interface DiagnosisResult {
  readonly base: number;
  readonly asOfDate: string | null;
  readonly tiles: readonly DiagnosisTile[];
  /** Product–group fit matrix: groups × products holding rate. */
  readonly fit: {
    readonly products: readonly { readonly key: string; readonly zh: string; readonly en: string }[];
    readonly groups: readonly { readonly key: string; readonly zh: string; readonly en: string; readonly size: number; readonly rates: readonly number[] }[];
    readonly overall: readonly number[];
  };
  readonly ms: number;
}

export interface DiagnosisCustomer {
  readonly oneId: string;
  readonly name: string;
  readonly ageBand: string | null;
  readonly city: string | null;
  readonly aumFen: number | null;
  readonly productCount: number | null;
}

export interface DiagnosisCustomers {
  readonly count: number;
  readonly rows: readonly DiagnosisCustomer[];
}
