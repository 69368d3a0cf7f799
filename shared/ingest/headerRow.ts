import { inferColumnType } from '#shared/values/inferType.ts';
import { isMissing } from '#shared/values/missing.ts';
import { parseValue } from '#shared/values/parseValue.ts';
import { displayHeaders, isKnownHeader } from './headerNames.ts';
import type { SourceRecord } from './records.ts';
import { modeOf, trimmedLength } from './sniffDialect.ts';

export interface HeaderLayout {
  /** 1-based line of the header, 0 when the file has none. */
  readonly headerRow: number;
  /** Column names: header cells (made unique), or `列1`, `列2` … without a header. */
  readonly headers: readonly string[];
  /** Whether the names say something (a header row or a fixed-width layout), rather than being `列N`. */
  readonly named: boolean;
  /** Records above the header: report titles and export stamps, rejected as TITLE_ROW. */
  readonly leading: readonly SourceRecord[];
}

/** How far down the header may be (title and note lines above it). */
const MAX_HEADER_SEARCH = 30;

/**
 * Finds the header row in the first records of a file:
 * 1. the data width is the most common field count (trailing empty fields ignored);
 * 2. the header candidate is the first record that fills at least half of that width — lines above it (a title
 *    such as `客户信息导出 2024-06-30`, `导出时间：…`) are leading lines;
 * 3. the candidate is a header when a cell names a known field, or when it is typed unlike the data below it
 *    (text over numbers or dates), or when all its cells are short distinct labels that do not occur in the data.
 *    Otherwise the file has no header and columns are named `列1`, `列2` ….
 *
 * @param forcedRow a header row chosen by the user (`ReadOptions.headerRow`), 0 for none
 */
export function detectHeader(records: readonly SourceRecord[], forcedRow?: number): HeaderLayout {
  const widths = records.slice(0, 500).map((r) => trimmedLength(r.fields));
  const width = Math.max(1, modeOf(widths).mode);
  if (forcedRow !== undefined) return layoutAt(records, forcedRow, width);
  const minFilled = width === 1 ? 1 : Math.max(2, Math.ceil(width / 2));
  const limit = Math.min(records.length, MAX_HEADER_SEARCH);
  let candidate = -1;
  for (let i = 0; i < limit; i++) {
    if (filledCells((records[i] as SourceRecord).fields) >= minFilled) {
      candidate = i;
      break;
    }
  }
  if (candidate === -1) return { headerRow: 0, headers: displayHeaders([], width), named: false, leading: [] };
  const head = records[candidate] as SourceRecord;
  const data = records.slice(candidate + 1, candidate + 301);
  if (!looksLikeHeader(head.fields, data, width)) {
    return { headerRow: 0, headers: displayHeaders([], width), named: false, leading: [] };
  }
  return layoutAt(records, head.line, width);
}

function layoutAt(records: readonly SourceRecord[], headerRow: number, modalWidth: number): HeaderLayout {
  if (headerRow <= 0) return { headerRow: 0, headers: displayHeaders([], modalWidth), named: false, leading: [] };
  const head = records.find((r) => r.line === headerRow);
  const leading = records.filter((r) => r.line < headerRow);
  if (!head) return { headerRow, headers: displayHeaders([], modalWidth), named: false, leading };
  // Unnamed columns beyond the header's last name still hold data when the rows are wider.
  const width = Math.max(trimmedLength(head.fields), Math.min(modalWidth, head.fields.length));
  return { headerRow, headers: displayHeaders(head.fields, width), named: true, leading };
}

function filledCells(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.trim() !== '') n++;
  return n;
}

const SENTENCE_PUNCTUATION = /[，。！？；!?;…]/;
const NUMBER_LIKE = /^[-+]?[\d.,%]+$/;
const DATE_LIKE = /^\d{2,4}[-/.年]\d{1,2}/;

/** A short label: not a number, date or sentence. */
function isLabel(cell: string): boolean {
  const t = cell.trim();
  return t.length > 0 && t.length <= 40 && !NUMBER_LIKE.test(t) && !DATE_LIKE.test(t) && !SENTENCE_PUNCTUATION.test(t);
}

function looksLikeHeader(cells: readonly string[], data: readonly SourceRecord[], width: number): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  if (filled.some((c) => isKnownHeader(c))) return true;
  if (!filled.every(isLabel)) return false;
  if (new Set(filled.map((c) => c.trim())).size !== filled.length) return false;
  let typedAgainst = 0;
  let typedFor = 0;
  let seenInData = false;
  let dataLength = 0;
  let dataCount = 0;
  for (let j = 0; j < Math.min(width, cells.length); j++) {
    const cell = (cells[j] ?? '').trim();
    const column = data.map((r) => r.fields[j] ?? '').filter((v) => !isMissing(v));
    if (column.some((v) => v.trim() === cell && cell !== '')) seenInData = true;
    for (const v of column) dataLength += v.length;
    dataCount += column.length;
    const guess = inferColumnType(column);
    if (guess.type === 'text' || guess.type === 'empty' || guess.conformity < 0.9 || cell === '') continue;
    if (parseValue(guess.type, cell).ok) typedAgainst++;
    else typedFor++;
  }
  if (typedFor > typedAgainst) return true;
  if (typedAgainst > 0 || seenInData) return false;
  // A one-column file of free text: a header is a short label above much longer values.
  if (width === 1) {
    const label = filled[0] ?? '';
    return dataCount > 0 && label.length <= 20 && dataLength / dataCount >= 2 * label.length;
  }
  return data.length > 0;
}

/**
 * A summary line (合计/总计/小计/共计, `Total`, `共 123 条`) judged by its first non-empty cell; such lines
 * are not data and are rejected as TOTAL_ROW wherever they appear.
 */
export function isTotalRow(fields: readonly string[]): boolean {
  for (const f of fields) {
    const t = f.trim();
    if (t.length === 0) continue;
    return TOTAL_CELL.test(t);
  }
  return false;
}

const TOTAL_CELL =
  /^(?:(?:本页|本月|本日|全部|总)?(?:合\s*计|总\s*计|小\s*计|共\s*计|汇\s*总)(?:\s*[:：(（].*|\s*\d.*)?|(?:grand\s+|sub-?)?totals?(?:\s*[:(].*)?|共\s*[\d,]+\s*(?:条|笔|行|户|人|项)(?:记录|数据)?.*)$/i;
