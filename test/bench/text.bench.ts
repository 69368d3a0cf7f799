/**
 * Text benchmark, all in one run on the same inputs:
 * 1. segmentation throughput of `kequn text segment` (native jieba, end to end with file I/O) against Python
 *    `jieba.lcut` over the same file: the bq-corpus sentences and the ICBC reviews repeated to ≥ 50 MB
 *    (target: ≥ 4× faster); the in-process wasm segmenter is timed too;
 * 2. 100,000 notes through segmentation + sentiment + topics (`text.run`) + keywords, target ≤ 60 s;
 * 3. embeddings throughput with the project's tiny fixture model, per 1,000 notes;
 * 4. the lexicon's accuracy and macro-F1 on the labelled ICBC fixture.
 * Options: `--quick` (5 MB, 20,000 notes), `--mb N`, `--notes N`, `--keep`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as jiebaWasm from 'jieba-wasm';
import { createEngine } from '#shared/engine.ts';
import { DEFAULT_BANK_WORDS, dictionaryText } from '#shared/lexicon/bankDictionary.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { nativeSegmenter } from '#shared/node/nativeSegmenter.ts';
import { analyzeNote } from '#shared/text/analyzeNote.ts';
import { evaluate } from '#shared/text/classifier.ts';
import { createWasmSegmenterFactory } from '#shared/text/jiebaWasmSegmenter.ts';
import type { SentimentLabel } from '#shared/text/sentimentLexicon.ts';
import { stopwordSet } from '#shared/text/stopwords.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, mb: { type: 'string' }, notes: { type: 'string' }, keep: { type: 'boolean' } } });
const targetMb = Number(values.mb ?? (values.quick ? 5 : 50));
const noteCount = Number(values.notes ?? (values.quick ? 20_000 : 100_000));
const root = new URL('../../', import.meta.url).pathname;
const data = join(root, '../shared/data');
const dir = mkdtempSync(join(tmpdir(), 'kequn-text-bench-'));
const kequn = join(root, 'shared/node/kequn.mjs');
const pyEnv = { ...process.env, PYENV_VERSION: 'system' };

function sourceLines(): string[] {
  const out: string[] = [];
  for (const f of ['bq-corpus/dev.csv', 'bq-corpus/test.csv']) {
    for (const l of readFileSync(join(data, f), 'utf8').replace(/^\uFEFF/, '').split('\n').slice(1)) {
      const [a, b] = l.split(',');
      if (a) out.push(a);
      if (b) out.push(b);
    }
  }
  for (const f of ['icbc-app-reviews-zh/Apple_ICBC_reviews.txt', 'icbc-app-reviews-zh/360_ICBC_reviews.txt']) {
    out.push(...readFileSync(join(data, f), 'utf8').split('\n').filter((l) => l.trim() !== ''));
  }
  return out;
}

const PY_SEGMENT = `
import sys, time, jieba
jieba.setLogLevel(60)
jieba.initialize()
for line in open(sys.argv[3], encoding='utf-8'):
    w, f = line.rstrip('\\n').split(' ')[:2]
    jieba.add_word(w, int(f))
t0 = time.perf_counter()
rows = tokens = 0
with open(sys.argv[1], encoding='utf-8') as src, open(sys.argv[2], 'w', encoding='utf-8') as out:
    for line in src:
        toks = [t for t in jieba.lcut(line.rstrip('\\n')) if t.strip()]
        rows += 1
        tokens += len(toks)
        out.write(' '.join(toks) + '\\n')
print(f'{rows} {tokens} {time.perf_counter() - t0:.3f}')
`;

try {
  const lines = sourceLines();
  console.log(`# Text benchmark (corpus ${targetMb} MB, ${noteCount.toLocaleString('en-US')} notes)`);

  // 1. Segmentation throughput.
  const corpus = join(dir, 'corpus.txt');
  const block = `${lines.join('\n')}\n`;
  const blockBytes = Buffer.byteLength(block);
  const repeats = Math.max(1, Math.ceil((targetMb * 1048576) / blockBytes));
  writeFileSync(corpus, block.repeat(repeats));
  const bytes = statSync(corpus).size;
  const rows = lines.length * repeats;
  console.log(`corpus: ${(bytes / 1048576).toFixed(1)} MB, ${rows.toLocaleString('en-US')} lines (bq-corpus + ICBC reviews × ${repeats})`);
  const t0 = performance.now();
  const ours = JSON.parse(execFileSync(process.execPath, [kequn, 'text', 'segment', '--in', corpus, '--out', join(dir, 'ours.txt'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 })) as { rows: number; tokens: number; seconds: number };
  const oursWall = (performance.now() - t0) / 1000;
  console.log(`kequn text segment (native jieba, read+normalise+cut+write): ${ours.seconds.toFixed(2)} s (${(bytes / 1048576 / ours.seconds).toFixed(1)} MB/s; process wall ${oursWall.toFixed(2)} s), ${ours.tokens.toLocaleString('en-US')} tokens`);

  const dict = dictionaryText(DEFAULT_BANK_WORDS);
  const wasm = createWasmSegmenterFactory(jiebaWasm)(dict);
  const native = nativeSegmenter(dict);
  const sample = lines.slice(0, 40_000);
  for (const [name, seg] of [['native', native], ['wasm', wasm]] as const) {
    const s0 = performance.now();
    let n = 0;
    for (const l of sample) n += seg.cut(l).length;
    const s = (performance.now() - s0) / 1000;
    console.log(`in-process cut, ${name}: ${sample.length.toLocaleString('en-US')} lines in ${s.toFixed(2)} s (${Math.round(sample.length / s).toLocaleString('en-US')} lines/s, ${n} tokens)`);
  }

  const dictFile = join(dir, 'dict.txt');
  writeFileSync(dictFile, dict);
  const py = spawnSync('python3', ['-c', PY_SEGMENT, corpus, join(dir, 'py.txt'), dictFile], { env: pyEnv, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (py.status === 0) {
    const [pyRows = 0, pyTokens = 0, pySeconds = 0] = py.stdout.trim().split(' ').map(Number);
    console.log(`python jieba.lcut (same file, same dictionary, write out): ${pySeconds.toFixed(2)} s (${(bytes / 1048576 / pySeconds).toFixed(2)} MB/s), ${pyRows.toLocaleString('en-US')} rows, ${pyTokens.toLocaleString('en-US')} tokens`);
    const speedup = pySeconds / ours.seconds;
    console.log(`speed-up: ${speedup.toFixed(1)}× (target ≥ 4×: ${speedup >= 4 ? 'met' : 'MISSED'})`);
  } else console.log(`python jieba not available: ${py.stderr.split('\n').slice(-2).join(' ')}`);

  // 2. 100k notes through the pipeline.
  const notesCsv = join(dir, 'notes.csv');
  const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
  const channels = ['APP评论', '客服热线', '在线客服', '网点'];
  const csvRows = ['note_id,cust_no,note_time,channel,text'];
  for (let i = 0; i < noteCount; i++) {
    const text = (lines[(i * 7919) % lines.length] ?? '').replace(/"/g, '""');
    csvRows.push(`N${i},C${i % Math.ceil(noteCount / 3)},${months[i % months.length] ?? ''}-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,${channels[i % channels.length] ?? ''},"${text}"`);
  }
  writeFileSync(notesCsv, `${csvRows.join('\n')}\n`);
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'bench' });
  const i0 = performance.now();
  const imported = await engine.call('ingest.run', { files: [{ file: { name: 'notes.csv', blob: new Blob([readFileSync(notesCsv)]) }, kind: 'notes' }] });
  console.log(`import of ${imported.files[0]?.accepted ?? 0} notes (not part of the target): ${((performance.now() - i0) / 1000).toFixed(1)} s`);
  const p0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await engine.call('text.run', {});
  const k0 = performance.now();
  await engine.call('text.keywords', { method: 'tfidf', limit: 30 });
  await engine.call('text.keywords', { method: 'contrast', filter: { by: 'channel', group: channels[0] ?? '' }, limit: 30 });
  await engine.call('text.keywords', { method: 'textrank', filter: { by: 'month', group: months[0] ?? '' }, limit: 30 });
  const keywordsSeconds = (performance.now() - k0) / 1000;
  const total = (performance.now() - p0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `pipeline on ${run.notes.toLocaleString('en-US')} notes: segment+sentiment ${((run.ms.segment ?? 0) / 1000).toFixed(1)} s, topics (k=${run.k} chosen from ${run.kScores.map((s) => s.k).join('/')}) ${((run.ms.topics ?? 0) / 1000).toFixed(1)} s, ` +
      `write ${((run.ms.write ?? 0) / 1000).toFixed(1)} s, keywords (3 queries) ${keywordsSeconds.toFixed(1)} s; total ${total.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (target ≤ 60 s: ${total <= 60 ? 'met' : 'MISSED'}; load average now ${loadavg()[0]?.toFixed(1) ?? '?'} on ${cpus().length} cores)`,
  );

  // 3. Embeddings with the fixture model.
  const e = await engine.call('text.embed', { model: { kind: 'path', path: join(root, 'test/fixtures/models/tiny-bert-zh') } });
  console.log(`embeddings (tiny fixture model, 32 dims, batches of 32): ${e.computed.toLocaleString('en-US')} distinct texts in ${(e.ms / 1000).toFixed(1)} s, ${e.msPerThousand ?? '-'} ms per 1,000 notes`);

  // 4. Sentiment on the labelled fixture.
  const fixture = readFileSync(join(root, 'test/fixtures/sentiment/icbc-labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const files = new Map<string, string[]>();
  const truth: SentimentLabel[] = [];
  const predicted: SentimentLabel[] = [];
  for (const [file = '', line = '', sha = '', label = ''] of fixture) {
    let ls = files.get(file);
    if (!ls) files.set(file, (ls = readFileSync(join(data, file), 'utf8').split('\n')));
    const text = ls[Number(line) - 1] ?? '';
    if (createHash('sha256').update(text).digest('hex') !== sha) throw new Error(`fixture line ${file}:${line} changed`);
    truth.push(label as SentimentLabel);
    predicted.push(analyzeNote(text, native, stopwordSet()).sentiment.label);
  }
  const ev = evaluate(truth, predicted);
  console.log(`sentiment lexicon on the ICBC fixture (${truth.length} reviews): accuracy ${ev.accuracy.toFixed(3)}, macro-F1 ${ev.macroF1.toFixed(3)}`);
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
