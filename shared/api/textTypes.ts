/** Argument and result types of the text-mining methods (`text.*`) of the EngineApi. */
import type { ModelSource } from '#shared/text/textHost.ts';

export type { ModelSource };

export type SentimentLabel = 'positive' | 'neutral' | 'negative';
export type KeywordMethod = 'tfidf' | 'textrank' | 'contrast';
/** How notes are grouped for keywords, sentiment breakdowns and drill-down. */
export type NoteGrouping = 'all' | 'channel' | 'category' | 'topic' | 'sentiment' | 'month';

export interface TextRunArgs {
  /** Fixed number of topics; absent: chosen by coherence among 4–12. */
  readonly k?: number;
  /** Use the active trained classifier for sentiment instead of the lexicon (default true when one is active). */
  readonly useClassifier?: boolean;
}

export interface TextRunSummary {
  readonly runId: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly seed: number;
  readonly notes: number;
  /** Notes analysed (all but the empty ones); notes = analysed + empty. */
  readonly analysed: number;
  readonly tokens: number;
  /** Notes with each kind of bad or unusual input (a note may count under several). */
  readonly issues: Readonly<Record<string, number>>;
  readonly customers: number;
  readonly notesWithoutCustomer: number;
  readonly k: number;
  readonly kScores: readonly { readonly k: number; readonly coherence: number }[];
  readonly sentiment: Readonly<Record<SentimentLabel, number>>;
  readonly sentimentMethod: string;
  readonly tags: number;
  readonly ms: Readonly<Record<string, number>>;
}

export interface TokenPreview {
  readonly word: string;
  /** Dropped from keywords and topics. */
  readonly stop: boolean;
  /** Comes from the bank dictionary (built-in or the analyst's). */
  readonly dictionary: boolean;
}

export interface TextPreview {
  readonly normalized: string;
  readonly tokens: readonly TokenPreview[];
  readonly issues: readonly string[];
  readonly sentiment: { readonly label: SentimentLabel; readonly score: number };
  readonly aspects: readonly { readonly aspect: string; readonly label: SentimentLabel }[];
}

export interface KeywordRow {
  readonly word: string;
  readonly score: number;
  readonly notes: number;
  readonly baseNotes?: number;
  readonly tgi?: number | null;
}

export interface TopicRow {
  readonly topic: number;
  readonly name: string;
  readonly words: readonly { readonly word: string; readonly weight: number }[];
  readonly notes: number;
  readonly coherence: number | null;
  readonly tagKind: 'interest' | 'risk' | null;
  /** Tag key written to customer_tag when tagKind is set. */
  readonly tag: string | null;
}

export interface TopicsResult {
  readonly runId: number;
  readonly topics: readonly TopicRow[];
  /** Notes per month (`YYYY-MM`) whose strongest topic is each topic, months ascending. */
  readonly overTime: readonly { readonly month: string; readonly counts: readonly number[] }[];
}

export interface BreakdownRow {
  readonly group: string;
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
}

export interface NoteFilter {
  readonly by?: NoteGrouping;
  /** Value of the grouping (channel name, topic number, sentiment label, `YYYY-MM` …). */
  readonly group?: string;
  /** Notes containing this word (segmented). */
  readonly word?: string;
  readonly aspect?: string;
  /** Only notes of this sentiment (combined with the grouping: the negative notes of one channel). */
  readonly sentiment?: SentimentLabel;
  /** Only notes whose strongest topic is this one (combined with the grouping: a topic in one month). */
  readonly topic?: number;
}

export interface NoteRow {
  readonly rowId: number;
  readonly time: string | null;
  readonly channel: string | null;
  readonly category: string | null;
  readonly oneId: string | null;
  /** Personal data inside the text (phone, 身份证, card numbers, e-mail) masked. */
  readonly text: string;
  readonly sentiment: SentimentLabel | null;
  readonly topic: number | null;
  readonly label: SentimentLabel | null;
  readonly score?: number;
}

export interface NotePage {
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly NoteRow[];
}

export interface SearchResult {
  readonly mode: 'bm25' | 'semantic';
  readonly queryTokens: readonly string[];
  readonly hits: readonly NoteRow[];
  /** Distinct customers among the hits. */
  readonly customers: number;
}

export interface TrainArgs {
  readonly kind: 'nb' | 'lr';
  /** Labelled notes from a file (CSV/TSV with a header) instead of the notes labelled in the app. */
  readonly file?: { readonly bytes: Uint8Array; readonly textColumn: string; readonly labelColumn: string };
}

export interface TrainResult {
  readonly classifierId: number;
  readonly kind: 'nb' | 'lr';
  readonly trainSize: number;
  readonly testSize: number;
  readonly accuracy: number;
  readonly macroF1: number;
  /** The default lexicon on the same held-out notes, for comparison. */
  readonly lexiconAccuracy: number;
  readonly lexiconMacroF1: number;
  readonly confusion: readonly (readonly number[])[];
  readonly labels: readonly SentimentLabel[];
  /** Rows of the file that were not used (empty text, unknown label), with the reason. */
  readonly skipped: readonly { readonly row: number; readonly reason: string }[];
}

export interface ClassifierInfo {
  readonly classifierId: number;
  readonly kind: string;
  readonly createdAt: string;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly active: boolean;
}

export interface DictionaryEntry {
  readonly word: string;
  readonly freq: number;
  readonly tag: string;
  readonly origin: 'default' | 'user' | 'removed';
}

export interface MerchantRuleRow {
  readonly id: string;
  readonly category: string;
  readonly categoryZh: string;
  readonly match: 'keyword' | 'mcc';
  readonly pattern: string;
  readonly priority: number;
  readonly enabled: boolean;
  readonly origin: 'default' | 'user';
  readonly edited: boolean;
}

export interface UnknownMerchant {
  readonly merchant: string;
  readonly mcc: string | null;
  readonly transactions: number;
  readonly amountFen: number;
}

export interface MerchantCoverage {
  readonly merchants: number;
  readonly categorized: number;
  readonly transactions: number;
  readonly categorizedTransactions: number;
  readonly unknown: readonly UnknownMerchant[];
  readonly byCategory: readonly { readonly category: string; readonly zh: string; readonly transactions: number }[];
}

export interface EmbedResult {
  readonly modelKey: string;
  readonly dims: number;
  readonly notes: number;
  readonly computed: number;
  readonly cached: number;
  readonly ms: number;
  /** Milliseconds per 1,000 notes actually embedded (null when all came from the cache). */
  readonly msPerThousand: number | null;
}

export interface DuplicateGroup {
  readonly kind: 'exact' | 'near';
  readonly similarity: number;
  readonly notes: readonly NoteRow[];
}
