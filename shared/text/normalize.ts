/**
 * Cleans one note before segmentation: HTML fragments to text, full-width to half-width (NFKC), Traditional to
 * Simplified Chinese (OpenCC), emoji set aside (they carry sentiment but no words), very long notes cut, and
 * what was wrong with the note counted. Bad input is data: nothing here throws.
 */
import { Converter, Locale } from 'opencc-js/t2cn';

/** What was unusual about a note; each is counted in the run's summary. */
export type NoteIssue = 'empty' | 'html' | 'emoji' | 'traditional' | 'encoding' | 'truncated' | 'no_chinese';

export interface NormalizedNote {
  /** Simplified, NFKC-normalised text without markup or emoji; '' for an empty note. */
  readonly text: string;
  readonly emoji: readonly string[];
  readonly issues: readonly NoteIssue[];
  /** Characters of the original note. */
  readonly chars: number;
}

/**
 * Characters of a note that are analysed; the rest is cut (and counted). 20,000 characters is ~30 pages of a
 * chat log: beyond it one note would outweigh thousands of others in every keyword and topic.
 */
export const MAX_NOTE_CHARS = 20_000;

const toSimplified = Converter({ from: 't', to: 'cn' });

/**
 * A set of characters such that every text OpenCC's Traditional → Simplified tables would change contains one of
 * them: the characters the one-character entries change, plus, for each phrase entry without such a character,
 * its first changed character (a phrase matches only when all its characters are present, so one suffices).
 * Conversion costs ~12 µs a review; most bank notes are already Simplified and skip it.
 */
const CONVERTIBLE: ReadonlySet<string> = (() => {
  const entries: [string[], string[]][] = [];
  for (const group of Locale.to.cn ?? []) {
    for (const dict of group) {
      if (typeof dict !== 'string') continue;
      for (const entry of dict.split('|')) {
        const [key = '', value = ''] = entry.split(' ');
        if (key !== value) entries.push([[...key], [...value]]);
      }
    }
  }
  const set = new Set<string>();
  for (const [k] of entries) if (k.length === 1 && k[0] !== undefined) set.add(k[0]);
  for (const [k, v] of entries) {
    if (k.length === 1 || k.some((ch) => set.has(ch))) continue;
    const i = k.findIndex((ch, j) => k.length !== v.length || ch !== v[j]);
    const ch = k[i >= 0 ? i : 0];
    if (ch !== undefined) set.add(ch);
  }
  return set;
})();

function mayBeTraditional(text: string): boolean {
  for (const ch of text) if (CONVERTIBLE.has(ch)) return true;
  return false;
}

const HTML_TAG = /<\/?[a-zA-Z][^<>]*>|<!--[\s\S]*?-->/g;
const HTML_BLOCK = /<(script|style)[^>]*>[\s\S]*?<\/\1\s*>/gi;
const ENTITIES: Readonly<Record<string, string>> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', hellip: '…', mdash: '—' };
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g;
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*/gu;
/** U+FFFD (a decoder's replacement), C1 controls, and the tell-tale pairs of UTF-8 read as GBK/Latin-1. */
const MOJIBAKE = /\uFFFD|[\u0080-\u009F]|(?:[ÃÂÅÆÇÐÑØÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ][\u0080-\u00BF])|(?:锟斤拷|烫烫烫|屯屯屯)/;
const HAN = /\p{Script=Han}/u;
/** Control characters except tab and line feed (Unicode property, so the pattern holds no raw control bytes). */
const CONTROL = /(?![\t\n])\p{Cc}/gu;

function decodeEntity(body: string): string {
  if (body.startsWith('#x')) return safeCodePoint(parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10));
  return ENTITIES[body.toLowerCase()] ?? `&${body};`;
}

function safeCodePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}

/**
 * Normalises one note. Never throws; a null or non-text value is an empty note.
 *
 * @param raw the note as stored (may be null, HTML, mixed scripts, or megabytes long)
 */
export function normalizeNote(raw: string | null | undefined): NormalizedNote {
  const original = typeof raw === 'string' ? raw : '';
  const issues: NoteIssue[] = [];
  let text = original;
  if (text.length > MAX_NOTE_CHARS) {
    text = text.slice(0, MAX_NOTE_CHARS);
    issues.push('truncated');
  }
  if (MOJIBAKE.test(text)) issues.push('encoding');
  if (/<[a-zA-Z!/][^<>]*>/.test(text) || /&(?:#\d+|#x[0-9a-f]+|nbsp|amp|lt|gt|quot);/i.test(text)) {
    text = text.replace(HTML_BLOCK, ' ').replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n').replace(HTML_TAG, ' ').replace(ENTITY, (_, body: string) => decodeEntity(body));
    issues.push('html');
  }
  const emoji = text.match(EMOJI) ?? [];
  if (emoji.length > 0) {
    text = text.replace(EMOJI, ' ');
    issues.push('emoji');
  }
  text = text.normalize('NFKC').replace(/\uFFFD/g, ' ').replace(CONTROL, ' ');
  const simplified = mayBeTraditional(text) ? toSimplified(text) : text;
  if (simplified !== text) issues.push('traditional');
  text = simplified.replace(/[ \t\u3000]+/g, ' ').replace(/ ?\n[\s]*/g, '\n').trim();
  if (text === '') issues.push('empty');
  else if (!HAN.test(text)) issues.push('no_chinese');
  return { text, emoji, issues, chars: original.length };
}
