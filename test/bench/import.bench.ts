/**
 * Import benchmark: a generated 1M-row x 12-column transactions CSV imported by the engine, compared in the same
 * run with pandas read_csv + to_sql on the same file.
 * Options: `--rows N` (default 1,000,000), `--keep` (keep the temp folder).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeTransactionsCsv } from './makeTransactionsCsv.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, keep: { type: 'boolean' }, quick: { type: 'boolean' } } });
const rows = Number(values.rows ?? (values.quick ? 100_000 : 1_000_000));
const dir = mkdtempSync(join(tmpdir(), 'kequn-bench-'));
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

function pythonAvailable(): boolean {
  const r = spawnSync('python3', ['-c', 'import pandas'], { env: { ...process.env, PYENV_VERSION: 'system' } });
  return r.status === 0;
}

try {
  console.log(`# Import benchmark: ${rows.toLocaleString('en-US')} rows x 12 columns (transactions CSV)`);
  const csv = join(dir, 'transactions.csv');
  const size = await makeTransactionsCsv(csv, rows, 7);
  console.log(`input: ${mb(size)}`);

  const tsx = ['--import', 'tsx', new URL('./importChild.ts', import.meta.url).pathname, csv, join(dir, 'bench.sqlite')];
  const t0 = performance.now();
  const ours = JSON.parse(execFileSync(process.execPath, tsx, { encoding: 'utf8', maxBuffer: 1 << 24 }).trim()) as {
    importSeconds: number;
    saveSeconds: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    peakRssBytes: number;
  };
  const oursWall = (performance.now() - t0) / 1000;
  const oursSeconds = ours.importSeconds + ours.saveSeconds;
  console.log(
    `kequn:  import ${ours.importSeconds.toFixed(2)} s + save ${ours.saveSeconds.toFixed(2)} s = ${oursSeconds.toFixed(2)} s ` +
      `(${Math.round(rows / oursSeconds).toLocaleString('en-US')} rows/s; process wall ${oursWall.toFixed(2)} s), ` +
      `peak RSS ${mb(ours.peakRssBytes)}, read ${ours.rowsRead} accepted ${ours.accepted} rejected ${ours.rejected}, ` +
      `workspace ${mb(statSync(join(dir, 'bench.sqlite')).size)}`,
  );
  const memTarget = size + 600 * 1048576;
  console.log(`memory target (file size + 600 MB = ${mb(memTarget)}): ${ours.peakRssBytes <= memTarget ? 'met' : 'MISSED'}`);

  if (pythonAvailable()) {
    const py = JSON.parse(
      execFileSync('python3', [new URL('./pandasImport.py', import.meta.url).pathname, csv, join(dir, 'pandas.sqlite')], {
        encoding: 'utf8',
        env: { ...process.env, PYENV_VERSION: 'system' },
      }).trim(),
    ) as { readSeconds: number; toSqlSeconds: number; rows: number; peakRssBytes: number };
    const pySeconds = py.readSeconds + py.toSqlSeconds;
    console.log(
      `pandas: read_csv ${py.readSeconds.toFixed(2)} s + to_sql ${py.toSqlSeconds.toFixed(2)} s = ${pySeconds.toFixed(2)} s ` +
        `(${Math.round(py.rows / pySeconds).toLocaleString('en-US')} rows/s), peak RSS ${mb(py.peakRssBytes)}`,
    );
    const ratio = oursSeconds / pySeconds;
    console.log(`ratio kequn/pandas: ${ratio.toFixed(2)} (target <= 1.0: ${ratio <= 1 ? 'met' : 'MISSED'})`);
  } else {
    console.log('pandas: not installed (apt-get install python3-pandas; run with PYENV_VERSION=system) — no ratio');
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
