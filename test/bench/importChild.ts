/**
 * Child process of the import benchmark, so each measurement's peak RSS is its own. Prints one JSON line.
 *   importChild.ts FILE WORKSPACE   a real import through the engine (`ingest.run`), then `workspace.save`
 *   importChild.ts --floor FILE     the bare sql.js floor: the file's rows, parsed beforehand, inserted as 12 TEXT
 *                                   values each into a table without keys or indexes (what pandas' to_sql writes),
 *                                   once with sql.js's own `Statement.run` and once with the engine's BulkInsert;
 *                                   then the same rows, unconverted, into the workspace's transactions table with
 *                                   the import's TableWriter and index rebuild (the sql.js share of an import)
 */
import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Db, loadSqlJs, type SqlValue } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { createEngine } from '#shared/engine.ts';
import { deferIndexes, enlargeCache } from '#shared/ingest/bulkLoad.ts';
import { TableWriter } from '#shared/ingest/tableWriter.ts';
import { entityDef } from '#shared/model/entities.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function print(result: Record<string, number | undefined>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function realImport(file: string, workspace: string): Promise<void> {
  const engine = createEngine(createNodeHost({ workspacePath: workspace }));
  await engine.call('workspace.create', { name: 'bench' });
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const result = await engine.call('ingest.run', { files: [{ file: { name: basename(file), blob: await openAsBlob(file) } }] });
  const t1 = performance.now();
  const c1 = cpuSeconds();
  await engine.call('workspace.save', {});
  const t2 = performance.now();
  const f = result.files[0];
  print({
    importSeconds: (t1 - t0) / 1000,
    saveSeconds: (t2 - t1) / 1000,
    importCpuSeconds: c1 - c0,
    saveCpuSeconds: cpuSeconds() - c1,
    rowsRead: f?.rowsRead,
    accepted: f?.accepted,
    rejected: f?.rejected,
    cellIssues: f?.cellIssues,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  });
}

/**
 * The file's fields as offsets into its text, so the floor's rows cost no JavaScript heap: a million parsed rows
 * held as strings make every garbage collection (which sql.js's growing memory file triggers) mark a gigabyte.
 * The benchmark file has no embedded line breaks or escaped quotes; a quoted field's offsets exclude its quotes.
 */
function fieldOffsets(text: string): { starts: Int32Array; ends: Int32Array; width: number; rows: number } {
  const firstNl = text.indexOf('\n');
  const width = text.slice(0, firstNl).split(',').length;
  const rows = (text.match(/\n/g)?.length ?? 0) - 1;
  const starts = new Int32Array(rows * width);
  const ends = new Int32Array(rows * width);
  let i = firstNl + 1;
  for (let k = 0; k < rows * width; k++) {
    if (text.charCodeAt(i) === 34) {
      const close = text.indexOf('"', i + 1);
      starts[k] = i + 1;
      ends[k] = close;
      i = close + 2;
    } else {
      let j = i;
      for (let c = text.charCodeAt(j); c !== 44 && c !== 10 && j < text.length; c = text.charCodeAt(++j));
      starts[k] = i;
      ends[k] = j;
      i = j + 1;
    }
  }
  return { starts, ends, width, rows };
}

async function floor(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const { starts, ends, width, rows } = fieldOffsets(text);
  const row = new Array<string>(width);
  const forEachRow = (fn: (r: string[]) => void): void => {
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < width; c++, k++) row[c] = text.substring(starts[k] ?? 0, ends[k]);
      fn(row);
    }
  };
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  const ddl = `CREATE TABLE t (${columns.map((c) => `${c} TEXT`).join(', ')})`;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const insert = (n: number): string => `INSERT INTO t VALUES ${new Array<string>(n).fill(tuple).join(', ')}`;
  const timed = (fn: () => void): number => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  };
  let sink = 0;
  // Making the row strings, measured alone and subtracted from the insert times.
  const rowsOnly = timed(() => forEachRow((r) => (sink += r.length)));

  const SQL = await loadSqlJs({ sqlJsConfig: {} });
  const plain = new SQL.Database();
  plain.exec(ddl);
  const plainInsert = timed(() => {
    plain.exec('BEGIN');
    const st = plain.prepare(insert(1));
    forEachRow((r) => st.run(r));
    st.free();
    plain.exec('COMMIT');
  });
  const plainExport = timed(() => plain.export());
  plain.close();

  const db = await Db.open({ sqlJsConfig: {} });
  db.exec(ddl);
  const bulkInsert = timed(() => {
    db.transaction(() => {
      const bulk = db.prepareBulkInsert(insert, width);
      try {
        forEachRow((r) => bulk.add(r));
        bulk.flush();
      } finally {
        bulk.free();
      }
    });
  });
  const bulkExport = timed(() => db.export());
  db.close();

  // The sql.js share of a real import: the same rows into the workspace's transactions table (19 values per row,
  // UNIQUE row_key) with the engine's TableWriter, then its two secondary indexes rebuilt as the import does.
  const ws = await Db.open({ sqlJsConfig: {} });
  migrate(ws);
  const fields = entityDef('transactions').fields.map((f) => f.name);
  const fromFile = ['txn_id', 'cust_no', 'account_no', 'card_no', 'txn_time', 'amount_fen', 'direction', 'currency', 'channel', 'txn_type', 'merchant', 'description'];
  const source = fields.map((f) => fromFile.indexOf(f));
  const values = new Array<SqlValue>(fields.length + 3).fill(null);
  const restoreCache = enlargeCache(ws);
  const tx = ws.begin();
  const restoreIndexes = deferIndexes(ws, 'transactions', rows);
  const writer = new TableWriter(ws, 'transactions', fields, 'append', ['row_key'], { fileId: 1, batchId: 1 });
  let line = 1;
  const schemaInsert = timed(() => {
    forEachRow((r) => {
      for (let i = 0; i < source.length; i++) {
        const at = source[i] ?? -1;
        values[i] = at >= 0 ? (r[at] ?? null) : null;
      }
      values[fields.length] = r[0] ?? '';
      values[fields.length + 2] = ++line;
      writer.add(values);
      // The import flushes once per batch of about this many rows.
      if (line % 6000 === 0) writer.flush();
    });
    writer.flush();
  });
  writer.free();
  const schemaIndexes = timed(restoreIndexes);
  const schemaCommit = timed(() => tx.commit());
  restoreCache();
  const schemaExport = timed(() => ws.export());
  print({
    rows: sink / width,
    rowsOnly,
    plainInsert: plainInsert - rowsOnly,
    plainExport,
    bulkInsert: bulkInsert - rowsOnly,
    bulkExport,
    schemaInsert: schemaInsert - rowsOnly,
    schemaIndexes,
    schemaCommit,
    schemaExport,
  });
}

const args = process.argv.slice(2);
if (args[0] === '--floor' && args[1]) await floor(args[1]);
else if (args[0] && args[1]) await realImport(args[0], args[1]);
else throw new Error('usage: importChild FILE WORKSPACE | importChild --floor FILE');
