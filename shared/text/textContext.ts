/**
 * What every text job of a workspace needs, built once per call from the workspace's settings: the segmenter with
 * the effective dictionary, the stopword set, and the active trained classifier if there is one.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import { DEFAULT_BANK_WORDS, dictionaryText, type DictionaryWord } from '#shared/lexicon/bankDictionary.ts';
import { loadDictionary, loadStopwordEdits } from '#shared/lexicon/lexiconStore.ts';
import type { SentimentPredictor } from './analyzeNote.ts';
import { createPredictor, type ClassifierModel } from './classifier.ts';
import { stopwordSet } from './stopwords.ts';
import type { Segmenter, TextHost } from './textHost.ts';

export interface TextContext {
  readonly segmenter: Segmenter;
  readonly stopwords: ReadonlySet<string>;
  readonly dictionary: readonly DictionaryWord[];
  readonly activePredictor?: SentimentPredictor;
}

export function textHostOf(host: Host): TextHost {
  if (!host.text) throw new ExpectedError('TEXT_UNAVAILABLE', 'Chinese text mining is not available in this environment.');
  return host.text;
}

/** The context of the open workspace (its dictionary, stopwords and classifier). */
export async function workspaceTextContext(host: Host, db: Db): Promise<TextContext> {
  const dictionary = loadDictionary(db);
  const segmenter = await textHostOf(host).createSegmenter(dictionaryText(dictionary));
  const active = db.get<{ model: string }>('SELECT model FROM text_classifier WHERE active = 1 ORDER BY classifier_id DESC LIMIT 1');
  const predictor = active ? createPredictor(JSON.parse(active.model) as ClassifierModel) : undefined;
  return { segmenter, stopwords: stopwordSet(loadStopwordEdits(db)), dictionary, ...(predictor ? { activePredictor: predictor } : {}) };
}

/** The context without a workspace: the built-in dictionary and stopwords, the lexicon for sentiment. */
export async function defaultTextContext(host: Host): Promise<TextContext> {
  const segmenter = await textHostOf(host).createSegmenter(dictionaryText(DEFAULT_BANK_WORDS));
  return { segmenter, stopwords: stopwordSet(), dictionary: DEFAULT_BANK_WORDS };
}
