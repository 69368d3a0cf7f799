/**
 * Audience export benchmark: a 500,000-customer segment (half with WeChat identities, a DND list, staff and frozen
 * customers) exported as an SMS list with a template to CSV and as a call list to XLSX, each in its own process
 * (so peak memory is the export's own), with progress; compared in the same run with pandas (join, exclusions,
 * masking, template, `to_csv`; openpyxl write-only for XLSX) on the same SQLite file.
 * Options: `--customers N` (default 500,000; `--quick` 50,000), `--keep` (keep the temp folder).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const { values, positionals } = parseArgs({
  options: { customers: { type: 'string' }, keep: { type: 'boolean' }, quick: { type: 'boolean' }, child: { type: 'string' } },
  allowPositionals: true,
});
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
const SMS = '尊敬的{姓}{称谓}，您关注的稳盈理财已开放申购，详询{客户经理}。';

interface ChildResult {
  readonly previewSeconds: number;
  readonly exportSeconds: number;
  readonly bytes: number;
  readonly rows: number;
  readonly excluded: number;
  readonly progressEvents: number;
  /** Peak RSS once the workspace is open (file bytes plus sql.js's copy), before any export work. */
  readonly openRssBytes: number;
  readonly peakRssBytes: number;
}

/** Child process: opens the workspace, checks compliance, exports one format, writes the file. */
async function child(format: 'csv' | 'xlsx', wsPath: string, out: string): Promise<void> {
  const engine = createEngine(createNodeHost());
  await engine.call('workspace.open', { bytes: new Uint8Array(readFileSync(wsPath)) });
  const openRssBytes = process.resourceUsage().maxRSS * 1024;
  const args = format === 'csv' ? ({ segment: { name: 'bench' }, preset: 'sms', smsTemplate: SMS, format } as const) : ({ segment: { name: 'bench' }, preset: 'call', format } as const);
  let t = performance.now();
  await engine.call('export.preview', args);
  const previewSeconds = (performance.now() - t) / 1000;
  let progressEvents = 0;
  t = performance.now();
  const r = await engine.call('export.audience', args, { onProgress: () => progressEvents++ });
  const exportSeconds = (performance.now() - t) / 1000;
  writeFileSync(out, r.bytes);
  const result: ChildResult = {
    previewSeconds,
    exportSeconds,
    bytes: r.bytes.byteLength,
    rows: r.manifest.counts.exported,
    excluded: r.manifest.counts.excluded,
    progressEvents,
    openRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(result));
}

/** A workspace with `n` customers built in SQL (faster than generating and importing files, same tables). */
async function buildWorkspace(n: number, path: string): Promise<void> {
  const host = createNodeHost();
  const engine = createEngine(host);
  await engine.call('workspace.create', { name: 'export-bench' });
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  db.exec(`
    INSERT INTO meta(key, value) VALUES ('as_of_date', '2024-06-30'), ('as_of_source', 'user')
      ON CONFLICT(key) DO UPDATE SET value = excluded.value;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
    INSERT INTO customers (row_id, cust_no, name, gender, birth_date, id_no, phone, city, branch, manager, vip_level, risk_level, risk_expiry,
                           is_staff, status, as_of, row_key, src_file, src_batch, src_row)
    SELECT i, printf('C%09d', i),
           substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + i % 20, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚', 1 + (i / 20) % 20, 1) || CASE WHEN i % 3 = 0 THEN '华' ELSE '' END,
           CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END,
           printf('%04d-%02d-%02d', 1950 + i % 55, 1 + i % 12, 1 + i % 28),
           printf('330106%04d%02d%02d%03dX', 1950 + i % 55, 1 + i % 12, 1 + i % 28, i % 1000),
           CASE WHEN i % 50 = 0 THEN NULL ELSE printf('13%09d', i) END,
           substr('杭州宁波温州绍兴嘉兴湖州金华台州', 1 + 2 * (i % 8), 2) || '市',
           printf('嘉禾银行第%d支行', i % 40), printf('经理%d', i % 300),
           CASE WHEN i % 10 = 0 THEN '白金' WHEN i % 3 = 0 THEN '金卡' ELSE '普通' END,
           printf('C%d', 1 + i % 5), '2025-06-30',
           CASE WHEN i % 200 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 1000 = 7 THEN '冻结' ELSE '正常' END,
           '2024-06-30', printf('C%09d', i), 1, 1, i
    FROM n;
    INSERT INTO identity_map (source, record_id, one_id, method, row_ref) SELECT 'customer', cust_no, printf('P%09d', row_id), 'source_key', row_id FROM customers;
    INSERT INTO identities (row_id, source_system, record_id, openid, unionid, register_time, row_key, src_file, src_batch, src_row)
      SELECT row_id, '微信公众号', printf('wx%09d', row_id), printf('oJH7%024d', row_id), printf('o6_b%024d', row_id), '2023-01-01 10:00:00', printf('wx%09d', row_id), 2, 2, row_id
      FROM customers WHERE row_id % 2 = 0;
    INSERT INTO identity_map (source, record_id, one_id, method, row_ref) SELECT '微信公众号', record_id, printf('P%09d', row_id), 'exact', row_id FROM identities;
    INSERT INTO dnd_list (phone, channel, reason, row_key, src_file, src_batch, src_row)
      SELECT phone, '短信', '客户要求', phone, 3, 3, row_id FROM customers WHERE row_id % 100 = 1;
    INSERT INTO segment (segment_id, name, description, rule, version, created_at, updated_at) VALUES (1, 'bench', '', '{"type":"and","rules":[]}', 1, '2024-07-01', '2024-07-01');
    INSERT INTO segment_version (segment_id, version, rule, count, as_of, refreshed_at, reason) VALUES (1, 1, '{}', ${n}, '2024-06-30', '2024-07-01', 'created');
    INSERT INTO segment_member (segment_id, version, one_id) SELECT 1, 1, printf('P%09d', row_id) FROM customers;
  `);
  writeFileSync(path, db.export());
  db.close();
}

function pythonAvailable(): boolean {
  const r = spawnSync('python3', ['-c', 'import pandas, openpyxl'], { env: { ...process.env, PYENV_VERSION: 'system' } });
  return r.status === 0;
}

if (values.child) {
  const [wsPath = '', out = ''] = positionals;
  await child(values.child === 'xlsx' ? 'xlsx' : 'csv', wsPath, out);
} else {
  const n = Number(values.customers ?? (values.quick ? 50_000 : 500_000));
  const dir = mkdtempSync(join(tmpdir(), 'kequn-export-bench-'));
  try {
    console.log(`# Audience export benchmark: a segment of ${n.toLocaleString('en-US')} customers`);
    const ws = join(dir, 'bench.sqlite');
    let t = performance.now();
    await buildWorkspace(n, ws);
    console.log(`workspace built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const ours: Record<string, ChildResult> = {};
    for (const format of ['csv', 'xlsx'] as const) {
      const out = join(dir, `ours.${format}`);
      const json = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', format, ws, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const r = JSON.parse(json.trim().split('\n').pop() ?? '{}') as ChildResult;
      ours[format] = r;
      console.log(
        `kequn ${format === 'csv' ? 'CSV  (SMS + template)' : 'XLSX (call list)     '}: compliance check ${r.previewSeconds.toFixed(2)} s, export ${r.exportSeconds.toFixed(2)} s ` +
          `(${Math.round(n / r.exportSeconds).toLocaleString('en-US')} customers/s), ${r.rows.toLocaleString('en-US')} rows, ${r.excluded.toLocaleString('en-US')} excluded, ` +
          `${mb(r.bytes)}, ${r.progressEvents} progress events, peak RSS ${mb(r.peakRssBytes)} (${mb(r.openRssBytes)} with the workspace open)`,
      );
    }
    if (pythonAvailable()) {
      t = performance.now();
      const py = JSON.parse(
        execFileSync('python3', [new URL('./pandasExport.py', import.meta.url).pathname, ws, join(dir, 'pandas.csv'), join(dir, 'pandas.xlsx'), SMS], {
          encoding: 'utf8',
          env: { ...process.env, PYENV_VERSION: 'system' },
          maxBuffer: 1 << 24,
        }).trim(),
      ) as { readSeconds: number; csvSeconds: number; xlsxSeconds: number; rows: number; peakRssBytes: number };
      console.log(
        `pandas: read + exclusions + masking ${py.readSeconds.toFixed(2)} s; CSV ${py.csvSeconds.toFixed(2)} s; XLSX (openpyxl write-only) ${py.xlsxSeconds.toFixed(2)} s; ` +
          `${py.rows.toLocaleString('en-US')} rows, peak RSS ${mb(py.peakRssBytes)}`,
      );
      const csv = ours.csv;
      const xlsx = ours.xlsx;
      if (csv && xlsx) {
        console.log(`ratio kequn/pandas: CSV ${(csv.exportSeconds / (py.readSeconds + py.csvSeconds)).toFixed(2)}, XLSX ${(xlsx.exportSeconds / (py.readSeconds + py.xlsxSeconds)).toFixed(2)}`);
      }
    } else {
      console.log('pandas/openpyxl: not installed (apt-get install python3-pandas python3-openpyxl; PYENV_VERSION=system) — no ratio');
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}
