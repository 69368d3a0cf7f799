import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { addChild, conditionNode, emptyDraft, fromRule, groupNode, pickOptions, removeNode, splitList, toRule, withOp, withValue } from './ruleDraft.ts';

const AGE: SegmentRule = { type: 'attr', column: 'age', op: '>=', value: 40 };
const CHURN: SegmentRule = { type: 'lifecycle', group: 'churn_risk' };

describe('rule drafts', () => {
  it('round-trips a saved rule, NOT becoming a flag on the node it wraps', () => {
    const rule: SegmentRule = { type: 'and', rules: [AGE, { type: 'not', rule: CHURN }, { type: 'not', rule: { type: 'or', rules: [AGE, CHURN] } }] };
    const draft = fromRule(rule);
    expect(draft.children.map((c) => c.negate)).toEqual([false, true, true]);
    expect(toRule(draft).rule).toEqual(rule);
  });

  it('lets a one-condition root stand for the condition, and maps engine paths to nodes', () => {
    const only = conditionNode(AGE);
    expect(toRule(groupNode('and', [only])).rule).toEqual(AGE);
    expect(toRule(groupNode('and', [only])).paths.get('')).toBe(only.id);
    const negated = conditionNode(CHURN, true);
    const inner = conditionNode(AGE);
    const sub = groupNode('or', [inner], true);
    const root = groupNode('and', [conditionNode(AGE), negated, sub]);
    const { paths } = toRule(root);
    expect(paths.get('rules[1]')).toBe(negated.id);
    expect(paths.get('rules[1].rule')).toBe(negated.id);
    expect(paths.get('rules[2].rule.rules[0]')).toBe(inner.id);
  });

  it('keeps a reference to a deleted tag or column as saved, so the engine names it on that condition', () => {
    const gone: SegmentRule = { type: 'tag', tag: 'vip_gold_old' };
    const col: SegmentRule = { type: 'attr', column: 'favourite_colour', op: '=', value: 'red' };
    const draft = fromRule({ type: 'or', rules: [gone, col] });
    const { rule, paths } = toRule(draft);
    expect(rule).toEqual({ type: 'or', rules: [gone, col] });
    expect(paths.get('rules[0]')).toBe(draft.children[0]?.id);
    expect(paths.get('rules[1]')).toBe(draft.children[1]?.id);
    // The picker shows the deleted tag, marked, rather than another tag or an empty choice.
    const tags = [['high_value', '高价值客户', 'High value']] as const;
    expect(pickOptions('vip_gold_old', tags)).toEqual([['high_value', '高价值客户', 'High value'], ['vip_gold_old', 'vip_gold_old', 'vip_gold_old', true]]);
    expect(pickOptions('high_value', tags)).toEqual([['high_value', '高价值客户', 'High value']]);
    expect(pickOptions('', tags)).toHaveLength(1);
  });

  it('adds and removes nodes anywhere in the tree', () => {
    let root = emptyDraft();
    const sub = groupNode('or');
    root = addChild(root, root.id, sub);
    const c = conditionNode(CHURN);
    root = addChild(root, sub.id, c);
    expect(toRule(root).rule).toEqual({ type: 'or', rules: [CHURN] });
    root = removeNode(root, c.id);
    expect(toRule(root).rule).toEqual({ type: 'or', rules: [] });
  });

  it('keeps a value across operators of the same shape only', () => {
    const r = withValue({ type: 'attr', column: 'age', op: '>=' }, 40);
    expect(withOp(r, '<')).toEqual({ type: 'attr', column: 'age', op: '<', value: 40 });
    expect(withOp(r, 'between')).toEqual({ type: 'attr', column: 'age', op: 'between' });
    expect(splitList('上海, 北京、 杭州；')).toEqual(['上海', '北京', '杭州']);
  });
});
