/**
 * Types of 触达策略 (reach strategy, shared/reach): channel habit tags computed from the touch log, the reach plan
 * (journey) JSON format documented in docs/reach.md, the simulation of a plan on history, per-step audience
 * exports with the plan manifest, and the treated-vs-holdout lift report.
 */
import type { SegmentRule } from './segmentTypes.ts';
import type { AudienceExportResult, ExportFormat, ExportManifest, ExportPreset, SegmentRef } from './exportTypes.ts';

/** Channels a plan can send on: APP push, SMS, WeChat 公众号 template message, 小程序, outbound call, e-mail. */
export const REACH_CHANNELS = ['push', 'sms', 'wechat', 'mini', 'call', 'email'] as const;
export type ReachChannel = (typeof REACH_CHANNELS)[number];

/** What a customer did after a send; each includes the ones after it (a login implies an open). */
export const REACH_ACTIONS = ['open', 'click', 'login', 'convert'] as const;
export type ReachAction = (typeof REACH_ACTIONS)[number];

/** Settings of the habit-tag run (`reach.tags`); every field has a default (docs/reach.md). */
export interface ReachTagSettings {
  /** History window for rates, days before the as-of date (default 730). */
  readonly historyDays: number;
  /** A message's weight halves every this many days before the customer's latest message (default 365): newer habits count more. */
  readonly halfLifeDays: number;
  /** Fatigue window, days before the as-of date (default 30). */
  readonly fatigueDays: number;
  /** Sends on one channel within the fatigue window that mark it fatigued (default 3). */
  readonly fatigueSends: number;
  /** A preferred channel needs at least this posterior probability of answering better than every other channel tried (default 0.8). */
  readonly preferMinProbability: number;
  /** 全渠道未响应: at least this many messages (default 1) on at least `unreachableMinChannels` channels (default 1), none answered, no own login. */
  readonly unreachableMinSends: number;
  readonly unreachableMinChannels: number;
}

export interface ReachTagSettingsPatch {
  readonly historyDays?: number;
  readonly halfLifeDays?: number;
  readonly fatigueDays?: number;
  readonly fatigueSends?: number;
  readonly preferMinProbability?: number;
  readonly unreachableMinSends?: number;
  readonly unreachableMinChannels?: number;
}

/** The empirical-Bayes prior of one channel: Beta(alpha, beta) fitted over customers sent on it. */
export interface ChannelPrior {
  readonly channel: ReachChannel;
  readonly alpha: number;
  readonly beta: number;
  /** alpha / (alpha + beta): the channel's average response rate per message. */
  readonly mean: number;
  readonly customers: number;
  readonly messages: number;
  readonly responses: number;
  /** Of the answered messages, the share that went on to each action (open = 1): how a wait for a click or login discounts the rate. */
  readonly actionShare: Readonly<Record<ReachAction, number>>;
}

export interface ReachTagRunResult {
  readonly runId: number;
  readonly asOfDate: string;
  readonly settings: ReachTagSettings;
  readonly priors: readonly ChannelPrior[];
  /** Customers with at least one message in the history window. */
  readonly customersWithHistory: number;
  /** Touch rows read, and those that belong to no customer of the workspace (prospects, unknown identifiers). */
  readonly touchRows: number;
  readonly unownedRows: number;
  /** Rows whose channel or action text was not recognised (counted, not used). */
  readonly unknownChannelRows: number;
  readonly unknownActionRows: number;
  /** Members per tag key. */
  readonly tagCounts: Readonly<Record<string, number>>;
  readonly ms: number;
}

/** Habit tags at a glance for the reach page. */
export interface ReachHabitSummary {
  readonly run: ReachTagRunResult | null;
  readonly tags: readonly { readonly tag: string; readonly zh: string; readonly en: string; readonly members: number }[];
}

// ── Plan (journey) model ──

export interface SendStep {
  readonly id: string;
  readonly type: 'send';
  readonly label?: string;
  readonly channel: ReachChannel;
  /** Time of day `HH:MM` (default 10:00); must be outside the quiet hours. The day is the sum of the waits before it. */
  readonly time?: string;
  /** Message template or text, handed over in the manifest. */
  readonly template?: string;
  readonly next: string;
}

/**
 * Waits `days` for `action` on the messages sent since the previous wait on the customer's path. Responders on a
 * channel listed in `branches` go there (first listed channel wins when several answered); other responders go
 * to `next`; the rest go to `timeout`.
 */
export interface WaitStep {
  readonly id: string;
  readonly type: 'wait';
  readonly label?: string;
  readonly days: number;
  readonly action: ReachAction;
  readonly branches?: readonly { readonly channel: ReachChannel; readonly next: string }[];
  readonly next: string;
  readonly timeout: string;
}

/** Tags the customers passing (the tag must be registered, e.g. reach_pref_wechat 微信习惯客户). */
export interface TagStep {
  readonly id: string;
  readonly type: 'tag';
  readonly label?: string;
  readonly tag: string;
  readonly value?: string;
  readonly next: string;
}

export interface ExitStep {
  readonly id: string;
  readonly type: 'exit';
  readonly label?: string;
}

/** Hands the customers over to another journey (e.g. 登录促活), named for the operations team. */
export interface HandoverStep {
  readonly id: string;
  readonly type: 'handover';
  readonly label?: string;
  readonly journey: string;
}

export type ReachStep = SendStep | WaitStep | TagStep | ExitStep | HandoverStep;

/** Who enters: a saved segment's members, a segment rule over the wide table (no behaviour conditions), or every customer. */
export type ReachEntry =
  | { readonly type: 'segment'; readonly segment: SegmentRef }
  | { readonly type: 'rule'; readonly rule: SegmentRule }
  | { readonly type: 'all' };

export interface ReachPlan {
  readonly planVersion: 1;
  /** Campaign key: ASCII, also the export holdout key, so every step of a plan holds out the same customers. */
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly entry: ReachEntry;
  /** Id of the first step. */
  readonly start: string;
  readonly steps: readonly ReachStep[];
  /** At most `max` sends per customer in any `days`-day window, touches from history included. */
  readonly frequencyCap?: { readonly max: number; readonly days: number };
  /** Quiet hours `HH:MM`–`HH:MM` (may wrap past midnight); default: the workspace compliance settings. */
  readonly quietHours?: { readonly start: string; readonly end: string };
  /** Share of entrants held out as control, 0 ≤ p < 100 (default 0). */
  readonly holdoutPercent?: number;
}

export interface PlanProblem {
  readonly code:
    | 'SHAPE'
    | 'BAD_KEY'
    | 'DUPLICATE_STEP'
    | 'UNKNOWN_STEP'
    | 'UNKNOWN_CHANNEL'
    | 'UNKNOWN_ACTION'
    | 'BAD_NUMBER'
    | 'BAD_TIME'
    | 'QUIET_HOURS'
    | 'CYCLE'
    | 'UNREACHABLE_STEP'
    | 'UNKNOWN_TAG'
    | 'ENTRY'
    | 'AMBIGUOUS_DAY';
  /** JSON path of the offending part, e.g. `steps[2].next`. */
  readonly path: string;
  readonly message: string;
  readonly zh: string;
}

// ── Simulation ──

export interface SimulateArgs {
  readonly plan: ReachPlan;
  /** `deterministic`: each customer's outcome is a fixed draw (hash of plan, step and ONE_ID), the sizes exports use. */
  readonly mode?: 'deterministic' | 'monte_carlo';
  /** Monte-Carlo replicates (default 200, 10 … 5000). */
  readonly runs?: number;
}

/** Where customers went from a step; `to` is a step id. */
export interface SimFlow {
  readonly from: string;
  readonly to: string;
  /** Deterministic replay count. */
  readonly count: number;
  /** Monte-Carlo mean and 90 % interval (5th–95th percentile); absent in deterministic mode. */
  readonly mean?: number;
  readonly low?: number;
  readonly high?: number;
}

export interface SimStep {
  readonly id: string;
  readonly type: ReachStep['type'];
  readonly label: string;
  /** Customers reaching the step. Invariant: entered = sum of outgoing flows + dropped (every step). */
  readonly entered: number;
  readonly dropped: number;
  readonly droppedByReason: Readonly<Partial<Record<'cap' | 'unreachable', number>>>;
  readonly mean?: number;
  readonly low?: number;
  readonly high?: number;
}

export interface SimulationResult {
  readonly planKey: string;
  readonly asOfDate: string;
  readonly mode: 'deterministic' | 'monte_carlo';
  readonly runs: number;
  readonly seed: number;
  /** Habit-tag run whose propensities were used. */
  readonly tagRunId: number;
  readonly entry: number;
  readonly holdout: number;
  readonly steps: readonly SimStep[];
  readonly flows: readonly SimFlow[];
  /** Sends per channel (deterministic) and the expected responses. */
  readonly sends: Readonly<Partial<Record<ReachChannel, number>>>;
  readonly ms: number;
}

export interface PlanComparison {
  readonly a: SimulationResult;
  readonly b: SimulationResult;
  /** Per terminal/tag step id present in either plan: deterministic counts. */
  readonly outcomes: readonly { readonly step: string; readonly label: string; readonly a: number; readonly b: number }[];
  readonly sendsA: number;
  readonly sendsB: number;
}

// ── Per-step export and lift ──

export interface StepExportArgs {
  readonly plan: ReachPlan;
  readonly step: string;
  readonly format?: ExportFormat;
  /** Default: the channel's preset for send steps, `custom` otherwise. */
  readonly preset?: ExportPreset;
  readonly unmask?: { readonly reason: string };
}

export interface StepExportResult extends AudienceExportResult {
  /** Deterministic simulated size of the step (equals `manifest.counts.segment`). */
  readonly stepSize: number;
}

export interface PlanManifest {
  readonly manifestVersion: 1;
  readonly kind: 'reach_plan';
  readonly createdAt: string;
  readonly appVersion: string;
  readonly asOfDate: string;
  readonly plan: ReachPlan;
  readonly quietHours: { readonly start: string; readonly end: string } | null;
  readonly tagRunId: number;
  readonly steps: readonly { readonly id: string; readonly type: ReachStep['type']; readonly label: string; readonly entered: number; readonly exportId: number | null }[];
  readonly exports: readonly ExportManifest[];
}

export interface LiftArgs {
  readonly planKey: string;
  /** Outcome counted for treated and holdout alike: a touch row with this action (default `login`). */
  readonly action?: ReachAction;
  /** Days after each step's planned time the outcome is looked for (default 7). */
  readonly windowDays?: number;
}

export interface LiftRow {
  readonly step: string;
  readonly exportId: number;
  readonly treated: number;
  readonly treatedActed: number;
  readonly control: number;
  readonly controlActed: number;
  /** Rate difference treated − control and its 95 % Newcombe (Wilson score) interval. */
  readonly lift: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export interface LiftReport {
  readonly planKey: string;
  readonly action: ReachAction;
  readonly windowDays: number;
  readonly rows: readonly LiftRow[];
}

export interface SavedPlanInfo {
  readonly key: string;
  readonly name: string;
  readonly updatedAt: string;
}
