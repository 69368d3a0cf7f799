/**
 * One entry point from a field type to its parser, called for every mapped cell of an import.
 */
import type { MoneyUnit } from '#shared/api/ingestTypes.ts';
import type { FieldType } from '#shared/model/entities.ts';
import { normalizeCardNo } from './cards.ts';
import { parseBool } from './bool.ts';
import { parseDate, parseDateTime, type DateOptions, type DateOrder } from './dates.ts';
import { normalizeEmail } from './email.ts';
import { normalizeIdDocument, type IdDocType } from './idNumbers.ts';
import { parseMoneyFen } from './money.ts';
import { parseInteger, parseNumber } from './numbers.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';
import { normalizePhone } from './phone.ts';
import { normalizeDeviceId, normalizeOpenId, normalizeUnionId } from './wechat.ts';

export interface ParseOptions {
  /** Unit of a money column's values (default yuan). */
  readonly moneyUnit?: MoneyUnit;
  /** Field order for ambiguous all-numeric dates (default none: ambiguous values fail). */
  readonly dateOrder?: DateOrder;
  /** Document type of an id_no cell, from the row's 证件类型 (default: detected from the shape). */
  readonly idTypeHint?: IdDocType | null;
}

/** Longest text value kept, in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 100_000;

/** Option objects per date order, built once so the hot loop does not allocate them per cell. */
const DATE_OPTIONS: Readonly<Record<DateOrder, DateOptions>> = {
  ymd: { order: 'ymd' },
  dmy: { order: 'dmy' },
  mdy: { order: 'mdy' },
};

/**
 * Parses one cell as `type` and returns the value to store: text as a string, int/real/bool as numbers, money
 * as integer fen, date `YYYY-MM-DD`, datetime `YYYY-MM-DD HH:MM:SS`, identifiers normalised (phone, 证件号码,
 * e-mail, card number, OpenID, UnionID, device id). The caller handles missing values first (see isMissing).
 *
 * Text is trimmed, `\r\n` and lone `\r` become `\n`, and control characters other than tab and newline (C0,
 * DEL, C1) and BOMs are removed; longer than {@link MAX_TEXT_LENGTH} fails with TEXT_TOO_LONG.
 *
 * Speed: this runs on every cell of million-row files; each parser has a no-allocation fast path for values
 * already in canonical form (`2024-03-18`, `12.50`, `13812345678`), and no regular expression is built per call.
 */
export function parseValue(type: FieldType, raw: string, opts?: ParseOptions): ParseResult<string | number> {
  switch (type) {
    case 'text':
      return parseText(raw);
    case 'int':
      return parseInteger(raw);
    case 'real':
      return parseNumber(raw);
    case 'money':
      return parseMoneyFen(raw, opts?.moneyUnit ?? 'yuan');
    case 'date':
      return parseDate(raw, opts?.dateOrder === undefined ? undefined : DATE_OPTIONS[opts.dateOrder]);
    case 'datetime':
      return parseDateTime(raw, opts?.dateOrder === undefined ? undefined : DATE_OPTIONS[opts.dateOrder]);
    case 'bool':
      return parseBool(raw);
    case 'phone':
      return normalizePhone(raw);
    case 'id_no': {
      const r = normalizeIdDocument(raw, opts?.idTypeHint);
      return r.ok ? ok(r.value.value) : r;
    }
    case 'email':
      return normalizeEmail(raw);
    case 'card_no':
      return normalizeCardNo(raw);
    case 'openid':
      return normalizeOpenId(raw);
    case 'unionid':
      return normalizeUnionId(raw);
    case 'device_id':
      return normalizeDeviceId(raw);
  }
}

function parseText(raw: string): ParseResult<string> {
  const s = isCleanText(raw) ? raw : cleanText(raw);
  return s.length > MAX_TEXT_LENGTH ? fail('TEXT_TOO_LONG') : ok(s);
}

/** C0 controls except tab and LF, DEL, C1 controls, BOM. CR is handled apart (turned into LF). */
const isUnwanted = (c: number): boolean => (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || c === 0xfeff;

/** What String.prototype.trim removes, for the first and last character. */
const isTrimmed = (c: number): boolean =>
  c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** No control characters, BOM or surrounding whitespace: the text is stored as is. */
function isCleanText(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (isTrimmed(s.charCodeAt(0)) || isTrimmed(s.charCodeAt(n - 1))) return false;
  for (let i = 0; i < n; i++) if (isUnwanted(s.charCodeAt(i))) return false;
  return true;
}

function cleanText(raw: string): string {
  let out = '';
  let from = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (!isUnwanted(c)) continue;
    out += raw.slice(from, i);
    if (c === 0x0d) {
      out += '\n';
      if (raw.charCodeAt(i + 1) === 0x0a) i++;
    }
    from = i + 1;
  }
  return (out + raw.slice(from)).trim();
}
