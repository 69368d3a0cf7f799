/**
 * `kequn behaviour …`, `kequn network` and `kequn import --append`: behaviour analysis, graph scores and the
 * incremental import that refreshes tags and segments and says what changed since the last refresh.
 *
 * - `kequn behaviour funnel --workspace WS --steps a,b,c [--window 7d] [--days N] [--by channel|lifecycle] [--json]`
 * - `kequn behaviour retention --workspace WS [--cohort-event E] [--return-event E] [--period day|week|month] [--cohorts N] [--json]`
 * - `kequn behaviour interest --workspace WS [--half-life DAYS] [--min-score X] [--json]` (writes tags, saves)
 * - `kequn network --workspace WS [--seed S] [--resolution R] [--json]` (writes graph scores as tags, saves)
 * - `kequn import --append --workspace WS [--as KIND] [--encoding ENC] [--delimiter D] [--json] FILE…`
 */
import { existsSync, openAsBlob, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import type { FunnelGroupBy, RetentionPeriod } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ImportFileRequest, ReadOptions } from '#shared/api/ingestTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { entityDef, isEntityKind } from '#shared/model/entities.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface BehaviourCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const BEHAVIOUR_USAGE = `  kequn behaviour funnel --workspace WS --steps a,b,c [--window 7d|48h|90m] [--days N] [--by channel|lifecycle] [--json]
  kequn behaviour retention --workspace WS [--cohort-event E] [--return-event E] [--period day|week|month] [--cohorts N] [--json]
  kequn behaviour interest --workspace WS [--half-life DAYS] [--min-score X] [--json]
  kequn network --workspace WS [--seed S] [--resolution R] [--json]
  kequn import --append --workspace WS [--as KIND] [--encoding ENC] [--delimiter D] [--json] FILE…
`;

type Values = Record<string, string | boolean | undefined>;

function parse(kit: BehaviourCliKit, args: readonly string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
}

function text(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' ? x : undefined;
}

function number(kit: BehaviourCliKit, v: Values, key: string): number | undefined {
  const x = text(v, key);
  if (x === undefined) return undefined;
  const n = Number(x);
  if (!Number.isFinite(n)) throw kit.usage(`--${key} must be a number, got "${x}"`);
  return n;
}

/** `7d`, `48h`, `90m` or plain seconds → seconds. */
export function parseWindow(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([dhms]?)$/.exec(s.trim());
  if (!m) return null;
  const unit = { d: 86_400, h: 3600, m: 60, s: 1, '': 1 }[m[2] as 'd' | 'h' | 'm' | 's' | ''];
  const v = Number(m[1]) * unit;
  return v > 0 ? v : null;
}

async function open(kit: BehaviourCliKit, values: Values): Promise<{ engine: Engine; path: string }> {
  const ws = text(values, 'workspace');
  if (ws === undefined || ws === '') throw kit.usage('--workspace is required');
  const path = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: path }));
  await kit.openWorkspace(engine, path, false);
  return { engine, path };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

export async function cmdBehaviour(args: readonly string[], kit: BehaviourCliKit): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'funnel') {
    const { values } = parse(kit, rest, { workspace: { type: 'string' }, steps: { type: 'string' }, window: { type: 'string' }, days: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } });
    const steps = (text(values, 'steps') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (steps.length < 2) throw kit.usage('--steps needs at least two event names, comma-separated');
    const windowText = text(values, 'window') ?? '7d';
    const windowSeconds = parseWindow(windowText);
    if (windowSeconds === null) throw kit.usage(`--window must look like 7d, 48h or 90m, got "${windowText}"`);
    const by = text(values, 'by') ?? 'none';
    if (!['none', 'channel', 'lifecycle'].includes(by)) throw kit.usage(`--by must be channel or lifecycle, got "${by}"`);
    const days = number(kit, values, 'days');
    const { engine } = await open(kit, values);
    const r = await engine.call('behaviour.funnel', { steps, windowSeconds, groupBy: by as FunnelGroupBy, ...(days !== undefined ? { days } : {}) });
    if (values.json) {
      kit.out(`${JSON.stringify(r)}\n`);
      return;
    }
    kit.out(`funnel ${r.from} … ${r.until}, window ${windowText}\n`);
    kit.out(formatTable(['step', 'event', 'customers', 'from previous', 'from first'], r.steps.map((s, i) => [i + 1, s.event, s.customers, pct(s.fromPrevious), pct(s.fromFirst)])));
    for (const g of r.groups) kit.out(`${g.key}: ${g.steps.map((s) => s.customers).join(' → ')}\n`);
    return;
  }
  if (sub === 'retention') {
    const { values } = parse(kit, rest, { workspace: { type: 'string' }, 'cohort-event': { type: 'string' }, 'return-event': { type: 'string' }, period: { type: 'string' }, cohorts: { type: 'string' }, json: { type: 'boolean' } });
    const period = text(values, 'period') ?? 'week';
    if (!['day', 'week', 'month'].includes(period)) throw kit.usage(`--period must be day, week or month, got "${period}"`);
    const cohorts = number(kit, values, 'cohorts');
    const cohortEvent = text(values, 'cohort-event');
    const returnEvent = text(values, 'return-event');
    const { engine } = await open(kit, values);
    const r = await engine.call('behaviour.retention', {
      period: period as RetentionPeriod,
      ...(cohorts !== undefined ? { cohorts } : {}),
      ...(cohortEvent !== undefined ? { cohortEvent } : {}),
      ...(returnEvent !== undefined ? { returnEvent } : {}),
    });
    if (values.json) {
      kit.out(`${JSON.stringify(r)}\n`);
      return;
    }
    const width = Math.max(0, ...r.cohorts.map((c) => c.retained.length));
    kit.out(formatTable(['cohort', 'size', ...Array.from({ length: width }, (_, k) => `+${k + 1}`)], r.cohorts.map((c) => [c.start, c.size, ...c.retained.map((x) => (x === null ? '' : c.size === 0 ? '0' : pct(x / c.size)))])));
    return;
  }
  if (sub === 'interest') {
    const { values } = parse(kit, rest, { workspace: { type: 'string' }, 'half-life': { type: 'string' }, 'min-score': { type: 'string' }, json: { type: 'boolean' } });
    const halfLifeDays = number(kit, values, 'half-life');
    const minScore = number(kit, values, 'min-score');
    const { engine } = await open(kit, values);
    const r = await engine.call('behaviour.interestRun', { ...(halfLifeDays !== undefined ? { halfLifeDays } : {}), ...(minScore !== undefined ? { minScore } : {}) });
    await engine.call('workspace.save', {});
    if (values.json) {
      kit.out(`${JSON.stringify(r)}\n`);
      return;
    }
    kit.out(`interest run ${r.runId}: half-life ${r.halfLifeDays} days, minimum score ${r.minScore}\n`);
    kit.out(formatTable(['topic', '名称', 'customers', 'rising', 'falling'], r.topics.map((t) => [t.key, t.zh, t.customers, t.rising, t.falling])));
    return;
  }
  throw kit.usage(`unknown behaviour subcommand "${sub ?? ''}" (funnel, retention, interest)`);
}

export async function cmdNetwork(args: readonly string[], kit: BehaviourCliKit): Promise<void> {
  const { values } = parse(kit, args, { workspace: { type: 'string' }, seed: { type: 'string' }, resolution: { type: 'string' }, json: { type: 'boolean' } });
  const seed = number(kit, values, 'seed');
  if (seed !== undefined && !Number.isInteger(seed)) throw kit.usage('--seed must be an integer');
  const resolution = number(kit, values, 'resolution');
  const { engine } = await open(kit, values);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r;
  try {
    r = await engine.call('network.run', resolution !== undefined ? { resolution } : {}, seed === undefined ? job.options : { ...job.options, seed });
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    kit.out(`${JSON.stringify(r)}\n`);
    return;
  }
  kit.out(`network run ${r.runId}: ${r.nodes} people (${r.customers} customers), invites ${r.edges.invite}, shares ${r.edges.share}, transfers ${r.edges.transfer}\n`);
  kit.out(`invitation trees ${r.trees.count} (deepest ${r.trees.maxDepth}, widest ${r.trees.maxBreadth}); communities ${r.communities.count} (modularity ${r.communities.modularity.toFixed(3)})\n\n`);
  kit.out(formatTable(['ONE_ID', 'name', 'PageRank', 'invites', 'converted downstream'], r.influencers.slice(0, 10).map((n) => [n.oneId, n.name ?? '-', n.pagerank.toFixed(4), n.invites, n.downstreamConverted])));
  kit.out(`\ntags: ${Object.entries(r.tags).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
}

/**
 * Incremental import: appends new rows of fact files (events, relations, transactions …; duplicates by natural
 * key or row hash are skipped by the import itself), then refreshes identity, tags, behaviour and network tags
 * and segments, prints what changed since the last refresh and sets a new mark. Import, refresh and save are
 * timed separately.
 */
export async function cmdImportAppend(args: readonly string[], kit: BehaviourCliKit): Promise<void> {
  const { values, positionals } = parse(kit, args, { append: { type: 'boolean' }, workspace: { type: 'string' }, as: { type: 'string' }, encoding: { type: 'string' }, delimiter: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length === 0) throw kit.usage('no input FILE given');
  const kind = text(values, 'as');
  if (kind !== undefined && (!isEntityKind(kind) || entityDef(kind).reimport !== 'append')) throw kit.usage(`--append takes fact files (events, relations, transactions, touches, notes …), not "${kind}"`);
  const delimiter = text(values, 'delimiter');
  const read: ReadOptions = {
    ...(text(values, 'encoding') ? { encoding: text(values, 'encoding') as string } : {}),
    ...(delimiter ? { delimiter: delimiter === '\\t' ? '\t' : delimiter } : {}),
  };
  const requests: ImportFileRequest[] = [];
  for (const p of positionals) {
    const path = resolve(p);
    if (!existsSync(path) || !statSync(path).isFile()) throw new ExpectedError('FILE_UNREADABLE', `Cannot read ${p}: no such file.`, { path: p });
    requests.push({ file: { name: basename(path), blob: await openAsBlob(path) }, read, ...(kind !== undefined && isEntityKind(kind) ? { kind } : {}) });
  }
  const { engine } = await open(kit, values);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  const t0 = performance.now();
  let result;
  try {
    result = await engine.call('ingest.run', { files: requests }, job.options);
    const importMs = performance.now() - t0;
    const snapshot = result.files.find((f) => f.kind !== 'table' && isEntityKind(f.kind) && entityDef(f.kind).reimport !== 'append');
    if (snapshot) kit.err(`note: ${snapshot.fileName} holds ${snapshot.kind} (a snapshot, not appended facts); imported with its own re-import rule\n`);
    const t1 = performance.now();
    if ((await engine.call('identity.summary', {})) !== null) await engine.call('identity.run', { mode: 'incremental' }, job.options);
    await engine.call('tags.run', {}, job.options);
    if (await hasInterestTags(engine)) await engine.call('behaviour.interestRun', {}, job.options);
    if ((await engine.call('network.summary', {})) !== null) await engine.call('network.run', {}, job.options);
    await engine.call('segments.refresh', {}, job.options);
    const refreshMs = performance.now() - t1;
    const changes = await engine.call('behaviour.changes', {});
    await engine.call('behaviour.markRefreshed', {});
    const t2 = performance.now();
    await engine.call('workspace.save', {});
    const saveMs = performance.now() - t2;
    const files = result.files.map((f) => ({ file: f.fileName, kind: f.kind, rowsRead: f.rowsRead, newRows: f.newRows, duplicateRows: f.duplicateRows, rejected: f.rejected, status: f.status }));
    if (values.json) {
      kit.out(`${JSON.stringify({ files, importMs, refreshMs, saveMs, changes })}\n`);
    } else {
      kit.out(formatTable(['file', 'kind', 'read', 'new', 'duplicate', 'rejected', 'status'], files.map((f) => [f.file, f.kind, f.rowsRead, f.newRows, f.duplicateRows, f.rejected, f.status])));
      kit.out(`import ${(importMs / 1000).toFixed(2)} s, refresh ${(refreshMs / 1000).toFixed(2)} s, save ${(saveMs / 1000).toFixed(2)} s\n`);
      kit.out(`\nsince the last refresh${changes.since ? ` (${changes.since})` : ''}:\n`);
      kit.out(formatTable(['table', 'before', 'now', 'change'], changes.tables.filter((t) => t.before !== t.now).map((t) => [t.table, t.before, t.now, t.now - t.before])));
      if (changes.newEvents.length > 0) kit.out(`new events: ${changes.newEvents.slice(0, 10).map((e) => `${e.name} ${e.rows}`).join(', ')}\n`);
      for (const t of changes.tags) kit.out(`${t.zh} (${t.tag}): ${t.before} → ${t.now}\n`);
    }
  } finally {
    job.dispose();
  }
  const failed = result.files.find((f) => f.status !== 'done');
  if (failed) throw new ExpectedError('FILE_UNREADABLE', `Import of ${failed.fileName} failed: ${failed.message?.code ?? 'unknown error'}`, { file: failed.fileName });
}

/** Interest tags are refreshed only when the analyst has computed them before. */
async function hasInterestTags(engine: Engine): Promise<boolean> {
  const tags = await engine.call('tags.list', {});
  return tags.some((t) => t.key.startsWith('bhv_interest_'));
}
