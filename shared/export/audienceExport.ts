/**
 * Audience export (客群导出): a saved segment, less the customers the compliance rules exclude, less a
 * deterministic holdout, written as CSV or XLSX with a manifest, an export-log entry, the planned contacts and
 * an audit-log entry. Counts add up by construction: every member is excluded (under the first rule that
 * excludes them), held out, or written — never dropped and never added.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type {
  AudienceExportArgs,
  AudienceExportResult,
  AudienceSpec,
  ComplianceSettings,
  ExclusionReason,
  ExportCounts,
  ExportManifest,
  ExportPreview,
  HeaderLanguage,
} from '#shared/api/exportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { SCHEMA_VERSION } from '#shared/db/schema.ts';
import type { Host } from '#shared/host/host.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { loadComplianceSettings } from '#shared/compliance/complianceSettings.ts';
import { loadDndIndex } from '#shared/compliance/dndList.ts';
import { exclusionReasons } from '#shared/compliance/exclusionRules.ts';
import { riskRank } from '#shared/compliance/riskLevel.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { dropMembers, readAudience, type Audience } from './audienceReader.ts';
import { ByteSink } from './byteSink.ts';
import { CsvWriter } from './csvWriter.ts';
import type { PersonField } from './exportColumns.ts';
import { planExport, type ExportPlan, type PlannedColumn } from './exportPlan.ts';
import { HOLDOUT_METHOD, inControl, SALTED_HASH_INPUT, saltedSha256 } from './hashing.ts';
import { memberIds, type SegmentInfo } from './segmentSource.ts';
import { renderTemplate } from './smsTemplate.ts';
import { XLSX_MAX_ROWS, XlsxWriter, type Cell } from './xlsxWriter.ts';

export interface ExportEnv {
  readonly db: Db;
  readonly host: Pick<Host, 'now' | 'appVersion'>;
  readonly ctx: JobContext;
  readonly asOfDate: string | null;
}

interface Selection {
  readonly plan: ExportPlan;
  readonly settings: ComplianceSettings;
  readonly audience: Audience;
  readonly counts: ExportCounts;
  /** Member indexes written to the file, in ONE_ID order. */
  readonly targets: readonly number[];
  readonly controls: readonly number[];
  readonly dndEntries: number;
}

const ROWS_PER_CHUNK = 5_000;

/** The host's date in China Standard Time (UTC+8, no daylight saving): only for a workspace without an as-of date. */
function today(host: Pick<Host, 'now'>): string {
  return new Date(host.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function errorsOf(plan: ExportPlan): ExpectedError | null {
  const errors = plan.problems.filter((p) => p.level === 'error');
  if (errors.length === 0) return null;
  return new ExpectedError('BAD_ARGUMENT', errors.map((p) => p.message).join(' '), { problems: errors.map((p) => p.code).join(',') });
}

/**
 * Members given by the caller instead of a saved segment's (a reach plan step): `segment` describes them in the
 * manifest and the export log, `oneIds` are the members.
 */
export interface MemberSource {
  readonly segment: SegmentInfo;
  readonly oneIds: readonly string[];
}

/** Reads the segment's members, applies the compliance rules and splits off the holdout. */
async function select(env: ExportEnv, spec: AudienceSpec, lang: HeaderLanguage, source?: MemberSource): Promise<Selection> {
  const { db, ctx } = env;
  const settings = loadComplianceSettings(db);
  const plan = planExport(db, spec, settings, env.asOfDate, today(env.host), lang, source?.segment);
  const oneIds = source ? source.oneIds : memberIds(db, plan.segment);
  const plannedDate = plan.plannedAt.slice(0, 10);
  const dnd = settings.dnd ? loadDndIndex(db, plan.channel, plannedDate) : null;
  const profileColumns = plan.columns.filter((c) => c.spec.group === 'profile').map((c) => c.spec.key.slice('profile.'.length));
  const audience = await readAudience(db, ctx, oneIds, { plannedAt: plan.plannedAt, channel: plan.channel, settings, dnd, campaignKey: plan.campaignKey, profileColumns });
  const ruleCtx = { settings, plannedDate, productRank: plan.productRank };
  const excludedByReason: Partial<Record<ExclusionReason, number>> = {};
  const matchedByRule: Partial<Record<ExclusionReason, number>> = {};
  const targets: number[] = [];
  const controls: number[] = [];
  const requires = plan.requires as readonly PersonField[];
  let excluded = 0;
  for (let i = 0; i < audience.size; i++) {
    const reasons = exclusionReasons(
      {
        statuses: audience.statuses[i] ?? '',
        accountStatuses: audience.accountStatuses[i] ?? '',
        accounts: audience.accounts[i] ?? 0,
        closedAccounts: audience.closedAccounts[i] ?? 0,
        staff: audience.staff[i] === 1,
        age: numberOrNull(audience.get('age', i)),
        riskRank: riskRankOf(audience, i),
        riskExpiry: audience.riskExpiry[i] ?? null,
        dnd: audience.dnd[i] === 1,
        contacts7d: audience.contacts7d[i] ?? 0,
        contacts30d: audience.contacts30d[i] ?? 0,
        reachable: requires.length === 0 || requires.some((f) => audience.get(f, i) !== null),
      },
      ruleCtx,
    );
    for (const r of reasons) matchedByRule[r] = (matchedByRule[r] ?? 0) + 1;
    const first = reasons[0];
    if (first !== undefined) {
      excludedByReason[first] = (excludedByReason[first] ?? 0) + 1;
      excluded++;
      continue;
    }
    if (plan.holdout && inControl(plan.holdout.campaignKey, audience.oneIds[i] ?? '', plan.holdout.percent)) controls.push(i);
    else targets.push(i);
  }
  const counts: ExportCounts = {
    segment: audience.size,
    excluded,
    excludedByReason,
    matchedByRule,
    eligible: targets.length + controls.length,
    holdout: controls.length,
    exported: targets.length,
  };
  return { plan, settings, audience, counts, targets, controls, dndEntries: dnd?.entries ?? 0 };
}

function numberOrNull(v: Cell): number | null {
  return typeof v === 'number' ? v : v === null ? null : Number.isFinite(Number(v)) ? Number(v) : null;
}

/** Risk rank from the stored level text (C1–C5, 保守型 …). */
function riskRankOf(a: Audience, i: number): number | null {
  const v = a.get('risk_level', i);
  return v === null ? null : riskRank(String(v));
}

const MALE = /^(?:男|m|male|1)$/i;
const FEMALE = /^(?:女|f|female|2)$/i;

/** Builds the function that renders the cells of member i, in column order; `forceMask` for previews. */
function rowRenderer(plan: ExportPlan, a: Audience, forceMask = false): (i: number) => Cell[] {
  const masked = plan.masked || forceMask;
  const personal = (field: PersonField, i: number, pii: Parameters<typeof maskValue>[0] | null): string | null => {
    const v = a.column(field)[i] ?? null;
    if (v === null) return null;
    const s = String(v);
    return pii && masked ? maskValue(pii, s) : s;
  };
  const templateValue = (i: number) => (variable: string): string | null => {
    switch (variable) {
      case '姓名':
        return personal('name', i, 'name');
      case '姓': {
        const n = a.get('name', i);
        return n === null ? null : ([...String(n)][0] ?? null);
      }
      case '称谓': {
        const g = String(a.get('gender', i) ?? '').trim();
        return MALE.test(g) ? '先生' : FEMALE.test(g) ? '女士' : '客户';
      }
      case '产品':
        return plan.product?.name ?? null;
      case '客户经理':
        return personal('manager', i, null);
      case '网点':
        return personal('branch', i, null);
      case '城市':
        return personal('city', i, null);
      case '客户等级':
        return personal('vip_level', i, null);
      default:
        return null;
    }
  };
  const cell = (c: PlannedColumn): ((i: number) => Cell) => {
    const s = c.spec;
    if (s.key === 'one_id') return (i) => a.oneIds[i] ?? null;
    if (s.key === 'sms_text') {
      const t = plan.template;
      return (i) => (t ? renderTemplate(t, templateValue(i)) : null);
    }
    if (c.treatment === 'salted_sha256' && s.field) {
      const field = s.field;
      const salt = plan.hash?.salt ?? '';
      return (i) => {
        const v = a.get(field, i);
        return v === null ? null : saltedSha256(salt, String(v));
      };
    }
    if (s.group === 'profile') {
      const col = a.profile.get(s.key.slice('profile.'.length));
      return (i) => {
        const v = col?.[i] ?? null;
        return s.yuan && typeof v === 'number' ? v / 100 : v;
      };
    }
    if (s.field) {
      const values = a.column(s.field);
      if (s.yuan) return (i) => {
        const v = values[i] ?? null;
        return typeof v === 'number' ? v / 100 : null;
      };
      if (s.field === 'age') return (i) => values[i] ?? null;
      const pii = masked ? s.pii : null;
      return (i) => {
        const v = values[i] ?? null;
        return v === null ? null : pii ? maskValue(pii, String(v)) : String(v);
      };
    }
    return () => null;
  };
  const cells = plan.columns.map(cell);
  return (i) => cells.map((f) => f(i));
}

/** The compliance summary and a masked sample of the file, without writing anything. */
export async function previewAudience(env: ExportEnv, spec: AudienceSpec, lang: HeaderLanguage = 'zh'): Promise<ExportPreview> {
  try {
    const sel = await select(env, spec, lang);
    const render = rowRenderer(sel.plan, sel.audience, true);
    return {
      counts: sel.counts,
      columns: sel.plan.columns.map((c) => ({ key: c.spec.key, header: c.header, treatment: c.treatment })),
      sample: sel.targets.slice(0, 5).map(render),
      problems: sel.plan.problems,
      plannedAt: sel.plan.plannedAt,
      channel: sel.plan.channel,
      dndEntries: sel.dndEntries,
    };
  } finally {
    dropMembers(env.db);
  }
}

function fileNameFor(plan: ExportPlan, args: AudienceExportArgs): string {
  const ext = args.format === 'xlsx' ? 'xlsx' : 'csv';
  if (args.fileName && args.fileName.trim() !== '') {
    const base = args.fileName.trim().replace(/[\\/:*?"<>|]/g, '_');
    return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base}.${ext}`;
  }
  const name = plan.segment.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${name}-${args.preset}-${plan.plannedAt.slice(0, 10).replace(/-/g, '')}.${ext}`;
}

/** Widths in characters for XLSX columns, from the header and the first rows. */
function widthsOf(headers: readonly string[], rows: readonly (readonly Cell[])[]): number[] {
  return headers.map((h, k) => {
    let w = 0;
    for (const r of rows) {
      const v = r[k];
      if (v !== null && v !== undefined) w = Math.max(w, [...String(v)].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0));
    }
    return Math.max(w, h.length) + 2;
  });
}

/**
 * Runs an export: the file, its manifest, the export log and the planned contacts, and the audit entries
 * (`export.audience`; `pii.reveal` when unmasked). Refuses with `BAD_ARGUMENT` when the plan has errors.
 */
export async function exportAudience(
  env: ExportEnv,
  args: AudienceExportArgs,
  workspace: { readonly id: string; readonly name: string },
  source?: MemberSource,
): Promise<AudienceExportResult> {
  const { db, ctx } = env;
  const lang = args.headerLanguage ?? 'zh';
  let sel: Selection;
  try {
    sel = await select(env, args, lang, source);
  } finally {
    dropMembers(db);
  }
  const { plan, counts, targets, controls, audience } = sel;
  const bad = errorsOf(plan);
  if (bad) throw bad;
  if (args.format === 'xlsx' && targets.length + 1 > XLSX_MAX_ROWS) {
    throw new ExpectedError('BAD_ARGUMENT', `${targets.length} rows do not fit one XLSX sheet (at most ${XLSX_MAX_ROWS - 1}); export CSV instead.`, { rows: targets.length });
  }

  const headers = plan.columns.map((c) => c.header);
  const render = rowRenderer(plan, audience);
  const sink = new ByteSink();
  const encoding = args.format === 'csv' ? (args.encoding ?? 'utf8-bom') : 'utf8';
  const csv = args.format === 'csv' ? new CsvWriter(sink, args.encoding ?? 'utf8-bom') : null;
  const xlsx = args.format === 'xlsx' ? new XlsxWriter(sink, lang === 'en' ? 'Audience' : '客群名单') : null;
  if (csv) csv.writeRows([headers]);
  if (xlsx) await xlsx.start(headers, widthsOf(headers, targets.slice(0, 200).map(render)));
  for (let k = 0; k < targets.length; k += ROWS_PER_CHUNK) {
    const rows = targets.slice(k, k + ROWS_PER_CHUNK).map(render);
    if (csv) csv.writeRows(rows);
    if (xlsx) await xlsx.writeRows(rows);
    ctx.progress('export.write', Math.min(k + ROWS_PER_CHUNK, targets.length), targets.length);
    await ctx.checkpoint();
  }
  if (xlsx) await xlsx.finish();
  ctx.progress('export.write', targets.length, targets.length);
  const file = sink.finish();
  const fileName = fileNameFor(plan, args);

  const exportId = Number(db.value('SELECT ifnull(max(export_id), 0) + 1 FROM export_log') ?? 1);
  const createdAt = new Date(env.host.now()).toISOString();
  const manifest: ExportManifest = {
    manifestVersion: 1,
    exportId,
    createdAt,
    appVersion: env.host.appVersion,
    schemaVersion: SCHEMA_VERSION,
    workspace,
    asOfDate: env.asOfDate,
    plannedAt: plan.plannedAt,
    campaignKey: plan.campaignKey,
    segment: { id: plan.segment.segmentId, name: plan.segment.name, version: plan.segment.version, asOf: plan.segment.asOf, rule: plan.segment.rule, size: counts.segment },
    preset: args.preset,
    channel: plan.channel,
    file: {
      name: fileName,
      format: args.format,
      encoding,
      bytes: file.bytes.byteLength,
      rows: targets.length,
      sha256: file.sha256,
      unmappableCharacters: csv?.unmappable ?? 0,
    },
    columns: plan.columns.map((c) => ({ key: c.spec.key, header: c.header, treatment: c.treatment })),
    masking: { masked: plan.masked, unmaskReason: plan.unmaskReason },
    hashing: plan.hash ? { algorithm: 'SHA-256', input: SALTED_HASH_INPUT, fields: plan.hash.fields, saltStored: false } : null,
    holdout: plan.holdout ? { percent: plan.holdout.percent, campaignKey: plan.holdout.campaignKey, method: HOLDOUT_METHOD, control: controls.length, target: targets.length } : null,
    counts,
    compliance: { settings: sel.settings, product: plan.product, dndEntries: sel.dndEntries },
    smsTemplate: plan.templateText,
  };

  ctx.throwIfCancelled();
  ctx.progress('export.record', 0, 1);
  db.transaction(() => {
    db.run(
      `INSERT INTO export_log (export_id, at, campaign_key, segment_id, segment_name, segment_version, preset, channel, format, planned_at, rows, holdout, file_name, file_sha256, manifest)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        exportId, createdAt, plan.campaignKey, String(plan.segment.segmentId), plan.segment.name, plan.segment.version, args.preset, plan.channel, args.format,
        plan.plannedAt, targets.length, controls.length, fileName, file.sha256, JSON.stringify(manifest),
      ],
    );
    // One statement per arm over a JSON array of ONE_IDs: far cheaper in sql.js than an insert per customer.
    for (const [arm, members] of [['target', targets], ['control', controls]] as const) {
      const ids = JSON.stringify(members.map((i) => audience.oneIds[i] ?? ''));
      db.run('INSERT INTO export_contact (export_id, one_id, channel, planned_at, arm) SELECT ?, value, ?, ?, ? FROM json_each(?)', [exportId, plan.channel, plan.plannedAt, arm, ids]);
    }
    appendAudit(db, env.host, 'export.audience', {
      exportId,
      segmentId: plan.segment.segmentId,
      segment: plan.segment.name,
      preset: args.preset,
      channel: plan.channel,
      format: args.format,
      campaignKey: plan.campaignKey,
      segmentSize: counts.segment,
      excluded: counts.excluded,
      holdout: counts.holdout,
      rows: counts.exported,
      masked: plan.masked,
      hashed: plan.hash?.fields ?? [],
      fileSha256: file.sha256,
    });
    if (!plan.masked) appendAudit(db, env.host, 'pii.reveal', { where: 'export.audience', reason: plan.unmaskReason ?? '', exportId, rows: counts.exported });
  });
  ctx.progress('export.record', 1, 1);
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const mime = args.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv;charset=${encoding === 'gbk' ? 'gbk' : 'utf-8'}`;
  return { bytes: file.bytes, fileName, mime, manifest, manifestBytes };
}

/** Workspace id and name for the manifest. */
export function workspaceLabel(db: Db): { readonly id: string; readonly name: string } {
  return { id: getMeta(db, 'workspace_id') ?? '', name: getMeta(db, 'name') ?? '' };
}
