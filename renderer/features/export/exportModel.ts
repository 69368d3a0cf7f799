/**
 * The audience-export form as plain data: its defaults, what it asks the engine for, what keeps the export
 * button disabled, and the summary rows of a compliance check. Pure, so it is tested without a browser.
 */
import {
  EXCLUSION_REASONS,
  type AudienceExportArgs,
  type ContactChannel,
  type CsvEncoding,
  type ExclusionReason,
  type ExportCounts,
  type ExportFormat,
  type ExportPreset,
  type HashableField,
  type HeaderLanguage,
} from '#shared/api/exportTypes.ts';

export interface ExportForm {
  readonly segmentId: number | null;
  readonly preset: ExportPreset;
  readonly format: ExportFormat;
  readonly encoding: CsvEncoding;
  readonly headerLanguage: HeaderLanguage;
  /** Custom preset only. */
  readonly columns: readonly string[];
  readonly channel: ContactChannel;
  readonly smsTemplate: string;
  readonly productCode: string;
  /** As a `datetime-local` input gives it (`YYYY-MM-DDTHH:MM`), or empty for the default. */
  readonly plannedAt: string;
  readonly campaignKey: string;
  /** Text of the percentage input; empty or 0 means no control group. */
  readonly holdoutPercent: string;
  readonly unmask: boolean;
  readonly unmaskReason: string;
  readonly hash: boolean;
  readonly salt: string;
  readonly hashFields: readonly HashableField[];
}

export const DEFAULT_FORM: ExportForm = {
  segmentId: null,
  preset: 'sms',
  format: 'csv',
  encoding: 'utf8-bom',
  headerLanguage: 'zh',
  columns: ['cust_no', 'name', 'city', 'branch'],
  channel: 'other',
  smsTemplate: '',
  productCode: '',
  plannedAt: '',
  campaignKey: '',
  holdoutPercent: '',
  unmask: false,
  unmaskReason: '',
  hash: false,
  salt: '',
  hashFields: ['phone'],
};

/** Why the export cannot start yet, as keys of `export.problems` (checked again by the engine). */
export type FormIssue = 'no_segment' | 'unmask_needs_reason' | 'salt_missing' | 'holdout_needs_campaign' | 'holdout_range';

export function holdoutValue(form: ExportForm): number | null {
  const t = form.holdoutPercent.trim().replace(/%$/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function formIssues(form: ExportForm): FormIssue[] {
  const out: FormIssue[] = [];
  if (form.segmentId === null) out.push('no_segment');
  if (form.unmask && form.unmaskReason.trim() === '') out.push('unmask_needs_reason');
  if (form.hash && form.hashFields.length > 0 && form.salt === '') out.push('salt_missing');
  const h = holdoutValue(form);
  if (h !== null && h !== 0) {
    if (!(h > 0 && h < 100)) out.push('holdout_range');
    else if (form.campaignKey.trim() === '') out.push('holdout_needs_campaign');
  }
  return out;
}

/** The engine request for the form (segment required: check {@link formIssues} first). */
export function toArgs(form: ExportForm, segmentId: number): AudienceExportArgs {
  const h = holdoutValue(form);
  return {
    segment: { id: segmentId },
    preset: form.preset,
    format: form.format,
    headerLanguage: form.headerLanguage,
    ...(form.format === 'csv' ? { encoding: form.encoding } : {}),
    ...(form.preset === 'custom' ? { columns: form.columns, channel: form.channel } : {}),
    ...(form.smsTemplate.trim() !== '' ? { smsTemplate: form.smsTemplate } : {}),
    ...(form.productCode !== '' ? { productCode: form.productCode } : {}),
    ...(form.plannedAt !== '' ? { plannedAt: form.plannedAt.replace('T', ' ') } : {}),
    ...(form.campaignKey.trim() !== '' ? { campaignKey: form.campaignKey.trim() } : {}),
    ...(h !== null && h !== 0 ? { holdoutPercent: h } : {}),
    ...(form.unmask ? { unmask: { reason: form.unmaskReason } } : {}),
    ...(form.hash && form.hashFields.length > 0 ? { hash: { salt: form.salt, fields: form.hashFields } } : {}),
  };
}

/**
 * What the compliance counts depend on: a check made with another key is out of date. File format, header
 * language, masking and hashing change how rows are written, not who is in them.
 */
export function checkKey(form: ExportForm): string {
  const { format: _f, encoding: _e, headerLanguage: _h, unmask: _u, unmaskReason: _r, hash: _x, salt: _s, hashFields: _hf, ...rest } = form;
  return JSON.stringify(rest);
}

export interface ReasonRow {
  readonly reason: ExclusionReason;
  /** Customers excluded under this reason (first failing rule). */
  readonly first: number;
  /** Customers this rule matches on its own. */
  readonly matched: number;
}

/** Rules that matched anyone, in rule order. */
export function reasonRows(counts: ExportCounts): ReasonRow[] {
  return EXCLUSION_REASONS.filter((r) => (counts.matchedByRule[r] ?? 0) > 0).map((r) => ({
    reason: r,
    first: counts.excludedByReason[r] ?? 0,
    matched: counts.matchedByRule[r] ?? 0,
  }));
}

/** The manifest's file name beside the export file, as the CLI writes it. */
export function manifestName(fileName: string): string {
  return `${fileName}.manifest.json`;
}

/** Toggles a value in a list, keeping the order of `all`. */
export function toggle<T>(list: readonly T[], value: T, on: boolean, all: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  return all.filter((x) => set.has(x));
}
