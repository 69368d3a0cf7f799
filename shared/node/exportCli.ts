/**
 * `kequn export`: writes an audience file of a saved segment (客群导出) and `FILE.manifest.json` beside it, then
 * saves the workspace (export log, planned contacts, audit entries). Same EngineApi call as the export page.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { HashableField } from '#shared/api/exportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';
import type { SegmentCliKit } from './segmentCli.ts';

/** What the CLI hands this command: output, usage errors, workspace opening and Ctrl+C-aware job options. */
export type ExportCliKit = SegmentCliKit;

export const EXPORT_USAGE = `  kequn export --workspace WS --segment NAME --preset sms|wechat|push|call|custom --format csv|xlsx --out FILE
               [--holdout PCT --campaign KEY] [--unmask --reason TEXT] [--encoding utf8-bom|gbk]
               [--columns a,b,c] [--channel sms|wechat|push|call|other] [--template TEXT] [--product CODE]
               [--planned-at "YYYY-MM-DD HH:MM"] [--hash phone,id_no --salt SALT] [--header zh|en] [--json]
`;

const PRESETS = ['sms', 'wechat', 'push', 'call', 'custom'] as const;
const CHANNELS = ['sms', 'wechat', 'push', 'call', 'other'] as const;
const HASHABLE: readonly HashableField[] = ['phone', 'id_no'];

type Values = Record<string, string | boolean | string[] | undefined>;

const OPTIONS: ParseArgsConfig['options'] = {
  workspace: { type: 'string' },
  segment: { type: 'string' },
  preset: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  holdout: { type: 'string' },
  campaign: { type: 'string' },
  unmask: { type: 'boolean' },
  reason: { type: 'string' },
  encoding: { type: 'string' },
  columns: { type: 'string' },
  channel: { type: 'string' },
  template: { type: 'string' },
  product: { type: 'string' },
  'planned-at': { type: 'string' },
  hash: { type: 'string' },
  salt: { type: 'string' },
  header: { type: 'string' },
  json: { type: 'boolean' },
};

function str(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function isHashable(f: string): f is HashableField {
  return (HASHABLE as readonly string[]).includes(f);
}

export async function cmdExport(args: readonly string[], kit: ExportCliKit): Promise<void> {
  let values: Values;
  try {
    values = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  const need = (key: string): string => {
    const x = str(values, key);
    if (x === undefined) throw kit.usage(`--${key} is required`);
    return x;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const x = str(values, key);
    if (x === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(x)) throw kit.usage(`--${key} must be one of ${allowed.join(', ')}, got "${x}"`);
    return x as T;
  };

  const wsPath = resolve(need('workspace'));
  const segment = need('segment');
  const preset = oneOf('preset', PRESETS);
  if (!preset) throw kit.usage('--preset is required');
  const format = oneOf('format', ['csv', 'xlsx'] as const) ?? 'csv';
  const out = resolve(need('out'));
  const reason = str(values, 'reason');
  if (values['unmask'] && !reason) throw kit.usage('--unmask needs --reason TEXT (recorded in the audit log)');
  const holdoutText = str(values, 'holdout');
  const holdout = holdoutText === undefined ? undefined : Number(holdoutText.replace(/%$/, ''));
  if (holdout !== undefined && !Number.isFinite(holdout)) throw kit.usage(`--holdout must be a percentage, got "${holdoutText ?? ''}"`);
  const campaign = str(values, 'campaign');
  if (holdout !== undefined && !campaign) throw kit.usage('--holdout needs --campaign KEY (the same key keeps customers in the same arm)');
  const hashFields = (str(values, 'hash') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
  const hashed = hashFields.filter(isHashable);
  if (hashed.length !== hashFields.length) throw kit.usage(`--hash takes phone and/or id_no, got "${hashFields.join(',')}"`);
  const salt = str(values, 'salt');
  if (hashed.length > 0 && !salt) throw kit.usage('--hash needs --salt SALT (never stored in the export)');
  const encoding = oneOf('encoding', ['utf8-bom', 'gbk'] as const);
  const channel = oneOf('channel', CHANNELS);
  const header = oneOf('header', ['zh', 'en'] as const);
  const columns = str(values, 'columns');
  const template = str(values, 'template');
  const product = str(values, 'product');
  const plannedAt = str(values, 'planned-at');
  const outDir = dirname(out);
  if (!existsSync(outDir)) throw new ExpectedError('FILE_UNREADABLE', `Folder ${outDir} does not exist.`, { path: outDir });

  const engine: Engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const job = kit.jobOptions(kit.isTTY && !values['json']);
  let r;
  try {
    r = await engine.call(
      'export.audience',
      {
        segment: { name: segment },
        preset,
        format,
        fileName: basename(out),
        ...(encoding ? { encoding } : {}),
        ...(header ? { headerLanguage: header } : {}),
        ...(channel ? { channel } : {}),
        ...(columns ? { columns: columns.split(',').map((c) => c.trim()).filter((c) => c !== '') } : {}),
        ...(template ? { smsTemplate: template } : {}),
        ...(product ? { productCode: product } : {}),
        ...(plannedAt ? { plannedAt } : {}),
        ...(campaign ? { campaignKey: campaign } : {}),
        ...(holdout !== undefined ? { holdoutPercent: holdout } : {}),
        ...(values['unmask'] && reason ? { unmask: { reason } } : {}),
        ...(hashed.length > 0 && salt ? { hash: { salt, fields: hashed } } : {}),
      },
      job.options,
    );
  } finally {
    job.dispose();
  }
  writeFileSync(out, r.bytes);
  writeFileSync(`${out}.manifest.json`, r.manifestBytes);
  await engine.call('workspace.save', {});
  const m = r.manifest;
  if (values['json']) {
    kit.out(`${JSON.stringify({ file: out, manifest: `${out}.manifest.json`, exportId: m.exportId, sha256: m.file.sha256, counts: m.counts })}\n`);
    return;
  }
  const c = m.counts;
  kit.out(`${out}: ${c.exported} rows (${format}${format === 'csv' ? `, ${m.file.encoding}` : ''}), SHA-256 ${m.file.sha256}\n`);
  kit.out(`segment "${m.segment.name}" v${m.segment.version}: ${c.segment} customers; excluded ${c.excluded}; holdout ${c.holdout}; exported ${c.exported}\n`);
  const reasons = Object.entries(c.excludedByReason);
  if (reasons.length > 0) kit.out(formatTable(['excluded because', 'customers'], reasons.map(([k, n]) => [k, n ?? 0])));
  kit.out(`manifest: ${out}.manifest.json${m.masking.masked ? '' : ' (personal data revealed; reason recorded in the audit log)'}\n`);
}
