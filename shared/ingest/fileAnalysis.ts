import type { ColumnMapping, ReadOptions, SourceFile } from '#shared/api/ingestTypes.ts';
import type { EntityKind, PiiType } from '#shared/model/entities.ts';
import { detectPiiByShape } from '#shared/privacy/mask.ts';
import { isMissing } from '#shared/values/missing.ts';
import {
  applyTemplate,
  contentClass,
  detectKind,
  scoreKinds,
  suggestMapping,
  type ColumnSample,
  type ContentClass,
  type KindScore,
} from './columnMapping.ts';
import { piiFromHeader } from './headerNames.ts';
import { isTotalRow } from './headerRow.ts';
import type { SourceRecord } from './records.ts';
import { openSource, type SourceReader } from './sourceReader.ts';

/** Data rows of the sample used for types, content and the preview (the sniffed 256 KB hold at most 2,000). */
const SAMPLE_ROWS = 2000;

/** A file sniffed and its columns profiled: what the preview shows and the import starts from. */
export interface FileAnalysis {
  readonly source: SourceReader;
  readonly headers: readonly string[];
  /** Sample records below the header (summary lines left out), cells fitted to the header's width. */
  readonly rows: readonly (readonly string[])[];
  /** Per column, its sample values. */
  readonly columnValues: readonly (readonly string[])[];
  readonly contents: readonly (ContentClass | null)[];
  readonly scores: readonly KindScore[];
  readonly detectedKind: EntityKind | 'table';
}

export async function analyseFile(file: SourceFile, read: ReadOptions = {}): Promise<FileAnalysis> {
  const source = await openSource(file, read);
  const { headers, headerRow } = source.layout;
  const width = headers.length;
  const rows = source.sample
    .filter((r: SourceRecord) => r.line > headerRow && !isTotalRow(r.fields))
    .slice(0, SAMPLE_ROWS)
    .map((r) => fitTo(r.fields, width));
  const columnValues = headers.map((_, j) => rows.map((r) => r[j] ?? ''));
  const contents = columnValues.map((v) => contentClass(v));
  const samples: ColumnSample[] = headers.map((header, j) => ({ header, values: columnValues[j] ?? [] }));
  // Generated names (列1 …) say nothing: only content can suggest fields.
  const scored = source.layout.named ? samples : samples.map((s) => ({ ...s, header: '' }));
  const scores = scoreKinds(scored, contents);
  return { source, headers, rows, columnValues, contents, scores, detectedKind: detectKind(scores, width) };
}

function fitTo(fields: readonly string[], width: number): string[] {
  const out = fields.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

/**
 * The mapping an import uses: the one given, else a saved template applied by header name, else the suggestion
 * for the requested kind (or the detected one).
 */
export function resolveMapping(
  a: FileAnalysis,
  options: { readonly mapping?: ColumnMapping | undefined; readonly template?: ColumnMapping | undefined; readonly kind?: EntityKind | 'table' | undefined },
): ColumnMapping {
  if (options.mapping) return options.mapping;
  if (options.template) return applyTemplate(options.template, a.headers);
  const kind = options.kind ?? a.detectedKind;
  const samples: ColumnSample[] = a.headers.map((header, j) => ({
    header: a.source.layout.named || kind === 'table' ? header : '',
    values: a.columnValues[j] ?? [],
  }));
  const m = suggestMapping(kind, samples, a.contents, a.source.fileName);
  // Keep the display names as sources even where matching ignored them.
  return { ...m, columns: m.columns.map((e, j) => ({ ...e, source: a.headers[j] ?? e.source })) };
}

/** Personal-data class of a column: from its header, else when most of its values have a personal-data shape. */
export function columnPii(header: string, values: readonly string[]): PiiType | null {
  const byHeader = piiFromHeader(header);
  if (byHeader) return byHeader;
  const present = values.filter((v) => !isMissing(v));
  if (present.length === 0) return null;
  const counts = new Map<PiiType, number>();
  for (const v of present) {
    const t = detectPiiByShape(v);
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  for (const [t, n] of counts) if (n >= present.length * 0.8) return t;
  return null;
}
