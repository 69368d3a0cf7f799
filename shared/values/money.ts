/**
 * Money amounts to integer fen (1 yuan = 100 fen) with exact decimal arithmetic; see {@link parseMoneyFen}.
 */
import type { MoneyUnit } from '#shared/api/ingestTypes.ts';
import { foldCell } from './chars.ts';
import { compactNumberText, decimalToInteger, readDecimal } from './decimal.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

/** Powers of ten from each unit to fen. */
const FEN_SHIFT: Readonly<Record<MoneyUnit, number>> = { fen: 0, yuan: 2, qian: 5, wan: 6 };

/** Currency marks before the number, after an optional sign or opening parenthesis. */
const CURRENCY_PREFIX = /^([-+(]{0,2})(?:[¥￥]|rmb|cny|人民币)/;
/** Unit or currency marks after the number, before an optional trailing minus or closing parenthesis. */
const CURRENCY_SUFFIX = /(万元|万|元|圆|rmb|cny)([-)]{0,2})$/;

/**
 * Parses an amount to integer fen. `unit` is the unit of the column (default yuan); a unit written in the value
 * wins over it (`12.5万` is 125,000 yuan in any column, `300元` is 300 yuan even in a 万元 column).
 *
 * Accepts `¥ ￥ RMB CNY 人民币` before and `元 万元 万 RMB CNY` after the number, thousands separators (`,` `，`,
 * only in groups of three), full-width digits, spaces, a sign as leading `-`/`+`/`−`, trailing `-` or
 * accounting parentheses `(123.00)` / `（123.00）`, and Excel's scientific notation (`1.2E+5`). Digits below one
 * fen are rounded half away from zero (`1.005` yuan → 101 fen), on the decimal digits as written, so there is
 * no floating-point error. Fails with AMOUNT_INVALID otherwise, or when the result exceeds 2^53 fen.
 */
export function parseMoneyFen(raw: string, unit: MoneyUnit = 'yuan'): ParseResult<number> {
  if (unit === 'yuan') {
    const fast = plainYuanToFen(raw);
    if (fast !== null) return ok(fast);
  }
  let s = compactNumberText(raw);
  if (s.length === 0) return fail('AMOUNT_INVALID');
  let effective = unit;
  s = s.replace(CURRENCY_PREFIX, '$1');
  const suffix = CURRENCY_SUFFIX.exec(s);
  if (suffix) {
    const mark = suffix[1];
    if (mark === '万' || mark === '万元') effective = 'wan';
    else if (mark === '元' || mark === '圆') effective = 'yuan';
    s = s.slice(0, suffix.index) + (suffix[2] ?? '');
  }
  const d = readDecimal(s);
  if (d === null) return fail('AMOUNT_INVALID');
  const fen = decimalToInteger(d, FEN_SHIFT[effective], false);
  return fen === null ? fail('AMOUNT_INVALID') : ok(fen);
}

/**
 * Fast path for the usual cells, `-?[¥￥]?\d{1,13}(\.\d{0,2})?` in yuan with optional thousands separators in
 * groups of three, computed with integer arithmetic (exact below 2^53). Returns null for anything else, which
 * the general path then parses or rejects.
 */
function plainYuanToFen(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 24) return null;
  let i = 0;
  const negative = s.charCodeAt(0) === 45;
  if (negative) i = 1;
  const mark = s.charCodeAt(i);
  if (mark === 0xa5 || mark === 0xffe5) i++;
  let yuan = 0;
  let digits = 0;
  // Digits since the last comma; -1 before the first.
  let group = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      yuan = yuan * 10 + (c - 48);
      digits++;
      if (group >= 0 && ++group > 3) return null;
    } else if (c === 44) {
      if (digits === 0 || (group < 0 ? digits > 3 : group !== 3)) return null;
      group = 0;
    } else break;
  }
  if (digits === 0 || digits > 13 || (group >= 0 && group !== 3)) return null;
  let fen = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 || n - i > 3) return null;
    for (let j = i + 1; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) return null;
      fen = fen * 10 + (c - 48);
    }
    if (n - i === 2) fen *= 10;
  }
  const total = yuan * 100 + fen;
  return negative && total !== 0 ? -total : total;
}

/** Unit words in headers: `金额(万元)`, `余额_万元`, `金额（分）`, `amount_fen`, `单位：元`. */
const HEADER_UNIT = /(?:^|[([【<_\-/:\s]|单位)(万元|万|元|人民币元|分|yuan|rmb|cny|wan|fen|cents?)(?:[)\]】>]|$)/;

/**
 * The money unit a column header declares, or null when it names none: `金额(万元)` → wan, `金额（分）` → fen,
 * `金额(元)` → yuan. `分` counts only inside brackets or after a separator, because it also ends words such as
 * 积分 (points) and 评分 (score). `金额(千元)` → qian (thousands of yuan).
 */
export function moneyUnitFromHeader(header: string): MoneyUnit | null {
  const h = foldCell(header).toLowerCase();
  if (h.includes('千元')) return 'qian';
  if (h.includes('万元') || h.includes('万人民币')) return 'wan';
  const m = HEADER_UNIT.exec(h);
  if (m) {
    switch (m[1]) {
      case '万':
      case 'wan':
        return 'wan';
      case '分':
      case 'fen':
      case 'cent':
      case 'cents':
        return 'fen';
      default:
        return 'yuan';
    }
  }
  return h.endsWith('元') ? 'yuan' : null;
}
