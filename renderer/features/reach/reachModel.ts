/**
 * The reach page as plain data: the Sankey option of a simulation (steps as nodes, flows as links, Monte-Carlo
 * intervals in the tooltip), and edits of a plan's steps from the step list. Pure, so it is tested in Node.
 */
import type { ReachChannel, ReachPlan, ReachStep, SimulationResult } from '#shared/api/reachTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

/** A node name unique per step (ECharts identifies Sankey nodes by name). */
export function nodeName(step: { readonly id: string; readonly label: string }): string {
  return step.label.startsWith(`${step.id}:`) ? step.label : `${step.label} [${step.id}]`;
}

/**
 * Sankey of a simulation: one node per step that customers reach, one link per flow with customers (the
 * deterministic count; the Monte-Carlo mean and 90 % interval in the tooltip when present).
 */
export function sankeyOption(r: SimulationResult): ECOption {
  const byId = new Map(r.steps.map((s) => [s.id, s]));
  const links = r.flows
    .filter((f) => f.count > 0)
    .map((f) => {
      const from = byId.get(f.from);
      const to = byId.get(f.to);
      const interval = f.mean !== undefined ? ` (MC ${f.mean.toFixed(1)}, 90%: ${(f.low ?? 0).toFixed(0)}–${(f.high ?? 0).toFixed(0)})` : '';
      return { source: from ? nodeName(from) : f.from, target: to ? nodeName(to) : f.to, value: f.count, tip: `${f.count}${interval}` };
    });
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  if (used.size === 0 && r.steps[0]) used.add(nodeName(r.steps[0]));
  const nodes = r.steps.filter((s) => used.has(nodeName(s))).map((s) => ({ name: nodeName(s), value: s.entered }));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const e = p as { dataType?: string; name?: string; value?: number; data?: { tip?: string; source?: string; target?: string } };
        return e.dataType === 'edge' ? `${e.data?.source ?? ''} → ${e.data?.target ?? ''}: ${e.data?.tip ?? ''}` : `${e.name ?? ''}: ${e.value ?? 0}`;
      },
    },
    series: [
      {
        type: 'sankey',
        data: nodes,
        links: links.map(({ source, target, value, tip }) => ({ source, target, value, tip })),
        nodeAlign: 'left',
        emphasis: { focus: 'adjacency' },
        label: { fontSize: 11 },
        lineStyle: { color: 'gradient', curveness: 0.5 },
      },
    ],
  };
}

/** The plan with step `id` replaced by `patch` applied to it. */
export function editStep(plan: ReachPlan, id: string, patch: Partial<Record<string, unknown>>): ReachPlan {
  return { ...plan, steps: plan.steps.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

/** A new step id not used by the plan (`send1`, `send2` …). */
export function freshId(plan: ReachPlan, prefix: string): string {
  const used = new Set(plan.steps.map((s) => s.id));
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/**
 * Inserts a send on `channel` after step `afterId` (a send or tag step): it takes over that step's `next`, so the
 * journey stays connected.
 */
export function insertSendAfter(plan: ReachPlan, afterId: string, channel: ReachChannel): ReachPlan {
  const at = plan.steps.findIndex((s) => s.id === afterId);
  const after = plan.steps[at];
  if (!after || (after.type !== 'send' && after.type !== 'tag')) return plan;
  const id = freshId(plan, 'send');
  const step: ReachStep = { id, type: 'send', channel, time: '10:00', next: after.next };
  const steps = [...plan.steps];
  steps.splice(at, 1, { ...after, next: id }, step);
  return { ...plan, steps };
}

/** Removes a send step, linking its predecessors to its `next`. Other steps are not removed. */
export function removeSend(plan: ReachPlan, id: string): ReachPlan {
  const step = plan.steps.find((s) => s.id === id);
  if (!step || step.type !== 'send') return plan;
  const relink = (t: string): string => (t === id ? step.next : t);
  const steps = plan.steps
    .filter((s) => s.id !== id)
    .map((s): ReachStep => {
      switch (s.type) {
        case 'send':
        case 'tag':
          return { ...s, next: relink(s.next) };
        case 'wait':
          return { ...s, next: relink(s.next), timeout: relink(s.timeout), ...(s.branches ? { branches: s.branches.map((b) => ({ ...b, next: relink(b.next) })) } : {}) };
        default:
          return s;
      }
    });
  return { ...plan, start: relink(plan.start), steps };
}
