/**
 * `kequn text …`: Chinese text mining from the command line, through the same EngineApi as the 文本 page.
 *
 *   kequn text segment --in FILE [--column NAME] --out FILE [--json] [--workspace WS]
 *   kequn text sentiment --in FILE --column NAME --out FILE [--workspace WS]
 *   kequn text topics --workspace WS [--k N] [--json]
 *   kequn text search --workspace WS [--model DIR] [--limit N] QUERY
 *   kequn text --workspace WS [--k N] [--json]
 */
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import Papa from 'papaparse';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { createEngine } from '#shared/engine.ts';
import { sniffEncoding } from '#shared/ingest/sniffEncoding.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface TextCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const TEXT_USAGE = `  kequn text segment --in FILE [--column NAME] --out FILE [--json] [--workspace WS]
  kequn text sentiment --in FILE --column NAME --out FILE [--workspace WS]
  kequn text topics --workspace WS [--k N] [--json]
  kequn text search --workspace WS [--model DIR] [--limit N] QUERY
  kequn text --workspace WS [--k N] [--json]
`;

/** Texts per engine call: large enough to amortise the call, small enough to show progress and cancel. */
const BATCH = 20_000;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(kit: TextCliKit, args: readonly string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
}

function str(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function need(kit: TextCliKit, v: Values, key: string): string {
  const x = str(v, key);
  if (x === undefined) throw kit.usage(`--${key} is required`);
  return x;
}

function readText(path: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) throw new ExpectedError('FILE_UNREADABLE', `Cannot read ${path}: no such file.`, { path });
  const bytes = new Uint8Array(readFileSync(full));
  const sniff = sniffEncoding(bytes.subarray(0, 262_144), bytes.byteLength <= 262_144);
  return new TextDecoder(sniff.encoding).decode(bytes.subarray(sniff.bomLength));
}

/** Rows of a CSV/TSV with a header (the delimiter is guessed), or null when the column is missing. */
function readTable(kit: TextCliKit, path: string, column: string): { fields: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(readText(path), { header: true, skipEmptyLines: 'greedy' });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes(column)) throw kit.usage(`--column ${column}: the file has no such column (columns: ${fields.join(', ')})`);
  return { fields, rows: parsed.data };
}

async function engineFor(kit: TextCliKit, workspace: string | undefined): Promise<Engine> {
  if (workspace === undefined) return createEngine(createNodeHost());
  const path = resolve(workspace);
  const engine = createEngine(createNodeHost({ workspacePath: path }));
  await kit.openWorkspace(engine, path, false);
  return engine;
}

async function segment(kit: TextCliKit, args: readonly string[]): Promise<void> {
  const { values } = parse(kit, args, { in: { type: 'string' }, column: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, workspace: { type: 'string' } });
  const input = need(kit, values, 'in');
  const output = resolve(need(kit, values, 'out'));
  const column = str(values, 'column');
  const workspace = str(values, 'workspace');
  const t0 = performance.now();
  const texts = column === undefined ? readText(input).split(/\r?\n/) : readTable(kit, input, column).rows.map((r) => r[column] ?? '');
  if (column === undefined && texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  const engine = await engineFor(kit, workspace);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  const stream = createWriteStream(output, { encoding: 'utf8' });
  let tokens = 0;
  try {
    for (let i = 0; i < texts.length; i += BATCH) {
      const r = await engine.call('text.segment', { texts: texts.slice(i, i + BATCH), dictionary: workspace ? 'workspace' : 'default' }, job.options);
      let chunk = '';
      for (const line of r.tokens) {
        tokens += line.length;
        chunk += `${line.join(' ')}\n`;
      }
      if (!stream.write(chunk)) await new Promise<void>((ok) => stream.once('drain', () => ok()));
      job.options.onProgress?.({ step: 'text.segment', current: Math.min(texts.length, i + BATCH), total: texts.length });
    }
  } finally {
    job.dispose();
    await new Promise<void>((ok, fail) => stream.end((e?: Error | null) => (e ? fail(e) : ok())));
  }
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  if (values.json) kit.out(`${JSON.stringify({ rows: texts.length, tokens, seconds })}\n`);
  else kit.out(`${texts.length} rows, ${tokens} tokens in ${seconds} s → ${output}\n`);
}

async function sentiment(kit: TextCliKit, args: readonly string[]): Promise<void> {
  const { values } = parse(kit, args, { in: { type: 'string' }, column: { type: 'string' }, out: { type: 'string' }, workspace: { type: 'string' } });
  const input = need(kit, values, 'in');
  const column = need(kit, values, 'column');
  const output = resolve(need(kit, values, 'out'));
  const { fields, rows } = readTable(kit, input, column);
  const engine = await engineFor(kit, str(values, 'workspace'));
  const job = kit.jobOptions(kit.isTTY);
  const labels: string[] = [];
  try {
    for (let i = 0; i < rows.length; i += BATCH) {
      const r = await engine.call('text.sentiment', { texts: rows.slice(i, i + BATCH).map((row) => row[column] ?? '') }, job.options);
      for (const x of r.results) labels.push(x.label);
    }
  } finally {
    job.dispose();
  }
  const outFields = fields.includes('sentiment') ? fields : [...fields, 'sentiment'];
  const csv = Papa.unparse({ fields: outFields, data: rows.map((row, i) => outFields.map((f) => (f === 'sentiment' ? (labels[i] ?? '') : (row[f] ?? '')))) }, { newline: '\n' });
  const stream = createWriteStream(output, { encoding: 'utf8' });
  await new Promise<void>((ok, fail) => stream.end(`\ufeff${csv}\n`, () => ok()).once('error', fail));
  const counts = { positive: 0, neutral: 0, negative: 0 } as Record<string, number>;
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  kit.out(`${rows.length} rows → ${output} (positive ${counts.positive ?? 0}, neutral ${counts.neutral ?? 0}, negative ${counts.negative ?? 0})\n`);
}

async function runPipeline(kit: TextCliKit, args: readonly string[], topicsOnly: boolean): Promise<void> {
  const { values } = parse(kit, args, { workspace: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' } });
  const workspace = resolve(need(kit, values, 'workspace'));
  const kText = str(values, 'k');
  const k = kText === undefined ? undefined : Number(kText);
  if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 100)) throw kit.usage(`--k must be a whole number from 1 to 100, got "${kText ?? ''}"`);
  const engine = await engineFor(kit, workspace);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let summary;
  try {
    summary = await engine.call('text.run', k === undefined ? {} : { k }, job.options);
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  const topics = await engine.call('text.topics', {});
  if (values.json) {
    kit.out(`${JSON.stringify(topicsOnly ? { runId: summary.runId, k: summary.k, kScores: summary.kScores, topics: topics.topics } : summary)}\n`);
    return;
  }
  if (!topicsOnly) {
    kit.out(`run ${summary.runId}: ${summary.notes} notes (${summary.analysed} analysed), ${summary.tokens} tokens, ${summary.customers} customers, ${summary.tags} tags, ${summary.ms.total ?? 0} ms\n`);
    kit.out(`sentiment (${summary.sentimentMethod}): positive ${summary.sentiment.positive}, neutral ${summary.sentiment.neutral}, negative ${summary.sentiment.negative}\n`);
    const issues = Object.entries(summary.issues);
    if (issues.length > 0) kit.out(`input issues: ${issues.map(([k2, n]) => `${k2} ${n}`).join(', ')}\n`);
    kit.out('\n');
  }
  kit.out(formatTable(['topic', 'name', 'notes', 'coherence', 'top words'], topics.topics.map((t) => [t.topic, t.name, t.notes, t.coherence ?? '-', t.words.slice(0, 8).map((w) => w.word).join(' ')])));
}

async function search(kit: TextCliKit, args: readonly string[]): Promise<void> {
  const { values, positionals } = parse(kit, args, { workspace: { type: 'string' }, model: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw kit.usage('give exactly one QUERY (quote it)');
  const engine = await engineFor(kit, need(kit, values, 'workspace'));
  const model = str(values, 'model');
  const r = await engine.call('text.search', { query: positionals[0] ?? '', limit: Number(str(values, 'limit') ?? 20), ...(model ? { model: { kind: 'path' as const, path: resolve(model) } } : {}) });
  if (values.json) {
    kit.out(`${JSON.stringify(r)}\n`);
    return;
  }
  kit.out(`${r.mode}: ${r.hits.length} notes, ${r.customers} customers\n`);
  kit.out(formatTable(['score', 'one_id', 'time', 'sentiment', 'text'], r.hits.map((h) => [h.score ?? null, h.oneId, h.time, h.sentiment, h.text.slice(0, 60)])));
}

/** Runs `kequn text …`. */
export async function cmdText(args: readonly string[], kit: TextCliKit): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'segment':
      return segment(kit, rest);
    case 'sentiment':
      return sentiment(kit, rest);
    case 'topics':
      return runPipeline(kit, rest, true);
    case 'search':
      return search(kit, rest);
    default:
      if (sub !== undefined && !sub.startsWith('-')) throw kit.usage(`unknown subcommand "${sub}"`);
      return runPipeline(kit, args, false);
  }
}
