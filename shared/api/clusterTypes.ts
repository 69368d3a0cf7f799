/** Argument and result types of the `cluster.*` engine methods (智能分群, shared/cluster). */

export type ClusterFeatureKind = 'numeric' | 'categorical' | 'tag';
export type ScaleMethod = 'standard' | 'robust' | 'none';
/** One-hot columns inside k-means, or k-prototypes (modes and a mismatch cost) on the raw categories. */
export type CategoricalMethod = 'onehot' | 'kprototypes';
/** Missing numeric values: replaced by the feature's median (counted and reported), or the row left out (counted). */
export type MissingMethod = 'impute' | 'drop';
/** `auto`: k-prototypes when categorical features use it, mini-batch from 5,000,000 rows, else k-means (Hamerly). */
export type ClusterAlgorithm = 'auto' | 'kmeans' | 'minibatch' | 'kprototypes';
/** Rows of tables with a `one_id` column are customers and keyed by ONE_ID; other tables by row id. */
export type ClusterKeyKind = 'one_id' | 'rowid';

export interface ClusterFeatureInfo {
  /** Column name, or `tag:<tag key>` for a tag. */
  readonly name: string;
  readonly kind: ClusterFeatureKind;
  readonly zh: string;
  readonly en: string;
  /** Money (fen): log-scaled when `logMoney` is on. */
  readonly money: boolean;
  /** Yes/no (bool columns and tags): profiled as the share of yes. */
  readonly binary: boolean;
  readonly missing: number;
  /** Distinct values of categorical and tag features (not counted for numeric ones). */
  readonly distinct: number | null;
  readonly family: string | null;
}

export interface ClusterFeatureList {
  readonly table: string;
  readonly keyKind: ClusterKeyKind;
  readonly rows: number;
  readonly features: readonly ClusterFeatureInfo[];
  /** Columns that cannot be features, with why (personal data, keys, dates, too many distinct values). */
  readonly excluded: readonly { readonly name: string; readonly reason: 'pii' | 'key' | 'date' | 'high_cardinality' | 'empty' }[];
}

export interface ClusterSettings {
  /** Table to cluster (default `customer_profile`). */
  readonly table?: string;
  readonly features: readonly string[];
  /** Default `standard`. */
  readonly scale?: ScaleMethod;
  /** Log-transform money features (sign-preserving log1p of yuan) before scaling (default true). */
  readonly logMoney?: boolean;
  /** Default `onehot`. */
  readonly categorical?: CategoricalMethod;
  /** Default `impute`. */
  readonly missing?: MissingMethod;
  /** Default `auto`. */
  readonly algorithm?: ClusterAlgorithm;
  /**
   * Seeding restarts: k-means++ and k-means on a sample of max(15,000, 1,000 × k) rows, repeated; the best sample
   * solution starts the run on all rows (k-prototypes: whole runs). Default 10 up to 100,000 rows, else 4. More restarts
   * make the groups more stable across seeds.
   */
  readonly inits?: number;
  /**
   * Scaled values beyond ±clip are clipped to it (counted per feature in the result), so one extreme row cannot
   * claim a group of its own. Default 5; 0 turns it off; never applied with `scale: 'none'`.
   */
  readonly clip?: number;
  /**
   * Weight of a feature in the distance (feature name → weight > 0, default 1): its scaled column (every one-hot
   * column of a categorical feature) is multiplied by it, so weight 2 counts the feature like two of equal
   * spread. Stored with the run; the profiles and names use the unweighted values. k-prototypes weighs the
   * numeric features only (a category mismatch costs the same for every categorical feature).
   */
  readonly weights?: Readonly<Record<string, number>>;
}

export interface KScanPoint {
  readonly k: number;
  readonly inertia: number;
  /** Mean silhouette on the evaluation sample (−1…1, higher is better). */
  readonly silhouette: number;
  /** Calinski–Harabasz (higher is better). */
  readonly calinskiHarabasz: number;
  /** Davies–Bouldin (lower is better). */
  readonly daviesBouldin: number;
  /** Mean pairwise adjusted Rand index of runs on different bootstrap samples and seeds (1 = always the same groups). */
  readonly stability: number;
}

export interface KScanResult {
  readonly points: readonly KScanPoint[];
  readonly recommendedK: number;
  /** Rows the k-means runs of the scan used, and rows the silhouette was measured on. */
  readonly scanRows: number;
  readonly silhouetteRows: number;
  readonly rows: number;
  readonly seed: number;
  readonly seconds: number;
}

export interface GroupFeatureStat {
  readonly feature: string;
  readonly zh: string;
  readonly en: string;
  /** For categorical and tag features: the level this line is about. */
  readonly level: string | null;
  /** Cluster mean (numeric, original units; money in yuan) or share of the level (0–1). */
  readonly value: number;
  /** The same over all rows. */
  readonly overall: number;
  /** Standardised difference: (cluster − overall) / overall standard deviation (for shares, of the proportion). */
  readonly z: number;
  /** Target-group index: cluster value / overall value × 100 (null when the overall value is 0). */
  readonly tgi: number | null;
}

export interface TypicalMember {
  /** ONE_ID or row id. */
  readonly key: string;
  readonly distance: number;
}

export interface ClusterGroup {
  readonly cluster: number;
  /** Automatic name from the distinguishing features, kept for the same group across re-runs. */
  readonly name: string;
  readonly nameEn: string;
  readonly size: number;
  readonly share: number;
  /** Every feature's profile line, in feature order (the radar and parallel views). */
  readonly profile: readonly GroupFeatureStat[];
  /** The most distinguishing lines, strongest first. */
  readonly distinguishing: readonly GroupFeatureStat[];
  /** Rows nearest the centre. */
  readonly typical: readonly TypicalMember[];
  /**
   * The cluster of the previous run on the same table and features this group was matched to: by member overlap
   * (Jaccard), or, when too few members are shared (rows re-keyed), by its profile (`by: 'profile'`; absent in
   * runs stored before profile matching).
   */
  readonly matchedFrom: { readonly runId: number; readonly cluster: number; readonly overlap: number; readonly by?: 'overlap' | 'profile' } | null;
}

export interface MissingReport {
  readonly feature: string;
  readonly missing: number;
  /** `imputed` with the median (numeric), `category` (a 缺失 level), `dropped` (rows left out), `zero` (tag absent). */
  readonly action: 'imputed' | 'category' | 'dropped' | 'zero';
  readonly fill: number | null;
}

export interface ClusterRunResult {
  readonly runId: number;
  readonly table: string;
  readonly keyKind: ClusterKeyKind;
  readonly settings: Required<ClusterSettings>;
  readonly k: number;
  readonly algorithm: Exclude<ClusterAlgorithm, 'auto'>;
  readonly seed: number;
  /** Engine and algorithm versions stored with the run. */
  readonly versions: { readonly app: string; readonly algorithm: string };
  /** Clustering time alone (seeding + iterations), seconds. */
  readonly seconds: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly inertia: number;
  /** Mean silhouette on a sample of up to `silhouetteRows` rows. */
  readonly silhouette: number;
  readonly silhouetteRows: number;
  readonly calinskiHarabasz: number;
  readonly daviesBouldin: number;
  readonly rows: number;
  readonly droppedRows: number;
  readonly sizes: readonly number[];
  readonly missing: readonly MissingReport[];
  /** Values clipped to ±`settings.clip` after scaling, per feature (only features with any). */
  readonly clipped: readonly { readonly feature: string; readonly values: number }[];
  readonly groups: readonly ClusterGroup[];
  /** Variance shares of the two map axes (PCA). */
  readonly mapExplained: readonly [number, number];
  readonly createdAt: string;
}

export interface ClusterRunSummary {
  readonly runId: number;
  readonly table: string;
  readonly k: number;
  readonly features: readonly string[];
  readonly seed: number;
  readonly rows: number;
  readonly silhouette: number;
  readonly createdAt: string;
}

/** Points of the 2-D map: a seeded sample of at most `maxPoints` rows when the run has more. */
export interface ClusterMap {
  readonly runId: number;
  readonly total: number;
  /** Interleaved x, y (PCA axes). */
  readonly xy: Float32Array;
  readonly cluster: Uint16Array;
  readonly explained: readonly [number, number];
}

/**
 * The UMAP map of a run (computed on request, not stored): a seeded sample of at most `maxPoints` members embedded
 * in 2-D; members beyond the sample are not placed. The same run always gives the same map (seeded by its seed).
 */
export interface ClusterUmapMap {
  readonly runId: number;
  /** Members of the run (the sample is drawn from these). */
  readonly total: number;
  /** The sample cap this map was computed with. */
  readonly limit: number;
  /** Interleaved x, y (UMAP axes, no units). */
  readonly xy: Float32Array;
  readonly cluster: Uint16Array;
  readonly seed: number;
  readonly nNeighbors: number;
  readonly epochs: number;
}

/** A set of rows taken from a run (one cluster, or a lasso region of the map), stored for 客群 (segments). */
export interface ClusterSelection {
  readonly selectionId: number;
  readonly runId: number;
  readonly keyKind: ClusterKeyKind;
  readonly label: string;
  readonly members: number;
  /** The segment the selection was saved as, when the segments feature took it (null until it exists). */
  readonly segmentId: number | null;
}
