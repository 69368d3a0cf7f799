import { describe, expect, it } from 'vitest';
import type { RecipeSnapshot } from '#shared/api/reportTypes.ts';
import { diffSnapshots } from './recipeDiff.ts';

const before: RecipeSnapshot = {
  asOfDate: '2024-05-31',
  customers: 5,
  groups: [
    { key: 'lifecycle:churn_risk', kind: 'lifecycle', label: '易流失客户', members: ['C1', 'C2', 'C3'] },
    { key: 'segment:老客', kind: 'segment', label: '老客', members: ['C4'] },
  ],
  tags: [
    { tag: 'rfm', zh: 'RFM', value: 'A', members: 10 },
    { tag: 'rfm', zh: 'RFM', value: 'B', members: 4 },
  ],
  topics: [{ name: '提额', words: ['提额', '额度', '信用卡'], notes: 9 }],
};
const after: RecipeSnapshot = {
  asOfDate: '2024-06-30',
  customers: 6,
  groups: [
    { key: 'lifecycle:churn_risk', kind: 'lifecycle', label: '易流失客户', members: ['C2', 'C3', 'C5', 'C6'] },
    { key: 'cluster:年轻活跃', kind: 'cluster', label: '年轻活跃', members: ['C1'] },
  ],
  tags: [
    { tag: 'rfm', zh: 'RFM', value: 'A', members: 7 },
    { tag: 'rfm', zh: 'RFM', value: 'C', members: 2 },
  ],
  topics: [
    { name: '额度', words: ['额度', '提额', '审批'], notes: 5 },
    { name: '闪退', words: ['闪退', '登录', '手机银行'], notes: 4 },
    { name: '信用卡年费', words: ['年费', '信用卡', '减免', '短信', '客服', '扣款'], notes: 3 },
  ],
};

describe('diffSnapshots', () => {
  const d = diffSnapshots(before, after);

  it('counts customers in and out of each group, so after = before − out + in', () => {
    const churn = d.groups.find((g) => g.key === 'lifecycle:churn_risk');
    expect(churn).toMatchObject({ before: 3, after: 4, joined: 2, left: 1 });
    expect(d.groups.find((g) => g.key === 'cluster:年轻活跃')).toMatchObject({ before: null, after: 1, joined: 1, left: 0 });
    expect(d.groups.find((g) => g.key === 'segment:老客')).toMatchObject({ before: 1, after: null, joined: 0, left: 1 });
    for (const g of d.groups) expect((g.after ?? 0) - (g.before ?? 0)).toBe(g.joined - g.left);
  });

  it('lists tag shifts largest first, including values that appeared or vanished', () => {
    expect(d.tagShifts.map((t) => [t.value, t.change])).toEqual([
      ['B', -4],
      ['A', -3],
      ['C', 2],
    ]);
  });

  it('reports topics sharing fewer than 2 top words with every topic of last month as new', () => {
    // 额度 shares 提额 and 额度 with last month's 提额; 信用卡年费 shares only 信用卡.
    expect(d.newTopics.map((t) => t.name)).toEqual(['闪退', '信用卡年费']);
    expect(d.customers).toEqual({ before: 5, after: 6 });
  });
});
