/**
 * Reads and writes the analyst's edits of the shared lookup tables in the workspace: merchant rules
 * (`merchant_rule`), dictionary words (`text_dictionary`) and stopwords (`text_stopword`). Edits are kept apart
 * from the built-in defaults and laid over them when read, so a default improved in a later version still
 * reaches every workspace that did not edit it.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import { cleanDictionaryWord, DEFAULT_BANK_WORDS, effectiveDictionary, type DictionaryWord } from './bankDictionary.ts';
import { DEFAULT_MERCHANT_RULES, effectiveMerchantRules, merchantRuleId, parseMccPattern, type MerchantRule, type MerchantRuleMatch } from './merchantCategories.ts';

export interface MerchantRuleEdit {
  readonly category: string;
  readonly match: MerchantRuleMatch;
  readonly pattern: string;
  /** Default 100 (beats every built-in rule). */
  readonly priority?: number;
  readonly enabled?: boolean;
}

/** The analyst's rule edits only (not the defaults). */
export function loadMerchantRuleEdits(db: Db): MerchantRule[] {
  return db
    .all<{ rule_id: string; category: string; match: string; pattern: string; priority: number; enabled: number }>(
      'SELECT rule_id, category, match, pattern, priority, enabled FROM merchant_rule ORDER BY rule_id',
    )
    .map((r) => ({
      id: r.rule_id,
      category: r.category,
      match: r.match === 'mcc' ? 'mcc' : 'keyword',
      pattern: r.pattern,
      priority: r.priority,
      enabled: r.enabled === 1,
      origin: DEFAULT_MERCHANT_RULES.some((d) => d.id === r.rule_id) ? 'default' : 'user',
    }));
}

/** The rule table in force in this workspace: defaults with the analyst's edits laid over. */
export function loadMerchantRules(db: Db): MerchantRule[] {
  return effectiveMerchantRules(loadMerchantRuleEdits(db));
}

/** Adds or replaces one rule (an edit of a default keeps the default's id). Returns the stored rule. */
export function saveMerchantRule(db: Db, edit: MerchantRuleEdit, at: string): MerchantRule {
  const pattern = edit.pattern.trim();
  const category = edit.category.trim();
  if (category === '') throw new ExpectedError('BAD_ARGUMENT', 'A merchant rule needs a category.', { field: 'category' });
  if (pattern === '') throw new ExpectedError('BAD_ARGUMENT', 'A merchant rule needs a keyword or MCC.', { field: 'pattern' });
  if (edit.match === 'mcc' && parseMccPattern(pattern) === null) {
    throw new ExpectedError('BAD_ARGUMENT', `"${pattern}" is not an MCC (four digits, or a range like 5811-5814).`, { field: 'pattern', value: pattern });
  }
  const id = merchantRuleId(edit.match, pattern);
  const priority = edit.priority ?? 100;
  const enabled = edit.enabled ?? true;
  db.run(
    `INSERT INTO merchant_rule (rule_id, category, match, pattern, priority, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(rule_id) DO UPDATE SET category = excluded.category, pattern = excluded.pattern, priority = excluded.priority,
       enabled = excluded.enabled, updated_at = excluded.updated_at`,
    [id, category, edit.match, pattern, priority, enabled ? 1 : 0, at],
  );
  return { id, category, match: edit.match, pattern, priority, enabled, origin: DEFAULT_MERCHANT_RULES.some((d) => d.id === id) ? 'default' : 'user' };
}

/** Forgets an edit: a default comes back as shipped, an analyst's own rule disappears. */
export function resetMerchantRule(db: Db, ruleId: string): boolean {
  return db.run('DELETE FROM merchant_rule WHERE rule_id = ?', [ruleId]) > 0;
}

export interface DictionaryEdit {
  readonly word: string;
  readonly action: 'add' | 'remove';
  readonly freq?: number | null;
  readonly tag?: string | null;
}

export function loadDictionaryEdits(db: Db): { word: string; freq: number | null; tag: string | null; action: 'add' | 'remove' }[] {
  return db
    .all<{ word: string; freq: number | null; tag: string | null; action: string }>('SELECT word, freq, tag, action FROM text_dictionary ORDER BY word')
    .map((r) => ({ word: r.word, freq: r.freq, tag: r.tag, action: r.action === 'remove' ? 'remove' : 'add' }));
}

/** The dictionary in force: built-in bank words with the analyst's edits (removed words carry frequency 0). */
export function loadDictionary(db: Db): DictionaryWord[] {
  return effectiveDictionary(loadDictionaryEdits(db), DEFAULT_BANK_WORDS);
}

export function saveDictionaryEdit(db: Db, edit: DictionaryEdit, at: string): void {
  const word = cleanDictionaryWord(edit.word);
  if (word === '') throw new ExpectedError('BAD_ARGUMENT', 'The word is empty.', { field: 'word' });
  if (edit.freq !== undefined && edit.freq !== null && (!Number.isInteger(edit.freq) || edit.freq < 1)) {
    throw new ExpectedError('BAD_ARGUMENT', 'The frequency must be a positive whole number.', { field: 'freq', value: edit.freq });
  }
  db.run(
    `INSERT INTO text_dictionary (word, freq, tag, action, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(word) DO UPDATE SET freq = excluded.freq, tag = excluded.tag, action = excluded.action, updated_at = excluded.updated_at`,
    [word, edit.freq ?? null, edit.tag ?? null, edit.action, at],
  );
}

/** Drops an edit: a built-in word comes back, an added word goes. */
export function resetDictionaryEdit(db: Db, word: string): boolean {
  return db.run('DELETE FROM text_dictionary WHERE word = ?', [cleanDictionaryWord(word)]) > 0;
}

export function loadStopwordEdits(db: Db): { word: string; action: 'add' | 'remove' }[] {
  return db
    .all<{ word: string; action: string }>('SELECT word, action FROM text_stopword ORDER BY word')
    .map((r) => ({ word: r.word, action: r.action === 'remove' ? 'remove' : 'add' }));
}

export function saveStopwordEdit(db: Db, word: string, action: 'add' | 'remove' | 'reset', at: string): void {
  const w = cleanDictionaryWord(word);
  if (w === '') throw new ExpectedError('BAD_ARGUMENT', 'The word is empty.', { field: 'word' });
  if (action === 'reset') {
    db.run('DELETE FROM text_stopword WHERE word = ?', [w]);
    return;
  }
  db.run(
    'INSERT INTO text_stopword (word, action, updated_at) VALUES (?, ?, ?) ON CONFLICT(word) DO UPDATE SET action = excluded.action, updated_at = excluded.updated_at',
    [w, action, at],
  );
}
