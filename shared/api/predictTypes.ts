/** Argument and result types of the `predict.*` engine methods (预测建模 and 产品推荐, shared/predict). */
import type { SegmentRule } from './segmentTypes.ts';

/** `logistic`: L2-regularised logistic regression (readable coefficients); `trees`: histogram gradient-boosted trees. */
export type PredictAlgo = 'logistic' | 'trees';
/** `balanced`: each class weighs half of the training set (probabilities are corrected back to the real base rate). */
export type ClassWeight = 'none' | 'balanced';

/**
 * The outcome of a point-in-time training set, observed in the window [R, R + amount unit) after the reference
 * date R: `churn` no customer-initiated transaction (interest, salary and scheduled debits do not count) and no
 * event in it (among customers so active in the 180 days before R);
 * `response` an open/click/conversion in the touch logs (among customers touched in it); `first_loan` a loan
 * starting in it (among customers without a loan before R); `product` a holding bought in it (of `category`,
 * matched against the product catalogue's category, name or code, when given).
 */
export interface PitTarget {
  readonly kind: 'churn' | 'response' | 'first_loan' | 'product';
  readonly amount: number;
  readonly unit: 'month' | 'day';
  readonly category?: string;
}

export interface PointInTimeArgs {
  /** Reference date R (YYYY-MM-DD); default: the day after the as-of date minus the outcome window. */
  readonly referenceDate?: string;
  readonly target: PitTarget;
}

/** Customers left out of a point-in-time training set, by why. */
export type PitExclusion = 'no_data_before_reference' | 'inactive_before_reference' | 'not_touched_in_window' | 'loan_before_reference';

/** How a point-in-time model's data were cut; saved in its card. */
export interface PointInTimeInfo {
  readonly referenceDate: string;
  /** First day after the outcome window (exclusive end). */
  readonly outcomeEnd: string;
  readonly target: PitTarget;
  readonly targetZh: string;
  readonly targetEn: string;
  /** Customers in the training set (before the split). */
  readonly customers: number;
  readonly excluded: readonly { readonly reason: PitExclusion; readonly customers: number }[];
  /** Latest date of any fact row read into a feature: always before the reference date. */
  readonly latestFeatureDate: string | null;
}

export interface TrainArgs {
  /** Customer-level table (default `customer_profile`) or any imported table; unused with `pointInTime`. */
  readonly table?: string;
  /**
   * Target column: yes/no, 是/否, 1/0, true/false, or any column with `positive` naming the positive value.
   * Required unless `pointInTime` defines the target.
   */
  readonly target?: string;
  /**
   * Point-in-time training set instead of a table: the target comes from the data on/after the reference date,
   * every feature only from rows dated before it (windowed counts and amounts, tenure and age at R, static
   * customer columns). The split is by customer.
   */
  readonly pointInTime?: PointInTimeArgs;
  /** The value of the target that counts as positive (default: detected, e.g. yes, 是, 1, true). */
  readonly positive?: string;
  /** Feature columns (and `tag:<key>` tags); default every usable column but the target and `exclude`. */
  readonly features?: readonly string[];
  /** Columns never used as features (e.g. `duration`, known only after the call). */
  readonly exclude?: readonly string[];
  readonly algo?: PredictAlgo;
  /** Default `balanced`. */
  readonly classWeight?: ClassWeight;
  /** Share of customers held out for validation (default 0.2). */
  readonly validFraction?: number;
  /**
   * Split by time instead of by customer: rows whose date in this column is on or after `splitDate` (default: the
   * date that leaves the latest `validFraction` of rows) are the validation set.
   */
  readonly timeColumn?: string;
  readonly splitDate?: string;
  /** Logistic: L2 penalty on standardised coefficients (default 1). */
  readonly l2?: number;
  /** Trees: boosting rounds at most (default 200), learning rate (0.1), leaves per tree (31), depth (none), rows per leaf (20). */
  readonly maxIter?: number;
  readonly learningRate?: number;
  readonly maxLeafNodes?: number;
  readonly maxDepth?: number | null;
  readonly minSamplesLeaf?: number;
  /** Display name (default: target and algorithm). */
  readonly name?: string;
}

export interface FeatureRef {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'numeric' | 'categorical' | 'tag';
}

export interface DecileRow {
  /** 1 = the 10 % with the highest scores. */
  readonly decile: number;
  readonly rows: number;
  readonly positives: number;
  readonly rate: number;
  /** Rate of the decile / overall rate. */
  readonly lift: number;
  /** Share of all positives found in deciles 1…this one. */
  readonly cumGain: number;
  readonly cumLift: number;
  readonly minScore: number;
}

export interface CalibrationBin {
  readonly bin: number;
  readonly rows: number;
  readonly meanPredicted: number;
  readonly observed: number;
}

export interface ConfusionAt {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface PredictMetrics {
  readonly auc: number;
  /** Kolmogorov–Smirnov: the largest gap between the cumulative score distributions of positives and negatives (0–1). */
  readonly ks: number;
  readonly logLoss: number;
  /** Positive rate of the validation set. */
  readonly baseRate: number;
  readonly liftTop10: number;
  readonly deciles: readonly DecileRow[];
  readonly calibration: readonly CalibrationBin[];
  /** ROC curve, at most ~100 points: false positive rate → true positive rate. */
  readonly roc: readonly (readonly [number, number])[];
  /** Confusion matrices at thresholds 0.01, 0.02 … 0.99 (the UI's threshold slider). */
  readonly confusion: readonly ConfusionAt[];
}

export interface ImportanceRow {
  readonly feature: string;
  readonly zh: string;
  readonly en: string;
  /** Mean drop of validation AUC when the feature's values are shuffled. */
  readonly drop: number;
  readonly std: number;
}

export interface PartialDependence {
  readonly feature: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'numeric' | 'categorical' | 'tag';
  /** Grid values (numbers) or levels (text), with the mean predicted probability at each. */
  readonly points: readonly { readonly x: number | string; readonly p: number }[];
}

export interface Coefficient {
  /** Design column: `age`, `age (缺失)`, `job=retired`. */
  readonly column: string;
  readonly feature: string;
  /** Log-odds change per standard deviation (numeric) or for having the level (categorical). */
  readonly coef: number;
  /** Odds ratio, e^coef. */
  readonly oddsRatio: number;
}

export interface LeakageWarning {
  readonly feature: string;
  /** AUC of the feature alone on the training rows (folded so it is ≥ 0.5). */
  readonly auc: number;
}

export interface MissingInfo {
  readonly feature: string;
  readonly missing: number;
  /** Logistic: median fill plus a 0/1 "missing" column; trees: a bin of its own, sent down the better side. */
  readonly handling: 'median+indicator' | 'own-bin' | 'level';
}

/** Saved with the model; goes into reports. */
export interface ModelCard {
  readonly modelId: number;
  readonly name: string;
  readonly createdAt: string;
  /** Workspace as-of date (数据截止日) the data was read at. */
  readonly asOfDate: string | null;
  readonly table: string;
  readonly target: string;
  readonly positive: string;
  readonly algo: PredictAlgo;
  readonly seed: number;
  readonly classWeight: ClassWeight;
  readonly split: { readonly by: 'customer' | 'time' | 'row'; readonly key: string | null; readonly splitDate: string | null; readonly validFraction: number };
  readonly rows: number;
  /** Rows without a target value: not trained on, but scored. */
  readonly unlabelled: number;
  readonly nTrain: number;
  readonly nValid: number;
  readonly positivesTrain: number;
  readonly features: readonly FeatureRef[];
  readonly params: Readonly<Record<string, number | string | null>>;
  /** Trees actually grown (after early stopping), logistic: Newton iterations. */
  readonly iterations: number;
  readonly trainSeconds: number;
  readonly metrics: PredictMetrics;
  readonly trainAuc: number;
  readonly importance: readonly ImportanceRow[];
  readonly partialDependence: readonly PartialDependence[];
  readonly coefficients: readonly Coefficient[] | null;
  readonly leakage: readonly LeakageWarning[];
  readonly missing: readonly MissingInfo[];
  /** Features left out, with why (the target, excluded by the user, personal data, keys, dates, constant). */
  readonly excluded: readonly { readonly name: string; readonly reason: string }[];
  /** Set for a point-in-time model (absent on table models and on cards saved before it existed). */
  readonly pointInTime?: PointInTimeInfo;
  /** Score tags written by the latest `predict.score`, null before. */
  readonly scoreTag: { readonly score: string; readonly decile: string; readonly customers: number; readonly at: string } | null;
}

export interface ModelSummary {
  readonly modelId: number;
  readonly name: string;
  readonly createdAt: string;
  readonly table: string;
  readonly target: string;
  readonly algo: PredictAlgo;
  readonly auc: number;
  readonly ks: number;
  readonly liftTop10: number;
  readonly nTrain: number;
  readonly nValid: number;
  readonly scored: boolean;
}

export interface Reason {
  /** `近30天登录天数 高`, `职业=退休`. */
  readonly label: string;
  readonly feature: string;
  /** Contribution to the log-odds of this customer's score (positive raises it). */
  readonly contribution: number;
}

export interface ScoreResult {
  readonly modelId: number;
  readonly scoreTag: string;
  readonly decileTag: string;
  readonly customers: number;
  /** Customers per decile, 1 = highest scores. */
  readonly deciles: readonly number[];
  /** The highest-scored customers with their top reasons (ONE_IDs; no personal data). */
  readonly top: readonly { readonly oneId: string; readonly score: number; readonly reasons: readonly Reason[] }[];
}

/** "Top 20 % by score within segment X": the chosen members as a tag, and a segment rule selecting them. */
export interface TopWithinResult {
  readonly tag: string;
  readonly segmentId: number;
  readonly segmentName: string;
  readonly segmentMembers: number;
  /** Segment members with a score. */
  readonly scored: number;
  readonly members: number;
  /** Lowest score taken. */
  readonly cutoff: number;
  /** `segment X and tag`, ready for `segments.save`. */
  readonly rule: SegmentRule;
}

export interface TableChoice {
  readonly table: string;
  readonly rows: number;
  readonly keyKind: 'one_id' | 'rowid';
  /** Columns that can be a target (two values, or a column with few values) and features. */
  readonly columns: readonly { readonly name: string; readonly zh: string; readonly en: string; readonly kind: 'numeric' | 'categorical' | 'tag'; readonly distinct: number | null; readonly missing: number }[];
  readonly dateColumns: readonly string[];
}

// ── 产品推荐 (next-best-product) ──

export interface NbpArgs {
  /** Items are product categories (default) or product codes. */
  readonly level?: 'category' | 'product';
  readonly minSupport?: number;
  readonly minConfidence?: number;
}

export interface AssociationRule {
  readonly antecedent: string;
  readonly consequent: string;
  /** Share of customers holding both. */
  readonly support: number;
  /** Share of holders of the antecedent that also hold the consequent. */
  readonly confidence: number;
  readonly lift: number;
}

export interface NbpEvaluation {
  /** `conditional`: P(item | held item), the rules' confidence; `cosine`: co-holders / √(holders · holders). */
  readonly similarity: 'cosine' | 'conditional';
  readonly customers: number;
  readonly hitRate1: number;
  readonly hitRate3: number;
  readonly popularityHitRate1: number;
  readonly popularityHitRate3: number;
}

export interface NbpResult {
  readonly runId: number;
  readonly level: 'category' | 'product';
  readonly customers: number;
  readonly items: readonly { readonly item: string; readonly holders: number }[];
  readonly rules: readonly AssociationRule[];
  /** Customers given a recommendation (tag `nbp_product`). */
  readonly recommended: number;
  /**
   * Hold one held item out per customer with ≥ 2 items (seeded), recommend from the rest: share of customers whose
   * held-out item is the first recommendation (hitRate1) or among the first three (hitRate3); the popularity baseline alongside.
   */
  readonly evaluation: NbpEvaluation;
  /** Both item similarities measured the same way; the better one (top-3 hit rate) made the recommendations. */
  readonly compared: readonly NbpEvaluation[];
  readonly sample: readonly { readonly oneId: string; readonly item: string; readonly score: number; readonly reason: string }[];
}
