import type { FieldType } from '#shared/model/entities.ts';
import { foldCell } from './chars.ts';

/**
 * Missing-value markers seen in bank, database and spreadsheet exports, compared after folding full-width forms,
 * trimming and lower-casing: database NULLs (`NULL`, `\N` from MySQL `SELECT … INTO OUTFILE`), pandas/R (`NaN`,
 * `None`, `NA`, `<NA>`, `NaT`), Excel errors (`#N/A`, `#NULL!`), and the Chinese placeholders typed by staff
 * (`空`, `无`, `(空)`, `[空]`, `暂无`, `-`, `--`, `—`). A marker counts only as the whole cell: `无锡` is a city.
 */
const MARKERS: ReadonlySet<string> = new Set([
  'na', 'n/a', 'n.a.', '#n/a', '<na>', 'null', '(null)', '<null>', '#null!', '\\n', 'none', 'nan', 'nat', 'nil',
  'undefined', '-', '--', '---', '/', '//', '空', '(空)', '[空]', '【空】', '(空白)', '空白', '空值', '无', '(无)', '暂无',
  '(blank)', '——', '—',
]);

/**
 * First characters of the markers. A cell that starts with a character no marker starts with, and that folding,
 * trimming and lower-casing keep as it is (printable ASCII, a CJK ideograph), is a value: the hot path for short
 * cells such as `CNY`, `支出` or `C00001171`, which would otherwise be folded and lower-cased on every row.
 */
const MARKER_STARTS: ReadonlySet<number> = new Set([...MARKERS].map((m) => m.charCodeAt(0)));

function startsNoMarker(c: number): boolean {
  if (c >= 0x21 && c <= 0x7e) return !MARKER_STARTS.has(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  return c >= 0x4e00 && c <= 0x9fff && !MARKER_STARTS.has(c);
}

/** Longest marker, in UTF-16 units: longer cells skip the set lookup. */
const MAX_MARKER_LENGTH = 9;

/**
 * True when a cell holds no value: empty, only whitespace, or a missing-value marker such as `NA`, `NULL`, `\N`,
 * `空`, `(空)`, `-` or `—` (case-insensitive, full-width forms folded, whole value only).
 *
 * `无` ("none") is a missing marker for every type except `bool`, where it is the answer "no" (有/无). Pass the
 * field type when it is known so a bool column keeps its `无`; without a type `无` counts as missing, which is what
 * the import pipeline wants for the non-bool fields it checks here before parsing.
 *
 * A lone `-` counts as missing too, although Excel's accounting format prints zero as `-`: in CSV exports a dash
 * marks an absent value far more often than a zero, and guessing zero would invent an amount.
 */
export function isMissing(raw: string, type?: FieldType): boolean {
  const n = raw.length;
  if (n === 0) return true;
  // Fast path for the usual cell: longer than any marker and not padded with spaces.
  if (n > MAX_MARKER_LENGTH && isSolid(raw.charCodeAt(0)) && isSolid(raw.charCodeAt(n - 1))) return false;
  if (startsNoMarker(raw.charCodeAt(0))) return false;
  const s = foldCell(raw);
  if (s.length === 0) return true;
  if (s.length > MAX_MARKER_LENGTH) return false;
  const key = s.toLowerCase();
  if (!MARKERS.has(key)) return false;
  return !(type === 'bool' && key === '无');
}

/** A char code that trimming and folding cannot remove. */
const isSolid = (c: number): boolean => c > 0x20 && c !== 0x3000 && c !== 0xa0 && c !== 0xfeff && c !== 0x200b;
