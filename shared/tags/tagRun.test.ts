import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import { Db } from '#shared/db/database.ts';
import { newEngine } from '#shared/ingest/testKit.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { DEFAULT_TAG_SETTINGS, mergeTagSettings, validateTagSettings } from './tagSettings.ts';

async function tagsOf(engine: Engine, custNo: string): Promise<Map<string, [string | null, string | null]>> {
  const q = await engine.call('sql.query', {
    sql: 'SELECT t.tag, t.value, t.reason FROM customer_tag t JOIN customer_profile p ON p.one_id = t.one_id WHERE p.cust_no = ?',
    params: [custNo],
    unmask: { reason: 'test' },
  });
  return new Map(q.rows.map((r) => [String(r[0]), [r[1] === null ? null : String(r[1]), r[2] === null ? null : String(r[2])]]));
}

describe('tags.run on a small bank', () => {
  it('tags each customer with values and reasons from their own figures', async () => {
    const engine = await smallBankEngine();
    const run = await engine.call('tags.run', {});
    expect(run).toMatchObject({ customers: 3, prevRunId: null, status: 'done' });
    const c1 = await tagsOf(engine, 'C001');
    expect(c1.get('basic_age_band')).toEqual(['35-44', '年龄 43 岁']);
    expect(c1.get('value_aum_band')).toEqual(['50万-100万', 'AUM ¥50.0万 (存款 ¥10.0万, 投资 ¥5.0万)']);
    expect(c1.get('rel_household')?.[1]).toBe('与 1 位客户同住址或共用手机号');
    expect(c1.get('mkt_preferred_channel')).toEqual(['APP推送', '近一年响应/触达: APP推送 1/1, 短信 0/1']);
    // The one purchase was 121 days ago: past the 90-day window of 首购客户, inside a widened one.
    expect([...c1.keys()].filter((k) => k.startsWith('lifecycle_'))).toEqual([]);
    const wider = await engine.call('tags.run', { settings: { lifecycle: { firstPurchase: { withinDays: 150 }, stableDormant: { minAumYuan: 0 } } } });
    expect(wider.diff).toContainEqual({ tag: 'lifecycle_first_purchase', value: '首购客户', before: 0, after: 1, joined: 1, left: 0 });
    expect((await tagsOf(engine, 'C001')).get('lifecycle_first_purchase')?.[1]).toBe('首次购买理财/基金/保险于 2024-03-01 (121 天前)');
    expect(wider.diff).toContainEqual({ tag: 'lifecycle_stable_dormant', value: '稳定沉睡客户', before: 0, after: 1, joined: 1, left: 0 });
    const c2 = await tagsOf(engine, 'C002');
    expect(c2.get('risk_complaint')).toEqual(['1', '近一年投诉 1 次 (服务记录 2 条)']);
    expect(c2.has('lifecycle_first_purchase')).toBe(false);
    const c3 = await tagsOf(engine, 'C003');
    expect(c3.get('risk_overdue')).toEqual(['1-30天', '贷款最长逾期 15 天']);
    // Nothing held at the bank: gone rather than dormant by default; dormant once no balance is required.
    expect(c3.get('lifecycle_stable_dormant')?.[1]).toMatch(/^已 395 天无主动交易, 近30天无登录, 资产 ¥0 仍在/);
  });

  it('validates settings: unknown keys, wrong types and out-of-range values are refused', () => {
    expect(() => mergeTagSettings(DEFAULT_TAG_SETTINGS, { rfm: { nope: 1 } } as never)).toThrow(/Unknown setting settings.rfm.nope/);
    expect(() => mergeTagSettings(DEFAULT_TAG_SETTINGS, { value: { margin: 'x' } } as never)).toThrow(/must be a number/);
    expect(() => validateTagSettings(mergeTagSettings(DEFAULT_TAG_SETTINGS, { lifecycle: { highFrequency: { activeDaysQuantile: 2 } } }))).toThrow(/between 0 and 1/);
    expect(() => validateTagSettings(mergeTagSettings(DEFAULT_TAG_SETTINGS, { lifecycle: { order: ['churn_risk'] } }))).toThrow(/lifecycle.order/);
    expect(mergeTagSettings(DEFAULT_TAG_SETTINGS, { rfm: { weights: [1, 1, 1] } }).rfm.weights).toEqual([1, 1, 1]);
  });

  it('refuses a custom rule on an unknown column, and previews a valid one', async () => {
    const engine = await smallBankEngine();
    await engine.call('tags.run', {});
    await expect(engine.call('tags.customPreview', { rule: { match: 'all', conditions: [{ kind: 'column', column: 'nope', op: '=', value: 1 }] } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    const p = await engine.call('tags.customPreview', { rule: { match: 'any', conditions: [{ kind: 'column', column: 'aum_fen', op: '>=', value: 100_000 }, { kind: 'tag', tag: 'risk_overdue' }] } });
    expect(p.count).toBe(2);
    expect(p.sample.map((s) => s.reason)).toEqual(['资产余额(AUM)=¥50.0万', '逾期记录']);
  });

  it('lists each tag with its provenance, version and when and as of which date it was computed', async () => {
    const engine = await smallBankEngine();
    const run = await engine.call('tags.run', {});
    const aum = (await engine.call('tags.list', { family: 'value' })).find((d) => d.key === 'value_aum_band');
    expect(aum).toMatchObject({ runId: run.runId, computedAt: run.finishedAt, asOf: run.asOf, version: 1, module: 'tags' });
    expect(aum?.inputs.length).toBeGreaterThan(0);
  });
});

describe('tag member counts', () => {
  it('count a value holding the row separator of the fast count exactly (written into the file by hand)', async () => {
    const built = await smallBankEngine();
    await built.call('profile.build', {});
    const db = await Db.open({ sqlJsConfig: {} }, await built.call('workspace.export', {}));
    db.run("UPDATE customer_profile SET occupation = 'a\u001eb' WHERE cust_no = 'C001'");
    db.run("UPDATE customer_profile SET occupation = 'a' WHERE cust_no = 'C002'");
    const engine = await newEngine();
    await engine.call('workspace.open', { bytes: db.export() });
    await engine.call('tags.run', {});
    const occupation = (await engine.call('tags.list', { family: 'basic' })).find((d) => d.key === 'basic_occupation');
    expect(occupation?.values).toContainEqual({ value: 'a\u001eb', members: 1 });
    expect(occupation?.values).toContainEqual({ value: 'a', members: 1 });
    expect(occupation?.values.some((v) => v.value === 'b')).toBe(false);
  });
});
