/**
 * Types of the segment builder (人群圈选): the rule tree saved with every segment, the builder's catalogue of
 * what a rule may refer to, live counts, read-back sentences, versions, set operations, overlap and the
 * why-in/why-out trace. Implemented in shared/segments over the columnar layer in shared/analytics; the rule
 * JSON format is documented in README.md, section "Segment rules".
 */

/** A comparison on one column of the customer wide table `customer_profile`. */
export type AttrOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'between' | 'in' | 'not_in' | 'is_null' | 'not_null' | 'within_days' | 'contains';

/** Comparisons on a behaviour count. */
export type CountOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'between';

/** Where behaviour comes from: 行为事件 (app/web/branch events), 营销触达 (touch log), 交易流水. */
export type BehaviorSource = 'events' | 'touches' | 'transactions';

export type RuleScalar = string | number | boolean;
export type RuleValue = RuleScalar | readonly RuleScalar[];

export interface AndRule {
  readonly type: 'and';
  readonly rules: readonly SegmentRule[];
}
export interface OrRule {
  readonly type: 'or';
  readonly rules: readonly SegmentRule[];
}
export interface NotRule {
  readonly type: 'not';
  readonly rule: SegmentRule;
}

/**
 * `value` by op: a number, text, date (`YYYY-MM-DD`) or boolean for `=`…`<=`; `[low, high]` (inclusive) for
 * `between`; a list for `in` / `not_in`; days for `within_days` (date in (as-of − N days, as-of]); text for
 * `contains`; none for `is_null` / `not_null`. Money columns (`*_fen`) take **yuan** (元) in rules. A missing
 * value matches no comparison (only `is_null`).
 */
export interface AttrRule {
  readonly type: 'attr';
  readonly column: string;
  readonly op: AttrOp;
  readonly value?: RuleValue;
}

/** Has the tag (latest run of it); with `values`, one of those values. */
export interface TagRule {
  readonly type: 'tag';
  readonly tag: string;
  readonly values?: readonly string[];
}

/** Belongs to a lifecycle group (生命周期分组, e.g. `churn_risk` 易流失客户). */
export interface LifecycleRule {
  readonly type: 'lifecycle';
  readonly group: string;
}

/** In one of the clusters of a clustering run (the latest run when `run` is absent). */
export interface ClusterRule {
  readonly type: 'cluster';
  readonly run?: number;
  readonly clusters: readonly number[];
}

/**
 * In a saved selection of a clustering run over customers (`cluster_selection`: a cluster or a lasso region of
 * the 2-D map, stored by `cluster.select`), by selection id. Selections never change once saved.
 */
export interface SelectionRule {
  readonly type: 'selection';
  readonly selection: number;
}

/** A member of another saved segment (its latest version), by id or by name. */
export interface SegmentRefRule {
  readonly type: 'segment';
  readonly segment: number | string;
}

/**
 * Rows of a behaviour table in the window (as-of − `days`, as-of], filtered by `where` (column → accepted values,
 * all columns must match), measured per customer as a row count or as distinct days, compared with `op`/`value`.
 * Customers without any such row count 0, so `{"op": "=", "value": 0}` reads "近N天未…".
 */
export interface BehaviorRule {
  readonly type: 'behavior';
  readonly source: BehaviorSource;
  readonly where?: Readonly<Record<string, readonly string[]>>;
  readonly days: number;
  readonly measure?: 'count' | 'days';
  readonly op: CountOp;
  readonly value: number | readonly [number, number];
}

export type ConditionRule = AttrRule | TagRule | LifecycleRule | ClusterRule | SelectionRule | SegmentRefRule | BehaviorRule;
export type SegmentRule = AndRule | OrRule | NotRule | ConditionRule;

/** Why a rule cannot run, with the path of the node in the tree (`rules[1].rule`). */
export type RuleProblemCode =
  | 'SHAPE'
  | 'EMPTY_GROUP'
  | 'UNKNOWN_COLUMN'
  | 'COLUMN_MISSING'
  | 'PII_COLUMN'
  | 'BAD_VALUE'
  | 'BAD_OP'
  | 'UNKNOWN_TAG'
  | 'UNKNOWN_LIFECYCLE'
  | 'UNKNOWN_CLUSTER_RUN'
  | 'UNKNOWN_CLUSTER'
  | 'UNKNOWN_SELECTION'
  | 'UNKNOWN_SEGMENT'
  | 'SEGMENT_CYCLE'
  | 'UNKNOWN_BEHAVIOR_COLUMN'
  | 'NO_AS_OF'
  | 'NO_PROFILE'
  | 'TOO_DEEP';

export interface RuleProblem {
  readonly code: RuleProblemCode;
  /** Path of the offending node from the root, e.g. `rules[0].rules[2]`; '' for the root. */
  readonly path: string;
  /** What is wrong and where, in English (the CLI prints it after the Chinese). */
  readonly message: string;
  /** The same in Chinese, naming the condition as the builder shows it. */
  readonly zh: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** One piece of the read-back sentence; conditions carry their path so the UI can highlight them. */
export interface ReadBack {
  readonly zh: string;
  readonly en: string;
}

export interface CountResult {
  readonly count: number;
  /** Customers in the universe (rows of customer_profile). */
  readonly total: number;
  /** Milliseconds spent evaluating (after the analytics layer was loaded). */
  readonly ms: number;
  /** Milliseconds spent loading data the rule needed for the first time (0 when cached). */
  readonly loadMs: number;
  readonly engine: 'columnar' | 'sql';
  readonly readBack: ReadBack;
  /** Members shared with each saved segment (its latest version), largest first. */
  readonly overlaps: readonly SegmentOverlap[];
}

export interface SegmentOverlap {
  readonly segmentId: number;
  readonly name: string;
  readonly size: number;
  readonly shared: number;
}

/** Result of a count whose rule has problems: nothing was evaluated. */
export interface RuleRejected {
  readonly problems: readonly RuleProblem[];
}

export type CountOutcome = ({ readonly ok: true } & CountResult) | ({ readonly ok: false } & RuleRejected);

export interface SegmentVersionInfo {
  readonly version: number;
  readonly count: number;
  readonly asOf: string | null;
  readonly refreshedAt: string;
  /** Members not in the previous version (null for the first). */
  readonly joined: number | null;
  /** Members of the previous version no longer in this one (null for the first). */
  readonly left: number | null;
  /** `created`, `edited` (rule changed) or `refreshed` (same rule, newer data). */
  readonly reason: 'created' | 'edited' | 'refreshed';
  readonly rule: SegmentRule;
}

export interface SegmentSummary {
  readonly segmentId: number;
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly count: number;
  readonly asOf: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The data changed since the latest version was computed: a refresh may change the members. */
  readonly stale: boolean;
  readonly readBack: ReadBack;
}

export interface SegmentDetail extends SegmentSummary {
  readonly rule: SegmentRule;
  readonly versions: readonly SegmentVersionInfo[];
  /** Problems of the rule against the current data (a tag or column deleted since it was saved). */
  readonly problems: readonly RuleProblem[];
}

export interface SaveSegmentArgs {
  /** Absent: a new segment. Present: a new version of that segment (rule or name changed). */
  readonly segmentId?: number;
  readonly name: string;
  readonly description?: string;
  readonly rule: SegmentRule;
}

export interface RefreshResult {
  readonly segmentId: number;
  /** False when the data had not changed since the latest version (no new version written). */
  readonly changed: boolean;
  readonly version: SegmentVersionInfo;
}

export type SetOperation = 'union' | 'intersection' | 'difference';

export interface SetOpResult {
  readonly op: SetOperation;
  readonly segmentIds: readonly number[];
  readonly count: number;
  /** The equivalent rule, so the result can be saved as a segment of its own. */
  readonly rule: SegmentRule;
  readonly readBack: ReadBack;
}

/** Sizes of every non-empty exclusive intersection of up to 6 saved segments, for an UpSet chart. */
export interface UpSetData {
  readonly sets: readonly { readonly segmentId: number; readonly name: string; readonly size: number }[];
  /** `mask` bit i set = member of sets[i] and of no set whose bit is clear; sorted by size, largest first. */
  readonly intersections: readonly { readonly mask: number; readonly size: number }[];
  readonly universe: number;
}

export interface WhyCondition {
  readonly path: string;
  readonly readBack: ReadBack;
  readonly matched: boolean;
  /** The customer's own value(s) behind the verdict (e.g. `35`, `上海`, `4 次`), masked when personal. */
  readonly actual: string;
}

export interface WhyTrace {
  readonly oneId: string;
  readonly custNo: string | null;
  readonly inSegment: boolean;
  /** Every condition of the rule in tree order, with the group verdicts. */
  readonly conditions: readonly WhyCondition[];
  readonly groups: readonly { readonly path: string; readonly type: 'and' | 'or' | 'not'; readonly matched: boolean }[];
}

export interface CatalogColumn {
  readonly name: string;
  readonly type: 'text' | 'int' | 'real' | 'money' | 'date' | 'bool';
  readonly family: string;
  readonly zh: string;
  readonly en: string;
  readonly definition: string;
}

export interface CatalogTag {
  readonly tag: string;
  readonly zh: string;
  readonly en: string;
  readonly family: string;
  /** Customers with the tag, when its members are loaded (null until then). */
  readonly customers: number | null;
}

export interface CatalogCluster {
  readonly runId: number;
  readonly label: string;
  readonly clusters: readonly { readonly cluster: number; readonly name: string; readonly size: number }[];
}

export interface CatalogBehavior {
  readonly source: BehaviorSource;
  readonly zh: string;
  readonly en: string;
  /** Rows tied to a customer (null until the behaviour index is loaded). */
  readonly rows: number | null;
  /** Columns a condition may filter on, with their most frequent values (up to 200 each; empty until loaded). */
  readonly columns: readonly { readonly column: string; readonly zh: string; readonly en: string; readonly values: readonly { readonly value: string; readonly rows: number }[] }[];
}

/** Everything the builder offers; built from the workspace without loading customer rows. */
export interface SegmentCatalog {
  readonly profileBuilt: boolean;
  readonly customers: number;
  readonly asOfDate: string | null;
  readonly columns: readonly CatalogColumn[];
  readonly tags: readonly CatalogTag[];
  readonly lifecycle: readonly CatalogTag[];
  readonly clusterRuns: readonly CatalogCluster[];
  readonly segments: readonly { readonly segmentId: number; readonly name: string; readonly count: number }[];
  readonly behaviors: readonly CatalogBehavior[];
  /** The behaviour index is loaded, so `behaviors` lists values. */
  readonly behaviorLoaded: boolean;
}

/** The most frequent values of a text column, or the range of a numeric one, for the condition editor. */
export interface ColumnValues {
  readonly column: string;
  readonly values: readonly { readonly value: string; readonly count: number }[];
  readonly min: number | null;
  readonly max: number | null;
  readonly missing: number;
}
