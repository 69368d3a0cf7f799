import { describe, expect, it } from 'vitest';
import type { CellValue, Engine } from '#shared/api/engineApi.ts';
import { fileOf, newEngine } from '#shared/ingest/testKit.ts';
import { mod11CheckChar } from '#shared/values/idNumbers.ts';

/** A valid 身份证 number for a birth date and order number. */
function idNo(birth: string, order: number): string {
  const body = `330106${birth.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
  return body + mod11CheckChar(body);
}

async function load(e: Engine, name: string, kind: 'customers' | 'identities', csv: string): Promise<void> {
  const r = await e.call('ingest.run', { files: [{ file: fileOf(name, csv), kind }] });
  expect(r.files[0]?.status).toBe('done');
}

async function map(e: Engine): Promise<Map<string, string>> {
  const r = await e.call('sql.query', { sql: 'SELECT source, record_id, one_id FROM identity_map', unmask: { reason: 'test' } });
  return new Map(r.rows.map((row) => [`${String(row[0])}/${String(row[1])}`, String(row[2])]));
}

async function rows(e: Engine, sql: string): Promise<CellValue[][]> {
  return (await e.call('sql.query', { sql, unmask: { reason: 'test' } })).rows.map((r) => [...r]);
}

const CUSTOMERS = `客户号,姓名,出生日期,证件号码,手机号码,城市,区县
C1,张伟,1980-01-02,${idNo('1980-01-02', 11)},13911110001,杭州市,西湖区
C2,李娜,1975-05-06,${idNo('1975-05-06', 22)},13911110002,杭州市,上城区
C3,王芳,1990-09-09,,13911110003,宁波市,海曙区
`;

const IDENTITIES = `来源系统,记录ID,客户号,APP用户ID,设备号,openid,unionid,手机号,姓名,出生日期,地址
手机银行,A1,C1,U1,7e2fbfe562270cf1,,,,,,
微信公众号,W1,,,,oCcQ2_-x6z_DvfvWGmvgCEj7KGpj,o6_bmUmWGQs8D_0SVh56bpbM-QvO,13911110002,,,
微信小程序,M1,,,,oMp9KZZ5Opmnk4XcDnYWk0Cbmj1D,o6_bmUmWGQs8D_0SVh56bpbM-QvO,,,,
CRM,K1,000000,,,,,,赵六,1970-01-01,
`;

describe('identity resolution through the engine', () => {
  it('resolves records to customers, reports dummy identifiers, and keeps ids on a re-run', async () => {
    const e = await newEngine();
    await load(e, 'customers.csv', 'customers', CUSTOMERS);
    await load(e, 'identities.csv', 'identities', IDENTITIES);
    const before = await map(e);
    const s = await e.call('identity.run', {});
    expect(s.records).toBe(7);
    expect(s.persons).toBe(4);
    const m = await map(e);
    expect(m.get('customer/C1')).toBe(before.get('customer/C1'));
    expect(m.get('手机银行/A1')).toBe(m.get('customer/C1'));
    expect(m.get('微信公众号/W1')).toBe(m.get('customer/C2'));
    expect(m.get('微信小程序/M1')).toBe(m.get('customer/C2'));
    expect(m.get('CRM/K1')).not.toBe(m.get('customer/C1'));
    const issues = await e.call('identity.issues', { kind: 'invalid', offset: 0, limit: 10 });
    expect(issues.rows).toContainEqual(expect.objectContaining({ idType: 'cust_no', code: 'ID_PLACEHOLDER', source: 'CRM', records: 1 }));

    const again = await e.call('identity.run', {});
    expect(again.history).toMatchObject({ merges: 0, splits: 0 });
    expect(await map(e)).toEqual(m);

    const overlap = await e.call('identity.overlap', {});
    expect(overlap.intersections).toContainEqual({ channels: ['core', 'official_account', 'mini_program'], persons: 1 });
    const hits = await e.call('identity.search', { query: '+86 139-1111-0002' });
    expect(hits.map((h) => h.oneId)).toContain(m.get('customer/C2'));
    const graph = await e.call('identity.person', { oneId: m.get('customer/C2') ?? '' });
    expect(graph.records.map((r) => r.recordId).sort()).toEqual(['C2', 'M1', 'W1']);
    expect(graph.edges.map((x) => x.idType).sort()).toEqual(['phone', 'unionid']);
    expect(graph.records.find((r) => r.recordId === 'C2')?.identifiers).toContainEqual({ type: 'phone', value: '139****0002' });
  });

  it('incremental: new records join existing persons and a bridge merges two, keeping the older id', async () => {
    const e = await newEngine();
    await load(e, 'c.csv', 'customers', CUSTOMERS);
    await load(e, 'i1.csv', 'identities', '来源系统,记录ID,APP用户ID,手机号\n手机银行,A9,U9,13922220009\n');
    await e.call('identity.run', {});
    const m1 = await map(e);
    const c1 = m1.get('customer/C1') as string;
    const a9 = m1.get('手机银行/A9') as string;
    expect(a9).not.toBe(c1);
    await load(e, 'i2.csv', 'identities', '来源系统,记录ID,客户号,APP用户ID,手机号\n手机银行,A10,C1,U9,\n微信公众号,W5,,,13933330001\n微信公众号,W6,,,13911110003\n');
    const s = await e.call('identity.run', { mode: 'incremental' });
    expect(s.mode).toBe('incremental');
    const m2 = await map(e);
    expect(s.persons).toBe(new Set(m2.values()).size);
    expect(s.records).toBe(m2.size);
    expect(m2.get('手机银行/A10')).toBe(c1);
    expect(m2.get('手机银行/A9')).toBe(c1);
    expect(m2.get('微信公众号/W6')).toBe(m2.get('customer/C3'));
    expect(m2.get('微信公众号/W5')).toMatch(/^P\d{9}$/);
    expect([c1, a9]).not.toContain(m2.get('微信公众号/W5'));
    expect(await rows(e, "SELECT one_id, event, other_id FROM identity_history WHERE event IN ('merge', 'alias') ORDER BY history_id")).toEqual([
      [c1, 'merge', a9],
      [a9, 'alias', c1],
    ]);
    // The older id still finds the person.
    expect((await e.call('identity.person', { oneId: a9 })).oneId).toBe(c1);
    // A full run afterwards agrees with the incremental one.
    await e.call('identity.run', { mode: 'full' });
    expect(await map(e)).toEqual(m2);
  });

  it('remembers analyst decisions over later runs', async () => {
    const e = await newEngine();
    await load(e, 'c.csv', 'customers', CUSTOMERS);
    // One device on two customers: over its cap, so the pair waits for review.
    await load(e, 'i.csv', 'identities', '来源系统,记录ID,客户号,设备号,unionid\n手机银行,A1,C1,7e2fbfe562270cf1,\n手机银行,A2,C3,7e2fbfe562270cf1,\n微信公众号,W1,,,o6_bmUmWGQs8D_0SVh56bpbM-QvO\n微信小程序,M1,,,o6_bmUmWGQs8D_0SVh56bpbM-QvO\n');
    const s1 = await e.call('identity.run', {});
    expect(s1.review.pending).toBe(1);
    const page = await e.call('identity.reviewList', { offset: 0, limit: 10 });
    const item = page.items[0];
    expect(item?.kind).toBe('over_cap');
    expect(item?.idType).toBe('device_id');
    await e.call('identity.decide', { reviewId: item?.reviewId as number, decision: 'accept' });
    // And the analyst splits what the UnionID joined.
    await e.call('identity.decide', { a: { source: '微信公众号', recordId: 'W1' }, b: { source: '微信小程序', recordId: 'M1' }, decision: 'split' });
    const s2 = await e.call('identity.run', {});
    expect(s2.review).toMatchObject({ pending: 0, accepted: 1 });
    const m = await map(e);
    expect(m.get('customer/C1')).toBe(m.get('customer/C3'));
    expect(m.get('微信公众号/W1')).not.toBe(m.get('微信小程序/M1'));
    expect(await rows(e, 'SELECT record_a, record_b, method FROM identity_link')).toEqual([['A1', 'A2', 'review']]);
    expect((await e.call('identity.run', {})).review.pending).toBe(0);
  });

  it('puts weak-field matches between the thresholds in the review queue with field evidence', async () => {
    const e = await newEngine();
    await load(e, 'c.csv', 'customers', CUSTOMERS);
    await load(e, 'm.csv', 'identities', '来源系统,记录ID,openid,姓名,生日,所在地区\n微信小程序,M7,oMp9KHSWRxR6wJbJ9WQsS9-w99jD,张玮,1980-01-02,浙江省杭州市西湖区\n');
    const s = await e.call('identity.run', {});
    const m = await map(e);
    const page = await e.call('identity.reviewList', { offset: 0, limit: 10 });
    const linked = m.get('微信小程序/M7') === m.get('customer/C1');
    const queued = page.items.find((i) => i.kind === 'probabilistic');
    // Either linked or queued, but with evidence that names agree by pinyin and births exactly.
    expect(linked || queued !== undefined).toBe(true);
    if (queued) {
      expect(queued.evidence.find((x) => x.field === 'name')?.level).toBe('pinyin');
      expect(queued.evidence.find((x) => x.field === 'birth_date')?.level).toBe('exact');
      expect(queued.a.fields.name ?? queued.b.fields.name).toMatch(/^张\*/);
    }
    expect(s.model).not.toBeNull();
  });

  it('reports a number shared by over a thousand records and links nothing on it', async () => {
    const e = await newEngine();
    const lines = Array.from({ length: 1100 }, (_, i) => `CRM,K${i},客户${i},13988889999`);
    await load(e, 'crm.csv', 'identities', `来源系统,记录ID,姓名,手机号\n${lines.join('\n')}\n`);
    const s = await e.call('identity.run', {});
    expect(s.persons).toBe(1100);
    expect(s.issues).toContainEqual(expect.objectContaining({ kind: 'over_shared', idType: 'phone', count: 1, records: 1100 }));
  });
});

describe('identity settings', () => {
  it('reads defaults, saves a patch, refuses bad values and resets', async () => {
    const e = await newEngine();
    const d = await e.call('identity.settings', {});
    expect(d.rules.phone.cap).toBe(3);
    const s = await e.call('identity.settings', { settings: { rules: { phone: { cap: 2 } }, linkWeight: 9 } });
    expect(s.rules.phone.cap).toBe(2);
    expect((await e.call('identity.settings', {})).linkWeight).toBe(9);
    await expect(e.call('identity.settings', { settings: { reviewWeight: 20 } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect((await e.call('identity.settings', { reset: true })).rules.phone.cap).toBe(3);
  });
});
