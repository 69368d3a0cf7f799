import { describe, expect, it } from 'vitest';
import { draftToRule, newCondition, ruleToDraft, type Draft } from './customDraft.ts';

describe('custom tag draft', () => {
  it('turns form text into a rule: numbers for numeric columns, lists for in, optional filters', () => {
    const d: Draft = {
      zh: '高资产活跃',
      en: 'Rich and active',
      definition: '',
      match: 'all',
      conditions: [
        { kind: 'column', column: 'aum_fen', op: '>=', value: ' 500000 ' },
        { kind: 'column', column: 'city', op: 'in', value: '杭州市，宁波市' },
        { kind: 'column', column: 'occupation', op: 'notEmpty', value: 'x' },
        { ...newCondition('behaviour'), days: '30', min: '3' } as Draft['conditions'][number],
        { kind: 'tag', tag: 'risk_complaint', value: '', negate: true },
      ],
    };
    const rule = draftToRule(d);
    expect(rule.conditions).toEqual([
      { kind: 'column', column: 'aum_fen', op: '>=', value: 500000 },
      { kind: 'column', column: 'city', op: 'in', value: ['杭州市', '宁波市'] },
      { kind: 'column', column: 'occupation', op: 'notEmpty' },
      { kind: 'behaviour', table: 'transactions', days: 30, min: 3 },
      { kind: 'tag', tag: 'risk_complaint', negate: true },
    ]);
    expect(draftToRule({ ...d, conditions: ruleToDraft(rule) })).toEqual(rule);
  });
});
