/**
 * Import benchmark: a generated 1M-row x 12-column transactions CSV imported by the engine, compared in the same
 * run with pandas read_csv + to_sql on the same file, and with the bare sql.js floor (the same rows inserted with
 * nothing else: no parsing, validation, keys, indexes or hashing).
 * Options: `--rows N` (default 1,000,000), `--keep` (keep the temp folder), `--no-floor` (skip the floor).
 *
 * Wall-clock seconds decide the target (ratio <= 1.0); CPU seconds are printed too, since they move much less
 * when other processes share the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeTransactionsCsv } from './makeTransactionsCsv.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, keep: { type: 'boolean' }, quick: { type: 'boolean' }, 'no-floor': { type: 'boolean' } },
});
const rows = Number(values.rows ?? (values.quick ? 100_000 : 1_000_000));
const dir = mkdtempSync(join(tmpdir(), 'kequn-bench-'));
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const child = new URL('./importChild.ts', import.meta.url).pathname;

function pythonAvailable(): boolean {
  const r = spawnSync('python3', ['-c', 'import pandas'], { env: { ...process.env, PYENV_VERSION: 'system' } });
  return r.status === 0;
}

function runChild<T>(args: readonly string[]): T {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim()) as T;
}

try {
  console.log(`# Import benchmark: ${rows.toLocaleString('en-US')} rows x 12 columns (transactions CSV)`);
  const csv = join(dir, 'transactions.csv');
  const size = await makeTransactionsCsv(csv, rows, 7);
  console.log(`input: ${mb(size)}`);

  const t0 = performance.now();
  const ours = runChild<{
    importSeconds: number;
    saveSeconds: number;
    importCpuSeconds: number;
    saveCpuSeconds: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    cellIssues: number;
    peakRssBytes: number;
  }>([csv, join(dir, 'bench.sqlite')]);
  const oursWall = (performance.now() - t0) / 1000;
  const oursSeconds = ours.importSeconds + ours.saveSeconds;
  const oursCpu = ours.importCpuSeconds + ours.saveCpuSeconds;
  console.log(
    `kequn:  import ${ours.importSeconds.toFixed(2)} s + save ${ours.saveSeconds.toFixed(2)} s = ${oursSeconds.toFixed(2)} s ` +
      `(${Math.round(rows / oursSeconds).toLocaleString('en-US')} rows/s; CPU ${ours.importCpuSeconds.toFixed(2)} + ${ours.saveCpuSeconds.toFixed(2)} s; ` +
      `process wall ${oursWall.toFixed(2)} s), peak RSS ${mb(ours.peakRssBytes)}, read ${ours.rowsRead} accepted ${ours.accepted} ` +
      `rejected ${ours.rejected} cell issues ${ours.cellIssues}, workspace ${mb(statSync(join(dir, 'bench.sqlite')).size)}`,
  );
  const memTarget = size + 600 * 1048576;
  console.log(`memory target (file size + 600 MB = ${mb(memTarget)}): ${ours.peakRssBytes <= memTarget ? 'met' : 'MISSED'}`);

  if (!values['no-floor']) {
    const floor = runChild<{ plainInsert: number; plainExport: number; bulkInsert: number; bulkExport: number }>(['--floor', csv]);
    console.log(
      `sql.js floor (same rows already parsed, 12 TEXT columns, no key/index): Statement.run ${floor.plainInsert.toFixed(2)} s, ` +
        `BulkInsert ${floor.bulkInsert.toFixed(2)} s; export ${floor.bulkExport.toFixed(2)} s`,
    );
  }

  if (pythonAvailable()) {
    const py = JSON.parse(
      execFileSync('python3', [new URL('./pandasImport.py', import.meta.url).pathname, csv, join(dir, 'pandas.sqlite')], {
        encoding: 'utf8',
        env: { ...process.env, PYENV_VERSION: 'system' },
      }).trim(),
    ) as { readSeconds: number; toSqlSeconds: number; cpuSeconds: number; rows: number; peakRssBytes: number };
    const pySeconds = py.readSeconds + py.toSqlSeconds;
    console.log(
      `pandas: read_csv ${py.readSeconds.toFixed(2)} s + to_sql ${py.toSqlSeconds.toFixed(2)} s = ${pySeconds.toFixed(2)} s ` +
        `(${Math.round(py.rows / pySeconds).toLocaleString('en-US')} rows/s; CPU ${py.cpuSeconds.toFixed(2)} s), peak RSS ${mb(py.peakRssBytes)}`,
    );
    const ratio = oursSeconds / pySeconds;
    console.log(`ratio kequn/pandas: ${ratio.toFixed(2)} (target <= 1.0: ${ratio <= 1 ? 'met' : 'MISSED'}); CPU ratio ${(oursCpu / py.cpuSeconds).toFixed(2)}`);
  } else {
    console.log('pandas: not installed (apt-get install python3-pandas; run with PYENV_VERSION=system) — no ratio');
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
