import { DelimitedParser, type Dialect } from './delimitedParser.ts';
import { BatchBuilder } from './records.ts';

/** Delimiters tried, in order of preference when two fit equally well. */
export const DELIMITER_CANDIDATES = [',', '\t', ';', '|', '^', '\u0001'] as const;

/** Records of the sample the sniffer compares. */
const SNIFF_RECORDS = 400;
/** A delimiter must give the same field count on at least this share of records. */
const MIN_CONSISTENCY = 0.6;

export interface DialectGuess extends Dialect {
  /** Share of sample records with the modal field count under the chosen delimiter, 0–1. */
  readonly consistency: number;
}

/**
 * Guesses delimiter, quote and line break of delimited text from a sample: for each candidate delimiter the
 * sample is parsed (quote-aware) and the delimiter whose field count is most consistent across records, with at
 * least two fields, wins; ties go to the larger field count, then to the order of {@link DELIMITER_CANDIDATES}.
 * When no delimiter gives two consistent fields the file is one value per line (delimiter '').
 *
 * @param text decoded text from the start of the file
 * @param complete whether `text` is the whole file
 */
export function sniffDialect(text: string, complete: boolean): DialectGuess {
  const newline: '\n' | '\r' = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const sample = cutSample(text, newline);
  // A cut sample is never the whole file: its last line may be incomplete.
  const whole = complete && sample.length === text.length;
  let best: { delimiter: string; mode: number; consistency: number; order: number } | null = null;
  DELIMITER_CANDIDATES.forEach((delimiter, order) => {
    if (!sample.includes(delimiter)) return;
    const { mode, share } = fieldCountConsistency(sample, { delimiter, quote: '"', newline }, whole);
    if (mode < 2 || share < MIN_CONSISTENCY) return;
    const better =
      best === null ||
      roundShare(share) > roundShare(best.consistency) ||
      (roundShare(share) === roundShare(best.consistency) && mode > best.mode) ||
      (roundShare(share) === roundShare(best.consistency) && mode === best.mode && order < best.order);
    if (better) best = { delimiter, mode, consistency: share, order };
  });
  const chosen = best as { delimiter: string; mode: number; consistency: number; order: number } | null;
  if (chosen === null) return { delimiter: '', quote: wrappedLines(sample, newline) ? '"' : null, newline, consistency: 1 };
  return { delimiter: chosen.delimiter, quote: sniffQuote(sample, chosen.delimiter, newline, whole), newline, consistency: chosen.consistency };
}

/** Shares within 5 points count as equal, so a stray title line does not outvote a wider, equally regular split. */
function roundShare(s: number): number {
  return Math.round(s * 20);
}

const SAMPLE_CHARS = 128 * 1024;

function cutSample(text: string, newline: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf(newline, SAMPLE_CHARS);
  return cut > 0 ? text.slice(0, cut + 1) : text.slice(0, SAMPLE_CHARS);
}

function parseSample(sample: string, dialect: Dialect, complete: boolean): BatchBuilder {
  const p = new DelimitedParser(dialect);
  const out = new BatchBuilder();
  p.push(sample, out);
  if (complete) p.end(out);
  return out;
}

/**
 * The most common field count and the share of records that agree with it; a record padded with empty fields
 * (`a,b,,`) or missing trailing empty ones agrees with any count between its filled width and its full width.
 */
function fieldCountConsistency(sample: string, dialect: Dialect, complete: boolean): { mode: number; share: number } {
  const records = parseSample(sample, dialect, complete).records.slice(0, SNIFF_RECORDS);
  const { mode } = modeOf(records.map((r) => r.fields.length));
  if (records.length === 0) return { mode, share: 0 };
  const agree = records.filter((r) => r.fields.length === mode || (trimmedLength(r.fields) <= mode && mode <= r.fields.length + 1)).length;
  return { mode, share: agree / records.length };
}

/** Field count without trailing empty fields (exports often pad rows with delimiters). */
export function trimmedLength(fields: readonly string[]): number {
  let n = fields.length;
  while (n > 1 && (fields[n - 1] ?? '').trim() === '') n--;
  return n;
}

export function modeOf(values: readonly number[]): { mode: number; share: number } {
  if (values.length === 0) return { mode: 0, share: 0 };
  const freq = new Map<number, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  let mode = 0;
  let best = -1;
  for (const [v, n] of freq) {
    if (n > best || (n === best && v > mode)) {
      mode = v;
      best = n;
    }
  }
  return { mode, share: best / values.length };
}

/** `'` quotes fields only in some exports; `"` is the default, and harmless where no field starts with it. */
function sniffQuote(sample: string, delimiter: string, newline: '\n' | '\r', complete: boolean): string {
  let single = 0;
  let double = 0;
  let cells = 0;
  for (const r of parseSample(sample, { delimiter, quote: null, newline }, complete).records.slice(0, SNIFF_RECORDS)) {
    for (const f of r.fields) {
      const t = f.trim();
      if (t.length === 0) continue;
      cells++;
      if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) single++;
      if (t.startsWith('"')) double++;
    }
  }
  return double === 0 && cells > 0 && single / cells >= 0.3 ? "'" : '"';
}

/** One-value-per-line files usually do not quote; quoting is assumed only when most lines are wrapped in `"`. */
function wrappedLines(sample: string, newline: string): boolean {
  const lines = sample.split(newline).map((l) => l.trim()).filter((l) => l.length > 0).slice(0, SNIFF_RECORDS);
  if (lines.length === 0) return false;
  const wrapped = lines.filter((l) => l.length >= 2 && l.startsWith('"') && l.endsWith('"')).length;
  return wrapped / lines.length >= 0.8;
}
