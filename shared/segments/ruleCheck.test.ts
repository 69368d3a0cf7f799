import { describe, expect, it } from 'vitest';
import { checkRule } from './ruleCheck.ts';
import { handEnv } from './ruleTestEnv.ts';

const codes = (raw: unknown, selfId?: number): string[] => checkRule(raw, handEnv(), selfId).problems.map((p) => `${p.code}@${p.path}`);

describe('rule check', () => {
  it('accepts a well-formed tree and cleans it', () => {
    const c = checkRule(
      {
        type: 'and',
        rules: [
          { type: 'attr', column: 'aum_fen', op: '>=', value: 500000, extra: 'dropped' },
          { type: 'not', rule: { type: 'lifecycle', group: 'churn_risk' } },
          { type: 'cluster', clusters: [1] },
          { type: 'segment', segment: '高净值' },
          { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, op: '>=', value: 3 },
        ],
      },
      handEnv(),
    );
    expect(c.problems).toEqual([]);
    expect(c.rule).toEqual({
      type: 'and',
      rules: [
        { type: 'attr', column: 'aum_fen', op: '>=', value: 500000 },
        { type: 'not', rule: { type: 'lifecycle', group: 'churn_risk' } },
        { type: 'cluster', run: 3, clusters: [1] },
        { type: 'segment', segment: 7 },
        { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, measure: 'count', op: '>=', value: 3 },
      ],
    });
  });

  it('names deleted and unknown references with their path', () => {
    expect(
      codes({
        type: 'or',
        rules: [
          { type: 'tag', tag: 'gone' },
          { type: 'attr', column: 'tenure_months', op: '>', value: 12 },
          { type: 'attr', column: 'shoe_size', op: '>', value: 12 },
          { type: 'lifecycle', group: 'gone' },
          { type: 'cluster', run: 99, clusters: [1] },
          { type: 'cluster', clusters: [5] },
          { type: 'segment', segment: 404 },
          { type: 'behavior', source: 'events', where: { page: ['x'] }, days: 30, op: '>=', value: 1 },
        ],
      }),
    ).toEqual([
      'UNKNOWN_TAG@rules[0]',
      'COLUMN_MISSING@rules[1]',
      'UNKNOWN_COLUMN@rules[2]',
      'UNKNOWN_LIFECYCLE@rules[3]',
      'UNKNOWN_CLUSTER_RUN@rules[4]',
      'UNKNOWN_CLUSTER@rules[5]',
      'UNKNOWN_SEGMENT@rules[6]',
      'UNKNOWN_BEHAVIOR_COLUMN@rules[7]',
    ]);
  });

  it('refuses personal data, wrong operators and values, empty groups and cycles', () => {
    expect(codes({ type: 'attr', column: 'name', op: '=', value: '张三' })).toEqual(['PII_COLUMN@']);
    expect(codes({ type: 'attr', column: 'city', op: '>', value: '上海' })).toEqual(['BAD_OP@']);
    expect(codes({ type: 'attr', column: 'age', op: 'between', value: [50, 30] })).toEqual(['BAD_VALUE@']);
    expect(codes({ type: 'attr', column: 'open_date', op: '>=', value: '2024-02-31' })).toEqual(['BAD_VALUE@']);
    expect(codes({ type: 'and', rules: [] })).toEqual(['EMPTY_GROUP@']);
    expect(codes({ type: 'behavior', source: 'events', days: 0, op: '>=', value: 1 })).toEqual(['BAD_VALUE@']);
    expect(codes({ type: 'xor' })).toEqual(['SHAPE@']);
    // Saving segment 7 with a rule that uses 8, which uses 7.
    expect(codes({ type: 'segment', segment: 8 }, 7)).toEqual(['SEGMENT_CYCLE@']);
  });

  it('needs the wide table for attributes and the as-of date for behaviour', () => {
    expect(checkRule({ type: 'attr', column: 'age', op: '>', value: 1 }, handEnv({ profileBuilt: false })).problems[0]?.code).toBe('NO_PROFILE');
    expect(checkRule({ type: 'behavior', source: 'touches', days: 60, op: '=', value: 0 }, handEnv({ asOfDate: null })).problems[0]?.code).toBe('NO_AS_OF');
  });
});

describe('rule check of cluster selections', () => {
  it('accepts a selection over customers and explains one that no longer exists or is not of customers', () => {
    expect(checkRule({ type: 'selection', selection: 4, extra: 1 }, handEnv())).toEqual({ rule: { type: 'selection', selection: 4 }, problems: [] });
    const gone = checkRule({ type: 'and', rules: [{ type: 'selection', selection: 40 }] }, handEnv()).problems;
    expect(gone).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_SELECTION',
        path: 'rules[0]',
        message: expect.stringContaining('Cluster selection #40 no longer exists') as unknown,
        zh: expect.stringContaining('聚类选区 #40 已不存在') as unknown,
        params: { selection: 40 },
      }),
    ]);
    expect(codes({ type: 'selection', selection: 5 })).toEqual(['UNKNOWN_SELECTION@']);
    expect(checkRule({ type: 'selection', selection: 5 }, handEnv()).problems[0]?.zh).toContain('非客户表');
    expect(codes({ type: 'selection', selection: '4' })).toEqual(['SHAPE@']);
  });
});
