/**
 * Reads a file of labelled notes for training the sentiment classifier: CSV or TSV with a header row, any of
 * the encodings the importer reads, a text column and a label column (positive/neutral/negative, 正面/中性/负面,
 * pos/neu/neg, 1/0/-1). Rows with an empty text or an unknown label are skipped and reported by row number.
 */
import Papa from 'papaparse';
import { ExpectedError } from '#shared/api/errors.ts';
import { sniffEncoding } from '#shared/ingest/sniffEncoding.ts';
import type { SentimentLabel } from './sentimentLexicon.ts';

const LABEL_NAMES: Readonly<Record<string, SentimentLabel>> = {
  positive: 'positive', pos: 'positive', '正面': 'positive', '积极': 'positive', '好评': 'positive', '1': 'positive', '+1': 'positive',
  neutral: 'neutral', neu: 'neutral', '中性': 'neutral', '中立': 'neutral', '0': 'neutral',
  negative: 'negative', neg: 'negative', '负面': 'negative', '消极': 'negative', '差评': 'negative', '-1': 'negative',
};

export function parseSentimentLabel(value: string): SentimentLabel | null {
  return LABEL_NAMES[value.trim().toLowerCase()] ?? null;
}

export function readLabelledFile(bytes: Uint8Array, textColumn: string, labelColumn: string): { texts: string[]; labels: SentimentLabel[]; skipped: { row: number; reason: string }[] } {
  const sniff = sniffEncoding(bytes.subarray(0, 262_144), bytes.byteLength <= 262_144);
  const text = new TextDecoder(sniff.encoding).decode(bytes.subarray(sniff.bomLength));
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  const fields = parsed.meta.fields ?? [];
  for (const c of [textColumn, labelColumn]) {
    if (!fields.includes(c)) throw new ExpectedError('BAD_ARGUMENT', `The file has no column "${c}" (columns: ${fields.join(', ')}).`, { column: c });
  }
  const texts: string[] = [];
  const labels: SentimentLabel[] = [];
  const skipped: { row: number; reason: string }[] = [];
  parsed.data.forEach((row, i) => {
    const rowNo = i + 2;
    const t = (row[textColumn] ?? '').trim();
    const l = parseSentimentLabel(row[labelColumn] ?? '');
    if (t === '') skipped.push({ row: rowNo, reason: 'empty text' });
    else if (l === null) skipped.push({ row: rowNo, reason: `unknown label "${row[labelColumn] ?? ''}"` });
    else {
      texts.push(t);
      labels.push(l);
    }
  });
  return { texts, labels, skipped };
}
