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
import { isEntityKind } from '#shared/model/entities.ts';
import { formatBytes } from '#shared/values/byteSize.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatCsv, formatTable } from './output.ts';
import { cmdText, TEXT_USAGE } from './textCli.ts';
import { cmdCluster, CLUSTER_USAGE } from './clusterCli.ts';
import { cmdSegment, SEGMENT_USAGE } from './segmentCli.ts';
import { cmdExport, EXPORT_USAGE } from './exportCli.ts';
import { cmdTags, TAGS_USAGE } from './tagsCli.ts';
import { cmdModel, MODEL_USAGE } from './modelCli.ts';
import { BEHAVIOUR_USAGE, cmdBehaviour, cmdImportAppend, cmdNetwork } from './behaviourCli.ts';
import { cmdReach, REACH_USAGE } from './reachCli.ts';
import { cmdReport, REPORT_USAGE } from './reportCli.ts';
import { cmdRecipe, RECIPE_USAGE } from './recipeCli.ts';

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
${EXPORT_USAGE}${CLUSTER_USAGE.trimEnd()}
${TEXT_USAGE.trimEnd()}
${SEGMENT_USAGE.trimEnd()}
${TAGS_USAGE.trimEnd()}
${MODEL_USAGE.trimEnd()}
${BEHAVIOUR_USAGE.trimEnd()}
${REACH_USAGE.trimEnd()}
${REPORT_USAGE.trimEnd()}
${RECIPE_USAGE.trimEnd()}

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
  io.out(
    `name: ${info.name}\nas-of date: ${info.asOfDate ?? '-'} (${info.asOfSource ?? '-'})\nschema: ${info.schemaVersion}\nsize: ${formatBytes(info.sizeBytes)} of ${formatBytes(info.limitBytes)}\n\n`,
  );
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

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: Io) => Promise<void>>> = {
  demo: cmdDemo,
  import: (args, io) =>
    args.includes('--append')
      ? cmdImportAppend(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) })
      : cmdImport(args, io),
  sql: cmdSql,
  quality: cmdQuality,
  info: cmdInfo,
  identity: cmdIdentity,
  export: (args, io) => cmdExport(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  cluster: (args, io) => cmdCluster(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  text: (args, io) =>
    cmdText(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  segment: (args, io) => cmdSegment(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  tags: (args, io) => cmdTags(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  model: (args, io) => cmdModel(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  behaviour: (args, io) => cmdBehaviour(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  network: (args, io) => cmdNetwork(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  reach: (args, io) => cmdReach(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  report: (args, io) => cmdReport(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
  recipe: (args, io) => cmdRecipe(args, { ...io, usage: (m) => new UsageError(m), openWorkspace, jobOptions: (show) => jobOptions(io, show) }),
};

/** Runs one CLI invocation and returns its exit code (never calls process.exit, so tests can call it). */
/**
 * Runs the CLI on this process's arguments and standard streams, for both entry points (`shared/node/kequn.mjs`
 * and the bundled `dist/cli/kequn.mjs`). A reader that stops early (`kequn sql … | head`) ends the output
 * quietly, as Unix tools do, instead of an unhandled EPIPE.
 */
export async function runCliOnProcess(): Promise<number> {
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return runCli(process.argv.slice(2), {
    out: (s) => {
      if (!closed) process.stdout.write(s);
    },
    err: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stderr.isTTY),
  });
}

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
