import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '#shared/api/reachTypes.ts';
import { checkPlan, firstLoanTemplate } from '#shared/reach/planModel.ts';
import { editStep, insertSendAfter, nodeName, removeSend, sankeyOption } from './reachModel.ts';

const result: SimulationResult = {
  planKey: 'P',
  asOfDate: '2024-06-30',
  mode: 'monte_carlo',
  runs: 10,
  seed: 1,
  tagRunId: 1,
  entry: 10,
  holdout: 1,
  steps: [
    { id: 'a', type: 'send', label: 'APP推送', entered: 10, dropped: 1, droppedByReason: { cap: 1 } },
    { id: 'w', type: 'wait', label: '等待', entered: 9, dropped: 0, droppedByReason: {} },
    { id: 'yes', type: 'exit', label: '打开', entered: 4, dropped: 0, droppedByReason: {} },
    { id: 'no', type: 'exit', label: '未打开', entered: 5, dropped: 0, droppedByReason: {} },
    { id: 'never', type: 'exit', label: '无人', entered: 0, dropped: 0, droppedByReason: {} },
  ],
  flows: [
    { from: 'a', to: 'w', count: 9, mean: 8.8, low: 8, high: 10 },
    { from: 'w', to: 'yes', count: 4, mean: 4.1, low: 2, high: 6 },
    { from: 'w', to: 'no', count: 5, mean: 4.7, low: 3, high: 7 },
    { from: 'w', to: 'never', count: 0, mean: 0, low: 0, high: 0 },
  ],
  sends: { push: 9 },
  ms: 1,
};

describe('sankeyOption', () => {
  it('draws the steps customers reach and the flows with customers', () => {
    const o = sankeyOption(result) as { series: { data: { name: string; value: number }[]; links: { source: string; target: string; value: number; tip: string }[] }[] };
    const s = o.series[0];
    expect(s?.data.map((d) => d.name)).toEqual(['APP推送 [a]', '等待 [w]', '打开 [yes]', '未打开 [no]']);
    expect(s?.links).toHaveLength(3);
    expect(s?.links[0]).toMatchObject({ source: 'APP推送 [a]', target: '等待 [w]', value: 9 });
    expect(s?.links[0]?.tip).toContain('8–10');
  });

  it('keeps generated labels that already name the step', () => {
    expect(nodeName({ id: 'x', label: 'x: send sms' })).toBe('x: send sms');
  });
});

describe('plan edits', () => {
  const ctx = { knownTags: null, quietHours: null };
  it('inserts and removes a send while keeping the journey valid', () => {
    const plan = firstLoanTemplate();
    const more = insertSendAfter(plan, 'sms', 'call');
    expect(more.steps).toHaveLength(plan.steps.length + 1);
    expect(checkPlan(more, ctx).problems).toEqual([]);
    const back = removeSend(more, 'send1');
    expect(back.steps.map((s) => s.id)).toEqual(plan.steps.map((s) => s.id));
    expect(checkPlan(back, ctx).problems).toEqual([]);
    const noPush = removeSend(plan, 'push1');
    expect(noPush.start).toBe('wait1');
    expect(checkPlan(noPush, ctx).problems).toEqual([]);
  });

  it('edits one step', () => {
    const p = editStep(firstLoanTemplate(), 'wait1', { days: 3 });
    expect(p.steps.find((s) => s.id === 'wait1')).toMatchObject({ days: 3 });
  });
});
