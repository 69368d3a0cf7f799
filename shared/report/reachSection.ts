/**
 * 触达策略 section of the meeting pack: the reach plans saved in the workspace (a plan is saved when one of its
 * steps is exported), newest first, each with its steps and the simulated step counts as a Sankey.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReachPlan, SimulationResult } from '#shared/api/reachTypes.ts';
import { fmtInt, fmtPct, type ReportBlock, type ReportSection, type SectionKit } from './reportModel.ts';
import { sankeyOption } from './sectionCharts.ts';

/** Plans drawn at most: the pack is for a meeting, and each plan takes a page. */
const MAX_PLANS = 3;

const STEP_TYPE: Readonly<Record<string, readonly [string, string]>> = {
  send: ['发送', 'Send'],
  wait: ['等待', 'Wait'],
  tag: ['打标签', 'Tag'],
  exit: ['结束', 'Exit'],
  handover: ['移交', 'Hand over'],
};

function savedPlans(kit: SectionKit): ReachPlan[] {
  return kit.db.all<{ plan: string }>('SELECT plan FROM reach_plan ORDER BY updated_at DESC, plan_key LIMIT ?', [MAX_PLANS]).map((r) => JSON.parse(r.plan) as ReachPlan);
}

function planBlocks(kit: SectionKit, plan: ReachPlan, sim: SimulationResult): ReportBlock[] {
  const t = kit.t.bind(kit);
  const sends = Object.values(sim.sends).reduce((a, n) => a + (n ?? 0), 0);
  return [
    {
      kind: 'kpis',
      items: [
        { label: t('计划', 'Plan'), value: plan.name },
        { label: t('进入人数', 'Entrants'), value: fmtInt(sim.entry) },
        { label: t('对照组', 'Holdout'), value: fmtInt(sim.holdout) },
        { label: t('模拟发送条数', 'Simulated sends'), value: fmtInt(sends) },
      ],
    },
    {
      kind: 'chart',
      title: `${plan.name} · ${t('模拟触达路径（按历史回放的人数）', 'simulated reach flow (customers, replayed on history)')}`,
      option: sankeyOption(sim.steps, sim.flows),
      height: Math.max(260, 40 * sim.steps.length),
    },
    {
      kind: 'table',
      caption: `${plan.name} · ${t('计划步骤与模拟人数', 'plan steps and simulated counts')}`,
      columns: [t('步骤', 'Step'), t('类型', 'Type'), t('到达', 'Reached'), t('占进入', 'Of entrants'), t('未继续', 'Dropped')],
      rows: sim.steps.map((s) => {
        const type = STEP_TYPE[s.type];
        return [s.label, type ? t(type[0], type[1]) : s.type, s.entered, fmtPct(sim.entry > 0 ? s.entered / sim.entry : 0), s.dropped];
      }),
    },
  ];
}

export const reachSection: ReportSection = {
  key: 'reach',
  zh: '触达策略',
  en: 'Reach plan',
  missing: { zh: '无：尚未保存触达计划（导出计划的任一步骤即保存该计划）。', en: 'None: no reach plan saved yet (exporting any step of a plan saves it).' },
  available: (kit) => Number(kit.db.value('SELECT COUNT(*) FROM reach_plan') ?? 0) > 0,
  async build(kit) {
    const t = kit.t.bind(kit);
    const blocks: ReportBlock[] = [
      { kind: 'text', text: t('人数为按历史触达习惯的确定性回放（每位客户一个固定结果），与各步骤导出的人数一致。', 'Counts are the deterministic replay on touch history (one fixed outcome per customer), the sizes the step exports use.') },
    ];
    for (const plan of savedPlans(kit)) {
      await kit.ctx.checkpoint();
      try {
        blocks.push(...planBlocks(kit, plan, await kit.call('reach.simulate', { plan, mode: 'deterministic' })));
      } catch (e) {
        // A plan saved last month may no longer run (a tag removed, no habit run yet): say so, keep the pack.
        if (!(e instanceof ExpectedError)) throw e;
        blocks.push({ kind: 'note', text: `${plan.name}: ${t('无法模拟', 'cannot be simulated')} — ${e.message}` });
      }
    }
    return blocks;
  },
};
