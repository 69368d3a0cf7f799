/**
 * `kequn report`: the meeting pack (会议材料) of a workspace as self-contained HTML, and as PDF through a locally
 * installed Chromium when `--pdf` is given.
 *
 *   kequn report --workspace WS --out PACK.html [--pdf PACK.pdf] [--lang zh|en] [--sections a,b] [--title T] [--json]
 *
 * Exit codes as every command (0, 1, 2, 130); `--pdf` without a Chromium writes the HTML, then exits 1 with what
 * to install.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReportOptions } from '#shared/api/reportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { PdfUnavailable, printPdf } from './pdfPrinter.ts';

export interface ReportCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const REPORT_USAGE = `  kequn report --workspace WS --out PACK.html [--pdf PACK.pdf] [--lang zh|en] [--sections a,b] [--title T] [--json]
               sections: scope, identity, lifecycle, portraits, clusters, text, exports, pins
`;

type Values = Record<string, string | boolean | string[] | undefined>;

export function parseCli(kit: Pick<ReportCliKit, 'usage'>, args: readonly string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
}

/** Writes a file, creating its folder. */
export function writeOut(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Prints the pack to PDF, turning a missing Chromium into the CLI's "problem" exit (1) with what to install. */
export async function writePdf(html: string, path: string): Promise<void> {
  try {
    writeOut(path, await printPdf(html));
  } catch (e) {
    if (e instanceof PdfUnavailable) throw new ExpectedError('NOT_FOUND', e.message, { what: 'chromium' });
    throw e;
  }
}

export async function cmdReport(args: readonly string[], kit: ReportCliKit): Promise<void> {
  const { values, positionals } = parseCli(kit, args, {
    workspace: { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'string' },
    lang: { type: 'string' },
    sections: { type: 'string' },
    title: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw kit.usage(`unexpected argument "${positionals[0] ?? ''}"`);
  const ws = values.workspace;
  const out = values.out;
  if (typeof ws !== 'string' || ws === '') throw kit.usage('--workspace is required');
  if (typeof out !== 'string' || out === '') throw kit.usage('--out is required');
  const lang = values.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw kit.usage(`--lang must be zh or en, got "${String(lang)}"`);
  const options: ReportOptions = {
    language: lang,
    ...(typeof values.sections === 'string' ? { sections: values.sections.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(typeof values.title === 'string' ? { title: values.title } : {}),
  };
  const wsPath = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r;
  try {
    r = await engine.call('report.build', options, job.options);
  } finally {
    job.dispose();
  }
  writeOut(resolve(out), r.html);
  // The build is audited and its options kept for recipes.
  await engine.call('workspace.save', {});
  const pdf = typeof values.pdf === 'string' ? resolve(values.pdf) : null;
  if (pdf) await writePdf(r.html, pdf);
  if (values.json) {
    kit.out(`${JSON.stringify({ html: resolve(out), pdf, asOfDate: r.asOfDate, sections: r.sections, charts: r.charts, ms: Math.round(r.ms) })}\n`);
    return;
  }
  kit.out(`${resolve(out)}${pdf ? ` and ${pdf}` : ''}: ${r.sections.length} sections, ${r.charts} charts, as of ${r.asOfDate ?? '—'}\n`);
  for (const s of r.sections) kit.out(`  ${s.available ? '✓' : '·'} ${s.title}${s.available ? '' : ' (nothing to show yet)'}\n`);
}
