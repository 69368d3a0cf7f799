/**
 * Types of the meeting pack (会议材料, `report.*`, shared/report) and of recipes, the recorded steps of a workspace
 * that re-run headless on next month's drop (`recipe.*`, shared/recipe; docs/recipes.md).
 */
import type { ClusterSettings } from './clusterTypes.ts';
import type { AudienceExportArgs, ComplianceSettings } from './exportTypes.ts';
import type { IdentitySettings } from './identityTypes.ts';
import type { InterestRunArgs } from './behaviourTypes.ts';
import type { TrainArgs } from './predictTypes.ts';
import type { ReachPlan, ReachTagSettings } from './reachTypes.ts';
import type { ColumnMapping, MappingTemplate, ReadOptions, SourceFile } from './ingestTypes.ts';
import type { SegmentRule } from './segmentTypes.ts';
import type { CustomTagRule, TagSettings } from './tagTypes.ts';

export type ReportLanguage = 'zh' | 'en';

export interface ReportOptions {
  /** Language of the pack (default `zh`). */
  readonly language?: ReportLanguage;
  /** Title on the cover (default 客群经营分析会议材料). */
  readonly title?: string;
  /** Section keys in the order wanted (default: every registered section, in registry order). */
  readonly sections?: readonly string[];
  /** Charts pinned with 加入报告 go into their own section (default true). */
  readonly includePins?: boolean;
}

/** A registered section and whether the open workspace has what it needs. */
export interface ReportSectionInfo {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  /** False when the step behind it has not run (e.g. no clustering run yet); the pack then says so. */
  readonly available: boolean;
}

export interface ReportBuildResult {
  /** One self-contained HTML document: inline CSS and SVG charts, no external URL, personal data masked. */
  readonly html: string;
  readonly fileName: string;
  readonly title: string;
  readonly language: ReportLanguage;
  readonly asOfDate: string | null;
  readonly generatedAt: string;
  readonly sections: readonly { readonly key: string; readonly title: string; readonly available: boolean; readonly charts: number }[];
  readonly charts: number;
  readonly ms: number;
}

/** A chart the analyst added to the pack (加入报告): the ECharts option as shown, rendered to SVG at build time. */
export interface ReportPin {
  readonly pinId: number;
  readonly title: string;
  /** The ECharts option (JSON; functions such as formatters are dropped). */
  readonly option: unknown;
  readonly width: number;
  readonly height: number;
  readonly createdAt: string;
}

// ── Recipes ──

/** Steps every recipe can hold; features add theirs (docs/recipes.md "Adding a step"). */
export interface ImportStep {
  readonly step: 'import';
  /** Mapping templates of the workspace, saved first so files can refer to them. */
  readonly templates: readonly Pick<MappingTemplate, 'name' | 'mapping'>[];
  readonly files: readonly RecipeFile[];
}

export interface RecipeFile {
  /** The file name as imported last time (for people). */
  readonly name: string;
  /** Which file of a new drop this is: the name with `*` for the parts that change (dates), case-insensitive. */
  readonly pattern: string;
  readonly kind: ColumnMapping['kind'];
  readonly mapping?: ColumnMapping;
  readonly read?: ReadOptions;
  /** A missing required file stops the run (exit 1); a missing optional one is reported. Default true. */
  readonly required?: boolean;
}

export interface IdentityStep {
  readonly step: 'identity';
  readonly settings: IdentitySettings;
}

export interface TagsStep {
  readonly step: 'tags';
  readonly settings: TagSettings;
  readonly customTags: readonly { readonly tag: string; readonly zh: string; readonly en: string; readonly definition: string; readonly rule: CustomTagRule }[];
}

export interface TextStep {
  readonly step: 'text';
  /** Fixed topic count, or absent to choose by coherence. */
  readonly k?: number;
  readonly seed: number;
  readonly dictionary: readonly { readonly word: string; readonly action: 'add' | 'remove'; readonly freq?: number | null; readonly tag?: string | null }[];
  readonly stopwords: readonly { readonly word: string; readonly action: 'add' | 'remove' }[];
}

export interface ClusterStep {
  readonly step: 'cluster';
  readonly runs: readonly { readonly settings: ClusterSettings; readonly k: number | 'auto'; readonly seed: number }[];
}

export interface SegmentsStep {
  readonly step: 'segments';
  readonly segments: readonly { readonly name: string; readonly description: string; readonly rule: SegmentRule }[];
}

export interface ComplianceStep {
  readonly step: 'compliance';
  readonly settings: ComplianceSettings;
}

/** Audience exports, by segment name; personal data stays masked and salts are never recorded. */
export interface ExportStep {
  readonly step: 'export';
  readonly exports: readonly (Omit<AudienceExportArgs, 'segment' | 'unmask' | 'hash' | 'plannedAt'> & { readonly segment: string })[];
}

export interface ReportStep {
  readonly step: 'report';
  readonly options: ReportOptions;
}

/** Prediction models: each model's training settings and seed; `score` when its scores were written to tags. */
export interface PredictRecipeStep {
  readonly step: 'predict';
  readonly models: readonly { readonly train: TrainArgs; readonly seed: number; readonly score: boolean }[];
}

/** Behaviour interest tags (half-life, minimum score) and the relation-network run (resolution, seed); null when not run. */
export interface BehaviourRecipeStep {
  readonly step: 'behaviour';
  readonly interest: InterestRunArgs | null;
  readonly network: { readonly resolution: number; readonly seed: number } | null;
}

/** Reach: the habit-tag settings (null when never computed) and the saved plans with the steps that were exported. */
export interface ReachRecipeStep {
  readonly step: 'reach';
  readonly settings: ReachTagSettings | null;
  readonly plans: readonly { readonly plan: ReachPlan; readonly exportedSteps: readonly string[] }[];
}

export type RecipeStep = ImportStep | IdentityStep | TagsStep | TextStep | ClusterStep | PredictRecipeStep | BehaviourRecipeStep | SegmentsStep | ComplianceStep | ReachRecipeStep | ExportStep | ReportStep;
export type RecipeStepKind = RecipeStep['step'];

export interface Recipe {
  readonly format: 'kequn-recipe';
  readonly version: 1;
  readonly name: string;
  readonly createdAt: string;
  readonly appVersion: string;
  /** The workspace the recipe was saved from. */
  readonly source: { readonly workspace: string; readonly asOfDate: string | null };
  /** Seed of every random choice of the re-run (clustering and text keep their own where recorded). */
  readonly seed: number;
  readonly steps: readonly RecipeStep[];
}

/** A file a re-run writes (audience files and manifests, the report), with a path relative to the output folder. */
export interface RecipeOutput {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface RecipeStepOutcome {
  readonly step: string;
  /** One line for people (the CLI prints it). */
  readonly summary: string;
  readonly figures: Readonly<Record<string, number | string>>;
  readonly warnings: readonly string[];
  readonly ms: number;
}

/** What month-on-month comparison needs of a workspace: group members by customer number, tag counts, topics. */
export interface RecipeSnapshot {
  readonly asOfDate: string | null;
  readonly customers: number;
  readonly groups: readonly { readonly key: string; readonly kind: 'lifecycle' | 'segment' | 'cluster'; readonly label: string; readonly members: readonly string[] }[];
  readonly tags: readonly { readonly tag: string; readonly zh: string; readonly value: string; readonly members: number }[];
  readonly topics: readonly { readonly name: string; readonly words: readonly string[]; readonly notes: number }[];
}

export interface GroupShift {
  readonly key: string;
  readonly kind: 'lifecycle' | 'segment' | 'cluster';
  readonly label: string;
  /** null when the group did not exist on that side. */
  readonly before: number | null;
  readonly after: number | null;
  /** Customers (by customer number, else ONE_ID) in the group now and not before, and the reverse. */
  readonly joined: number;
  readonly left: number;
}

export interface TagShift {
  readonly tag: string;
  readonly zh: string;
  readonly value: string;
  readonly before: number;
  readonly after: number;
  readonly change: number;
}

export interface RecipeDiff {
  readonly previousAsOf: string | null;
  readonly currentAsOf: string | null;
  readonly customers: { readonly before: number; readonly after: number };
  readonly groups: readonly GroupShift[];
  /** Largest absolute changes first. */
  readonly tagShifts: readonly TagShift[];
  /** Topics of this month whose top words match no topic of the previous month. */
  readonly newTopics: readonly { readonly name: string; readonly words: readonly string[]; readonly notes: number }[];
}

export interface RecipeRunArgs {
  readonly recipe: Recipe;
  /** The new drop's files; each recipe file picks its file by pattern. */
  readonly files: readonly SourceFile[];
  /** Snapshot of last month's workspace (`recipe.snapshot` on it), for the diff. */
  readonly previous?: RecipeSnapshot;
  /** Name of the new workspace. */
  readonly workspaceName?: string;
}

export interface RecipeRunResult {
  readonly steps: readonly RecipeStepOutcome[];
  readonly outputs: readonly RecipeOutput[];
  readonly diff: RecipeDiff | null;
  readonly asOfDate: string | null;
  /** Files of the drop no recipe file matched (imported nothing; listed so nothing goes unnoticed). */
  readonly unmatchedFiles: readonly string[];
  readonly ms: number;
}
