import { describe, expect, it } from 'vitest';
import type { GroupFeatureStat } from '#shared/api/clusterTypes.ts';
import { distinctNames, groupName, matchByProfile, matchGroups, nameWords, uniqueNames } from './naming.ts';

const line = (feature: string, z: number, value: number, level: string | null = null, zh = feature): GroupFeatureStat => ({ feature, zh, en: feature, level, value, overall: 0, z, tgi: null });

describe('group names', () => {
  it('builds 高资产·低活跃·中年 from the distinguishing lines', () => {
    const name = groupName([line('aum_fen', 1.4, 300000), line('txn_count_90d', -0.9, 3), line('age', 0.6, 42)]);
    expect(name).toEqual({ zh: '高资产·低活跃·中年', en: 'High AUM · Low activity · Middle-aged' });
  });

  it('uses the level for categories and 高/低 + label for unknown columns, and numbers repeats', () => {
    expect(groupName([line('occupation', 2, 0.8, '退休人员'), line('x_score', -1, 1, null, '评分(分)')]).zh).toBe('退休人员·低评分');
    expect(groupName([]).zh).toBe('普通客群');
    expect(uniqueNames([{ zh: '高资产', en: 'High AUM' }, { zh: '高资产', en: 'High AUM' }]).map((n) => n.zh)).toEqual(['高资产', '高资产②']);
  });

  it('matches groups by overlap, not by index', () => {
    // New group 0 is mostly old group 1 and vice versa; new group 2 overlaps nothing enough.
    const contingency = Float64Array.from([5, 90, 0, 85, 10, 0, 10, 10, 10]);
    const m = matchGroups(contingency, [95, 95, 30], [100, 110, 10]);
    expect(m[0]?.cluster).toBe(1);
    expect(m[1]?.cluster).toBe(0);
    expect(m[2]).toBeNull();
    expect(m[0]?.by).toBe('overlap');
  });

  it('matches the groups overlap left unmatched by their profiles, closest first, within the distance', () => {
    const old = [
      [line('age', 1.2, 60), line('aum_fen', 0.8, 1)],
      [line('age', -1, 25), line('aum_fen', -0.5, 1)],
      [line('age', 0, 40), line('aum_fen', 0, 1)],
    ];
    const fresh = [
      [line('age', 0.02, 40), line('aum_fen', -0.05, 1)],
      [line('age', -0.95, 25), line('aum_fen', -0.55, 1)],
      [line('age', 3, 80), line('aum_fen', 3, 1)],
    ];
    // New group 0 already matched old group 0 by overlap: old group 0 is taken, new 0 keeps its overlap match.
    const byOverlap = [{ cluster: 0, overlap: 0.9, by: 'overlap' as const }, null, null];
    const m = matchByProfile(fresh, old, byOverlap);
    expect(m[0]).toEqual(byOverlap[0]);
    expect(m[1]).toEqual({ cluster: 1, overlap: 0, by: 'profile' });
    expect(m[2]).toBeNull();
    expect(matchByProfile(fresh, old, [null, null, null])[0]).toEqual({ cluster: 2, overlap: 0, by: 'profile' });
  });
});

describe('distinct names within a run', () => {
  it('swaps in the next word when two groups would have the same words in another order, and keeps carried-over names', () => {
    const a = [line('income_fen', 1, 1), line('aum_fen', -1, 1), line('balance_fen', -1, 1)];
    const b = [line('aum_fen', -1.2, 1), line('balance_fen', -1.1, 1), line('income_fen', 0.9, 1), line('tenure_months', 0.8, 1)];
    const names = distinctNames([nameWords(a), nameWords(b), nameWords([])], [null, null, { zh: '老名字', en: 'Old name' }]);
    expect(names[0]?.zh).toBe('高收入·低资产·低余额');
    expect(names[1]?.zh).toBe('低资产·低余额·老客户');
    expect(names[2]?.zh).toBe('老名字');
    expect(groupName([line('is_staff', 3, 0.9, '1', '是否员工')]).zh).toBe('员工');
  });
});
