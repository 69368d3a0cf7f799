import type { ErrorParams } from '#shared/api/errors.ts';
import type { RejectCode } from '#shared/api/ingestTypes.ts';

/**
 * Reason texts for rejected rows, for outputs the engine writes itself (the rejects CSV). The UI renders the same
 * codes from its own catalogs (`reject.<code>`); `{name}` placeholders take the reject's params.
 */
export const REJECT_MESSAGES: { readonly [C in RejectCode]: { readonly zh: string; readonly en: string } } = {
  COLUMN_COUNT: { zh: '字段数为 {actual}，表头有 {expected} 列', en: 'Row has {actual} fields; the header has {expected}' },
  REQUIRED_MISSING: { zh: '必填字段“{column}”为空', en: 'Required field "{column}" is empty' },
  VALUE_INVALID: { zh: '必填字段“{column}”的值无法识别（{issue}）', en: 'Required field "{column}" has an unreadable value ({issue})' },
  UNBALANCED_QUOTE: { zh: '引号不成对，本行无法按 CSV 规则读取', en: 'Unbalanced quote: the line cannot be read as CSV' },
  ROW_TOO_LONG: { zh: '行过长（超过 {limit} 个字符）', en: 'Line too long (more than {limit} characters)' },
  TITLE_ROW: { zh: '表头之上的标题或说明行', en: 'Title or note line above the header' },
  TOTAL_ROW: { zh: '合计/小计行，不是明细数据', en: 'Total or subtotal line, not a data row' },
  ENCODING_INVALID: { zh: '按 {encoding} 编码无法解读的字节（{count} 处）', en: 'Bytes not valid in {encoding} ({count} places)' },
  BINARY_DATA: { zh: '含有二进制数据或控制字符', en: 'Contains binary data or control characters' },
  DUPLICATE_IN_FILE: { zh: '与第 {firstRow} 行主键相同但内容不同', en: 'Same key as row {firstRow} but different values' },
  TRUNCATED: { zh: '文件末行不完整，文件可能被截断', en: 'The last line is incomplete; the file may be truncated' },
};

/** The reason text of a reject code with its params filled in. */
export function rejectMessage(code: RejectCode, params: ErrorParams, lang: 'zh' | 'en' = 'zh'): string {
  const template = REJECT_MESSAGES[code][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? whole : String(v);
  });
}
