import type { ColumnMapping, ColumnPreview, ImportPreview, Message } from '#shared/api/ingestTypes.ts';
import { entityDef, type PiiType } from '#shared/model/entities.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { inferColumnType } from '#shared/values/inferType.ts';
import { columnPii, type FileAnalysis } from './fileAnalysis.ts';

/** Rows shown in the preview grid. */
const PREVIEW_ROWS = 50;
/** Sample values listed per column. */
const COLUMN_SAMPLES = 10;

/**
 * What the import wizard shows before anything is written: detected encoding (with confidence and
 * alternatives), delimiter, quote, header row, title lines that will be rejected, per-column inferred type,
 * conformity and suggested field, the detected kind with every kind's score, and the mapping to start from.
 * Values of personal-data columns are masked.
 */
export function buildPreview(a: FileAnalysis, mapping: ColumnMapping): ImportPreview {
  const src = a.source;
  const pii: (PiiType | null)[] = a.headers.map((h, j) => {
    const entry = mapping.columns.find((e) => e.sourceIndex === j);
    if (entry?.field && mapping.kind !== 'table') {
      const fd = entityDef(mapping.kind).fields.find((f) => f.name === entry.field);
      if (fd?.pii) return fd.pii;
    }
    return columnPii(h, a.columnValues[j] ?? []);
  });
  const show = (v: string, j: number): string => {
    const t = pii[j];
    return t && v.trim() !== '' ? maskValue(t, v) : v;
  };
  const columns: ColumnPreview[] = a.headers.map((header, j) => {
    const values = a.columnValues[j] ?? [];
    const guess = inferColumnType(values, header);
    return {
      index: j,
      header,
      samples: values.slice(0, COLUMN_SAMPLES).map((v) => show(v, j)),
      inferredType: guess.type,
      conformity: guess.conformity,
      missingShare: guess.missingShare,
      suggestedField: mapping.columns.find((e) => e.sourceIndex === j)?.field ?? null,
      pii: pii[j] ?? null,
    };
  });
  const warnings: Message[] = [...src.warnings];
  if (src.layout.leading.length > 0) warnings.push({ code: 'ingest.titleLines', params: { count: src.layout.leading.length } });
  if (src.layout.headerRow === 0) warnings.push({ code: 'ingest.noHeader', params: {} });
  if (mapping.kind !== 'table') {
    const missing = a.scores.find((s) => s.kind === mapping.kind)?.requiredMissing ?? [];
    const mapped = new Set(mapping.columns.map((e) => e.field));
    const stillMissing = missing.filter((f) => !mapped.has(f));
    if (stillMissing.length > 0) warnings.push({ code: 'ingest.requiredUnmapped', params: { fields: stillMissing.join(',') } });
  }
  return {
    fileName: src.fileName,
    sizeBytes: src.sizeBytes,
    format: src.format,
    encoding: { encoding: src.encoding.encoding, confidence: src.encoding.confidence, source: src.encoding.source, alternatives: src.encoding.alternatives },
    delimiter: src.dialect.delimiter,
    quote: src.dialect.quote,
    headerRow: src.layout.headerRow,
    sheets: src.sheets,
    sheet: src.sheet,
    columns,
    rows: a.rows.slice(0, PREVIEW_ROWS).map((r) => r.map((v, j) => show(v, j))),
    leadingLines: src.layout.leading.map((r) => ({ line: r.line, text: r.fields.filter((f) => f.trim() !== '').join(' ') })),
    detectedKind: a.detectedKind,
    kindScores: a.scores.map((s) => ({ kind: s.kind, score: s.score })),
    mapping,
    warnings,
  };
}
