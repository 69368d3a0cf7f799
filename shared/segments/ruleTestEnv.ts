/** Test support (not used by the engine): a rule environment built by hand, without a workspace. */
import { PROFILE_COLUMNS, type ProfileColumn } from '#shared/profile/profileSchema.ts';
import type { RuleEnv } from './ruleEnv.ts';

export function handEnv(over: Partial<RuleEnv> = {}): RuleEnv {
  const columns = new Map<string, ProfileColumn>(PROFILE_COLUMNS.filter((c) => !c.pii && c.name !== 'one_id' && c.name !== 'tenure_months').map((c) => [c.name, c]));
  const lifecycle = new Map([['churn_risk', { key: 'churn_risk', zh: '易流失客户', en: 'Churn risk', family: 'lifecycle' }]]);
  const tags = new Map([...lifecycle, ['high_value', { key: 'high_value', zh: '高价值客户', en: 'High value', family: 'value' }]]);
  return {
    profileBuilt: true,
    columns,
    absentColumns: new Set(['tenure_months']),
    tags,
    lifecycle,
    clusterRuns: new Map([[3, { runId: 3, createdAt: '2024-07-01', clusters: new Map([[1, { name: '稳健理财型', nameEn: 'Steady savers', size: 10 }]]) }]]),
    latestClusterRun: 3,
    selections: new Map([
      [4, { selectionId: 4, runId: 3, label: '选区 · 运行 3', members: 6, customers: true, createdAt: '2024-07-02' }],
      [5, { selectionId: 5, runId: 9, label: '交易选区', members: 2, customers: false, createdAt: '2024-07-02' }],
    ]),
    segments: new Map([
      [7, { segmentId: 7, name: '高净值', ruleJson: '{"type":"attr","column":"aum_fen","op":">=","value":1000000}', version: 2, count: 5 }],
      [8, { segmentId: 8, name: '派生', ruleJson: '{"type":"segment","segment":7}', version: 1, count: 3 }],
    ]),
    segmentByName: new Map([
      ['高净值', 7],
      ['派生', 8],
    ]),
    asOfDate: '2024-06-30',
    ...over,
  };
}
