import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const kequn = join(root, 'shared/node/kequn.mjs');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [kequn, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('kequn CLI', () => {
  it('prints usage and exits 2 without a command, 2 on an unknown one', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('kequn import --workspace WS');
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command');
  });

  it('imports a GBK file with Chinese headers and reports counts as JSON', async () => {
    const csv = '客户号,姓名,手机号码,开户日期,资产余额(元)\nC001,张伟,138-1234-5678,2023/1/5,"1,234.50"\nC002,李娜,13912345678,20230206,88\nC003,王芳\n';
    const file = join(dir, 'customers_gbk.csv');
    writeFileSync(file, iconv.encode(csv, 'gbk'));
    const ws = join(dir, 'ws.sqlite');
    const r = await cli(['import', '--workspace', ws, '--json', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: { file: string; kind: string; table: string; encoding: string; delimiter: string; rowsRead: number; accepted: number; rejected: number }[] };
    expect(out.files).toHaveLength(1);
    const f = out.files[0];
    expect(f).toMatchObject({ file: 'customers_gbk.csv', kind: 'customers', table: 'customers', delimiter: ',', rowsRead: 3, accepted: 2, rejected: 1 });
    expect(f?.encoding.toLowerCase()).toMatch(/gb18030|gbk/);
    expect(existsSync(ws)).toBe(true);

    const sql = await cli(['sql', '--workspace', ws, '--format', 'json', 'SELECT cust_no, name, phone, balance_fen, aum_fen, open_date FROM customers ORDER BY cust_no']);
    expect(sql.code).toBe(0);
    const rows = JSON.parse(sql.stdout) as Record<string, unknown>[];
    expect(rows.map((x) => x.cust_no)).toEqual(['C001', 'C002']);
    expect(rows[0]?.name).toBe('张*');
    expect(rows[0]?.phone).toBe('138****5678');
    expect(rows[0]?.open_date).toBe('2023-01-05');
    expect(rows[0]?.aum_fen).toBe(123450);
  });

  it('states the workspace size against its limit in info', async () => {
    const ws = join(dir, 'ws.sqlite');
    const r = await cli(['info', '--workspace', ws]);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('size: '));
    expect(line).toMatch(/^size: \d+ (KB|MB) of 3\.5 GB$/);
    const json = await cli(['info', '--workspace', ws, '--json']);
    const info = JSON.parse(json.stdout) as { sizeBytes: number; limitBytes: number };
    // The live size of the file: the saved workspace, give or take the audit rows the open added.
    expect(info.sizeBytes).toBeGreaterThanOrEqual(readFileSync(ws).byteLength);
    expect(info.limitBytes).toBe(3.5 * 1024 ** 3);
  });

  it('ends quietly with code 0 when the reader of its output stops early (| head)', async () => {
    const ws = join(dir, 'ws.sqlite');
    const child = spawn(process.execPath, [kequn, 'sql', '--workspace', ws, '--format', 'csv', 'WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300000) SELECT i, printf(\'%050d\', i) AS pad FROM s'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('keeps sql read-only and explains why', async () => {
    const ws = join(dir, 'ws.sqlite');
    const r = await cli(['sql', '--workspace', ws, 'DELETE FROM customers']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/read-only/i);
    const count = await cli(['sql', '--workspace', ws, '--format', 'csv', 'SELECT count(*) AS n FROM customers']);
    expect(count.stdout.trim().split('\n')).toEqual(['n', '2']);
  });

  it('reveals personal data only with a reason, and audits it', async () => {
    const ws = join(dir, 'ws.sqlite');
    const noReason = await cli(['sql', '--workspace', ws, '--unmask', 'SELECT phone FROM customers']);
    expect(noReason.code).toBe(2);
    const r = await cli(['sql', '--workspace', ws, '--unmask', '--reason', '核对号码', '--format', 'csv', "SELECT phone FROM customers WHERE cust_no = 'C001'"]);
    expect(r.stdout.trim().split('\n')[1]).toBe('13812345678');
    const audit = await cli(['sql', '--workspace', ws, '--format', 'json', "SELECT action, detail FROM audit_log WHERE action = 'pii.reveal'"]);
    const entries = JSON.parse(audit.stdout) as { detail: string }[];
    expect(entries.length).toBe(1);
    expect(entries[0]?.detail).toContain('核对号码');
    expect(entries[0]?.detail).not.toContain('13812345678');
  });

  it('fails with one clear line for a missing file and a missing workspace', async () => {
    const missing = await cli(['import', '--workspace', join(dir, 'x.sqlite'), join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.csv');
    const noWs = await cli(['quality', '--workspace', join(dir, 'absent.sqlite')]);
    expect(noWs.code).toBe(1);
    expect(noWs.stderr).toContain('absent.sqlite');
  });

  it('prints a quality report as JSON', async () => {
    const r = await cli(['quality', '--workspace', join(dir, 'ws.sqlite'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { rowsRead: number; accepted: number; rejected: number }[]; tables: { table: string; rows: number }[] };
    expect(report.files[0]).toMatchObject({ rowsRead: 3, accepted: 2, rejected: 1 });
    expect(report.tables.find((t) => t.table === 'customers')?.rows).toBe(2);
  });

  it('writes a deterministic demo drop', async () => {
    const a = join(dir, 'demoA');
    const b = join(dir, 'demoB');
    expect((await cli(['demo', '--out', a, '--customers', '200', '--seed', '7'])).code).toBe(0);
    expect((await cli(['demo', '--out', b, '--customers', '200', '--seed', '7'])).code).toBe(0);
    const list = (d: string): string[] => readdirSync(d, { recursive: true, withFileTypes: false }).map(String).sort();
    expect(list(a)).toEqual(list(b));
    expect(list(a).some((p) => p.startsWith('truth'))).toBe(true);
    for (const p of list(a)) {
      const pa = join(a, p);
      if (p.includes('.')) expect(readFileSync(pa).equals(readFileSync(join(b, p)))).toBe(true);
    }
  });
});
