/**
 * Audience export end to end through the EngineApi: every compliance rule on a hand-made bank (one customer per
 * rule), the DND list imported by the ordinary pipeline, contact caps across campaigns, and on the demo bank
 * the counts and ONE_IDs of every file checked against the segment's SQL, holdout stability, masking and its
 * audit, salted hashes, GBK and XLSX, the empty segment, and the `kequn export` command.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { AudienceExportArgs, ExportManifest } from '#shared/api/exportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import type { Host } from '#shared/host/host.ts';
import { runCli } from '#shared/node/cli.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { mod11CheckChar } from '#shared/values/idNumbers.ts';
import { addSegment, importCsv, oneIdsOf } from '#test/support/exportFixture.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-export-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function idNo(birth: string, order: number): string {
  const body = `330106${birth.replace(/-/g, '')}${String(order).padStart(3, '0')}`;
  return body + mod11CheckChar(body);
}

/** Rows of a CSV export (BOM stripped), header first. */
function csvRows(bytes: Uint8Array, encoding = 'utf-8'): string[][] {
  const text = new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

function column(rows: readonly string[][], header: string): string[] {
  const k = rows[0]?.indexOf(header) ?? -1;
  if (k < 0) throw new Error(`no column ${header} in ${JSON.stringify(rows[0])}`);
  return rows.slice(1).map((r) => r[k] ?? '');
}

/** One customer per rule, plus customers who pass; as-of date 2024-06-30. */
const CUSTOMERS: readonly (readonly [custNo: string, birth: string, phone: string, risk: string, expiry: string, staff: string, status: string])[] = [
  ['C01', '1980-03-15', '13812340001', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C02', '1960-05-01', '13812340002', 'C4-成长型', '2025-06-30', '否', '死亡'],
  ['C03', '1970-01-01', '13812340003', 'C5-进取型', '2025-06-30', '否', '正常'],
  ['C04', '1975-07-07', '13812340004', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C05', '2010-01-01', '13812340005', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C06', '1985-02-02', '13812340006', 'C4-成长型', '2025-06-30', '是', '正常'],
  ['C07', '1986-03-03', '13812340007', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C08', '1987-04-04', '13812340008', 'C3-平衡型', '2025-06-30', '否', '正常'],
  ['C09', '1988-05-05', '13812340009', 'C5-进取型', '2024-06-01', '否', '正常'],
  ['C10', '1989-06-06', '13812340010', '', '', '否', '正常'],
  ['C11', '1990-07-07', '', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C12', '1991-08-08', '13812340012', 'C5-进取型', '2025-06-30', '否', '正常'],
  ['C13', '1992-09-09', '13812340013', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C14', '1993-10-10', '13812340014', 'C4-成长型', '2025-06-30', '否', '正常'],
  ['C15', '1994-11-11', '13812340015', 'C4-成长型', '2025-06-30', '否', '正常'],
];
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞', '徐涛', '孙丽', '马超', '朱琳', '胡斌'];

function customersCsv(): string {
  const lines = ['客户号,姓名,性别,出生日期,证件号码,手机号码,风险测评等级,风险测评到期日,是否员工,客户状态,数据日期'];
  CUSTOMERS.forEach(([c, birth, phone, risk, expiry, staff, status], i) => {
    lines.push([c, NAMES[i], i % 2 === 0 ? '男' : '女', birth, idNo(birth, i + 1), phone, risk, expiry, staff, status, '2024-06-30'].join(','));
  });
  return `${lines.join('\n')}\n`;
}

const ACCOUNTS = [
  '账号,客户号,账户状态,销户日期,数据日期',
  '6001,C01,正常,,2024-06-30',
  '6003,C03,销户,2023-05-01,2024-06-30',
  '6013,C03,正常,2024-03-01,2024-06-30',
  '6004,C04,司法冻结,,2024-06-30',
  '6012,C12,正常,,2024-06-30',
].join('\n');

/** A DND list as a compliance team sends it: Chinese headers the import recognises without being told the kind. */
function dndCsv(): string {
  return [
    '免打扰号码,证件号码,免打扰渠道,原因,生效日期,失效日期',
    '13812340007,,短信,客户来电要求,2024-01-01,',
    `,${idNo('1992-09-09', 13)},全部,投诉后登记,,`,
    '13812340014,,微信,只拒绝微信,2024-01-01,',
    '13812340015,,,已过期,2023-01-01,2024-01-01',
  ].join('\n');
}

describe('compliance rules on a hand-made bank', () => {
  let engine: Engine;
  let host: Host;
  let ids: Map<string, string>;

  beforeAll(async () => {
    host = createNodeHost();
    engine = createEngine(host);
    await engine.call('workspace.create', { name: 'compliance' });
    await importCsv(engine, [
      { name: 'customers.csv', text: customersCsv() },
      { name: 'accounts.csv', text: ACCOUNTS, kind: 'accounts' },
      { name: 'products.csv', text: '产品代码,产品名称,风险等级\nWM01,稳盈理财R4,R4\n', kind: 'products' },
    ]);
    const dnd = await engine.call('ingest.preview', { file: { name: '营销免打扰名单.csv', blob: new Blob([dndCsv()]) } });
    expect(dnd.detectedKind).toBe('dnd');
    await importCsv(engine, [{ name: '营销免打扰名单.csv', text: dndCsv() }]);
    ids = await oneIdsOf(engine, CUSTOMERS.map((c) => c[0]));
    await addSegment(engine, host, '全部客户', [...ids.values()]);
  });

  const spec = { segment: { name: '全部客户' }, preset: 'sms', format: 'csv', productCode: 'WM01', plannedAt: '2024-06-30 10:00' } as const satisfies AudienceExportArgs;

  it('excludes each customer for their own reason and shows the counts before exporting', async () => {
    const p = await engine.call('export.preview', spec);
    expect(p.problems).toEqual([]);
    expect(p.counts.excludedByReason).toEqual({
      deceased: 1,
      closed: 1,
      frozen: 1,
      minor: 1,
      staff: 1,
      dnd: 2,
      risk_below_product: 1,
      risk_expired: 1,
      risk_unassessed: 1,
      no_contact: 1,
    });
    expect(p.counts).toMatchObject({ segment: 15, excluded: 11, eligible: 4, holdout: 0, exported: 4 });
    expect(p.dndEntries).toBe(2);
  });

  it('writes exactly the customers who pass, and records the export', async () => {
    const r = await engine.call('export.audience', spec);
    const rows = csvRows(r.bytes);
    const expected = ['C01', 'C12', 'C14', 'C15'].map((c) => ids.get(c) ?? '').sort();
    expect(column(rows, 'ONE_ID').sort()).toEqual(expected);
    expect(column(rows, '手机号')).toEqual(expect.arrayContaining(['138****0001']));
    expect(r.manifest.counts.exported).toBe(4);
    expect(r.manifest.compliance.product).toEqual({ code: 'WM01', name: '稳盈理财R4', riskLevel: 'R4' });
    const log = await engine.call('export.log', {});
    expect(log[0]).toMatchObject({ exportId: r.manifest.exportId, rows: 4, channel: 'sms', sha256: r.manifest.file.sha256 });
    const audit = await engine.call('audit.list', { limit: 5 });
    expect(audit.find((e) => e.action === 'export.audience')?.detail).toMatchObject({ exportId: r.manifest.exportId, segmentSize: 15, excluded: 11, rows: 4, masked: true });
    // The audit log never holds the personal data the file carries.
    expect(JSON.stringify(audit)).not.toContain('13812340001');
  });

  it('honours the DND channel scope: a WeChat-only refusal applies to WeChat, not SMS', async () => {
    const wechat = await engine.call('export.preview', { ...spec, preset: 'wechat' });
    // On WeChat the SMS-only entry (C07) does not apply; the all-channel (C13) and WeChat-only (C14) ones do.
    expect(wechat.counts.matchedByRule.dnd).toBe(2);
    expect(wechat.dndEntries).toBe(2);
  });

  it('without a product, suitability is not checked', async () => {
    const p = await engine.call('export.preview', { segment: { name: '全部客户' }, preset: 'sms', plannedAt: '2024-06-30 10:00' });
    expect(p.counts.matchedByRule.risk_below_product).toBeUndefined();
    expect(p.counts.matchedByRule.risk_unassessed).toBeUndefined();
    expect(p.counts.exported).toBe(7);
  });

  it('switching a rule off lets its customers through', async () => {
    await engine.call('compliance.settings', { settings: { exclusions: { staff: false, minors: false } } });
    const p = await engine.call('export.preview', spec);
    expect(p.counts.excludedByReason.staff).toBeUndefined();
    expect(p.counts.excludedByReason.minor).toBeUndefined();
    expect(p.counts.exported).toBe(6);
    await engine.call('compliance.settings', { reset: true });
    expect((await engine.call('compliance.settings', {})).exclusions.staff).toBe(true);
  });

  it('caps contacts across campaigns, but a re-export of the same campaign is not a second contact', async () => {
    await engine.call('compliance.settings', { settings: { caps: { max7d: 1, max30d: null } } });
    // The export of the test above (no campaign, 2024-06-30 10:00) is one contact of the four.
    const within = await engine.call('export.preview', { ...spec, campaignKey: 'A', plannedAt: '2024-07-05 10:00' });
    expect(within.counts.excludedByReason.contact_cap_7d).toBe(4);
    const first = await engine.call('export.audience', { ...spec, campaignKey: 'A', plannedAt: '2024-07-10 10:00' });
    expect(first.manifest.counts.exported).toBe(4);
    const again = await engine.call('export.preview', { ...spec, campaignKey: 'A', plannedAt: '2024-07-10 11:00' });
    expect(again.counts.exported).toBe(4);
    const other = await engine.call('export.preview', { ...spec, campaignKey: 'B', plannedAt: '2024-07-12 10:00' });
    expect(other.counts.excludedByReason.contact_cap_7d).toBe(4);
    expect(other.counts.exported).toBe(0);
    const later = await engine.call('export.preview', { ...spec, campaignKey: 'B', plannedAt: '2024-07-18 10:00' });
    expect(later.counts.exported).toBe(4);
    await engine.call('compliance.settings', { reset: true });
  });

  it('caps contacts over 30 days from the export log, each campaign one contact', async () => {
    await engine.call('compliance.settings', { settings: { caps: { max7d: null, max30d: 2 } } });
    // The four who pass were contacted on 2024-06-30 (no campaign) and 2024-07-10 (campaign A): two in 30 days.
    const full = await engine.call('export.preview', { ...spec, campaignKey: 'C', plannedAt: '2024-07-20 10:00' });
    expect(full.counts.excludedByReason.contact_cap_30d).toBe(4);
    expect(full.counts.excludedByReason.contact_cap_7d).toBeUndefined();
    expect(full.counts.exported).toBe(0);
    // A month after the first contact only campaign A is in the window.
    const later = await engine.call('export.preview', { ...spec, campaignKey: 'C', plannedAt: '2024-07-31 10:00' });
    expect(later.counts.excludedByReason.contact_cap_30d).toBeUndefined();
    expect(later.counts.exported).toBe(4);
    await engine.call('compliance.settings', { reset: true });
  });

  it('refuses a contact planned in the quiet hours, naming the window', async () => {
    const p = await engine.call('export.preview', { ...spec, plannedAt: '2024-06-30 22:30' });
    expect(p.problems.map((x) => x.code)).toEqual(['quiet_hours']);
    await expect(engine.call('export.audience', { ...spec, plannedAt: '2024-06-30 22:30' })).rejects.toThrow(/quiet hours 21:00–08:00/);
  });
});

describe('exports of the demo bank', () => {
  let engine: Engine;
  let host: Host;
  let members: string[];
  let wsPath = '';

  beforeAll(async () => {
    host = createNodeHost();
    engine = createEngine(host);
    await engine.call('workspace.createDemo', { customers: 1500, seed: 5 });
    await engine.call('identity.run', {});
    const r = await engine.call('sql.query', {
      sql: `SELECT DISTINCT im.one_id FROM identity_map im JOIN customers_latest c ON c.cust_no = im.record_id AND im.source = 'customer'
            WHERE c.aum_fen >= 5000000 ORDER BY 1`,
      maxRows: 1_000_000,
    });
    members = r.rows.map((row) => String(row[0]));
    expect(members.length).toBeGreaterThan(200);
    await addSegment(engine, host, '金卡以上客户', members, { type: 'attr', column: 'aum_fen', op: '>=', value: 50000 });
    await addSegment(engine, host, '空客群', []);
    // These tests export the same segment many times without a campaign; each would count as a contact.
    await engine.call('compliance.settings', { settings: { caps: { enabled: false } } });
    wsPath = join(dir, 'demo.sqlite');
    writeFileSync(wsPath, await engine.call('workspace.export', {}));
  });

  /** Checks a file's ONE_IDs against the segment's SQL and the export's own counts and contact log. */
  async function checkAgainstSegment(fileIds: readonly string[], m: ExportManifest): Promise<void> {
    const c = m.counts;
    expect(new Set(fileIds).size).toBe(fileIds.length);
    expect(fileIds.length).toBe(c.exported);
    const inSegment = new Set(members);
    for (const id of fileIds) expect(inSegment.has(id)).toBe(true);
    expect(c.segment).toBe(members.length);
    expect(c.excluded + c.holdout + c.exported).toBe(c.segment);
    expect(Object.values(c.excludedByReason).reduce((a, b) => a + (b ?? 0), 0)).toBe(c.excluded);
    const logged = await engine.call('sql.query', { sql: 'SELECT one_id, arm FROM export_contact WHERE export_id = ?', params: [m.exportId], maxRows: 1_000_000 });
    const target = logged.rows.filter((r) => r[1] === 'target').map((r) => String(r[0])).sort();
    const control = logged.rows.filter((r) => r[1] === 'control').map((r) => String(r[0]));
    expect(target).toEqual([...fileIds].sort());
    expect(control.length).toBe(c.holdout);
    for (const id of control) expect(fileIds.includes(id)).toBe(false);
  }

  it('call list as CSV: counts and ids match the segment, personal data masked', async () => {
    const r = await engine.call('export.audience', { segment: { name: '金卡以上客户' }, preset: 'call', format: 'csv' });
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(r.bytes);
    expect(rows[0]).toEqual(['ONE_ID', '客户号', '姓名', '性别', '年龄', '手机号', '城市', '所属网点', '客户经理', '客户等级']);
    await checkAgainstSegment(column(rows, 'ONE_ID'), r.manifest);
    for (const phone of column(rows, '手机号')) expect(phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    for (const name of column(rows, '姓名')) expect(name).toMatch(/^.\*+$/u);
    expect(createHash('sha256').update(r.bytes).digest('hex')).toBe(r.manifest.file.sha256);
    expect(r.manifest.asOfDate).toBe((await engine.call('workspace.info', {})).asOfDate);
    expect(r.manifest.segment.rule).toEqual({ type: 'attr', column: 'aum_fen', op: '>=', value: 50000 });
    expect(r.manifest.masking).toEqual({ masked: true, unmaskReason: null });
    expect(r.manifest.file).toMatchObject({ format: 'csv', encoding: 'utf8-bom', rows: r.manifest.counts.exported, bytes: r.bytes.byteLength });
    expect(r.manifest.workspace.id).not.toBe('');
    expect(r.manifest.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.manifest.holdout).toBeNull();
    // The demo bank has staff, minors and customers without a phone: the manifest names each reason.
    expect(Object.keys(r.manifest.counts.excludedByReason).length).toBeGreaterThan(0);
  });

  it('with every compliance rule off, a custom export holds exactly the segment’s customers', async () => {
    const off = { staff: false, deceased: false, frozen: false, closed: false, minors: false };
    await engine.call('compliance.settings', { settings: { exclusions: off, dnd: false, suitability: { enabled: false } } });
    try {
      const r = await engine.call('export.audience', { segment: { name: '金卡以上客户' }, preset: 'custom', columns: ['cust_no', 'city'], format: 'csv' });
      expect(column(csvRows(r.bytes), 'ONE_ID').sort()).toEqual(members);
      expect(r.manifest.counts).toMatchObject({ segment: members.length, excluded: 0, holdout: 0, exported: members.length });
    } finally {
      const on = { staff: true, deceased: true, frozen: true, closed: true, minors: true };
      await engine.call('compliance.settings', { settings: { exclusions: on, dnd: true, suitability: { enabled: true } } });
    }
  });

  it('holdout: the same customers land in the same arm on every re-export, and the file is byte-identical', async () => {
    const args = { segment: { name: '金卡以上客户' }, preset: 'sms', format: 'csv', holdoutPercent: 20, campaignKey: '2024Q3-稳盈' } as const satisfies AudienceExportArgs;
    const a = await engine.call('export.audience', args);
    const b = await engine.call('export.audience', args);
    expect(b.manifest.file.sha256).toBe(a.manifest.file.sha256);
    const controls = async (id: number): Promise<string[]> =>
      (await engine.call('sql.query', { sql: "SELECT one_id FROM export_contact WHERE export_id = ? AND arm = 'control' ORDER BY 1", params: [id], maxRows: 1e6 })).rows.map((r) => String(r[0]));
    expect(await controls(b.manifest.exportId)).toEqual(await controls(a.manifest.exportId));
    const share = a.manifest.counts.holdout / a.manifest.counts.eligible;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.28);
    await checkAgainstSegment(column(csvRows(a.bytes), 'ONE_ID'), a.manifest);
    const other = await engine.call('export.audience', { ...args, campaignKey: '2024Q3-基金' });
    expect(await controls(other.manifest.exportId)).not.toEqual(await controls(a.manifest.exportId));
  });

  it('reveals personal data only with a reason, and audits it', async () => {
    await expect(engine.call('export.audience', { segment: { name: '金卡以上客户' }, preset: 'sms', format: 'csv', unmask: { reason: ' ' } })).rejects.toThrow(/reason/);
    const r = await engine.call('export.audience', { segment: { name: '金卡以上客户' }, preset: 'sms', format: 'csv', unmask: { reason: '短信平台上传' } });
    const rows = csvRows(r.bytes);
    const raw = await engine.call('sql.query', {
      sql: "SELECT im.one_id, c.phone FROM identity_map im JOIN customers_latest c ON c.cust_no = im.record_id WHERE im.source = 'customer'",
      maxRows: 1e6,
      unmask: { reason: 'test' },
    });
    const phoneOf = new Map(raw.rows.map((x) => [String(x[0]), String(x[1])]));
    const ids = column(rows, 'ONE_ID');
    const phones = column(rows, '手机号');
    const checked = ids.filter((id, k) => phoneOf.has(id) && phoneOf.get(id) === phones[k]).length;
    expect(checked / ids.length).toBeGreaterThan(0.9);
    for (const p of phones) expect(p).toMatch(/^1\d{10}$/);
    const audit = await engine.call('audit.list', { limit: 10 });
    expect(audit.find((e) => e.action === 'pii.reveal' && e.detail.where === 'export.audience')?.detail).toMatchObject({ reason: '短信平台上传', exportId: r.manifest.exportId });
    expect(r.manifest.masking).toEqual({ masked: false, unmaskReason: '短信平台上传' });
  });

  it('salted SHA-256 of phone and ID replaces the raw columns; the salt is stored nowhere', async () => {
    const salt = 'partner-salt-7f3a';
    const r = await engine.call('export.audience', {
      segment: { name: '金卡以上客户' },
      preset: 'custom',
      columns: ['phone', 'id_no', 'city'],
      format: 'csv',
      hash: { salt, fields: ['phone', 'id_no'] },
    });
    const rows = csvRows(r.bytes);
    expect(rows[0]).toEqual(['ONE_ID', '手机号SHA256', '证件号码SHA256', '城市']);
    const raw = await engine.call('sql.query', {
      sql: "SELECT im.one_id, c.phone FROM identity_map im JOIN customers_latest c ON c.cust_no = im.record_id WHERE im.source = 'customer' AND c.phone IS NOT NULL",
      maxRows: 1e6,
      unmask: { reason: 'test' },
    });
    const phoneOf = new Map(raw.rows.map((x) => [String(x[0]), String(x[1])]));
    const ids = column(rows, 'ONE_ID');
    const hashes = column(rows, '手机号SHA256');
    let matched = 0;
    ids.forEach((id, k) => {
      const phone = phoneOf.get(id);
      if (phone && createHash('sha256').update(salt + phone).digest('hex') === hashes[k]) matched++;
    });
    expect(matched / ids.length).toBeGreaterThan(0.9);
    const text = new TextDecoder().decode(r.manifestBytes);
    expect(text).not.toContain(salt);
    expect(JSON.stringify(await engine.call('audit.list', { limit: 5 }))).not.toContain(salt);
    expect(r.manifest.hashing).toMatchObject({ algorithm: 'SHA-256', fields: ['phone', 'id_no'], saltStored: false });
  });

  it('SMS template variables render per row, masked', async () => {
    const r = await engine.call('export.audience', {
      segment: { name: '金卡以上客户' },
      preset: 'sms',
      format: 'csv',
      smsTemplate: '尊敬的{姓}{称谓}，{姓名}您好，您的客户经理{客户经理}为您服务。',
    });
    const texts = column(csvRows(r.bytes), '短信内容');
    expect(texts.length).toBe(r.manifest.counts.exported);
    for (const t of texts) expect(t).toMatch(/^尊敬的.(先生|女士|客户)，.\*+您好，您的客户经理.*为您服务。$/u);
  });

  it('GBK CSV and XLSX hold the same rows as the UTF-8 CSV', async () => {
    const base = { segment: { name: '金卡以上客户' }, preset: 'wechat' } as const;
    const utf8 = csvRows((await engine.call('export.audience', { ...base, format: 'csv' })).bytes);
    const gbk = await engine.call('export.audience', { ...base, format: 'csv', encoding: 'gbk' });
    expect(gbk.bytes[0]).not.toBe(0xef);
    expect(csvRows(gbk.bytes, 'gbk')).toEqual(utf8);
    expect(gbk.manifest.file.encoding).toBe('gbk');
    const x = await engine.call('export.audience', { ...base, format: 'xlsx' });
    const wb = XLSX.read(x.bytes, { type: 'array', dense: true });
    const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!sheet) throw new Error('no sheet');
    const aoa = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: '' });
    expect(aoa).toEqual(utf8);
    await checkAgainstSegment(column(aoa, 'ONE_ID'), x.manifest);
    expect(x.fileName).toMatch(/\.xlsx$/);
  });

  it('an empty segment exports a header-only file and a manifest that says 0', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await engine.call('export.audience', { segment: { name: '空客群' }, preset: 'sms', format, holdoutPercent: 10, campaignKey: 'E' });
      expect(r.manifest.counts).toEqual({ segment: 0, excluded: 0, excludedByReason: {}, matchedByRule: {}, eligible: 0, holdout: 0, exported: 0 });
      expect(r.manifest.file.rows).toBe(0);
      if (format === 'csv') expect(csvRows(r.bytes)).toEqual([['ONE_ID', '手机号', '姓名']]);
      else {
        const wb = XLSX.read(r.bytes, { type: 'array' });
        const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
        if (!sheet) throw new Error('no sheet');
        expect(XLSX.utils.sheet_to_json(sheet, { header: 1 })).toEqual([['ONE_ID', '手机号', '姓名']]);
      }
    }
  });

  it('names an unknown segment, column or product clearly', async () => {
    await expect(engine.call('export.preview', { segment: { name: '不存在' }, preset: 'sms' })).rejects.toThrow(/no saved segment "不存在"/);
    const p = await engine.call('export.preview', { segment: { name: '金卡以上客户' }, preset: 'custom', columns: ['nope'], productCode: 'XX', holdoutPercent: 10 });
    expect(p.problems.map((x) => x.code).sort()).toEqual(['holdout_needs_campaign', 'unknown_column', 'unknown_product']);
  });

  it('kequn export writes FILE and FILE.manifest.json, and saves the export log', async () => {
    const out = join(dir, '短信名单.csv');
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s), isTTY: false };
    const code = await runCli(
      ['export', '--workspace', wsPath, '--segment', '金卡以上客户', '--preset', 'sms', '--format', 'csv', '--out', out, '--holdout', '10', '--campaign', 'CLI-1', '--json'],
      io,
    );
    expect(lines.join('')).not.toMatch(/error/i);
    expect(code).toBe(0);
    const result = JSON.parse(lines.join('')) as { sha256: string; counts: { exported: number; holdout: number } };
    const bytes = new Uint8Array(readFileSync(out));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as ExportManifest;
    expect(manifest.file.sha256).toBe(result.sha256);
    expect(manifest.file.name).toBe('短信名单.csv');
    expect(manifest.holdout).toMatchObject({ percent: 10, campaignKey: 'CLI-1', control: result.counts.holdout });
    expect(column(csvRows(bytes), 'ONE_ID').length).toBe(result.counts.exported);
    const again = createEngine(createNodeHost());
    await again.call('workspace.open', { bytes: new Uint8Array(readFileSync(wsPath)) });
    const log = await again.call('export.log', {});
    expect(log[0]).toMatchObject({ campaignKey: 'CLI-1', sha256: result.sha256 });

    // An empty segment is not an error: a header-only workbook and a manifest that says 0.
    const empty = join(dir, '空客群.xlsx');
    lines.length = 0;
    expect(await runCli(['export', '--workspace', wsPath, '--segment', '空客群', '--preset', 'call', '--format', 'xlsx', '--out', empty], io)).toBe(0);
    expect(lines.join('')).toContain('0 rows (xlsx)');
    const emptyManifest = JSON.parse(readFileSync(`${empty}.manifest.json`, 'utf8')) as ExportManifest;
    expect(emptyManifest.counts).toMatchObject({ segment: 0, exported: 0 });
    expect(emptyManifest.file.sha256).toBe(createHash('sha256').update(readFileSync(empty)).digest('hex'));

    const usage = await runCli(['export', '--workspace', wsPath, '--segment', '金卡以上客户', '--preset', 'fax', '--out', out], io);
    expect(usage).toBe(2);
    const noReason = await runCli(['export', '--workspace', wsPath, '--segment', '金卡以上客户', '--preset', 'sms', '--out', out, '--unmask'], io);
    expect(noReason).toBe(2);
    const missing = await runCli(['export', '--workspace', wsPath, '--segment', '没有', '--preset', 'sms', '--out', join(dir, 'x.csv')], io);
    expect(missing).toBe(1);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});
