/**
 * `kequn` — the command-line door to the same EngineApi the UI uses. Every command opens (or creates) a
 * workspace file, calls the engine and, for commands that change it, saves it atomically.
 *
 * Exit codes: 0 success (rejected rows are not failure); 1 a problem with the files or the workspace (one line on
 * stderr); 2 a usage error; 130 cancelled with Ctrl+C.
 */
import { existsSync, mkdirSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine, JobOptions, ProgressEvent } from '#shared/api/engineApi.ts';
import { isCancelled, ExpectedError } from '#shared/api/errors.ts';
import type { ColumnMapping, ImportFileRequest, ReadOptions } from '#shared/api/ingestTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { DEFAULT_SEED } from '#shared/jobs/jobContext.ts';
import { isEntityKind } from '#shared/model/entities.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatCsv, formatTable } from './output.ts';
import { cmdText, TEXT_USAGE } from './textCli.ts';
import { cmdSegment, SEGMENT_USAGE } from './segmentCli.ts';
import { cmdTags, TAGS_USAGE } from './tagsCli.ts';

export class UsageError extends Error {}

interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
}

const USAGE = `kequn — 客群工作台 command line

Usage:
  kequn demo --out DIR [--customers N] [--seed S] [--as-of YYYY-MM-DD]
  kequn import --workspace WS [--as KIND] [--mapping FILE] [--template NAME]
               [--encoding ENC] [--delimiter D] [--header-row N] [--sheet NAME] [--json] FILE…
  kequn sql --workspace WS [--format json|csv|table] [--max-rows N] [--unmask --reason TEXT] "SELECT …"
  kequn quality --workspace WS [--json]
  kequn info --workspace WS [--json]
  kequn identity --workspace WS [--incremental] [--json]
  kequn identity review --workspace WS (--export FILE | --apply FILE)
  kequn export --workspace WS --segment NAME --preset sms|wechat|push|call|custom --format csv|xlsx --out FILE
               [--holdout PCT --campaign KEY] [--unmask --reason TEXT] [--encoding utf8-bom|gbk]
               [--columns a,b,c] [--channel sms|wechat|push|call|other] [--template TEXT] [--product CODE]
               [--planned-at "YYYY-MM-DD HH:MM"] [--hash phone,id_no --salt SALT] [--header zh|en] [--json]
  kequn cluster --workspace WS [--table T] (--features a,b,c | --all-numeric) --k N|auto [--seed S]
               [--scale standard|robust|none] [--algorithm auto|kmeans|minibatch|kprototypes]
               [--categorical onehot|kprototypes] [--missing impute|drop] [--inits N] [--no-log-money] [--json]

${TEXT_USAGE.trimEnd()}
${SEGMENT_USAGE.trimEnd()}
${TAGS_USAGE.trimEnd()}

KIND: customers, accounts, products, holdings, loans, transactions, events, touches, notes, identities,
      relations, dnd (营销免打扰名单), table
Exit codes: 0 ok (rejected rows are not a failure), 1 file or workspace problem, 2 usage error, 130 cancelled.
`;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(args: readonly string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

function str(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' ? x : undefined;
}

function requireStr(v: Values, key: string): string {
  const x = str(v, key);
  if (x === undefined || x === '') throw new UsageError(`--${key} is required`);
  return x;
}

function int(v: Values, key: string, fallback: number): number {
  const x = str(v, key);
  if (x === undefined) return fallback;
  const n = Number(x);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${key} must be a non-negative integer, got "${x}"`);
  return n;
}

/** Ctrl+C cancels the running job; the engine rolls back what it had not finished. */
function jobOptions(io: Io, showProgress: boolean): { options: JobOptions; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let last = '';
  const onProgress = (p: ProgressEvent): void => {
    if (!showProgress) return;
    const pct = p.total > 0 ? Math.floor((100 * p.current) / p.total) : 0;
    const line = `${p.step} ${p.detail ?? ''} ${pct}%`;
    if (line !== last) io.err(`\r${line}`);
    last = line;
  };
  return {
    options: { signal: controller.signal, onProgress },
    dispose: () => {
      process.off('SIGINT', onSigint);
      if (showProgress && last) io.err('\n');
    },
  };
}

async function openWorkspace(engine: Engine, path: string, createIfMissing: boolean): Promise<void> {
  if (existsSync(path)) {
    const bytes = new Uint8Array(readFileSync(path));
    await engine.call('workspace.open', { bytes, name: basename(path) });
  } else if (createIfMissing) {
    const dir = dirname(resolve(path));
    if (!existsSync(dir)) throw new ExpectedError('FILE_UNREADABLE', `Folder ${dir} does not exist.`, { path: dir });
    await engine.call('workspace.create', { name: basename(path).replace(/\.(sqlite|db)$/i, '') });
  } else {
    throw new ExpectedError('NO_WORKSPACE', `Workspace ${path} does not exist.`, { path });
  }
}

async function cmdDemo(args: readonly string[], io: Io): Promise<void> {
  const { values } = parse(args, { out: { type: 'string' }, customers: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } });
  const out = resolve(requireStr(values, 'out'));
  const asOf = str(values, 'as-of');
  const engine = createEngine(createNodeHost());
  const job = jobOptions(io, io.isTTY);
  try {
    const files = await engine.call(
      'demo.generate',
      { customers: int(values, 'customers', 1000), seed: int(values, 'seed', 42), ...(asOf ? { asOfDate: asOf } : {}) },
      job.options,
    );
    for (const f of files) {
      const target = join(out, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.bytes);
    }
    io.out(`${files.length} files written to ${out}\n`);
  } finally {
    job.dispose();
  }
}

async function cmdImport(args: readonly string[], io: Io): Promise<void> {
  const { values, positionals } = parse(args, {
    workspace: { type: 'string' },
    as: { type: 'string' },
    mapping: { type: 'string' },
    template: { type: 'string' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    'header-row': { type: 'string' },
    sheet: { type: 'string' },
    json: { type: 'boolean' },
  });
  const wsPath = resolve(requireStr(values, 'workspace'));
  if (positionals.length === 0) throw new UsageError('no input FILE given');
  const kind = str(values, 'as');
  if (kind !== undefined && kind !== 'table' && !isEntityKind(kind)) throw new UsageError(`--as must be an entity kind or "table", got "${kind}"`);
  let mapping: ColumnMapping | undefined;
  const mappingPath = str(values, 'mapping');
  if (mappingPath) {
    try {
      mapping = JSON.parse(readFileSync(mappingPath, 'utf8')) as ColumnMapping;
    } catch (e) {
      throw new ExpectedError('MAPPING_INVALID', `Cannot read mapping ${mappingPath}: ${e instanceof Error ? e.message : String(e)}`, { path: mappingPath });
    }
  }
  const delimiter = str(values, 'delimiter');
  const read: ReadOptions = {
    ...(str(values, 'encoding') ? { encoding: str(values, 'encoding') as string } : {}),
    ...(delimiter ? { delimiter: delimiter === '\\t' ? '\t' : delimiter === '\\x01' ? '\x01' : delimiter } : {}),
    ...(str(values, 'header-row') !== undefined ? { headerRow: int(values, 'header-row', 1) } : {}),
    ...(str(values, 'sheet') ? { sheet: str(values, 'sheet') as string } : {}),
  };
  const requests: ImportFileRequest[] = [];
  for (const p of positionals) {
    const path = resolve(p);
    if (!existsSync(path) || !statSync(path).isFile()) throw new ExpectedError('FILE_UNREADABLE', `Cannot read ${p}: no such file.`, { path: p });
    requests.push({
      file: { name: basename(path), blob: await openAsBlob(path) },
      read,
      ...(mapping ? { mapping } : {}),
      ...(str(values, 'template') ? { template: str(values, 'template') as string } : {}),
      ...(kind ? { kind: kind } : {}),
    });
  }
  const host = createNodeHost({ workspacePath: wsPath });
  const engine = createEngine(host);
  await openWorkspace(engine, wsPath, true);
  const job = jobOptions(io, io.isTTY && !values.json);
  let result;
  try {
    result = await engine.call('ingest.run', { files: requests }, job.options);
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    io.out(
      `${JSON.stringify({
        files: result.files.map((f) => ({
          file: f.fileName,
          kind: f.kind,
          table: f.table,
          encoding: f.encoding,
          delimiter: f.delimiter,
          rowsRead: f.rowsRead,
          accepted: f.accepted,
          rejected: f.rejected,
          newRows: f.newRows,
          duplicateRows: f.duplicateRows,
          updatedRows: f.updatedRows,
          status: f.status,
        })),
        asOfDate: result.asOfDate,
      })}\n`,
    );
  } else {
    io.out(
      formatTable(
        ['file', 'kind', 'table', 'encoding', 'read', 'accepted', 'rejected', 'new', 'dup', 'updated', 'status'],
        result.files.map((f) => [f.fileName, f.kind, f.table, f.encoding, f.rowsRead, f.accepted, f.rejected, f.newRows, f.duplicateRows, f.updatedRows, f.status]),
      ),
    );
    io.out(`as-of date: ${result.asOfDate ?? '-'}\n`);
  }
  const failed = result.files.find((f) => f.status !== 'done');
  if (failed) {
    if (failed.status === 'cancelled') throw new ExpectedError('CANCELLED', `Import of ${failed.fileName} was cancelled.`);
    throw new ExpectedError('FILE_UNREADABLE', `Import of ${failed.fileName} failed: ${failed.message?.code ?? 'unknown error'}`, { file: failed.fileName });
  }
}

async function cmdSql(args: readonly string[], io: Io): Promise<void> {
  const { values, positionals } = parse(args, {
    workspace: { type: 'string' },
    format: { type: 'string' },
    'max-rows': { type: 'string' },
    unmask: { type: 'boolean' },
    reason: { type: 'string' },
  });
  const format = str(values, 'format') ?? 'table';
  if (!['json', 'csv', 'table'].includes(format)) throw new UsageError(`--format must be json, csv or table, got "${format}"`);
  if (positionals.length !== 1) throw new UsageError('give exactly one SQL statement (quote it)');
  const reason = str(values, 'reason');
  if (values.unmask && !reason) throw new UsageError('--unmask needs --reason TEXT (recorded in the audit log)');
  const wsPath = resolve(requireStr(values, 'workspace'));
  const host = createNodeHost({ workspacePath: wsPath });
  const engine = createEngine(host);
  await openWorkspace(engine, wsPath, false);
  const r = await engine.call('sql.query', {
    sql: positionals[0] ?? '',
    maxRows: int(values, 'max-rows', 1_000_000),
    ...(values.unmask && reason ? { unmask: { reason } } : {}),
  });
  // Revealing personal data is audited: persist the audit entry.
  if (values.unmask) await engine.call('workspace.save', {});
  if (format === 'json') {
    io.out(`${JSON.stringify(r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i] ?? null]))))}\n`);
  } else if (format === 'csv') {
    io.out(formatCsv(r.columns, r.rows));
  } else {
    io.out(formatTable(r.columns, r.rows));
    if (r.truncated) io.err(`(truncated at ${r.rows.length} rows)\n`);
  }
}

async function cmdQuality(args: readonly string[], io: Io): Promise<void> {
  const { values } = parse(args, { workspace: { type: 'string' }, json: { type: 'boolean' } });
  const wsPath = resolve(requireStr(values, 'workspace'));
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await openWorkspace(engine, wsPath, false);
  const job = jobOptions(io, io.isTTY && !values.json);
  let report;
  try {
    report = await engine.call('quality.report', {}, job.options);
  } finally {
    job.dispose();
  }
  if (values.json) {
    io.out(`${JSON.stringify(report)}\n`);
    return;
  }
  io.out(`as-of date: ${report.asOfDate ?? '-'}\n\nFiles\n`);
  io.out(formatTable(['file', 'table', 'encoding', 'read', 'accepted', 'rejected', 'cell issues'], report.files.map((f) => [f.fileName, f.table, f.encoding, f.rowsRead, f.accepted, f.rejected, f.cellIssues])));
  for (const t of report.tables) {
    if (t.rows === 0) continue;
    io.out(`\n${t.table} (${t.rows} rows)\n`);
    io.out(
      formatTable(
        ['column', 'missing %', 'distinct', 'invalid', 'conformity %', 'examples of failures'],
        t.columns.map((c) => [c.column, (100 * c.missingShare).toFixed(1), c.distinct, c.invalid, c.conformity === null ? '-' : (100 * c.conformity).toFixed(1), c.failureExamples.join(' | ')]),
      ),
    );
  }
  if (report.keyCoverage.length > 0) {
    io.out('\nKey coverage\n');
    io.out(
      formatTable(
        ['from', 'to', 'distinct keys', 'matched', 'coverage %'],
        report.keyCoverage.map((k) => [`${k.fromTable}.${k.fromColumn}`, `${k.toTable}.${k.toColumn}`, k.distinctKeys, k.matchedKeys, (100 * k.coverage).toFixed(1)]),
      ),
    );
  }
}

async function cmdInfo(args: readonly string[], io: Io): Promise<void> {
  const { values } = parse(args, { workspace: { type: 'string' }, json: { type: 'boolean' } });
  const wsPath = resolve(requireStr(values, 'workspace'));
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await openWorkspace(engine, wsPath, false);
  const info = await engine.call('workspace.info', {});
  if (values.json) {
    io.out(`${JSON.stringify(info)}\n`);
    return;
  }
  io.out(`name: ${info.name}\nas-of date: ${info.asOfDate ?? '-'} (${info.asOfSource ?? '-'})\nschema: ${info.schemaVersion}\n\n`);
  io.out(formatTable(['table', 'kind', 'rows'], info.tables.map((t) => [t.name, t.kind, t.rows])));
}

/** `kequn identity`: resolves ONE_IDs; `kequn identity review` exports or applies the review queue as CSV. */
async function cmdIdentity(args: readonly string[], io: Io): Promise<void> {
  if (args[0] === 'review') {
    const { values } = parse(args.slice(1), { workspace: { type: 'string' }, export: { type: 'string' }, apply: { type: 'string' } });
    const exportPath = str(values, 'export');
    const applyPath = str(values, 'apply');
    if ((exportPath === undefined) === (applyPath === undefined)) throw new UsageError('give either --export FILE or --apply FILE');
    const wsPath = resolve(requireStr(values, 'workspace'));
    const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
    await openWorkspace(engine, wsPath, false);
    if (exportPath !== undefined) {
      writeFileSync(resolve(exportPath), await engine.call('identity.reviewExport', {}));
      const pending = (await engine.call('identity.summary', {}))?.review.pending ?? 0;
      io.out(`${pending} pending pairs written to ${exportPath}; fill the decision column (accept, reject, split) and run --apply\n`);
      return;
    }
    const path = resolve(applyPath ?? '');
    if (!existsSync(path)) throw new ExpectedError('FILE_UNREADABLE', `Cannot read ${applyPath ?? ''}: no such file.`, { path: applyPath ?? '' });
    const r = await engine.call('identity.reviewApply', { bytes: new Uint8Array(readFileSync(path)) });
    await engine.call('workspace.save', {});
    io.out(`applied ${r.applied}, left undecided ${r.unchanged}, errors ${r.errors.length}\n`);
    for (const e of r.errors) io.err(`line ${e.line}: ${e.message}\n`);
    if (r.applied > 0) io.out('decisions take effect at the next `kequn identity` run\n');
    return;
  }
  const { values } = parse(args, { workspace: { type: 'string' }, incremental: { type: 'boolean' }, json: { type: 'boolean' } });
  const wsPath = resolve(requireStr(values, 'workspace'));
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await openWorkspace(engine, wsPath, false);
  const job = jobOptions(io, io.isTTY && !values.json);
  let s;
  try {
    s = await engine.call('identity.run', { mode: values.incremental ? 'incremental' : 'full' }, job.options);
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    io.out(`${JSON.stringify(s)}\n`);
    return;
  }
  io.out(`run ${s.runId} (${s.mode}): records ${s.records}, persons ${s.persons}, merge rate ${(100 * s.mergeRate).toFixed(1)}%\n`);
  io.out(`review: ${s.review.pending} pending, ${s.review.accepted} accepted, ${s.review.rejected} rejected\n\nLinks by method\n`);
  io.out(formatTable(['method', 'records'], s.linksByMethod.map((m) => [m.method, m.links])));
  io.out('\nBy source\n');
  io.out(formatTable(['source', 'channel', 'records', 'persons', 'linked %'], s.bySource.map((x) => [x.source, x.channel ?? '-', x.records, x.persons, (100 * x.linkedShare).toFixed(1)])));
  if (s.issues.length > 0) {
    io.out('\nIdentifiers not linked on\n');
    io.out(formatTable(['kind', 'type', 'values', 'records'], s.issues.map((i) => [i.kind, i.idType ?? '-', i.count, i.records])));
  }
}

/**
 * `kequn cluster`: clusters a table (customer_profile by default) and stores cluster_run and cluster_member.
 * `--json` prints `{"k","seconds","inertia","silhouette","sizes"}`; seconds is the clustering time alone.
 */
async function cmdCluster(args: readonly string[], io: Io): Promise<void> {
  const { values } = parse(args, {
    workspace: { type: 'string' },
    table: { type: 'string' },
    features: { type: 'string' },
    'all-numeric': { type: 'boolean' },
    k: { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    algorithm: { type: 'string' },
    categorical: { type: 'string' },
    missing: { type: 'string' },
    inits: { type: 'string' },
    'no-log-money': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = str(values, key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${key} must be ${allowed.join(', ')}; got "${v}"`);
    return v as T;
  };
  const kText = requireStr(values, 'k');
  const k = kText === 'auto' ? 'auto' : Number(kText);
  if (k !== 'auto' && (!Number.isInteger(k) || k < 2)) throw new UsageError(`--k must be a whole number of at least 2, or auto; got "${kText}"`);
  const featureList = str(values, 'features');
  if ((featureList === undefined) === !values['all-numeric']) throw new UsageError('give either --features a,b,c or --all-numeric');
  const scale = oneOf('scale', ['standard', 'robust', 'none'] as const);
  const algorithm = oneOf('algorithm', ['auto', 'kmeans', 'minibatch', 'kprototypes'] as const);
  const categorical = oneOf('categorical', ['onehot', 'kprototypes'] as const);
  const missing = oneOf('missing', ['impute', 'drop'] as const);
  const wsPath = resolve(requireStr(values, 'workspace'));
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await openWorkspace(engine, wsPath, false);
  const table = str(values, 'table') ?? 'customer_profile';
  const catalog = await engine.call('cluster.features', { table });
  const features = featureList !== undefined ? featureList.split(',').map((f) => f.trim()).filter(Boolean) : catalog.features.filter((f) => f.kind === 'numeric').map((f) => f.name);
  const job = jobOptions(io, io.isTTY && !values.json);
  let r;
  try {
    r = await engine.call(
      'cluster.run',
      {
        table,
        features,
        k,
        ...(scale ? { scale } : {}),
        ...(algorithm ? { algorithm } : {}),
        ...(categorical ? { categorical } : {}),
        ...(missing ? { missing } : {}),
        ...(str(values, 'inits') !== undefined ? { inits: int(values, 'inits', 1) } : {}),
        ...(values['no-log-money'] ? { logMoney: false } : {}),
      },
      { ...job.options, seed: int(values, 'seed', DEFAULT_SEED) },
    );
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    io.out(`${JSON.stringify({ k: r.k, seconds: r.seconds, inertia: r.inertia, silhouette: r.silhouette, sizes: r.sizes })}\n`);
    return;
  }
  io.out(
    `run ${r.runId}: ${r.algorithm}, k ${r.k}, ${r.rows} rows (${r.droppedRows} left out), seed ${r.seed}, ${r.iterations} iterations, ` +
      `${r.seconds.toFixed(2)} s; inertia ${r.inertia.toPrecision(6)}, silhouette ${r.silhouette.toFixed(3)} (sample of ${r.silhouetteRows})\n`,
  );
  for (const c of r.clipped) io.out(`clipped ${c.feature}: ${c.values} values beyond ±${r.settings.clip} (scaled)\n`);
  for (const m of r.missing) io.out(`missing ${m.feature}: ${m.missing} ${m.action}${m.fill !== null ? ` (${m.fill.toPrecision(4)})` : ''}\n`);
  io.out(
    formatTable(
      ['cluster', 'name', 'size', 'share %', 'distinguishing (z, TGI)'],
      r.groups.map((g) => [
        g.cluster,
        g.name,
        g.size,
        (100 * g.share).toFixed(1),
        g.distinguishing.map((s) => `${s.level !== null && s.level !== '1' ? `${s.feature}=${s.level}` : s.feature} ${s.z >= 0 ? '+' : ''}${s.z.toFixed(2)}${s.tgi !== null ? ` ${Math.round(s.tgi)}` : ''}`).join('; '),
      ]),
    ),
  );
}

const PRESETS = ['sms', 'wechat', 'push', 'call', 'custom'] as const;
const CHANNELS = ['sms', 'wechat', 'push', 'call', 'other'] as const;

function oneOf<T extends string>(v: Values, key: string, allowed: readonly T[]): T | undefined {
  const x = str(v, key);
  if (x === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(x)) throw new UsageError(`--${key} must be one of ${allowed.join(', ')}, got "${x}"`);
  return x as T;
}

/**
 * `kequn export`: writes an audience file of a saved segment and `FILE.manifest.json` beside it, then saves the
 * workspace (export log, planned contacts, audit entries).
 */
async function cmdExport(args: readonly string[], io: Io): Promise<void> {
  const { values } = parse(args, {
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
  });
  const wsPath = resolve(requireStr(values, 'workspace'));
  const segment = requireStr(values, 'segment');
  const preset = oneOf(values, 'preset', PRESETS);
  if (!preset) throw new UsageError('--preset is required');
  const format = oneOf(values, 'format', ['csv', 'xlsx'] as const) ?? 'csv';
  const out = resolve(requireStr(values, 'out'));
  const reason = str(values, 'reason');
  if (values.unmask && !reason) throw new UsageError('--unmask needs --reason TEXT (recorded in the audit log)');
  const holdoutText = str(values, 'holdout');
  const holdout = holdoutText === undefined ? undefined : Number(holdoutText.replace(/%$/, ''));
  if (holdout !== undefined && !Number.isFinite(holdout)) throw new UsageError(`--holdout must be a percentage, got "${holdoutText ?? ''}"`);
  if (holdout !== undefined && !str(values, 'campaign')) throw new UsageError('--holdout needs --campaign KEY (the same key keeps customers in the same arm)');
  const hash = str(values, 'hash');
  const hashFields = hash === undefined ? [] : hash.split(',').map((x) => x.trim());
  for (const f of hashFields) if (f !== 'phone' && f !== 'id_no') throw new UsageError(`--hash takes phone and/or id_no, got "${f}"`);
  if (hashFields.length > 0 && !str(values, 'salt')) throw new UsageError('--hash needs --salt SALT (never stored in the export)');
  const encoding = oneOf(values, 'encoding', ['utf8-bom', 'gbk'] as const);
  const channel = oneOf(values, 'channel', CHANNELS);
  const header = oneOf(values, 'header', ['zh', 'en'] as const);
  const columns = str(values, 'columns');
  const outDir = dirname(out);
  if (!existsSync(outDir)) throw new ExpectedError('FILE_UNREADABLE', `Folder ${outDir} does not exist.`, { path: outDir });

  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await openWorkspace(engine, wsPath, false);
  const job = jobOptions(io, io.isTTY && !values.json);
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
        ...(str(values, 'template') ? { smsTemplate: str(values, 'template') as string } : {}),
        ...(str(values, 'product') ? { productCode: str(values, 'product') as string } : {}),
        ...(str(values, 'planned-at') ? { plannedAt: str(values, 'planned-at') as string } : {}),
        ...(str(values, 'campaign') ? { campaignKey: str(values, 'campaign') as string } : {}),
        ...(holdout !== undefined ? { holdoutPercent: holdout } : {}),
        ...(values.unmask && reason ? { unmask: { reason } } : {}),
        ...(hashFields.length > 0 ? { hash: { salt: str(values, 'salt') ?? '', fields: hashFields as ('phone' | 'id_no')[] } } : {}),
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
  if (values.json) {
    io.out(`${JSON.stringify({ file: out, manifest: `${out}.manifest.json`, exportId: m.exportId, sha256: m.file.sha256, counts: m.counts })}\n`);
    return;
  }
  const c = m.counts;
  io.out(`${out}: ${c.exported} rows (${format}${format === 'csv' ? `, ${m.file.encoding}` : ''}), SHA-256 ${m.file.sha256}\n`);
  io.out(`segment "${m.segment.name}" v${m.segment.version}: ${c.segment} customers; excluded ${c.excluded}; holdout ${c.holdout}; exported ${c.exported}\n`);
  const reasons = Object.entries(c.excludedByReason);
  if (reasons.length > 0) io.out(formatTable(['excluded because', 'customers'], reasons.map(([k, n]) => [k, n ?? 0])));
  io.out(`manifest: ${out}.manifest.json${m.masking.masked ? '' : ' (personal data revealed; reason recorded in the audit log)'}\n`);
}

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: Io) => Promise<void>>> = {
  demo: cmdDemo,
  import: cmdImport,
  sql: cmdSql,
  quality: cmdQuality,
  info: cmdInfo,
  identity: cmdIdentity,
  export: cmdExport,
  cluster: cmdCluster,
  text: (args, io) =>
    cmdText(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  segment: (args, io) => cmdSegment(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  tags: (args, io) => cmdTags(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
};

/** Runs one CLI invocation and returns its exit code (never calls process.exit, so tests can call it). */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`kequn: unknown command "${command}" (try kequn --help)\n`);
    return 2;
  }
  try {
    await run(rest, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kequn ${command}: ${e.message} (try kequn --help)\n`);
      return 2;
    }
    if (isCancelled(e)) {
      io.err(`kequn ${command}: cancelled\n`);
      return 130;
    }
    if (e instanceof ExpectedError) {
      io.err(`kequn ${command}: ${e.message}\n`);
      return 1;
    }
    io.err(`kequn ${command}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
