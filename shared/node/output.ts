import Papa from 'papaparse';
import stringWidth from 'string-width';
import type { CellValue } from '#shared/api/engineApi.ts';

type Cell = CellValue | undefined;

function text(v: Cell): string {
  return v === null || v === undefined ? '' : String(v);
}

/** A plain-text table for the terminal; widths count CJK characters as two columns. */
export function formatTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((r) => columns.map((_, i) => text(r[i]).replace(/[\r\n\t]+/g, ' ')));
  const widths = columns.map((c, i) => Math.min(60, Math.max(stringWidth(c), ...cells.map((r) => stringWidth(r[i] ?? '')))));
  const pad = (s: string, w: number): string => {
    let out = s;
    while (stringWidth(out) > w) out = out.slice(0, -1);
    return out + ' '.repeat(Math.max(0, w - stringWidth(out)));
  };
  const line = (r: readonly string[]): string => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}

/** RFC 4180 CSV (via papaparse), UTF-8. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((_, i) => text(r[i]))) }, { newline: '\n' })}\n`;
}
