import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DemoFile } from '#shared/api/engineApi.ts';
import { CancelledError, ExpectedError } from '#shared/api/errors.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { ENTITIES, isEntityKind } from '#shared/model/entities.ts';
import { generateDemo } from './generateDemo.ts';
import { idCheckValid } from './identifiers.ts';
import { HEADERS } from './outputs.ts';

const generate = (customers: number, seed: number, asOfDate?: string): Promise<DemoFile[]> =>
  generateDemo(asOfDate === undefined ? { customers, seed } : { customers, seed, asOfDate }, createJobContext());

function file(files: readonly DemoFile[], path: string): DemoFile {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`missing ${path}`);
  return f;
}

function text(files: readonly DemoFile[], path: string): string {
  const f = file(files, path);
  const gbk = path === 'core/customers.csv' || path === 'service/notes.csv';
  return new TextDecoder(gbk ? 'gb18030' : 'utf-8').decode(f.bytes);
}

/** Rows of a delimited file as arrays; the header is row 0. */
function rows(files: readonly DemoFile[], path: string, skipLines = 0): string[][] {
  const body = text(files, path).split(/\r?\n/).slice(skipLines).join('\n');
  return Papa.parse<string[]>(body, { delimiter: path.endsWith('.tsv') ? '\t' : ',', skipEmptyLines: true }).data;
}

/** Rows as records keyed by header, skipping rows whose column count is off (the planted malformed ones). */
function records(files: readonly DemoFile[], path: string, skipLines = 0): Record<string, string>[] {
  const [header, ...body] = rows(files, path, skipLines);
  if (!header) return [];
  return body.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const hex = (b: Uint8Array): string => Array.from(sha256(b), (x) => x.toString(16).padStart(2, '0')).join('');

describe('generateDemo', () => {
  let files: DemoFile[] = [];
  beforeAll(async () => {
    files = await generate(1200, 20240630);
  }, 120_000);

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const a = await generate(250, 7);
    const b = await generate(250, 7);
    const c = await generate(250, 8);
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    expect(a.map((f) => hex(f.bytes))).toEqual(b.map((f) => hex(f.bytes)));
    expect(hex(file(a, 'core/customers.csv').bytes)).not.toBe(hex(file(c, 'core/customers.csv').bytes));
    expect(hex(file(a, 'app/events.csv').bytes)).not.toBe(hex(file(c, 'app/events.csv').bytes));
  }, 60_000);

  it('scales with the number of customers and honours the as-of date', async () => {
    const small = await generate(200, 11, '2023-12-31');
    const large = await generate(600, 11, '2023-12-31');
    expect(records(small, 'core/customers.csv')).toHaveLength(200);
    expect(records(large, 'core/customers.csv')).toHaveLength(600);
    const ratio = rows(large, 'core/transactions.csv').length / rows(small, 'core/transactions.csv').length;
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(4.5);
    expect(rows(large, 'app/events.csv').length).toBeGreaterThan(rows(small, 'app/events.csv').length);
    const times = records(large, 'core/transactions.csv').map((r) => r.txn_time ?? '');
    expect(times.every((t) => t >= '2022-01-01' && t <= '2023-12-31 23:59:59')).toBe(true);
    expect(times.some((t) => t < '2022-03-01')).toBe(true);
  }, 60_000);

  it('reports progress and stops when cancelled', async () => {
    const seen: { current: number; total: number }[] = [];
    await generateDemo({ customers: 600, seed: 3 }, createJobContext({ onProgress: (p) => seen.push({ current: p.current, total: p.total }) }));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)?.current).toBe(seen.at(-1)?.total);
    const controller = new AbortController();
    controller.abort();
    await expect(generateDemo({ customers: 600, seed: 3 }, createJobContext({ signal: controller.signal }))).rejects.toThrow(CancelledError);
  }, 30_000);

  it('rejects bad options with a clear message', async () => {
    await expect(generate(0, 1)).rejects.toThrow(ExpectedError);
    await expect(generate(10, 1, '2024-02-30')).rejects.toThrow(/asOfDate/);
  });

  it('writes the core customer file in GBK with Chinese headers', () => {
    const bytes = file(files, 'core/customers.csv').bytes;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const header = rows(files, 'core/customers.csv')[0];
    expect(header).toEqual(HEADERS.customers);
    expect(header).toContain('客户号');
    expect(header).toContain('资产余额(元)');
    expect(text(files, 'core/customers.csv')).toContain('\r\n');
  });

  it('gives every 身份证 a valid check digit except the planted ones', () => {
    const dirt = records(files, 'truth/dirt.csv').filter((d) => d.kind === 'invalid_id_check');
    const planted = new Set(dirt.map((d) => d.record_id));
    expect(planted.size).toBeGreaterThan(0);
    const customers = records(files, 'core/customers.csv').filter((c) => c['证件类型'] === '居民身份证');
    expect(customers.length).toBeGreaterThan(1000);
    const ids = new Set<string>();
    for (const c of customers) {
      const id = c['证件号码'] ?? '';
      expect(idCheckValid(id), `${c['客户号']} ${id}`).toBe(!planted.has(c['客户号'] ?? ''));
      const birth = c['出生日期'] ?? '';
      if (/^\d{4}-\d{2}-\d{2}$/.test(birth)) expect(id.slice(6, 14)).toBe(birth.replaceAll('-', ''));
      expect(Number(id[16]) % 2).toBe(c['性别'] === '男' ? 1 : 0);
      ids.add(id.slice(0, 17));
    }
    expect(ids.size).toBe(customers.length);
  });

  it('sets kind on importable files only, with headers the entity synonyms match', () => {
    // Columns a real export carries that the canonical model has no field for.
    const unmapped: Readonly<Record<string, readonly string[]>> = {
      'core/products.csv': ['期限(天)', '销售状态'],
      'core/holdings.csv': ['产品名称'],
      'app/events.csv': ['app_version'],
      'wechat/official_account.csv': ['公众号', '关注状态', '昵称'],
      'branch/visits.xlsx': ['网点名称', '姓名', '等候时长(分钟)', '满意度'],
      'crm/contacts.tsv': ['province', 'city', 'district', 'owner_rm'],
      'marketing/touches.csv': ['batch_no'],
      'service/notes.csv': ['问题分类', '处理状态'],
      'relations/referrals.csv': ['发起方类型', '接收方类型'],
    };
    for (const f of files) {
      if (f.path.startsWith('truth/')) {
        expect(f.kind).toBeUndefined();
        continue;
      }
      expect(f.kind !== undefined && isEntityKind(f.kind), f.path).toBe(true);
      const def = ENTITIES.find((e) => e.kind === f.kind);
      if (!def) throw new Error(f.kind);
      const header =
        f.path.endsWith('.xlsx') ? HEADERS.visits.map(String) : (rows(files, f.path, f.path === 'core/holdings.csv' ? 1 : 0)[0] ?? []).map((h) => h.replace(/^\uFEFF/, ''));
      const fieldsOf = (h: string): string[] => def.fields.filter((x) => x.synonyms.some((s) => s.toLowerCase() === h.toLowerCase())).map((x) => x.name);
      for (const h of header) {
        const matched = fieldsOf(h);
        if (unmapped[f.path]?.includes(h)) expect(matched, `${f.path}: ${h}`).toEqual([]);
        else expect(matched, `${f.path}: ${h}`).toHaveLength(1);
      }
      const mapped = new Set(header.flatMap(fieldsOf));
      for (const field of def.fields.filter((x) => x.required === true)) expect(mapped.has(field.name), `${f.path}: ${def.kind}.${field.name}`).toBe(true);
    }
  });

  it('plants report dirt: a title line, a 合计 row, duplicates and malformed rows, all recorded', () => {
    expect(text(files, 'core/holdings.csv').split('\n')[0]).toContain('明细表');
    const accountLines = text(files, 'core/accounts.csv').trimEnd().split('\n');
    expect(accountLines.at(-1)).toMatch(/^合计,/);
    const dirt = records(files, 'truth/dirt.csv');
    const kinds = new Set(dirt.map((d) => d.kind));
    for (const k of ['name_typo', 'phone_format', 'phone_placeholder', 'missing_field', 'date_format', 'amount_format', 'duplicate_row', 'title_line', 'total_row', 'malformed_row']) {
      expect(kinds.has(k), k).toBe(true);
    }
    const lines = new Map<string, string[]>();
    for (const d of dirt) {
      if (d.file?.endsWith('.xlsx') || d.dirty_value === '' || d.kind === 'duplicate_row' || d.kind === 'malformed_row') continue;
      const path = d.file ?? '';
      if (!lines.has(path)) lines.set(path, text(files, path).split(/\r?\n/));
      const line = lines.get(path)?.[Number(d.line) - 1] ?? '';
      expect(line, `${path}:${d.line}`).toContain(d.dirty_value ?? '');
    }
    const malformed = dirt.filter((d) => d.kind === 'malformed_row');
    for (const d of malformed) {
      const path = d.file ?? '';
      const all = rows(files, path);
      const width = all[0]?.length ?? 0;
      const line = text(files, path).split(/\r?\n/)[Number(d.line) - 1] ?? '';
      const cells = Papa.parse<string[]>(line, { delimiter: path.endsWith('.tsv') ? '\t' : ',' }).data[0] ?? [];
      expect(cells.length, `${path}:${d.line}`).not.toBe(width);
    }
  });

  it('mixes date and amount spellings the way exports do', () => {
    const dirt = records(files, 'truth/dirt.csv');
    const dates = dirt.filter((d) => d.kind === 'date_format').map((d) => d.dirty_value ?? '');
    expect(dates.some((d) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{8}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(d))).toBe(true);
    const amounts = dirt.filter((d) => d.kind === 'amount_format').map((d) => d.dirty_value ?? '');
    expect(amounts.some((a) => /^\d{1,3}(,\d{3})+\.\d{2}$/.test(a))).toBe(true);
    expect(amounts.some((a) => a.startsWith('￥'))).toBe(true);
    expect(amounts.some((a) => /^\([\d,]+\.\d{2}\)$/.test(a))).toBe(true);
  });

  it('logs the first-loan campaign: push, re-push after two days to non-openers, then SMS and WeChat', () => {
    const touches = records(files, 'marketing/touches.csv').filter((t) => t.campaign_id === 'CMP2024FL01');
    const byCustomer = new Map<string, Record<string, string>[]>();
    for (const t of touches) byCustomer.set(t.cust_no ?? '', [...(byCustomer.get(t.cust_no ?? '') ?? []), t]);
    let full = 0;
    let wechatOpens = 0;
    for (const list of byCustomer.values()) {
      const step = (code: string, event: string): Record<string, string> | undefined => list.find((t) => t.batch_no?.includes(code) && t.event === event);
      const push = step('-PUSH1-', '发送');
      const repush = step('-PUSH2-', '发送');
      const openedPush = step('-PUSH1-', '打开');
      const openedRepush = step('-PUSH2-', '打开');
      const third = list.filter((t) => (t.batch_no?.endsWith('-3') ?? false) && t.event === '发送');
      if (openedPush) expect(repush).toBeUndefined();
      if (openedPush || openedRepush) expect(third).toHaveLength(0);
      if (push && repush) {
        const days = (Date.parse((repush.event_time ?? '').slice(0, 10)) - Date.parse((push.event_time ?? '').slice(0, 10))) / 86_400_000;
        expect(days).toBe(2);
        if (third.length > 0) {
          expect(third.every((t) => t.event_time?.slice(0, 10) === '2024-05-20')).toBe(true);
          full++;
        }
      }
      if (list.some((t) => t.channel === '微信模板消息' && t.event === '打开')) wechatOpens++;
    }
    expect(full).toBeGreaterThan(0);
    expect(wechatOpens).toBeGreaterThan(0);
    expect(touches.every((t) => (t.event_time ?? '') >= '2024-05-16')).toBe(true);
    const reactivation = records(files, 'marketing/touches.csv').filter((t) => t.campaign_id === 'CMP2024RA01');
    expect(reactivation.length).toBeGreaterThan(0);
    const loans = records(files, 'core/loans.csv');
    expect(loans.some((l) => l['是否预授信'] === '是' && l['贷款状态'] === '已用信')).toBe(true);
  });

  it('lets the hidden channel habit show in who opens what', () => {
    const habits = new Map(records(files, 'truth/channel_habits.csv').map((h) => [h.cust_no ?? '', h.habit ?? '']));
    const opened = { wechat: [] as string[], push: [] as string[] };
    for (const t of records(files, 'marketing/touches.csv')) {
      if (t.event !== '打开') continue;
      const habit = habits.get(t.cust_no ?? '') ?? '';
      if (t.channel === '微信模板消息') opened.wechat.push(habit);
      if (t.channel === 'APP推送') opened.push.push(habit);
    }
    const share = (list: string[], habit: string): number => list.filter((h) => h === habit).length / Math.max(1, list.length);
    expect(opened.wechat.length).toBeGreaterThan(10);
    expect(share(opened.wechat, 'wechat')).toBeGreaterThan(0.5);
    expect(share(opened.push, 'app')).toBeGreaterThan(0.5);
  });

  it('lets lifecycle groups show in behaviour', () => {
    const life = new Map(records(files, 'truth/lifecycle.csv').map((l) => [l.cust_no ?? '', l.lifecycle ?? '']));
    const counts = new Map<string, number>();
    for (const t of records(files, 'core/transactions.csv')) {
      if (t.channel === '系统' || t.dr_cr !== 'D' || (t.txn_time ?? '') < '2024-04-01') continue;
      const g = life.get(t.cust_no ?? '') ?? '';
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const size = (g: string): number => [...life.values()].filter((x) => x === g).length;
    const perHead = (g: string): number => (counts.get(g) ?? 0) / Math.max(1, size(g));
    expect(perHead('稳定沉睡')).toBeLessThan(0.1 * perHead('高频'));
    expect(perHead('易流失')).toBeLessThan(0.5 * perHead('复购'));
    const holdings = records(files, 'core/holdings.csv', 1);
    const firstBuyers = [...life].filter(([, g]) => g === '首购').map(([c]) => c);
    const held = new Map<string, number>();
    for (const h of holdings) held.set(h['客户号'] ?? '', (held.get(h['客户号'] ?? '') ?? 0) + 1);
    expect(firstBuyers.every((c) => (held.get(c) ?? 0) <= 1)).toBe(true);
  });

  it('covers every channel record in truth/persons.csv', () => {
    const truth = new Set(records(files, 'truth/persons.csv').map((t) => `${t.file}|${t.record_id}`));
    const expectCovered = (path: string, ids: readonly string[]): void => {
      expect(ids.length, path).toBeGreaterThan(0);
      for (const id of ids) expect(truth.has(`${path}|${id}`), `${path} ${id}`).toBe(true);
    };
    expectCovered('core/customers.csv', records(files, 'core/customers.csv').map((r) => r['客户号'] ?? ''));
    expectCovered('app/users.csv', records(files, 'app/users.csv').map((r) => r.id ?? ''));
    expectCovered('wechat/official_account.csv', records(files, 'wechat/official_account.csv').map((r) => r.id ?? ''));
    expectCovered('wechat/mini_program.csv', records(files, 'wechat/mini_program.csv').map((r) => r.id ?? ''));
    expectCovered('crm/contacts.tsv', rows(files, 'crm/contacts.tsv').slice(1).map((r) => r[0] ?? ''));
    expectCovered('service/notes.csv', records(files, 'service/notes.csv').map((r) => r['工单号'] ?? ''));
    const events = rows(files, 'app/events.csv').slice(1);
    expectCovered('app/events.csv', [...new Set(events.flatMap((e) => [e[2] ? `device:${e[2]}` : '', e[3] ? `cookie:${e[3]}` : '']).filter((x) => x !== ''))]);
    const book = XLSX.read(file(files, 'branch/visits.xlsx').bytes, { type: 'array' });
    const sheet = book.Sheets[book.SheetNames[0] ?? ''];
    if (!sheet) throw new Error('no sheet');
    const visits = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false });
    expect(visits[0]).toEqual(HEADERS.visits);
    expectCovered('branch/visits.xlsx', visits.slice(1).map((v) => String(v[0])));
    const weak = records(files, 'truth/persons.csv').filter((t) => t.weak_only === '1');
    expect(weak.some((t) => t.file === 'wechat/mini_program.csv')).toBe(true);
  });

  it('plants shared family phones, borrowed devices, influencers and communities', () => {
    const shared = records(files, 'truth/shared_identifiers.csv');
    expect(shared.some((s) => s.identifier_type === 'phone')).toBe(true);
    expect(shared.some((s) => s.identifier_type === 'device_id')).toBe(true);
    const influencers = records(files, 'truth/influencers.csv');
    expect(influencers.length).toBeGreaterThanOrEqual(2);
    const relations = records(files, 'relations/referrals.csv');
    for (const inf of influencers) {
      const invites = relations.filter((r) => r['发起方'] === inf.app_user_no && r['关系类型'] === '邀请注册').length;
      expect(invites).toBe(Number(inf.invites));
      expect(invites).toBeGreaterThan(5);
    }
    expect(records(files, 'truth/communities.csv').length).toBeGreaterThan(20);
    expect(relations.some((r) => r['关系类型'] === '转账')).toBe(true);
  });

  it('writes service notes in Chinese with topics and sentiment in truth', () => {
    const notes = records(files, 'service/notes.csv');
    expect(notes.length).toBeGreaterThan(50);
    expect(notes.every((n) => /[\u4e00-\u9fff]/.test(n['问题描述'] ?? ''))).toBe(true);
    const truth = records(files, 'truth/notes.csv');
    expect(truth).toHaveLength(notes.length);
    expect(new Set(truth.map((t) => t.sentiment))).toEqual(new Set(['负面', '中性', '正面']));
  });
});
