/**
 * `kequn segment …`: the segment builder (人群圈选) from the command line, through the same EngineApi as the
 * page. Rules are JSON files in the format of README.md, section "Segment rules".
 *
 *   kequn segment count --workspace WS --rule RULE.json [--engine columnar|sql] [--json]
 *   kequn segment save --workspace WS --name NAME --rule RULE.json [--id N] [--description TEXT] [--json]
 *   kequn segment list --workspace WS [--json]
 *   kequn segment refresh --workspace WS [--id N] [--json]
 *   kequn segment sql --workspace WS --rule RULE.json
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import type { RuleProblem, SegmentRule } from '#shared/api/segmentTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface SegmentCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const SEGMENT_USAGE = `  kequn segment count --workspace WS --rule RULE.json [--engine columnar|sql] [--json]
  kequn segment save --workspace WS --name NAME --rule RULE.json [--id N] [--description TEXT] [--json]
  kequn segment list --workspace WS [--json]
  kequn segment refresh --workspace WS [--id N] [--json]
  kequn segment sql --workspace WS --rule RULE.json
`;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(kit: SegmentCliKit, args: readonly string[], options: ParseArgsConfig['options']): Values {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: false, strict: true });
    return r.values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
}

function str(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function need(kit: SegmentCliKit, v: Values, key: string): string {
  const x = str(v, key);
  if (x === undefined) throw kit.usage(`--${key} is required`);
  return x;
}

function id(kit: SegmentCliKit, v: Values): number | undefined {
  const x = str(v, 'id');
  if (x === undefined) return undefined;
  const n = Number(x);
  if (!Number.isInteger(n) || n <= 0) throw kit.usage(`--id must be a segment id (a positive whole number), got "${x}"`);
  return n;
}

/** The rule as written in the file; the engine checks its shape and references before using it. */
function readRule(path: string): SegmentRule {
  const full = resolve(path);
  if (!existsSync(full)) throw new ExpectedError('FILE_UNREADABLE', `Cannot read rule file ${path}: no such file.`, { path });
  try {
    return JSON.parse(readFileSync(full, 'utf8').replace(/^\uFEFF/, '')) as SegmentRule;
  } catch (e) {
    throw new ExpectedError('RULE_INVALID', `Rule file ${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { path });
  }
}

/** Every problem on its own line: where in the rule, the Chinese text, then the English. */
function problemsError(path: string, problems: readonly RuleProblem[]): ExpectedError {
  const lines = problems.map((p) => `  ${p.path || '(root)'}: ${p.zh} — ${p.message}`);
  return new ExpectedError('RULE_INVALID', `rule ${path} cannot run:\n${lines.join('\n')}`, { problems: problems.length });
}

async function open(kit: SegmentCliKit, v: Values): Promise<{ engine: Engine; path: string }> {
  const path = resolve(need(kit, v, 'workspace'));
  const engine = createEngine(createNodeHost({ workspacePath: path }));
  await kit.openWorkspace(engine, path, false);
  return { engine, path };
}

export async function cmdSegment(args: readonly string[], kit: SegmentCliKit): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'count': {
      const v = parse(kit, rest, { workspace: { type: 'string' }, rule: { type: 'string' }, engine: { type: 'string' }, json: { type: 'boolean' } });
      const engineName = str(v, 'engine') ?? 'columnar';
      if (engineName !== 'columnar' && engineName !== 'sql') throw kit.usage(`--engine must be columnar or sql, got "${engineName}"`);
      const rulePath = need(kit, v, 'rule');
      const rule = readRule(rulePath);
      const { engine } = await open(kit, v);
      const job = kit.jobOptions(kit.isTTY && !v['json']);
      let r;
      try {
        r = await engine.call('segments.count', { rule: rule, engine: engineName, overlaps: false }, job.options);
      } finally {
        job.dispose();
      }
      if (!r.ok) throw problemsError(rulePath, r.problems);
      if (v['json']) kit.out(`${JSON.stringify({ count: r.count, ms: Math.round(r.ms * 10) / 10 })}\n`);
      else kit.out(`${r.count} of ${r.total} customers (${r.ms.toFixed(1)} ms, ${r.engine})\n${r.readBack.zh}\n`);
      return;
    }
    case 'save': {
      const v = parse(kit, rest, {
        workspace: { type: 'string' },
        name: { type: 'string' },
        rule: { type: 'string' },
        id: { type: 'string' },
        description: { type: 'string' },
        json: { type: 'boolean' },
      });
      const rulePath = need(kit, v, 'rule');
      const rule = readRule(rulePath);
      const name = need(kit, v, 'name');
      const segmentId = id(kit, v);
      const { engine } = await open(kit, v);
      const check = await engine.call('segments.validate', { rule: rule });
      if (check.problems.length > 0) throw problemsError(rulePath, check.problems);
      const job = kit.jobOptions(kit.isTTY && !v['json']);
      let d;
      try {
        d = await engine.call(
          'segments.save',
          { name, rule: rule, ...(segmentId !== undefined ? { segmentId } : {}), ...(str(v, 'description') ? { description: str(v, 'description') as string } : {}) },
          job.options,
        );
      } finally {
        job.dispose();
      }
      await engine.call('workspace.save', {});
      const latest = d.versions[0];
      if (v['json']) kit.out(`${JSON.stringify({ segmentId: d.segmentId, name: d.name, version: d.version, count: d.count, joined: latest?.joined ?? null, left: latest?.left ?? null })}\n`);
      else kit.out(`segment ${d.segmentId} "${d.name}" version ${d.version}: ${d.count} customers${latest?.joined !== null && latest?.joined !== undefined ? ` (+${latest.joined} / −${latest.left ?? 0})` : ''}\n${d.readBack.zh}\n`);
      return;
    }
    case 'list': {
      const v = parse(kit, rest, { workspace: { type: 'string' }, json: { type: 'boolean' } });
      const { engine } = await open(kit, v);
      const list = await engine.call('segments.list', {});
      if (v['json']) {
        kit.out(`${JSON.stringify(list.map((x) => ({ segmentId: x.segmentId, name: x.name, version: x.version, count: x.count, asOf: x.asOf, stale: x.stale, rule: x.readBack.zh })))}\n`);
        return;
      }
      kit.out(formatTable(['id', 'name', 'version', 'count', 'as-of', 'stale', 'rule'], list.map((x) => [x.segmentId, x.name, x.version, x.count, x.asOf ?? '-', x.stale ? 'yes' : '', x.readBack.zh])));
      return;
    }
    case 'refresh': {
      const v = parse(kit, rest, { workspace: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } });
      const segmentId = id(kit, v);
      const { engine } = await open(kit, v);
      const job = kit.jobOptions(kit.isTTY && !v['json']);
      let results;
      try {
        results = await engine.call('segments.refresh', segmentId !== undefined ? { segmentId } : {}, job.options);
      } finally {
        job.dispose();
      }
      if (results.some((x) => x.changed)) await engine.call('workspace.save', {});
      if (v['json']) {
        kit.out(`${JSON.stringify(results.map((x) => ({ segmentId: x.segmentId, changed: x.changed, version: x.version.version, count: x.version.count, joined: x.version.joined, left: x.version.left })))}\n`);
        return;
      }
      kit.out(formatTable(['id', 'changed', 'version', 'count', 'joined', 'left'], results.map((x) => [x.segmentId, x.changed ? 'yes' : 'no', x.version.version, x.version.count, x.version.joined ?? '-', x.version.left ?? '-'])));
      return;
    }
    case 'sql': {
      const v = parse(kit, rest, { workspace: { type: 'string' }, rule: { type: 'string' } });
      const rulePath = need(kit, v, 'rule');
      const rule = readRule(rulePath);
      const { engine } = await open(kit, v);
      const check = await engine.call('segments.validate', { rule: rule });
      if (check.problems.length > 0) throw problemsError(rulePath, check.problems);
      const c = await engine.call('segments.sql', { rule: rule });
      kit.out(`${c.sql};\n-- parameters: ${JSON.stringify(c.params)}\n`);
      return;
    }
    default:
      throw kit.usage(`unknown segment command "${sub ?? ''}"; use count, save, list, refresh or sql`);
  }
}
