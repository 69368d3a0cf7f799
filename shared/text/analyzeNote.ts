/**
 * One note through the whole per-note chain: normalise, segment, content words, sentiment, aspects. The same
 * function serves the pipeline, the preview and the CLI, so they cannot disagree.
 */
import { aspectHints, type AspectHint } from './aspects.ts';
import { features } from './classifier.ts';
import { normalizeNote, type NoteIssue } from './normalize.ts';
import { lexiconSentiment, type SentimentLabel } from './sentimentLexicon.ts';
import type { Segmenter } from './textHost.ts';
import { contentTokens } from './tokens.ts';

export interface AnalyzedNote {
  readonly normalized: string;
  /** jieba's tokens without whitespace. */
  readonly raw: readonly string[];
  /** Content words for keywords, topics and search. */
  readonly content: readonly string[];
  readonly issues: readonly NoteIssue[];
  readonly sentiment: { readonly label: SentimentLabel; readonly score: number };
  readonly aspects: readonly AspectHint[];
}

/** A trained classifier as a function of a note's features (see classifier.ts); absent: the lexicon decides. */
export type SentimentPredictor = (featureList: readonly string[]) => { label: SentimentLabel; confidence: number };

export function analyzeNote(text: string | null | undefined, segmenter: Segmenter, stopwords: ReadonlySet<string>, predictor?: SentimentPredictor): AnalyzedNote {
  const n = normalizeNote(text);
  const raw = n.text === '' ? [] : segmenter.cut(n.text).filter((t) => t.trim() !== '');
  const lexicon = lexiconSentiment(raw, n.emoji);
  let sentiment: { label: SentimentLabel; score: number } = lexicon;
  if (predictor && raw.length > 0) {
    const p = predictor(features(raw));
    sentiment = { label: p.label, score: p.label === 'positive' ? p.confidence : p.label === 'negative' ? -p.confidence : 0 };
  }
  return { normalized: n.text, raw, content: contentTokens(raw, stopwords), issues: n.issues, sentiment, aspects: aspectHints(raw) };
}
