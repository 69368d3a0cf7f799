/** Types of the tag system (`tags.*`, shared/tags) and the customer 360 page (`customer.*`). */
import type { ProfileBuildResult } from './profileTypes.ts';

/** Families of the built-in tags; other modules may register tags under families of their own. */
export const TAG_FAMILIES = ['basic', 'relationship', 'interest', 'value', 'risk', 'marketing', 'lifecycle', 'custom'] as const;
export type BuiltinTagFamily = (typeof TAG_FAMILIES)[number];

/** One entry of the tag registry (`tag_def`). */
export interface TagDefinition {
  /** Unique, stable, ASCII snake_case (`lifecycle_churn_risk`). */
  readonly key: string;
  /** Unique display names. */
  readonly zh: string;
  readonly en: string;
  readonly family: string;
  /** Owning module (`tags`, `reach`, `text` …). */
  readonly module: string;
  /** How the tag is computed, in words an analyst reads. */
  readonly definition: string;
  /** Provenance: the tables and columns it reads (`customer_profile.aum_fen`, `transactions.merchant` …). */
  readonly inputs: readonly string[];
  readonly version: number;
}

/** A registry entry with its coverage in the latest run that wrote it. */
export interface TagListItem extends TagDefinition {
  readonly runId: number | null;
  /** When the run that wrote the current members finished, and its as-of date (null for other modules' tags). */
  readonly computedAt: string | null;
  readonly asOf: string | null;
  readonly members: number;
  /** Members per value, most first (at most 20). */
  readonly values: readonly { readonly value: string; readonly members: number }[];
}

export const LIFECYCLE_GROUPS = ['high_potential', 'first_purchase', 'repeat_purchase', 'high_frequency', 'stable_dormant', 'churn_risk'] as const;
export type LifecycleGroupKey = (typeof LIFECYCLE_GROUPS)[number];

/**
 * Thresholds of the lifecycle presets (标签 → 生命周期). Windows are days before the as-of date; quantiles are
 * taken over the customers of the workspace, so the presets adapt to a bank's own activity levels.
 */
export interface LifecycleSettings {
  /** A customer joins the first group of this order whose rule holds (groups are exclusive). */
  readonly order: readonly LifecycleGroupKey[];
  readonly stableDormant: {
    /** No customer-initiated transaction for at least this many days. */
    readonly minInactiveDays: number;
    /** Balance still held ("not gone"), yuan. */
    readonly minAumYuan: number;
    readonly minTenureMonths: number;
  };
  readonly churnRisk: {
    /** Money moved to other banks in 90 days marks churn risk on its own when at least this much (yuan). */
    readonly outflowMinYuan: number;
    /** Activity decay: transactions in the last 90 days at most this share of the 90 days before. */
    readonly decayRatio: number;
    readonly decayMinPrevTxns: number;
    /** Payroll counts as stopped after this many days without it (with at least 2 payroll months in the year). */
    readonly salaryGapDays: number;
    /** AUM fell by at least this share in 90 days. */
    readonly aumDropShare: number;
    /** P(alive) below this is a signal. */
    readonly pAliveBelow: number;
    /** Signals needed without an outflow (decay, payroll stopped, complaint, AUM drop, low P(alive)). */
    readonly minSignals: number;
  };
  readonly firstPurchase: { readonly withinDays: number };
  readonly repeatPurchase: { readonly minPurchases: number; readonly withinDays: number };
  readonly highFrequency: {
    /** Active transaction days in 365 at or above this quantile of the customers active in that year. */
    readonly activeDaysQuantile: number;
    readonly minActiveDays: number;
  };
  readonly highPotential: {
    /** Annual income at or above this quantile of the customers' incomes. */
    readonly incomeQuantile: number;
    /** Investments held at most this much (yuan): little held at the bank for what they earn. */
    readonly maxInvestmentYuan: number;
    /** Some sign of life: a customer-initiated transaction or an event within this many days. */
    readonly activeWithinDays: number;
  };
}

export interface TagSettings {
  readonly rfm: {
    /** Weights of the R, F and M quintile scores in the combined score; SPSS's default is 100/10/1 (a 3-digit code). */
    readonly weights: readonly [number, number, number];
  };
  readonly value: {
    /** CLV horizon in months. */
    readonly clvMonths: number;
    /** Share of a transaction's amount the bank earns (fees, interchange): turns expected spending into value. */
    readonly margin: number;
    readonly monthlyDiscount: number;
    /** Annual earnings per yuan of AUM and of loans, for the contribution estimate. */
    readonly aumSpread: number;
    readonly loanSpread: number;
    /** Customers sampled (seeded) to fit BG/NBD and Gamma-Gamma; all are scored. */
    readonly fitSample: number;
  };
  /** An interest needs the category among the customer's top 3 by spending and this many transactions in 365 days. */
  readonly interest: { readonly minTransactions: number };
  readonly risk: { readonly outflowMinYuan: number; readonly dormantGapDays: number; readonly reactivatedWithinDays: number };
  readonly marketing: { readonly fatigueTouches30d: number; readonly unresponsiveMinSends: number };
  readonly lifecycle: LifecycleSettings;
}

export type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type TagSettingsPatch = DeepPartial<TagSettings>;

export interface TagDiff {
  readonly tag: string;
  readonly value: string;
  readonly before: number;
  readonly after: number;
  readonly joined: number;
  readonly left: number;
}

/** Fitted value models of a run (docs/tags.md "Value models"). */
export interface ValueModelSummary {
  readonly customers: number;
  readonly fitted: number;
  readonly bgnbd: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number; readonly logLik: number; readonly iterations: number } | null;
  readonly gammaGamma: { readonly p: number; readonly q: number; readonly gamma: number; readonly logLik: number; readonly iterations: number } | null;
}

export interface TagRunSummary {
  readonly runId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly asOf: string;
  readonly status: string;
  readonly ms: number | null;
  readonly prevRunId: number | null;
  readonly customers: number;
  /** Tag rows written (members over all tags). */
  readonly rows: number;
  readonly lifecycle: Readonly<Record<string, number>>;
}

export interface TagRunResult extends TagRunSummary {
  readonly diff: readonly TagDiff[];
  /** The wide table build this run made first (null when it was up to date). */
  readonly profile: ProfileBuildResult | null;
  readonly model: ValueModelSummary;
  /** Milliseconds per step. */
  readonly steps: Readonly<Record<string, number>>;
}

export interface TagMember {
  readonly oneId: string;
  readonly value: string | null;
  readonly reason: string | null;
}

export interface TagMemberPage {
  readonly tag: string;
  readonly runId: number | null;
  readonly total: number;
  readonly rows: readonly TagMember[];
}

export interface TagChangePage {
  readonly runId: number;
  readonly prevRunId: number | null;
  readonly summary: readonly TagDiff[];
  readonly total: number;
  readonly rows: readonly { readonly tag: string; readonly value: string; readonly change: 'in' | 'out'; readonly oneId: string }[];
}

export interface LifecycleGroupSize {
  readonly group: LifecycleGroupKey;
  readonly tag: string;
  readonly zh: string;
  readonly en: string;
  readonly members: number;
}

export interface LifecycleOverview {
  readonly runId: number | null;
  readonly customers: number;
  readonly groups: readonly LifecycleGroupSize[];
  readonly settings: LifecycleSettings;
}

/** A condition of a custom rule tag (docs/tags.md "Custom rule tags"). */
export type TagCondition =
  | {
      readonly kind: 'column';
      /** A customer_profile column. */
      readonly column: string;
      readonly op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'contains' | 'empty' | 'notEmpty';
      readonly value?: string | number | readonly (string | number)[];
    }
  | {
      readonly kind: 'behaviour';
      readonly table: 'transactions' | 'events' | 'touches' | 'notes';
      /** Window: the last `days` days up to the as-of date. */
      readonly days: number;
      /** At least this many rows in the window. */
      readonly min: number;
      /** Optional filter on a column of the fact table (text contains). */
      readonly column?: string;
      readonly contains?: string;
    }
  | { readonly kind: 'tag'; readonly tag: string; readonly value?: string; readonly negate?: boolean };

export interface CustomTagRule {
  readonly match: 'all' | 'any';
  readonly conditions: readonly TagCondition[];
}

export interface CustomTag {
  readonly tag: string;
  readonly zh: string;
  readonly en: string;
  readonly definition: string;
  readonly rule: CustomTagRule;
  /** The registry version: 1 when created, one more each time the rule or the definition is edited. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomTagPreview {
  readonly count: number;
  readonly customers: number;
  readonly sample: readonly TagMember[];
  /** The WHERE clause the rule compiles to (for the curious analyst). */
  readonly sql: string;
}

/** Customer 360 (客户360): one person across channels. */
export interface Customer360 {
  readonly oneId: string;
  readonly found: boolean;
  /** Identifiers by channel, masked unless revealed. */
  readonly identifiers: readonly { readonly channel: string; readonly source: string; readonly type: string; readonly value: string }[];
  /** Profile columns: name, value (masked where personal), label. */
  readonly profile: readonly { readonly column: string; readonly zh: string; readonly en: string; readonly family: string; readonly value: string | number | null }[];
  readonly tags: readonly { readonly tag: string; readonly zh: string; readonly en: string; readonly family: string; readonly value: string | null; readonly reason: string | null; readonly runId: number }[];
  readonly lifecycle: { readonly group: string; readonly zh: string; readonly en: string; readonly reason: string | null } | null;
  readonly scores: { readonly rfmR: number | null; readonly rfmF: number | null; readonly rfmM: number | null; readonly rfmScore: number | null; readonly expTxn12m: number | null; readonly pAlive: number | null; readonly clv12mFen: number | null; readonly contributionFen: number | null } | null;
  /** Newest first: transactions, events, touches and notes (at most `limit`). */
  readonly timeline: readonly { readonly time: string; readonly kind: 'transaction' | 'event' | 'touch' | 'note'; readonly title: string; readonly detail: string; readonly amountFen: number | null }[];
  /** Month (YYYY-MM) series for the charts: inflow, outflow, transactions, events. */
  readonly monthly: readonly { readonly month: string; readonly inFen: number; readonly outFen: number; readonly txns: number; readonly events: number }[];
  readonly masked: boolean;
}
