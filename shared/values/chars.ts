/**
 * Character-level clean-up shared by the value parsers. Real exports carry full-width digits and punctuation
 * typed with a Chinese IME (`２０２４－０３－１８`, `１，２３４．５６`), no-break and ideographic spaces, zero-width
 * characters pasted from web pages, typographic minus signs, and Excel's tricks for keeping long digit strings as
 * text (`'6222…`, `="6222…"`, a trailing tab). Each parser folds those first so its own grammar stays ASCII.
 */

/** True for a char code of an ASCII digit. */
export const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** True when every character of `s` is an ASCII digit (false for ''). */
export function isAllDigits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Folds a cell to plain ASCII punctuation and digits and trims it: full-width forms U+FF01–U+FF5E become ASCII,
 * ideographic/no-break spaces become spaces, U+2010–U+2015 dashes, U+2212 minus and U+FE63 small hyphen become
 * `-`, zero-width characters and the BOM are dropped. Other characters (CJK, `￥`) are kept.
 *
 * Hot path: a value that is printable ASCII without surrounding spaces (nearly every cell) is returned as is,
 * without allocating.
 */
export function foldCell(raw: string): string {
  const n = raw.length;
  let i = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) break;
  }
  if (i === n) return raw;
  // Copy unchanged runs with slice and only build the characters that change.
  let out = '';
  let from = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) continue;
    let rep: string | null;
    if (c >= 0xff01 && c <= 0xff5e) rep = String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0 || c === 0x2007 || c === 0x202f || c === 0x09) rep = ' ';
    else if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63) rep = '-';
    else if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff) rep = '';
    else rep = null;
    if (rep === null) continue;
    out += raw.slice(from, i) + rep;
    from = i + 1;
  }
  out += raw.slice(from);
  return out.trim();
}

/**
 * Removes the wrappers spreadsheet users put around long digit strings so Excel keeps them as text: a leading
 * apostrophe (`'6222021234567890123`) and the formula form `="6222021234567890123"`. Expects a folded cell.
 */
export function unwrapSpreadsheetText(s: string): string {
  const c0 = s.charCodeAt(0);
  if (c0 === 39 /* ' */ || c0 === 96 /* ` */) return s.slice(1).trim();
  if (c0 === 61 /* = */ && s.length >= 3 && s.charCodeAt(1) === 34 && s.charCodeAt(s.length - 1) === 34) {
    return s.slice(2, -1).trim();
  }
  return s;
}
