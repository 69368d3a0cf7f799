import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { readBack, yuanZh } from './readBack.ts';
import { handEnv } from './ruleTestEnv.ts';

const zh = (rule: SegmentRule): string => readBack(rule, handEnv()).zh;

describe('read-back sentence', () => {
  it('reads the issue example as a manager would say it', () => {
    const rule: SegmentRule = {
      type: 'and',
      rules: [
        { type: 'behavior', source: 'events', where: { event_name: ['登录'], channel: ['APP'] }, days: 30, op: '>=', value: 3 },
        { type: 'not', rule: { type: 'lifecycle', group: 'churn_risk' } },
      ],
    };
    expect(zh(rule)).toBe('近30天在APP登录≥3次 且 不属于“易流失客户”');
    expect(readBack(rule, handEnv()).en).toBe('"登录" on "APP" ≥ 3 times in the last 30 days AND not in lifecycle group "Churn risk"');
  });

  it('says 未 for never and 有 for at least once, including under NOT', () => {
    const never: SegmentRule = { type: 'behavior', source: 'touches', where: { channel: ['APP推送'], action: ['打开'] }, days: 60, op: '=', value: 0 };
    expect(zh(never)).toBe('近60天未打开APP推送');
    expect(zh({ type: 'not', rule: never })).toBe('近60天有打开APP推送');
    const did: SegmentRule = { type: 'behavior', source: 'events', where: { event_name: ['浏览贷款'] }, days: 30, op: '>=', value: 1 };
    const didNot: SegmentRule = { type: 'not', rule: { type: 'behavior', source: 'events', where: { event_name: ['申请贷款'] }, days: 30, op: '>=', value: 1 } };
    expect(zh({ type: 'and', rules: [did, didNot] })).toBe('近30天有浏览贷款 且 近30天未申请贷款');
  });

  it('brackets nested groups and reads money, lists and references', () => {
    const rule: SegmentRule = {
      type: 'or',
      rules: [
        { type: 'and', rules: [{ type: 'attr', column: 'aum_fen', op: '>=', value: 500000 }, { type: 'attr', column: 'city', op: 'in', value: ['上海', '杭州'] }] },
        { type: 'segment', segment: 7 },
        { type: 'cluster', run: 3, clusters: [1] },
        { type: 'tag', tag: 'high_value' },
      ],
    };
    expect(zh(rule)).toBe('（资产余额(AUM)≥50万元 且 城市为“上海”、“杭州”之一） 或 在分群“高净值”中 或 属于聚类“稳健理财型”（聚类批次3） 或 有标签“高价值客户”');
    expect(zh({ type: 'not', rule: { type: 'and', rules: [{ type: 'attr', column: 'age', op: '<', value: 30 }, { type: 'attr', column: 'has_loan', op: '=', value: true }] } })).toBe('并非（年龄<30 且 有贷款=是）');
    expect(yuanZh(123456789)).toBe('1.23亿元');
    expect(yuanZh(3000)).toBe('3000元');
  });
});

describe('read-back of behaviour without filters', () => {
  it('names the source', () => {
    expect(zh({ type: 'behavior', source: 'events', days: 30, op: '>=', value: 5 })).toBe('近30天行为事件≥5次');
    expect(zh({ type: 'behavior', source: 'events', days: 30, op: '=', value: 0 })).toBe('近30天无行为事件');
    expect(zh({ type: 'behavior', source: 'touches', where: { action: ['发送'] }, days: 90, op: '>=', value: 1 })).toBe('近90天有发送营销消息');
    expect(zh({ type: 'behavior', source: 'transactions', days: 30, measure: 'days', op: '>', value: 4 })).toBe('近30天交易天数>4天');
  });
});

describe('read-back of a cluster selection', () => {
  it('names the selection by label and id, in Chinese and English, also negated and when it is gone', () => {
    const sel: SegmentRule = { type: 'selection', selection: 4 };
    expect(readBack(sel, handEnv())).toEqual({ zh: '在聚类选区“选区 · 运行 3”（#4）中', en: 'in cluster selection "选区 · 运行 3" (#4)' });
    expect(readBack({ type: 'not', rule: sel }, handEnv())).toEqual({ zh: '不在聚类选区“选区 · 运行 3”（#4）中', en: 'not in cluster selection "选区 · 运行 3" (#4)' });
    expect(readBack({ type: 'selection', selection: 77 }, handEnv())).toEqual({ zh: '在聚类选区（#77）中', en: 'in cluster selection (#77)' });
  });
});
