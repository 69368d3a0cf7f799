/**
 * Turns an export request into a plan: the segment, the channel and planned time, the columns with how each is
 * written (plain, masked, revealed, salted hash), the SMS template, the product and its risk level, and every
 * problem found on the way. Pure checks on the request and the workspace; nothing is read per customer here.
 */
import type {
  AudienceSpec,
  ComplianceSettings,
  ContactChannel,
  ExportColumnView,
  ExportProblem,
  HashableField,
  HeaderLanguage,
} from '#shared/api/exportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { riskRank } from '#shared/compliance/riskLevel.ts';
import { firstAllowedTime, isQuietTime } from '#shared/compliance/quietHours.ts';
import { channelOf, columnSpec, HASH_COLUMNS, presetDef, SMS_TEXT_COLUMN, type ColumnSpec } from './exportColumns.ts';
import { resolveSegment, type SegmentInfo } from './segmentSource.ts';
import { compileTemplate, type CompiledTemplate } from './smsTemplate.ts';

export interface PlannedColumn {
  readonly spec: ColumnSpec;
  readonly header: string;
  readonly treatment: ExportColumnView['treatment'];
}

export interface ExportPlan {
  readonly segment: SegmentInfo;
  readonly channel: ContactChannel;
  /** `YYYY-MM-DD HH:MM:SS`. */
  readonly plannedAt: string;
  readonly columns: readonly PlannedColumn[];
  readonly masked: boolean;
  readonly unmaskReason: string | null;
  readonly hash: { readonly salt: string; readonly fields: readonly HashableField[] } | null;
  readonly template: CompiledTemplate | null;
  readonly templateText: string | null;
  readonly product: { readonly code: string; readonly name: string | null; readonly riskLevel: string | null } | null;
  /** Risk rank of the product; null when there is no product or it has no level (suitability not checked). */
  readonly productRank: number | null;
  readonly holdout: { readonly percent: number; readonly campaignKey: string } | null;
  readonly campaignKey: string | null;
  /** Identifier fields a customer needs one of to be reachable on the channel. */
  readonly requires: readonly string[];
  readonly problems: readonly ExportProblem[];
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** `YYYY-MM-DD[ HH:MM[:SS]]` → `YYYY-MM-DD HH:MM:SS`, or null when it is not a valid date and time. */
export function normalizePlannedAt(text: string): string | null {
  const m = DATETIME.exec(text.trim());
  if (!m) return null;
  const date = m[1] ?? '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return null;
  const h = Number(m[2] ?? '0');
  const min = Number(m[3] ?? '0');
  const s = Number(m[4] ?? '0');
  if (h > 23 || min > 59 || s > 59) return null;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date} ${p(h)}:${p(min)}:${p(s)}`;
}

function problem(code: ExportProblem['code'], level: ExportProblem['level'], message: string, params: ExportProblem['params'] = {}): ExportProblem {
  return { code, level, message, params };
}

/**
 * Plans an export. `asOfDate` is the workspace's; `today` (the host's date) is used only when the workspace has
 * no as-of date and no planned time was given, with a warning. Throws only when the segment does not exist.
 */
export function planExport(
  db: Db,
  spec: AudienceSpec,
  settings: ComplianceSettings,
  asOfDate: string | null,
  today: string,
  lang: HeaderLanguage = 'zh',
  given?: SegmentInfo,
): ExportPlan {
  // `given`: an audience that is not a saved segment (a reach plan step), described for the manifest.
  const segment = given ?? resolveSegment(db, spec.segment);
  const problems: ExportProblem[] = [];
  const preset = presetDef(spec.preset);
  const channel = channelOf(spec.preset, spec.channel);

  let plannedAt: string;
  if (spec.plannedAt !== undefined && spec.plannedAt.trim() !== '') {
    const p = normalizePlannedAt(spec.plannedAt);
    if (p === null) {
      problems.push(problem('planned_at_invalid', 'error', `Planned time "${spec.plannedAt}" is not YYYY-MM-DD HH:MM.`, { plannedAt: spec.plannedAt }));
      plannedAt = firstAllowedTime(settings.quietHours, asOfDate ?? today);
    } else plannedAt = p;
  } else {
    if (asOfDate === null) problems.push(problem('no_as_of', 'warning', `The workspace has no as-of date; the contact is planned for ${today}.`, { date: today }));
    plannedAt = firstAllowedTime(settings.quietHours, asOfDate ?? today);
  }
  if (isQuietTime(settings.quietHours, plannedAt)) {
    const q = settings.quietHours;
    problems.push(problem('quiet_hours', 'error', `Planned time ${plannedAt} is in the quiet hours ${q.start}–${q.end}.`, { plannedAt, start: q.start, end: q.end }));
  }

  const keys = spec.preset === 'custom' && spec.columns && spec.columns.length > 0 ? spec.columns : preset.columns;
  const specs: ColumnSpec[] = [];
  for (const key of ['one_id', ...keys]) {
    const c = columnSpec(key);
    if (!c || c.group === 'derived') {
      problems.push(problem('unknown_column', 'error', `There is no export column "${key}".`, { column: key }));
      continue;
    }
    if (!specs.some((x) => x.key === c.key)) specs.push(c);
  }

  const salt = spec.hash?.salt ?? '';
  const hashFields = spec.hash ? [...new Set(spec.hash.fields)] : [];
  if (spec.hash && hashFields.length > 0 && salt === '') problems.push(problem('salt_missing', 'error', 'A salted hash needs a salt.'));
  for (const f of hashFields) {
    const at = specs.findIndex((c) => c.field === f && c.group !== 'derived');
    if (at >= 0) specs.splice(at, 1, HASH_COLUMNS[f]);
    else specs.push(HASH_COLUMNS[f]);
  }

  let template: CompiledTemplate | null = null;
  const templateText = spec.smsTemplate?.trim() ? spec.smsTemplate : null;
  if (templateText !== null) {
    template = compileTemplate(templateText);
    for (const name of template.unknown) problems.push(problem('template_variable', 'error', `The template uses {${name}}, which is not a variable.`, { name }));
    specs.push(SMS_TEXT_COLUMN);
  }

  let product: ExportPlan['product'] = null;
  let productRank: number | null = null;
  if (spec.productCode !== undefined && spec.productCode.trim() !== '') {
    const code = spec.productCode.trim();
    const row = db.get<{ product_name: string | null; risk_level: string | null }>('SELECT product_name, risk_level FROM products WHERE product_code = ? LIMIT 1', [code]);
    if (!row) problems.push(problem('unknown_product', 'error', `There is no product with code ${code}.`, { code }));
    else {
      product = { code, name: row.product_name, riskLevel: row.risk_level };
      productRank = riskRank(row.risk_level);
      if (productRank === null) problems.push(problem('product_without_risk', 'warning', `Product ${code} has no risk level; suitability is not checked.`, { code }));
    }
  }
  if (template?.variables.includes('产品') && product === null) {
    problems.push(problem('template_missing', 'warning', 'The template uses {产品} but no product was chosen; it renders empty.', { name: '产品' }));
  }

  const campaignKey = spec.campaignKey?.trim() ? spec.campaignKey.trim() : null;
  let holdout: ExportPlan['holdout'] = null;
  if (spec.holdoutPercent !== undefined && spec.holdoutPercent !== 0) {
    const pct = spec.holdoutPercent;
    if (!Number.isFinite(pct) || pct <= 0 || pct >= 100) problems.push(problem('holdout_range', 'error', `Holdout ${pct}% must be above 0 and below 100.`, { percent: pct }));
    else if (campaignKey === null) problems.push(problem('holdout_needs_campaign', 'error', 'A holdout needs a campaign key, so re-exports keep customers in the same arm.'));
    else holdout = { percent: pct, campaignKey };
  }

  const unmaskReason = spec.unmask ? spec.unmask.reason.trim() : null;
  if (spec.unmask && unmaskReason === '') problems.push(problem('unmask_needs_reason', 'error', 'Revealing personal data needs a reason (recorded in the audit log).'));
  const masked = !spec.unmask;

  const personal = masked ? 'masked' : 'unmasked';
  const columns: PlannedColumn[] = specs.map((c) => {
    let treatment: ExportColumnView['treatment'] = c.pii ? personal : 'plain';
    if (c === SMS_TEXT_COLUMN) treatment = template?.variables.includes('姓名') ? personal : 'plain';
    else if (c.group === 'derived') treatment = 'salted_sha256';
    return { spec: c, header: lang === 'en' ? c.en : c.zh, treatment };
  });

  return {
    segment,
    channel,
    plannedAt,
    columns,
    masked,
    unmaskReason: masked ? null : unmaskReason,
    hash: hashFields.length > 0 ? { salt, fields: hashFields } : null,
    template,
    templateText,
    product,
    productRank,
    holdout,
    campaignKey,
    requires: preset.requires,
    problems,
  };
}
