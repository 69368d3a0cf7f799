import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { ExpectedError } from '#shared/api/errors.ts';
import { BatchBuilder, isBlankRecord, type RecordBatch } from './records.ts';

// Legacy BIFF5 workbooks (Excel 95) store text in the system code page, GBK on Chinese Windows.
XLSX.set_cptable(cptable);

/** The part of SheetJS's number-format library we use (its typings declare SSF as `any`). */
interface Ssf {
  is_date(format: string): boolean;
  parse_date_code(serial: number, options: { date1904: boolean }): { y: number; m: number; d: number; H: number; M: number; S: number } | null;
}
const SSF = XLSX.SSF as Ssf;

/**
 * Parses an XLSX or legacy XLS workbook (SheetJS). The whole workbook is held in memory: the format is a zip
 * of XML and cannot be streamed row by row; Excel caps a sheet at 1,048,576 rows.
 */
export function readWorkbook(content: Uint8Array | string, fileName: string): XLSX.WorkBook {
  try {
    if (typeof content === 'string') {
      // An HTML table saved as ".xls" by a web system: cells stay text as written (raw), leading zeros included.
      return XLSX.read(content, { type: 'string', dense: true, raw: true, cellDates: false, cellHTML: false });
    }
    return XLSX.read(content, { type: 'array', dense: true, cellDates: false, cellNF: true, cellHTML: false, cellFormula: false });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(msg)) {
      throw new ExpectedError('FILE_UNREADABLE', `${fileName} is password-protected; save it without a password and try again.`, { file: fileName, reason: 'password' }, { cause: e });
    }
    throw new ExpectedError('FILE_FORMAT_UNSUPPORTED', `${fileName} could not be read as a workbook.`, { file: fileName }, { cause: e });
  }
}

/** The sheet to import: the requested one, or the first that holds any cell. */
export function chooseSheet(wb: XLSX.WorkBook, requested: string | undefined, fileName: string): string {
  if (requested !== undefined) {
    if (!wb.SheetNames.includes(requested)) {
      throw new ExpectedError('BAD_ARGUMENT', `${fileName} has no sheet named ${requested}.`, { file: fileName, sheet: requested });
    }
    return requested;
  }
  const withData = wb.SheetNames.find((n) => (wb.Sheets[n]?.['!ref'] ?? '') !== '');
  const first = withData ?? wb.SheetNames[0];
  if (first === undefined) throw new ExpectedError('FILE_EMPTY', `${fileName} has no sheets.`, { file: fileName });
  return first;
}

/**
 * The rows of a sheet as text records in batches; `line` is the Excel row number. Dates (number cells with a
 * date format) become `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` from the serial number itself, so the machine's
 * time zone never shifts them.
 */
export function* sheetBatches(wb: XLSX.WorkBook, sheet: string, bytesTotal: number, batchRows = 5000): Generator<RecordBatch> {
  const ws = wb.Sheets[sheet];
  const ref = ws?.['!ref'];
  const out = new BatchBuilder();
  if (!ws || !ref) {
    yield out.take(bytesTotal);
    return;
  }
  const range = XLSX.utils.decode_range(ref);
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const rowCount = range.e.r - range.s.r + 1;
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row = data[r];
    const fields: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) fields.push(cellText(row?.[c], date1904));
    if (isBlankRecord(fields)) out.blankLines++;
    else out.records.push({ line: r + 1, fields });
    if (out.size >= batchRows) yield out.take(Math.round((bytesTotal * (r - range.s.r + 1)) / rowCount));
  }
  yield out.take(bytesTotal);
}

function cellText(c: XLSX.CellObject | undefined, date1904: boolean): string {
  if (!c) return '';
  switch (c.t) {
    case 's':
      return typeof c.v === 'string' ? c.v : String(c.v ?? '');
    case 'n': {
      const v = typeof c.v === 'number' ? c.v : Number(c.v);
      if (typeof c.z === 'string' && SSF.is_date(c.z)) return serialToIso(v, date1904) ?? String(v);
      // Percent formats: the analyst typed and sees 5%, the cell holds 0.05.
      if (typeof c.z === 'string' && c.z.includes('%') && typeof c.w === 'string') return c.w;
      return numberText(v);
    }
    case 'b':
      return c.v ? 'TRUE' : 'FALSE';
    case 'd':
      return c.v instanceof Date ? c.v.toISOString().replace('T', ' ').slice(0, 19).replace(/ 00:00:00$/, '') : String(c.v ?? '');
    case 'e':
      return typeof c.w === 'string' ? c.w : '#ERROR';
    default:
      return '';
  }
}

/** Excel keeps 15 significant digits; more is binary noise (0.30000000000000004). */
function numberText(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

function serialToIso(serial: number, date1904: boolean): string | null {
  const d = SSF.parse_date_code(serial, { date1904 });
  if (!d || d.y < 1) return null;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const date = `${String(d.y).padStart(4, '0')}-${p2(d.m)}-${p2(d.d)}`;
  if (d.H === 0 && d.M === 0 && d.S === 0) return date;
  return `${date} ${p2(d.H)}:${p2(d.M)}:${p2(d.S)}`;
}
