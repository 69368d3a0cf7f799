/**
 * From jieba's raw tokens to content words: punctuation, spaces, bare numbers, version strings and stopwords
 * out; Latin words lower-cased. Keywords, topics and search all read content words; sentiment reads raw tokens.
 */
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[a-z][a-z0-9+#.&_-]*$/;

/**
 * Content words of one note. A Latin token is kept when it has two letters or more (`app`, `ios`, `face id`
 * splits into `face`, `id`); numbers and version strings such as `4.1.0.7` are dropped.
 */
export function contentTokens(raw: readonly string[], stopwords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const t of raw) {
    const w = t.trim();
    if (w === '' || stopwords.has(w)) continue;
    if (HAN.test(w)) {
      out.push(w);
      continue;
    }
    const lower = w.toLowerCase();
    if (lower.length >= 2 && LATIN_WORD.test(lower) && /[a-z]{2}/.test(lower) && !stopwords.has(lower)) out.push(lower);
  }
  return out;
}
