/**
 * The rule tree as the builder edits it: every node has a stable id (React keys, focus), groups and conditions
 * can be negated in place, and a condition may be half-filled while the analyst types. `toRule` turns a draft
 * into the engine's rule JSON (the engine reports what is missing or wrong, with paths) and a map from each
 * path back to its node, so problems are shown on the node they concern. Pure: unit-tested in Node.
 */
import type { AttrOp, AttrRule, BehaviorRule, BehaviorSource, ConditionRule, CountOp, RuleValue, SegmentRule } from '#shared/api/segmentTypes.ts';

export type ConditionKind = ConditionRule['type'];

export interface DraftCondition {
  readonly id: string;
  readonly kind: 'condition';
  readonly negate: boolean;
  readonly rule: ConditionRule;
}

export interface DraftGroup {
  readonly id: string;
  readonly kind: 'group';
  readonly op: 'and' | 'or';
  readonly negate: boolean;
  readonly children: readonly DraftNode[];
}

export type DraftNode = DraftCondition | DraftGroup;

let seq = 0;
export function newId(): string {
  seq += 1;
  return `n${seq}`;
}

/** A fresh condition of a kind, with defaults the analyst then changes. */
export function blankCondition(kind: ConditionKind, firstColumn = 'age'): ConditionRule {
  switch (kind) {
    case 'attr':
      return { type: 'attr', column: firstColumn, op: '>=' };
    case 'tag':
      return { type: 'tag', tag: '' };
    case 'lifecycle':
      return { type: 'lifecycle', group: '' };
    case 'cluster':
      return { type: 'cluster', clusters: [] };
    case 'selection':
      return { type: 'selection', selection: 0 };
    case 'segment':
      return { type: 'segment', segment: 0 };
    case 'behavior':
      return { type: 'behavior', source: 'events', where: {}, days: 30, measure: 'count', op: '>=', value: 1 };
  }
}

export function emptyDraft(): DraftGroup {
  return { id: newId(), kind: 'group', op: 'and', negate: false, children: [] };
}

export function conditionNode(rule: ConditionRule, negate = false): DraftCondition {
  return { id: newId(), kind: 'condition', negate, rule };
}

export function groupNode(op: 'and' | 'or', children: readonly DraftNode[] = [], negate = false): DraftGroup {
  return { id: newId(), kind: 'group', op, negate, children };
}

/** A saved rule back into a draft (NOT nodes become the negate flag of what they wrap). */
export function fromRule(rule: SegmentRule): DraftGroup {
  const node = (r: SegmentRule, negate: boolean): DraftNode => {
    if (r.type === 'not') return node(r.rule, !negate);
    if (r.type === 'and' || r.type === 'or') return groupNode(r.type, r.rules.map((c) => node(c, false)), negate);
    return conditionNode(r, negate);
  };
  const root = node(rule, false);
  return root.kind === 'group' ? root : groupNode('and', [root]);
}

export interface ConvertedRule {
  readonly rule: SegmentRule;
  /** Engine problem paths → the node they concern. */
  readonly paths: ReadonlyMap<string, string>;
}

/**
 * The engine rule of a draft. A root group with one child stands for that child (no needless brackets in the
 * read-back); negation wraps a node in `{type: "not"}`. An empty root is an empty AND, which the engine reports.
 */
export function toRule(root: DraftGroup): ConvertedRule {
  const paths = new Map<string, string>();
  const walk = (n: DraftNode, path: string): SegmentRule => {
    paths.set(path, n.id);
    const inner = n.negate ? `${path ? `${path}.` : ''}rule` : path;
    if (n.negate) paths.set(inner, n.id);
    let body: SegmentRule;
    if (n.kind === 'condition') body = n.rule;
    else body = { type: n.op, rules: n.children.map((c, i) => walk(c, `${inner ? `${inner}.` : ''}rules[${i}]`)) };
    return n.negate ? { type: 'not', rule: body } : body;
  };
  const only = root.children[0];
  if (root.children.length === 1 && only && !root.negate) {
    const rule = walk(only, '');
    paths.set('', only.id);
    return { rule, paths };
  }
  return { rule: walk(root, ''), paths };
}

/** Applies `fn` to the node with `id` (anywhere in the tree); returns a new tree. */
export function updateNode(root: DraftGroup, id: string, fn: (n: DraftNode) => DraftNode): DraftGroup {
  const visit = (n: DraftNode): DraftNode => {
    if (n.id === id) return fn(n);
    if (n.kind === 'group') return { ...n, children: n.children.map(visit) };
    return n;
  };
  return visit(root) as DraftGroup;
}

export function removeNode(root: DraftGroup, id: string): DraftGroup {
  const visit = (g: DraftGroup): DraftGroup => ({
    ...g,
    children: g.children.filter((c) => c.id !== id).map((c) => (c.kind === 'group' ? visit(c) : c)),
  });
  return visit(root);
}

export function addChild(root: DraftGroup, groupId: string, child: DraftNode): DraftGroup {
  return updateNode(root, groupId, (n) => (n.kind === 'group' ? { ...n, children: [...n.children, child] } : n));
}

export function setCondition(root: DraftGroup, id: string, rule: ConditionRule): DraftGroup {
  return updateNode(root, id, (n) => (n.kind === 'condition' ? { ...n, rule } : n));
}

/** Operators whose value is a list, a pair, a number of days, or nothing. */
export function valueShape(op: AttrOp): 'none' | 'list' | 'pair' | 'days' | 'one' {
  if (op === 'is_null' || op === 'not_null') return 'none';
  if (op === 'in' || op === 'not_in') return 'list';
  if (op === 'between') return 'pair';
  if (op === 'within_days') return 'days';
  return 'one';
}

/** Keeps the value when it still fits a new operator, else clears it. */
export function withOp(rule: AttrRule, op: AttrOp): AttrRule {
  const before = valueShape(rule.op);
  const after = valueShape(op);
  const { value, ...rest } = rule;
  return before === after && value !== undefined ? { ...rest, op, value } : { ...rest, op };
}

export function withValue(rule: AttrRule, value: RuleValue | undefined): AttrRule {
  const { value: _old, ...rest } = rule;
  return value === undefined ? rest : { ...rest, value };
}

export function withSource(rule: BehaviorRule, source: BehaviorSource): BehaviorRule {
  return { ...rule, source, where: {} };
}

export function withCount(rule: BehaviorRule, op: CountOp, value: number | readonly [number, number]): BehaviorRule {
  return { ...rule, op, value };
}

/** Splits comma- or 、-separated input into trimmed non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Counts conditions in a draft (the UI disables counting an empty rule). */
export function conditionCount(root: DraftNode): number {
  return root.kind === 'condition' ? 1 : root.children.reduce((t, c) => t + conditionCount(c), 0);
}

/** A choice in a picker: value, Chinese label, English label, and whether it no longer exists in the workspace. */
export type PickOption = readonly [value: string, zh: string, en: string, missing?: boolean];

/**
 * The options of a picker for `value`: the catalogue's, plus the value itself marked missing when a saved rule
 * refers to a tag, column or group the workspace no longer has — so the picker shows what the rule says (next
 * to the engine's message) instead of silently showing another choice.
 */
export function pickOptions(value: string, options: readonly (readonly [string, string, string])[]): PickOption[] {
  const out: PickOption[] = options.map(([v, zh, en]) => [v, zh, en]);
  if (value !== '' && !options.some(([v]) => v === value)) out.push([value, value, value, true]);
  return out;
}
