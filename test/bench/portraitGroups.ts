/** The groups the portrait bench (portrait.bench.ts) measures, in the workspace of segments.bench.ts. */
import type { GroupRef } from '#shared/api/portraitTypes.ts';

export const CHURN_GROUP: GroupRef = { kind: 'lifecycle', group: 'churn_risk' };

/** Label, group and (when not all customers) the base it is compared with. */
export const PORTRAIT_GROUPS: readonly (readonly [string, GroupRef, GroupRef?])[] = [
  ['lifecycle group 易流失客户 vs all', CHURN_GROUP],
  ['tag 高价值客户 vs all', { kind: 'tag', tag: 'high_value' }],
  ['cluster 高净值型 vs its run', { kind: 'cluster', runId: 1, cluster: 2 }, { kind: 'clusterRun', runId: 1 }],
  ['rule (AUM ≥ 5万 and age ≥ 40) vs a branch', { kind: 'rule', rule: { type: 'and', rules: [{ type: 'attr', column: 'aum_fen', op: '>=', value: 50000 }, { type: 'attr', column: 'age', op: '>=', value: 40 }] } }, { kind: 'branch', branch: '上海第1支行' }],
  ['all customers vs all', { kind: 'all' }],
];
