/**
 * Column type inference from sample values and the header; see {@link inferColumnType}.
 */
import type { InferredType, MoneyUnit } from '#shared/api/ingestTypes.ts';
import { parseBool } from './bool.ts';
import { normalizeCardNo } from './cards.ts';
import { foldCell, isAllDigits } from './chars.ts';
import { parseDateTime, type DateOptions } from './dates.ts';
import { normalizeEmail } from './email.ts';
import { hasResidentIdShape, normalizeIdDocument, type IdDocType } from './idNumbers.ts';
import { isMissing } from './missing.ts';
import { moneyUnitFromHeader, parseMoneyFen } from './money.ts';
import { parseInteger, parseNumber } from './numbers.ts';
import { parseValue } from './parseValue.ts';
import { isMobile, normalizePhone } from './phone.ts';
import { normalizeDeviceId, normalizeOpenId } from './wechat.ts';

export interface ColumnTypeGuess {
  readonly type: InferredType;
  /** Share of the non-missing samples that parse as `type`, 0–1 (0 when all are missing). */
  readonly conformity: number;
  /** Share of the samples that are missing, 0–1 (0 when there are no samples). */
  readonly missingShare: number;
}

/** A type is chosen when at least this share of the non-missing samples has its shape. */
export const MIN_CONFORMITY = 0.9;

/** Header words, matched on the folded, lower-cased header. */
const HINTS = {
  date: /日期|日$|生日|出生|date|_dt$|^dt$|dob|birthday|到期|有效期|年月|月份/,
  time: /时间|time|^ts$|_ts$|时刻|_at$/,
  money: /金额|余额|收入|资产|aum|amount|amt|balance|(?:^|_)bal(?:$|_)|价格|单价|费用|手续费|本金|利息|额度|limit|fee|price|cost|工资|薪|贷款|存款|负债|销售额|交易额|市值|净值|income|revenue|元/,
  numeric: /数$|数量|次数|笔数|个数|年龄|分数|评分|率|比例|天数|(?:^|_)(?:count|cnt|num|qty|age|score|rate|ratio|pct|percent|days)(?:$|_)/,
  identifier: /号$|号码|编号|代码|编码|账号|帐号|卡号|流水|邮编|(?:^|_)(?:id|no|code|zip|postcode)$|(?:^|_)id_|no\./,
  bool: /是否|标志|标识$|flag|^is_|^has_|_flag$/,
  idNo: /证件|身份证|id_?no|id_?card|cert|national_id|identity/,
  phone: /手机|电话|phone|mobile|tel|msisdn|联系方式/,
  card: /卡号|card|^pan$/,
  wechat: /openid|open_id|unionid|union_id|微信/,
  union: /union/,
  device: /设备|device|imei|idfa|oaid|android|udid|meid|idfv|gaid/,
} as const;

type Hint = keyof typeof HINTS;

/**
 * Document types recognised by shape alone (detection without a hint yields `passport` only for Chinese passport
 * shapes such as E12345678). 台胞证 numbers are bare 8/10-digit numbers and foreign passports free-form, so they
 * need a 证件 header.
 */
const SELF_EVIDENT_ID: ReadonlySet<IdDocType> = new Set<IdDocType>(['resident_id', 'uscc', 'foreign_permanent', 'hk_macau_permit', 'passport']);

const DATE_OPTIONS_WITH_SERIAL: DateOptions = { allowExcelSerial: true };
const DATE_OPTIONS_NO_SERIAL: DateOptions = { allowExcelSerial: false };

const MONEY_MARKS = /[¥￥元万]|rmb|cny/i;
const GROUPED_THOUSANDS = /^[-+(]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?$/;
const DECIMALS = /\.(\d+)\)?-?$/;
const WHITESPACE = /\s/g;

/** Decimal places that still convert to whole fen, by unit: an amount column does not hold fractions of a fen. */
const MAX_DECIMALS: Readonly<Record<MoneyUnit, number>> = { fen: 0, yuan: 2, qian: 5, wan: 6 };

/** Digits after the decimal point of a plain number (0 when there is none). */
function decimalPlaces(v: string): number {
  const d = DECIMALS.exec(foldCell(v).replace(WHITESPACE, ''));
  return d ? (d[1] ?? '').length : 0;
}

/**
 * Infers the type of a column from sample cells and, optionally, its header.
 *
 * Missing cells (see isMissing) are set aside; among the rest, the most specific type whose shape covers at least
 * {@link MIN_CONFORMITY} of the values wins, in the order bool, id_no, phone, card_no, email, openid/unionid,
 * device_id, datetime/date, int, money, real, text. Guards against look-alikes:
 * - bool from bare 0/1 needs nothing but 0 and 1, both values or a 是否/flag header, and never an amount or count
 *   header;
 * - 证件号码 values with a wrong check digit still count towards the id_no shape (a dirty ID column is still an ID
 *   column), as do phone placeholders; 8/10-digit permits and free-form passports need a 证件 header;
 * - phone needs a phone header or mostly mobiles; openid/unionid need a WeChat header or mostly `o…` IDs;
 *   device ids need a device header or IMEI-shaped values (UUIDs alone are as likely record keys);
 * - all-digit dates other than `YYYYMMDD` / `YYYYMMDDHHMM(SS)` (YYMMDD, Excel serials, epoch numbers) need a date
 *   header (日期, date, 时间 …), since postcodes and counts look the same;
 * - digits with a leading zero (`000123`), or of one fixed width of six or more, or under an identifier header
 *   (客户号, 编号, code, id …) stay text rather than int: they are codes, and int would drop the zeros;
 * - amounts: an amount header (金额, 余额, amount …), currency marks, thousands separators or mostly two decimals
 *   make money rather than int/real, provided the values have no fractions of a fen (at most two decimals in
 *   yuan, six in 万元 by the header's unit); a price index with three decimals stays real.
 * Datetime is chosen over date when some values carry a time other than midnight, or the header says 时间/time.
 *
 * `conformity` is the share of the non-missing samples that parse as the chosen type (stricter than the shape
 * share: an ID with a wrong check digit has the shape but does not parse); `missingShare` the share missing.
 */
export function inferColumnType(samples: readonly string[], header?: string): ColumnTypeGuess {
  const total = samples.length;
  const values = samples.filter((s) => !isMissing(s));
  const missingShare = total === 0 ? 0 : (total - values.length) / total;
  if (values.length === 0) return { type: 'empty', conformity: 0, missingShare: total === 0 ? 0 : 1 };

  const h = header === undefined ? '' : foldCell(header).toLowerCase();
  const hint = (k: Hint): boolean => h.length > 0 && HINTS[k].test(h);
  const n = values.length;
  const share = (pred: (v: string) => boolean): number => {
    let c = 0;
    for (const v of values) if (pred(v)) c++;
    return c / n;
  };
  const guess = (type: InferredType, conformity: number): ColumnTypeGuess => ({ type, conformity, missingShare });

  const boolGuess = inferBool(samples, hint);
  if (boolGuess !== null) return boolGuess;

  // id_no
  const idHint = hint('idNo');
  const idOk = (v: string): boolean => {
    const r = normalizeIdDocument(v);
    if (r.ok) return idHint || SELF_EVIDENT_ID.has(r.value.docType);
    return idHint && r.code === 'ID_NO_INVALID' && normalizeIdDocument(v, 'passport').ok;
  };
  if (share((v) => idOk(v) || hasResidentIdShape(v)) >= MIN_CONFORMITY) return guess('id_no', share(idOk));

  // phone
  const phoneShape = share((v) => {
    const r = normalizePhone(v);
    return r.ok || r.code === 'PHONE_PLACEHOLDER';
  });
  if (phoneShape >= MIN_CONFORMITY) {
    const phoneOk = share((v) => normalizePhone(v).ok);
    const mobiles = share((v) => {
      const r = normalizePhone(v);
      return r.ok && isMobile(r.value);
    });
    if (hint('phone') || mobiles >= 0.5) return guess('phone', phoneOk);
  }

  // card_no
  const cardOk = share((v) => normalizeCardNo(v).ok);
  if (cardOk >= MIN_CONFORMITY) return guess('card_no', cardOk);
  if (hint('card') && share(hasCardShape) >= MIN_CONFORMITY) return guess('card_no', cardOk);

  // email
  const emailOk = share((v) => normalizeEmail(v).ok);
  if (emailOk >= MIN_CONFORMITY) return guess('email', emailOk);

  // openid / unionid
  const wechatOk = share((v) => normalizeOpenId(v).ok);
  if (wechatOk >= MIN_CONFORMITY && (hint('wechat') || share((v) => foldCell(v).startsWith('o')) >= 0.5)) {
    return guess(hint('union') ? 'unionid' : 'openid', wechatOk);
  }

  // device_id
  const deviceOk = share((v) => normalizeDeviceId(v).ok);
  if (deviceOk >= MIN_CONFORMITY && (hint('device') || share((v) => isImeiShaped(v)) >= 0.5)) return guess('device_id', deviceOk);

  // datetime / date
  const dateHint = hint('date') || hint('time');
  const dateOpts = dateHint ? DATE_OPTIONS_WITH_SERIAL : DATE_OPTIONS_NO_SERIAL;
  let withTime = 0;
  const dateOk = share((v) => {
    if (!dateHint && !isSelfEvidentDate(v)) return false;
    const r = parseDateTime(v, dateOpts);
    if (r.ok && !r.value.endsWith(' 00:00:00')) withTime++;
    return r.ok;
  });
  if (dateOk >= MIN_CONFORMITY) return guess(withTime > 0 || hint('time') ? 'datetime' : 'date', dateOk);

  // int / money / real
  const numeric = hint('numeric');
  const moneyHint = hint('money') && !numeric;
  const code = !numeric && !moneyHint && (hint('identifier') || looksLikeCodes(values));
  if (code || share(hasLeadingZero) > 0) return guess('text', share((v) => parseValue('text', v).ok));
  const unit = header === undefined ? null : moneyUnitFromHeader(header);
  const moneyOk = share((v) => parseMoneyFen(v, unit ?? 'yuan').ok);
  const centsExact = share((v) => decimalPlaces(v) <= MAX_DECIMALS[unit ?? 'yuan']) >= MIN_CONFORMITY;
  const moneyStyled = moneyOk >= MIN_CONFORMITY && centsExact && (moneyHint || isMoneyStyled(values));
  const intOk = share((v) => parseInteger(v).ok);
  if (intOk >= MIN_CONFORMITY && !moneyStyled) return guess('int', intOk);
  if (moneyStyled) return guess('money', moneyOk);
  const realOk = share((v) => parseNumber(v).ok);
  if (realOk >= MIN_CONFORMITY) return guess('real', realOk);

  return guess('text', share((v) => parseValue('text', v).ok));
}

/**
 * Bool when the values are flags. `无` is a missing marker elsewhere but "no" here, so a chosen bool column is
 * re-counted with the bool rule for missing values.
 */
function inferBool(samples: readonly string[], hint: (k: Hint) => boolean): ColumnTypeGuess | null {
  const boolValues = samples.filter((s) => !isMissing(s, 'bool'));
  if (boolValues.length === 0) return null;
  let okCount = 0;
  let numericOnly = true;
  let trues = 0;
  for (const v of boolValues) {
    const r = parseBool(v);
    if (!r.ok) continue;
    okCount++;
    if (r.value === 1) trues++;
    if (!isAllDigits(foldCell(v).replace('.', ''))) numericOnly = false;
  }
  const conformity = okCount / boolValues.length;
  if (conformity < MIN_CONFORMITY) return null;
  if (numericOnly) {
    // A count column holds mostly 0 and 1 too; a 0/1 flag holds nothing else.
    if (okCount < boolValues.length || hint('money') || hint('numeric')) return null;
    if (!hint('bool') && (trues === 0 || trues === okCount)) return null;
  }
  return { type: 'bool', conformity, missingShare: (samples.length - boolValues.length) / samples.length };
}

/** All-digit values that read as dates without a header hint: `YYYYMMDD`, `YYYYMMDDHHMM`, `YYYYMMDDHHMMSS`. */
function isSelfEvidentDate(v: string): boolean {
  const s = foldCell(v);
  if (!isAllDigits(s)) return !SERIAL_LIKE.test(s);
  return s.length === 8 || s.length === 12 || s.length === 14;
}

/** `45369.5`: an Excel serial with a day fraction, a date only under a date header. */
const SERIAL_LIKE = /^\d{5}\.\d+$/;

function hasCardShape(v: string): boolean {
  const r = normalizeCardNo(v);
  return r.ok || r.code === 'CARD_NO_CHECKSUM';
}

function isImeiShaped(v: string): boolean {
  const r = normalizeDeviceId(v);
  return r.ok && r.value.length === 15 && isAllDigits(r.value);
}

function hasLeadingZero(v: string): boolean {
  const s = foldCell(v);
  return s.length > 1 && s.charCodeAt(0) === 48 && isAllDigits(s);
}

/** All-digit values of one width of six or more digits: account or customer codes, postcodes, not quantities. */
function looksLikeCodes(values: readonly string[]): boolean {
  const first = foldCell(values[0] ?? '');
  if (first.length < 6) return false;
  return values.every((v) => {
    const s = foldCell(v);
    return s.length === first.length && isAllDigits(s);
  }) && new Set(values).size > 1;
}

/** Currency marks, thousands separators, or mostly exactly two decimals (and never more). */
function isMoneyStyled(values: readonly string[]): boolean {
  let marked = 0;
  let twoDecimals = 0;
  for (const v of values) {
    const s = foldCell(v).replace(WHITESPACE, '');
    if (MONEY_MARKS.test(s) || GROUPED_THOUSANDS.test(s)) marked++;
    const d = DECIMALS.exec(s);
    if (d) {
      const len = (d[1] ?? '').length;
      if (len > 2) return false;
      if (len === 2) twoDecimals++;
    }
  }
  return marked / values.length >= 0.5 || twoDecimals / values.length >= 0.5;
}
