/** Why one cell did not parse. Each code has a zh-CN and en message in the catalogs (`cell.<code>`). */
export type CellIssueCode =
  | 'DATE_INVALID'
  | 'DATE_OUT_OF_RANGE'
  | 'DATE_AMBIGUOUS'
  | 'NUMBER_INVALID'
  | 'INT_INVALID'
  | 'AMOUNT_INVALID'
  | 'BOOL_INVALID'
  | 'PHONE_INVALID'
  | 'PHONE_PLACEHOLDER'
  | 'ID_NO_INVALID'
  | 'ID_NO_CHECKSUM'
  | 'CARD_NO_INVALID'
  | 'CARD_NO_CHECKSUM'
  | 'EMAIL_INVALID'
  | 'OPENID_INVALID'
  | 'UNIONID_INVALID'
  | 'DEVICE_ID_INVALID'
  | 'TEXT_TOO_LONG';

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: CellIssueCode };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T = never>(code: CellIssueCode): ParseResult<T> => ({ ok: false, code });
