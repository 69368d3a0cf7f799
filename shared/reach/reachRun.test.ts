/**
 * The reach run on the small test bank (as-of 2024-06-30), through the real import: how the touch log becomes
 * messages (a re-push with its own template is a second message), how the customers' own logins keep them out of
 * 全渠道未响应, and the frequency cap counting sends in its own `days` window.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { ReachChannel, ReachPlan } from '#shared/api/reachTypes.ts';
import { Db } from '#shared/db/database.ts';
import { fileOf } from '#shared/ingest/testKit.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { smallBankEngine } from '#shared/profile/profileTestKit.ts';
import { CHANNEL_COUNT, channelIndex, readTouchHistory } from './touchHistory.ts';

// C001: SMS 06-20 (ignored), push 06-21 (opened), logs in on 06-28 and 06-29. C002: SMS 06-20 (ignored), no login.
// C003 gets a push and its re-push (own template) in May, both ignored.
const MORE_TOUCHES = [
  'touch_id,campaign_id,cust_no,channel,action,touch_time,template',
  'N1,CMP3,C003,APP推送,发送,2024-05-01 10:00:00,TPL-1 首推',
  'N2,CMP3,C003,APP推送,送达,2024-05-01 10:00:02,TPL-1 首推',
  'N3,CMP3,C003,APP推送,发送,2024-05-03 10:00:00,TPL-2 再推',
].join('\n');

async function bank(): Promise<Engine> {
  const engine = await smallBankEngine();
  const r = await engine.call('ingest.run', { files: [{ file: fileOf('more_touches.csv', MORE_TOUCHES), kind: 'touches' }] });
  expect(r.files[0]?.accepted).toBe(3);
  return engine;
}

async function reachTags(engine: Engine): Promise<Map<string, Map<string, [string, string]>>> {
  const run = await engine.call('reach.tags', {});
  const q = await engine.call('sql.query', {
    sql: 'SELECT p.cust_no, t.tag, t.value, t.reason FROM customer_tag t JOIN customer_profile p ON p.one_id = t.one_id WHERE t.run_id = ?',
    params: [run.runId],
    unmask: { reason: 'test' },
  });
  const out = new Map<string, Map<string, [string, string]>>();
  for (const r of q.rows) {
    const c = String(r[0]);
    if (!out.has(c)) out.set(c, new Map());
    out.get(c)?.set(String(r[1]), [String(r[2]), String(r[3])]);
  }
  return out;
}

describe('reach.tags on the small bank', () => {
  it('counts a re-push as its own message and tags silence without a login of their own as 全渠道未响应', async () => {
    const engine = await bank();
    await engine.call('profile.build', {});
    const tags = await reachTags(engine);
    expect(tags.get('C003')?.get('reach_unreachable')?.[0]).toBe('2');
    expect(tags.get('C003')?.get('reach_unreachable')?.[1]).toMatch(/^近730天 1 个渠道共 2 条触达，无打开\/点击\/登录\/转化，期间无自主登录；一般客户全部不响应的概率 \d+%$/);
    expect(tags.get('C002')?.get('reach_unreachable')?.[0]).toBe('1');
    expect(tags.get('C001')?.has('reach_unreachable') ?? false).toBe(false);

    // C003 logs in on their own in June: silent to messages, but not on every channel.
    const login = ['事件ID,客户号,事件时间,事件名称,渠道,页面', 'E9,C003,2024-06-15 09:00:00,登录,Android,登录页'].join('\n');
    await engine.call('ingest.run', { files: [{ file: fileOf('login.csv', login), kind: 'events' }] });
    const after = await reachTags(engine);
    expect(after.get('C003')?.has('reach_unreachable') ?? false).toBe(false);
    expect(after.get('C002')?.has('reach_unreachable')).toBe(true);
  });
});

describe('recency weighting', () => {
  it('discounts messages long before the customer\'s latest one, not recent messages of a customer last seen a while ago', async () => {
    const engine = await bank();
    // C002 clicked an SMS in June 2023, 385 days before their latest message (the ignored SMS of 2024-06-20).
    const old = ['touch_id,campaign_id,cust_no,channel,action,touch_time,template', 'O1,CMP0,C002,短信,发送,2023-06-01 10:00:00,TPL-0', 'O2,CMP0,C002,短信,点击,2023-06-01 10:05:00,TPL-0'].join('\n');
    await engine.call('ingest.run', { files: [{ file: fileOf('old.csv', old), kind: 'touches' }] });
    await engine.call('profile.build', {});
    const owners = await engine.call('sql.query', { sql: 'SELECT cust_no, one_id FROM customer_profile', params: [], unmask: { reason: 'test' } });
    const oneIdOf = new Map(owners.rows.map((r) => [String(r[0]), String(r[1])]));
    const db = await Db.open({ sqlJsConfig: {} }, await engine.call('workspace.export', {}));
    try {
      const h = await readTouchHistory(db, { asOfDate: '2024-06-30', historyDays: 730, fatigueDays: 30, halfLifeDays: 365, logins: true }, createJobContext());
      const at = (custNo: string, channel: ReachChannel): number => h.oneIds.indexOf(oneIdOf.get(custNo) ?? '') * CHANNEL_COUNT + channelIndex(channel);
      // The old click weighs ½^(385/365) ≈ 0.48 next to the latest message's 1.
      expect(h.messages[at('C002', 'sms')]).toBe(2);
      expect(h.weightedMessages[at('C002', 'sms')]).toBeCloseTo(1 + 0.5 ** (385 / 365), 4);
      expect(h.weightedResponses[at('C002', 'sms')]).toBeCloseTo(0.5 ** (385 / 365), 4);
      // C003's push and re-push, two days apart, two months before the as-of date: both (almost) fully weighted.
      expect(h.messages[at('C003', 'push')]).toBe(2);
      expect(h.weightedMessages[at('C003', 'push')]).toBeCloseTo(1 + 0.5 ** (2 / 365), 4);
      // C001 logged in twice (06-28, 06-29); the 存取款 event of C002 is no login.
      expect(h.logins?.[h.oneIds.indexOf(oneIdOf.get('C001') ?? '')]).toBe(2);
      expect(h.logins?.[h.oneIds.indexOf(oneIdOf.get('C002') ?? '')]).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('the frequency cap of a plan', () => {
  it('counts the sends of its own window, whatever the habit run\'s fatigue window', async () => {
    const engine = await bank();
    await engine.call('profile.build', {});
    await engine.call('reach.tags', { settings: { fatigueDays: 30 } });
    const template = await engine.call('reach.template', {});
    const capDrops = async (days: number): Promise<number | undefined> => {
      const plan: ReachPlan = { ...template, entry: { type: 'all' }, frequencyCap: { max: 2, days } };
      const r = await engine.call('reach.simulate', { plan });
      return r.steps.find((s) => s.id === template.start)?.droppedByReason.cap ?? 0;
    };
    // Sends before the as-of date 06-30: C001 two in the last 30 days (06-20, 06-21), C002 one (06-20), C003 two
    // in the last 90 (05-01, 05-03). The first push is a customer's third send for C001 (30 days) and C003 (90).
    expect(await capDrops(7)).toBe(0);
    expect(await capDrops(30)).toBe(1);
    expect(await capDrops(90)).toBe(2);
  });
});
