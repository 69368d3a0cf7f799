/**
 * The meeting pack as data: a registry of sections (reportSections.ts), each turning the open workspace into
 * blocks (figures, tables, charts, text) that htmlPack.ts lays out. A feature adds its section with one entry.
 */
import type { EngineArgs, EngineMethod, EngineResult } from '#shared/api/engineApi.ts';
import type { ReportLanguage, ReportPin } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { ChartOption } from './chartSvg.ts';

/**
 * Calls another engine method from inside a job: progress and cancellation of the outer job carry over; the
 * seed is the outer job's unless given.
 */
export type EngineCall = <K extends EngineMethod>(method: K, args: EngineArgs<K>, options?: { readonly seed?: number }) => Promise<EngineResult<K>>;

export type Cell = string | number | null;

export type ReportBlock =
  | { readonly kind: 'kpis'; readonly items: readonly { readonly label: string; readonly value: string }[] }
  | { readonly kind: 'table'; readonly caption?: string; readonly columns: readonly string[]; readonly rows: readonly (readonly Cell[])[] }
  | { readonly kind: 'chart'; readonly title: string; readonly option: ChartOption; readonly width?: number; readonly height?: number }
  | { readonly kind: 'text'; readonly text: string }
  /** Something the reader should know (a step not run, a figure estimated). */
  | { readonly kind: 'note'; readonly text: string };

export interface SectionKit {
  readonly call: EngineCall;
  /** Read-only access for figures no engine method returns (export manifests). */
  readonly db: Db;
  readonly lang: ReportLanguage;
  /** Picks the text of the pack's language. */
  t(zh: string, en: string): string;
  readonly asOfDate: string | null;
  readonly pins: readonly ReportPin[];
  readonly ctx: JobContext;
}

export interface ReportSection {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  /** Whether the workspace has what the section shows (cheap: no heavy computation). */
  available(kit: SectionKit): Promise<boolean> | boolean;
  /** The section's blocks; called only when available. */
  build(kit: SectionKit): Promise<readonly ReportBlock[]>;
  /** Shown instead of the blocks when not available. */
  readonly missing: { readonly zh: string; readonly en: string };
}

/** Formats a count with thousands separators (the same in both languages). */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Formats a 0–1 share as a percentage with one decimal. */
export function fmtPct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/** Formats fen as whole yuan with thousands separators (Chinese: 万元 from 100,000 yuan). */
export function fmtYuan(fen: number, lang: ReportLanguage): string {
  const yuan = fen / 100;
  const whole = yuan.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (lang === 'en') return `¥${whole}`;
  return Math.abs(yuan) >= 100_000 ? `${(yuan / 10_000).toFixed(1)}万元` : `${whole}元`;
}

/** Makes the {@link EngineCall} of a job (engine.ts hands one to the report and recipe handlers). */
export type EngineCallFactory = (ctx: JobContext) => EngineCall;
