/**
 * ONE_ID resolution end to end: on a generated demo drop scored against its planted truth, on a file built from
 * the public bank-marketing data set with synthetic identifiers in a layout of its own, and through the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFile, Engine } from '#shared/api/engineApi.ts';
import { createEngine } from '#shared/engine.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { runCli } from '#shared/node/cli.ts';
import { mod11CheckChar } from '#shared/values/idNumbers.ts';
import { importIdentityFiles, pairwise, scoreAgainstTruth } from '#test/support/identityTruth.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-identity-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('identity resolution on the demo drop', () => {
  let engine: Engine;
  let files: DemoFile[];

  beforeAll(async () => {
    engine = createEngine(createNodeHost());
    files = [...(await engine.call('demo.generate', { customers: 2000, seed: 11 }))];
    await engine.call('workspace.create', { name: 'identity-demo' });
    await importIdentityFiles(engine, files);
  });

  it('meets the precision and recall targets against the planted truth', async () => {
    const s = await engine.call('identity.run', {});
    expect(s.persons).toBeLessThan(s.records);
    const truth = files.find((f) => f.path === 'truth/persons.csv')?.bytes;
    if (!truth) throw new Error('demo has no truth/persons.csv');
    const bytes = await engine.call('workspace.export', {});
    const linkable = await scoreAgainstTruth(bytes, truth, true);
    const all = await scoreAgainstTruth(bytes, truth);
    console.log(`demo 2,000 customers: ${s.records} records → ${s.persons} persons; precision ${linkable.precision.toFixed(4)}, recall ${linkable.recall.toFixed(4)} over linkable pairs (${all.recall.toFixed(4)} over all pairs)`);
    expect(linkable.precision).toBeGreaterThanOrEqual(0.995);
    expect(linkable.recall).toBeGreaterThanOrEqual(0.98);
    // Planted family phones and shared devices are reported, not merged.
    expect(s.issues.some((i) => i.kind === 'conflict' && i.idType === 'phone')).toBe(true);
  });

  it('keeps every ONE_ID on a re-run, and an incremental run over nothing new changes nothing', async () => {
    const before = await engine.call('sql.query', { sql: 'SELECT source, record_id, one_id FROM identity_map ORDER BY 1, 2', maxRows: 1e7, unmask: { reason: 'test' } });
    const again = await engine.call('identity.run', {});
    expect(again.history).toMatchObject({ newIds: 0, merges: 0, splits: 0 });
    const inc = await engine.call('identity.run', { mode: 'incremental' });
    expect(inc.mode).toBe('incremental');
    const after = await engine.call('sql.query', { sql: 'SELECT source, record_id, one_id FROM identity_map ORDER BY 1, 2', maxRows: 1e7, unmask: { reason: 'test' } });
    expect(after.rows).toEqual(before.rows);
  });
});

/** A valid 身份证 number. */
function idNo(region: string, birth: string, order: number): string {
  const body = `${region}${birth}${String(order % 1000).padStart(3, '0')}`;
  return body + mod11CheckChar(body);
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英建华晓东海燕秀兰玉珍凤玲志国文斌鹏飞宇浩然子涵梓萱欣怡思远嘉豪婷雪梅春'];
const REGIONS = ['110105', '310104', '330106', '440305', '510107', '420106'];

/**
 * Builds a customer file and a channel-identity file from bank-marketing rows (one row = one person), with the
 * identifiers written the way different systems would: `;`-separated English headers for the core, a TSV with
 * its own column names for channels, padded customer numbers, `+86` phones, upper-case e-mails, placeholders and
 * family phones. Returns the files and the true person of every record key.
 */
function bankMarketingFiles(csv: string): { customers: string; channels: string; truth: Map<string, number> } {
  const rows = Papa.parse<Record<string, string>>(csv, { header: true, delimiter: ';', skipEmptyLines: true }).data;
  const rnd = createRandom(2024);
  const truth = new Map<string, number>();
  const cust = [['client_id', 'full_name', 'dob', 'national_id', 'mobile', 'email', 'age', 'job', 'marital', 'education', 'balance'].join(';')];
  const chan = [['channel', 'member_id', 'cif_no', 'cell', 'mail', 'device_id', 'wx_unionid', 'full_name', 'birthday'].join('\t')];
  const used = new Set<string>();
  const phones: string[] = [];
  rows.forEach((r, i) => {
    const custNo = String(7_000_000_000 + i * 7);
    const age = Number(r.age ?? 40);
    const birth = `${2008 - age}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    let order = i;
    let id = idNo(REGIONS[i % REGIONS.length] as string, birth, order);
    while (used.has(id)) id = idNo(REGIONS[i % REGIONS.length] as string, birth, ++order);
    used.add(id);
    const name = `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.chance(0.7) ? rnd.pick(GIVEN) : ''}`;
    const ownPhone = `139${String((i * 7919) % 100_000_000).padStart(8, '0')}`;
    phones.push(ownPhone);
    // 2% give a family member's phone (the previous row's person) to the bank.
    const bankPhone = i > 0 && rnd.chance(0.02) ? (phones[i - 1] as string) : ownPhone;
    const email = ['management', 'technician', 'admin.'].includes(r.job ?? '') ? `u${i}@example.com` : '';
    cust.push([custNo, name, `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, id, bankPhone, email, r.age, r.job, r.marital, r.education, r.balance].join(';'));
    truth.set(`customer/${custNo}`, i);
    if (r.contact === 'cellular') {
      const phone = rnd.chance(0.03) ? '13800138000' : `+86 ${ownPhone.slice(0, 3)}-${ownPhone.slice(3, 7)}-${ownPhone.slice(7)}`;
      const device = `${(i * 2654435761) % 4294967296}`.padStart(10, '0').slice(0, 8);
      chan.push(['APP', `A${i}`, custNo, phone, '', `${device}-1234-4abc-8def-${String(i).padStart(12, '0')}`, '', '', ''].join('\t'));
      truth.set(`APP/A${i}`, i);
    }
    if (i % 3 === 0) {
      chan.push(['CRM', `K${i}`, `00${custNo}`, '', email.toUpperCase(), '', '', name, ''].join('\t'));
      truth.set(`CRM/K${i}`, i);
    }
    if (Number(r.balance ?? 0) > 1000) {
      const union = `o6_bm${String(i).padStart(23, 'x')}`;
      chan.push(['WECHAT-OA', `W${i}`, '', rnd.chance(0.5) ? ownPhone : '', '', '', union, '', ''].join('\t'));
      chan.push(['WECHAT-MINI', `M${i}`, '', '', '', '', union, name, `${birth.slice(0, 4)}/${Number(birth.slice(4, 6))}/${Number(birth.slice(6))}`].join('\t'));
      truth.set(`WECHAT-OA/W${i}`, i);
      truth.set(`WECHAT-MINI/M${i}`, i);
    }
  });
  return { customers: `${cust.join('\n')}\n`, channels: `${chan.join('\n')}\n`, truth };
}

describe('identity resolution on a file it was not designed on (bank-marketing)', () => {
  it('links synthetic identifiers written in another layout with high precision and recall', async () => {
    const csv = readFileSync(new URL('../../../shared/data/bank-marketing/bank.csv', import.meta.url), 'utf8');
    const { customers, channels, truth } = bankMarketingFiles(csv);
    const engine = createEngine(createNodeHost());
    await engine.call('workspace.create', { name: 'bank-marketing' });
    const r = await engine.call('ingest.run', {
      files: [
        { file: { name: 'core_clients.csv', blob: new Blob([customers]) }, kind: 'customers' },
        { file: { name: 'channel_ids.tsv', blob: new Blob([channels]) }, kind: 'identities' },
      ],
    });
    expect(r.files.map((f) => f.status)).toEqual(['done', 'done']);
    expect(r.files.map((f) => f.rejected)).toEqual([0, 0]);
    const s = await engine.call('identity.run', {});
    const map = await engine.call('sql.query', { sql: 'SELECT source, record_id, one_id FROM identity_map', maxRows: 1e7, unmask: { reason: 'test' } });
    const predicted = new Map(map.rows.map((row) => [`${String(row[0])}/${String(row[1])}`, String(row[2])]));
    const keys = [...truth.keys()];
    const score = pairwise(
      keys.map((k) => String(truth.get(k))),
      keys.map((k) => predicted.get(k) ?? `missing:${k}`),
    );
    console.log(`bank-marketing: ${s.records} records → ${s.persons} persons; precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}`);
    expect(keys.every((k) => predicted.has(k))).toBe(true);
    expect(score.precision).toBeGreaterThanOrEqual(0.995);
    expect(score.recall).toBeGreaterThanOrEqual(0.98);
    // The placeholder phone is never linked on; family phones are reported as conflicts.
    expect(s.issues.some((i) => i.kind === 'conflict' && i.idType === 'phone')).toBe(true);
  });
});

describe('kequn identity', () => {
  const io = (): { out: string[]; err: string[]; io: { out: (s: string) => void; err: (s: string) => void; isTTY: boolean } } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false } };
  };

  it('runs resolution and round-trips the review queue through a CSV', async () => {
    const ws = join(dir, 'cli.sqlite');
    const customers = join(dir, 'customers.csv');
    const ids = join(dir, 'ids.csv');
    writeFileSync(customers, '客户号,姓名,手机号码\nC1,张伟,13911110001\nC2,李娜,13911110002\n');
    writeFileSync(ids, '来源系统,记录ID,客户号,设备号\n手机银行,A1,C1,7e2fbfe562270cf1\n手机银行,A2,C2,7e2fbfe562270cf1\n');
    const imp = io();
    expect(await runCli(['import', '--workspace', ws, customers, ids], imp.io)).toBe(0);

    const run = io();
    expect(await runCli(['identity', '--workspace', ws, '--json'], run.io)).toBe(0);
    const summary = JSON.parse(run.out.join('')) as { records: number; persons: number; review: { pending: number }; linksByMethod: { method: string }[] };
    expect(summary).toMatchObject({ records: 4, persons: 2, review: { pending: 1 } });

    const table = io();
    expect(await runCli(['identity', '--workspace', ws], table.io)).toBe(0);
    expect(table.out.join('')).toMatch(/records 4, persons 2/);

    const reviewFile = join(dir, 'review.csv');
    const exp = io();
    expect(await runCli(['identity', 'review', '--workspace', ws, '--export', reviewFile], exp.io)).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(reviewFile, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
    expect(rows.data).toHaveLength(1);
    const filled = Papa.unparse(rows.data.map((r) => ({ ...r, decision: '接受' })));
    writeFileSync(reviewFile, filled);
    const app = io();
    expect(await runCli(['identity', 'review', '--workspace', ws, '--apply', reviewFile], app.io)).toBe(0);
    expect(app.out.join('')).toMatch(/applied 1/);

    const rerun = io();
    expect(await runCli(['identity', '--workspace', ws, '--json'], rerun.io)).toBe(0);
    expect(JSON.parse(rerun.out.join(''))).toMatchObject({ persons: 1, review: { pending: 0, accepted: 1 } });

    const sql = io();
    expect(await runCli(['sql', '--workspace', ws, '--format', 'json', 'SELECT count(DISTINCT one_id) AS n FROM identity_map'], sql.io)).toBe(0);
    expect(JSON.parse(sql.out.join(''))).toEqual([{ n: 1 }]);
    const usage = io();
    expect(await runCli(['identity', 'review', '--workspace', ws], usage.io)).toBe(2);
  });
});
