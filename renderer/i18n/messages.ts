/**
 * Turning engine codes into text: reject reasons with their parameters, cell-issue codes, progress steps, and
 * free `Message`s (warnings, notices) whose codes the engine may add before the catalogs know them.
 */
import type { i18n as I18n } from 'i18next';
import type { ErrorParams } from '#shared/api/errors.ts';
import type { Message } from '#shared/api/ingestTypes.ts';
import { zhCN } from './zh-CN.ts';

type Params = Readonly<Record<string, string | number | boolean | null>>;

/** i18next's typed `t` refuses keys built at run time; engine codes are checked with {@link has} first. */
function tr(i18n: I18n, key: string, params: Params = {}): string {
  return (i18n.t as (k: string, o: Params) => string)(key, params);
}

/** Whether `key` names a message (a string), not a section of the catalog. */
function has(i18n: I18n, key: string): boolean {
  return i18n.exists(key) && typeof (i18n.t as (k: string, o: { returnObjects: true }) => unknown)(key, { returnObjects: true }) === 'string';
}

function isCellCode(v: unknown): v is keyof typeof zhCN.cell {
  return typeof v === 'string' && Object.hasOwn(zhCN.cell, v);
}

/**
 * The reason of a rejected row in the current language, with its parameters filled in; the short label when a
 * parameter the detailed text needs is missing (rather than showing `{{column}}`).
 */
export function rejectReason(i18n: I18n, code: string, params: ErrorParams): string {
  const key = `reject.${code}`;
  if (!has(i18n, key)) return code;
  const filled: Record<string, string | number | boolean | null> = { ...params };
  if (isCellCode(params['issue'])) filled['issue'] = tr(i18n, `cell.${params['issue']}`);
  const text = tr(i18n, key, filled);
  return text.includes('{{') ? tr(i18n, `rejectLabel.${code}`) : text;
}

/** The short reason of a reject code (chart legends, counts by code). */
export function rejectLabel(i18n: I18n, code: string): string {
  const key = `rejectLabel.${code}`;
  return has(i18n, key) ? tr(i18n, key) : code;
}

export function cellIssueLabel(i18n: I18n, code: string): string {
  const key = `cell.${code}`;
  return has(i18n, key) ? tr(i18n, key) : code;
}

/** The label of a progress step (`progress.<step>`); an unknown step shows its code rather than nothing. */
export function progressLabel(i18n: I18n, step: string): string {
  const key = `progress.${step}`;
  return has(i18n, key) ? tr(i18n, key) : step;
}

/**
 * A message from the engine by code. Codes may be full catalog keys (`reject.TITLE_ROW`, `notice.x`) or bare
 * ones; an unknown code is shown with its parameters so nothing is hidden from the user.
 */
export function messageText(i18n: I18n, message: Message): string {
  const candidates = [message.code, `notice.${message.code}`, `error.${message.code}`];
  const key = candidates.find((k) => has(i18n, k));
  if (key) {
    const text = tr(i18n, key, message.params);
    if (!text.includes('{{')) return text;
  }
  const params = Object.entries(message.params);
  return params.length === 0 ? message.code : `${message.code} (${params.map(([k, v]) => `${k}: ${String(v)}`).join(', ')})`;
}
