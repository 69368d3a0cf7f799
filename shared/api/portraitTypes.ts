/**
 * Types of the group portrait (客群画像): a group (lifecycle group, saved segment, cluster, tag or an unsaved
 * rule) described against a base (all customers, a parent group, a branch) by distributions with TGI and a
 * significance test, its most distinguishing tags and a radar of value, activity and risk. Aggregated in the
 * engine (shared/portrait): only counts cross to the UI, never customer rows.
 */
import type { SegmentRule } from './segmentTypes.ts';

export type GroupRef =
  | { readonly kind: 'all' }
  | { readonly kind: 'segment'; readonly segmentId: number }
  | { readonly kind: 'lifecycle'; readonly group: string }
  | { readonly kind: 'cluster'; readonly runId?: number; readonly cluster: number }
  /** Every customer placed by a clustering run: the parent of its clusters. */
  | { readonly kind: 'clusterRun'; readonly runId?: number }
  | { readonly kind: 'tag'; readonly tag: string }
  /** Customers of one branch (所属网点), a base for "this group against its branch". */
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'rule'; readonly rule: SegmentRule };

export interface PortraitOptions {
  /** Profile columns to describe (default: ten columns covering basics, value, activity, channel and risk). */
  readonly columns?: readonly string[];
  /** Bins whose group count is below this show no TGI and are not tested (default 30). */
  readonly minSupport?: number;
  /** Two-sided significance level of the two-proportion z-test (default 0.05). */
  readonly alpha?: number;
  /** Categories shown per text column before the rest is folded into 其他 (default 10). */
  readonly topCategories?: number;
}

export interface PortraitBin {
  /** The category, or the numeric range as `[lo, hi)` in display units (yuan for money). */
  readonly label: string;
  readonly labelEn: string;
  readonly group: number;
  readonly base: number;
  /** Share of the group's customers with a known value that fall in this bin (0–1). */
  readonly groupShare: number;
  readonly baseShare: number;
  /** 100 × groupShare / baseShare; null when the bin is empty in the base or below the minimum support. */
  readonly tgi: number | null;
  /** z of the two-proportion test of the group against the rest of the base; null when not tested. */
  readonly z: number | null;
  readonly p: number | null;
  readonly significant: boolean;
  /** The group has at least `minSupport` customers in this bin. */
  readonly supported: boolean;
}

export interface PortraitDistribution {
  readonly column: string;
  readonly zh: string;
  readonly en: string;
  readonly family: string;
  readonly kind: 'category' | 'numeric';
  readonly bins: readonly PortraitBin[];
  readonly missingGroup: number;
  readonly missingBase: number;
  /** Mean of the group and the base for numeric columns (yuan for money), null for categories. */
  readonly groupMean: number | null;
  readonly baseMean: number | null;
}

export interface PortraitGroupInfo {
  readonly label: string;
  readonly size: number;
}

export interface PortraitResult {
  readonly group: PortraitGroupInfo;
  readonly base: PortraitGroupInfo;
  /** Group members outside the base (a base need not contain the group, e.g. a branch). */
  readonly outsideBase: number;
  readonly minSupport: number;
  readonly alpha: number;
  readonly distributions: readonly PortraitDistribution[];
  readonly ms: number;
}

export interface TopTag {
  readonly tag: string;
  /** A value of the tag when the tag has few values (e.g. an RFM grade), else null. */
  readonly value: string | null;
  readonly zh: string;
  readonly en: string;
  readonly family: string;
  readonly group: number;
  readonly groupShare: number;
  readonly baseShare: number;
  readonly tgi: number | null;
  readonly z: number | null;
  readonly significant: boolean;
}

export interface TopTagsResult {
  readonly tags: readonly TopTag[];
  readonly ms: number;
}

export interface RadarAxis {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  /** Profile columns behind the axis (their mean percentile rank; risk columns rank "more is riskier"). */
  readonly columns: readonly string[];
}

export interface RadarResult {
  readonly axes: readonly RadarAxis[];
  /** Mean percentile rank (0–100) of the group's customers among all customers, per axis. */
  readonly group: readonly number[];
  readonly base: readonly number[];
  readonly ms: number;
}

/** Two groups side by side against the same base (compare two segments). */
export interface CompareResult {
  readonly a: PortraitResult;
  readonly b: PortraitResult;
  readonly shared: number;
}
