/**
 * Builds the meeting pack of the open workspace: runs each chosen section of the registry, then lays them out
 * as one HTML document (htmlPack.ts).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReportBuildResult, ReportOptions, ReportPin, ReportSectionInfo } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { renderPack, type PackSection } from './htmlPack.ts';
import type { EngineCall, ReportSection, SectionKit } from './reportModel.ts';
import { REPORT_SECTIONS } from './reportSections.ts';

export const DEFAULT_TITLE = { zh: '客群经营分析会议材料', en: 'Customer group review — meeting pack' } as const;

export interface ReportEnv {
  readonly call: EngineCall;
  readonly db: Db;
  readonly asOfDate: string | null;
  readonly pins: readonly ReportPin[];
  readonly appVersion: string;
  /** ISO time the pack is stamped with. */
  readonly now: string;
}

function kitFor(env: ReportEnv, lang: 'zh' | 'en', ctx: JobContext): SectionKit {
  return { call: env.call, db: env.db, lang, t: (zh, en) => (lang === 'zh' ? zh : en), asOfDate: env.asOfDate, pins: env.pins, ctx };
}

/** The sections in pack order: the requested keys (unknown keys refused), else all of the registry. */
export function chooseSections(keys: readonly string[] | undefined, registry: readonly ReportSection[] = REPORT_SECTIONS): ReportSection[] {
  if (keys === undefined) return [...registry];
  return keys.map((k) => {
    const s = registry.find((r) => r.key === k);
    if (!s) throw new ExpectedError('BAD_ARGUMENT', `Unknown report section "${k}"; known: ${registry.map((r) => r.key).join(', ')}`, { field: 'sections', value: k });
    return s;
  });
}

/** Which sections the workspace can fill now. */
export async function sectionInfo(env: ReportEnv, ctx: JobContext): Promise<ReportSectionInfo[]> {
  const kit = kitFor(env, 'zh', ctx);
  const out: ReportSectionInfo[] = [];
  for (const s of REPORT_SECTIONS) out.push({ key: s.key, zh: s.zh, en: s.en, available: await s.available(kit) });
  return out;
}

/**
 * Builds the pack. A section whose step has not run shows a note saying so rather than disappearing, so the
 * reader knows what is missing. Progress step `report.section` counts sections.
 */
export async function buildReport(env: ReportEnv, options: ReportOptions, ctx: JobContext): Promise<ReportBuildResult> {
  const t0 = performance.now();
  const lang = options.language ?? 'zh';
  const kit = kitFor(env, lang, ctx);
  const chosen = chooseSections(options.sections).filter((s) => s.key !== 'pins' || options.includePins !== false);
  const built: (PackSection & { available: boolean })[] = [];
  for (const [i, s] of chosen.entries()) {
    ctx.progress('report.section', i, chosen.length, s.key);
    await ctx.checkpoint();
    const available = await s.available(kit);
    const blocks = available ? await s.build(kit) : [{ kind: 'note' as const, text: lang === 'zh' ? s.missing.zh : s.missing.en }];
    built.push({ key: s.key, title: lang === 'zh' ? s.zh : s.en, blocks, available });
  }
  ctx.progress('report.section', chosen.length, chosen.length);
  const title = options.title ?? DEFAULT_TITLE[lang];
  const generatedAt = env.now.replace('T', ' ').slice(0, 19);
  const { html, charts } = renderPack({ title, workspace: getMeta(env.db, 'name') ?? '', asOfDate: env.asOfDate, generatedAt, appVersion: env.appVersion }, built, lang);
  const day = (env.asOfDate ?? env.now.slice(0, 10)).replace(/-/g, '');
  return {
    html,
    fileName: `${lang === 'zh' ? '会议材料' : 'meeting-pack'}_${day}.html`,
    title,
    language: lang,
    asOfDate: env.asOfDate,
    generatedAt,
    sections: built.map((s) => ({ key: s.key, title: s.title, available: s.available, charts: charts[s.key] ?? 0 })),
    charts: Object.values(charts).reduce((a, b) => a + b, 0),
    ms: performance.now() - t0,
  };
}
