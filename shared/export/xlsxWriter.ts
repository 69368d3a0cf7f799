/**
 * A streaming XLSX writer: one worksheet whose rows are written as inline strings and numbers and deflated as
 * they come (see zipWriter.ts for why this is not SheetJS). Text cells stay text, so phone, 身份证 and hash
 * values keep every digit when Excel or WPS opens the file. The header row is bold and frozen.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { ByteSink } from './byteSink.ts';
import { ZipWriter, type ZipEntryWriter } from './zipWriter.ts';

export type Cell = string | number | null;

/** Excel's limit of rows in one sheet, the header row included. */
export const XLSX_MAX_ROWS = 1_048_576;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must be removed
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_SPECIAL = /[&<>]/g;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '').replace(XML_SPECIAL, (c) => ESCAPES[c] ?? c);
}

/** Column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`. */
function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31);
  return clean === '' ? 'Sheet1' : clean;
}

/** Width in Excel character units: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private sheet: ZipEntryWriter | null = null;
  private rowNo = 0;
  private letters: string[] = [];
  private readonly utf8 = new TextEncoder();

  constructor(
    sink: ByteSink,
    private readonly name: string,
  ) {
    this.zip = new ZipWriter(sink);
  }

  /** Writes the package parts and the header row; `widths` are column widths in characters (optional). */
  async start(header: readonly string[], widths?: readonly number[]): Promise<void> {
    await this.zip.add('[Content_Types].xml', CONTENT_TYPES);
    await this.zip.add('_rels/.rels', ROOT_RELS);
    await this.zip.add(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheetName(this.name)).replace(/"/g, '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await this.zip.add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    await this.zip.add('xl/styles.xml', STYLES);
    this.letters = header.map((_, i) => columnName(i));
    const cols = header
      .map((h, i) => {
        const w = Math.min(60, Math.max(8, widths?.[i] ?? 0, displayWidth(h) + 2));
        return `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
      })
      .join('');
    this.sheet = this.zip.begin('xl/worksheets/sheet1.xml');
    const pane = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
    await this.sheet.write(this.utf8.encode(`${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${pane}${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`));
    await this.writeRows([header], 1);
  }

  /** Appends rows (cells in header order); `style` 1 is bold. */
  async writeRows(rows: readonly (readonly Cell[])[], style = 0): Promise<void> {
    if (!this.sheet) throw new BugIndicatingError('XlsxWriter.start() was not called');
    const s = style ? ` s="${style}"` : '';
    let xml = '';
    for (const row of rows) {
      const r = ++this.rowNo;
      xml += `<row r="${r}">`;
      for (let i = 0; i < row.length; i++) {
        const v = row[i];
        if (v === null || v === undefined || v === '') continue;
        const ref = `${this.letters[i] ?? columnName(i)}${r}`;
        if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
        else {
          const text = escapeXml(String(v));
          const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
          xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
        }
      }
      xml += '</row>';
    }
    await this.sheet.write(this.utf8.encode(xml));
  }

  async finish(): Promise<void> {
    if (!this.sheet) throw new BugIndicatingError('XlsxWriter.start() was not called');
    await this.sheet.write(this.utf8.encode('</sheetData></worksheet>'));
    await this.sheet.close();
    this.sheet = null;
    this.zip.finish();
  }
}
