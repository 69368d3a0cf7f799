/**
 * Imports every real data set under ../shared/data through the engine API (plus GBK/GB18030 and XLSX
 * conversions made here, in a temp folder) and checks that no row is lost: accepted + rejected = rows read on
 * every file, with known counts where the data's SOURCE.md states them.
 */
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, Engine } from '#shared/api/engineApi.ts';
import type { ImportFileRequest, ImportFileResult } from '#shared/api/ingestTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { createTempDir, type TempDir } from '#test/support/tempDir.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');

let tmp: TempDir;
let engine: Engine;

beforeAll(async () => {
  tmp = await createTempDir('import-real');
  engine = createEngine(createNodeHost());
  await engine.call('workspace.create', { name: 'real data' });
});

afterAll(async () => {
  await tmp.remove();
});

async function sourceFile(file: string): Promise<ImportFileRequest['file']> {
  return { name: path.basename(file), blob: await openAsBlob(file) };
}

async function importFile(file: string, extra: Omit<ImportFileRequest, 'file'> = {}): Promise<ImportFileResult> {
  const r = await engine.call('ingest.run', { files: [{ file: await sourceFile(file), ...extra }] });
  const f = r.files[0];
  if (!f) throw new Error(`no result for ${file}`);
  expect(f.status, `${file}: ${JSON.stringify(f.message)}`).toBe('done');
  expect(f.accepted + f.rejected, `${file}: accepted + rejected = rows read`).toBe(f.rowsRead);
  expect(f.newRows + f.duplicateRows + f.updatedRows).toBe(f.accepted);
  const rejects = await engine.call('rejects.page', { fileId: f.fileId, offset: 0, limit: 1 });
  expect(rejects.total, `${file}: one reject row per rejected row`).toBe(f.rejected);
  return f;
}

async function query(sql: string): Promise<CellValue[][]> {
  const r = await engine.call('sql.query', { sql, unmask: { reason: 'integration test' } });
  return r.rows.map((row) => [...row]);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out.sort();
}

describe('real data sets', () => {
  it('imports bank-full.csv: 45,211 rows, `;`-delimited, as a generic table', async () => {
    const file = path.join(DATA, 'bank-marketing/bank-full.csv');
    const preview = await engine.call('ingest.preview', { file: await sourceFile(file) });
    expect(preview).toMatchObject({ delimiter: ';', quote: '"', headerRow: 1, detectedKind: 'table' });
    const r = await importFile(file);
    expect(r).toMatchObject({ delimiter: ';', kind: 'table', table: 't_bank_full', rowsRead: 45_211, rejected: 0, encoding: 'utf-8' });
    // The Node host hashes with node:crypto; the digest is the file's SHA-256 all the same.
    expect(r.sha256).toBe(createHash('sha256').update(await readFile(file)).digest('hex'));
    // yes/no columns are read as booleans (1/0).
    expect(await query('SELECT count(*), sum(y) FROM t_bank_full')).toEqual([[45_211, 5_289]]);
    expect(await query('SELECT age, job, marital FROM t_bank_full ORDER BY row_id LIMIT 1')).toEqual([[58, 'management', 'married']]);
  });

  it('imports bq-corpus dev.csv: 10,000 rows, BOM detected', async () => {
    const file = path.join(DATA, 'bq-corpus/dev.csv');
    const preview = await engine.call('ingest.preview', { file: await sourceFile(file) });
    expect(preview.encoding).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(preview.columns.map((c) => c.header)).toEqual(['sentence1', 'sentence2', 'label']);
    const r = await importFile(file);
    expect(r).toMatchObject({ rowsRead: 10_000, rejected: 0, table: 't_dev' });
    expect(await query('SELECT sum(label = 1), sum(label = 0) FROM t_dev')).toEqual([[5_000, 5_000]]);
  });

  it('imports the ICBC reviews as notes, keeping repeated reviews, and re-imports nothing new', async () => {
    const file = path.join(DATA, 'icbc-app-reviews-zh/Apple_ICBC_reviews.txt');
    const r = await importFile(file, { kind: 'notes' });
    expect(r).toMatchObject({ kind: 'notes', rowsRead: 31_737, rejected: 0, newRows: 31_737 });
    expect(await query("SELECT count(*) FROM notes WHERE text = '垃圾' AND src_file = " + String(r.fileId))).toEqual([[231]]);
    const again = await importFile(file, { kind: 'notes' });
    expect(again).toMatchObject({ newRows: 0, duplicateRows: 31_737 });
  });

  it('imports every file under ../shared/data, accounting for every row', async () => {
    const files = await filesUnder(DATA);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      let target = file;
      if (file.endsWith('.gz')) {
        target = path.join(tmp.path, path.basename(file, '.gz'));
        await writeFile(target, gunzipSync(await readFile(file)));
      }
      const r = await importFile(target);
      if (target.endsWith('bank-additional-full.csv')) expect(r).toMatchObject({ rowsRead: 41_188, delimiter: ';', rejected: 0 });
      if (target.endsWith('bank.csv')) expect(r.rowsRead).toBe(4_521);
      if (target.endsWith('bq-corpus/test.csv')) expect(r.rowsRead).toBe(10_000);
      if (target.endsWith('360_ICBC_reviews.txt')) expect(r).toMatchObject({ kind: 'notes', rowsRead: 2_050 });
    }
  });

  it('reads GBK and GB18030 conversions exactly like the UTF-8 originals', async () => {
    const dev = await readFile(path.join(DATA, 'bq-corpus/dev.csv'), 'utf8');
    const gbkFile = path.join(tmp.path, 'dev_gbk.csv');
    await writeFile(gbkFile, iconv.encode(dev.replace(/^\ufeff/, ''), 'gbk'));
    const g = await importFile(gbkFile);
    expect(g).toMatchObject({ encoding: 'gb18030', rowsRead: 10_000, rejected: 0 });
    // GBK cannot write every character of the corpus (iconv puts `?` there); those rows differ by design.
    const gbkSafe = dev
      .replace(/^\ufeff/, '')
      .split('\n')
      .slice(1)
      .filter((l) => l !== '' && iconv.decode(iconv.encode(l, 'gbk'), 'gbk') === l).length;
    expect(gbkSafe).toBeGreaterThan(9_900);
    expect(await query('SELECT count(*) FROM t_dev_gbk g JOIN t_dev d ON d.row_id = g.row_id WHERE d.sentence1 = g.sentence1 AND d.sentence2 = g.sentence2')).toEqual([[gbkSafe]]);

    // Emoji and rare characters exist only in GB18030 (four-byte sequences), not in GBK.
    const reviews = await readFile(path.join(DATA, 'icbc-app-reviews-zh/Apple_ICBC_reviews.txt'), 'utf8');
    const gbFile = path.join(tmp.path, 'apple_gb18030.txt');
    await writeFile(gbFile, iconv.encode(reviews, 'gb18030'));
    const r = await importFile(gbFile, { kind: 'notes' });
    // The UTF-8 original was imported above: every decoded line equals an original one, so all are duplicates.
    expect(r).toMatchObject({ encoding: 'gb18030', rowsRead: 31_737, rejected: 0, newRows: 0, duplicateRows: 31_737 });
    expect(await query("SELECT count(*) > 0 FROM notes WHERE text LIKE '%🤢%'")).toEqual([[1]]);
  });

  it('imports an XLSX workbook made from a sample of bank.csv', async () => {
    const text = await readFile(path.join(DATA, 'bank-marketing/bank.csv'), 'utf8');
    const rows = text.trim().split('\n').slice(0, 2001).map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
    const sheet = XLSX.utils.aoa_to_sheet(rows.map((r, i) => (i === 0 ? r : r.map((c) => (/^-?\d+$/.test(c) ? Number(c) : c)))));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, 'bank');
    const file = path.join(tmp.path, 'bank_sample.xlsx');
    await writeFile(file, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    const r = await importFile(file);
    expect(r).toMatchObject({ format: 'xlsx', rowsRead: 2_000, rejected: 0, table: 't_bank_sample' });
    expect(await query('SELECT sum(age), sum(y), sum(balance_fen) FROM t_bank_sample')).toEqual(
      await query('SELECT sum(age), sum(y), sum(balance_fen) FROM (SELECT age, y, balance_fen FROM t_bank ORDER BY row_id LIMIT 2000)'),
    );
  });
});
