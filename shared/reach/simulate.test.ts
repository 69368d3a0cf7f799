import { describe, expect, it } from 'vitest';
import { REACH_CHANNELS, type ChannelPrior, type ReachPlan } from '#shared/api/reachTypes.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { firstLoanTemplate } from './planModel.ts';
import { describeReplay, replayDeterministic, replayMonteCarlo, type SimInput } from './simulate.ts';
import { CHANNEL_COUNT, channelIndex } from './touchHistory.ts';

const priors: ChannelPrior[] = REACH_CHANNELS.map((channel) => ({
  channel,
  alpha: 1,
  beta: 3,
  mean: 0.25,
  customers: 0,
  messages: 0,
  responses: 0,
  actionShare: { open: 1, click: 0.5, login: 0.4, convert: 0.1 },
}));

/** n customers: a third answer push, a third WeChat, a third nothing; every tenth never got an SMS delivered. */
function input(n: number, recent = 0): SimInput {
  const rates = new Float32Array(n * CHANNEL_COUNT).fill(0.02);
  const unreachable = new Uint8Array(n * CHANNEL_COUNT);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) rates[i * CHANNEL_COUNT + channelIndex('push')] = 0.9;
    if (i % 3 === 1) rates[i * CHANNEL_COUNT + channelIndex('wechat')] = 0.9;
    if (i % 10 === 9) unreachable[i * CHANNEL_COUNT + channelIndex('sms')] = 1;
  }
  return { oneIds: Array.from({ length: n }, (_, i) => `P${String(i).padStart(6, '0')}`), rates, unreachable, recent: new Uint16Array(n).fill(recent), priors };
}

function conserved(plan: ReachPlan, r: ReturnType<typeof replayDeterministic>['counts']): void {
  const { steps, flows } = describeReplay(plan, r, null);
  for (const s of steps) {
    const out = flows.filter((f) => f.from === s.id).reduce((a, f) => a + f.count, 0);
    const incoming = flows.filter((f) => f.to === s.id).reduce((a, f) => a + f.count, 0);
    if (s.id !== plan.start) expect(s.entered, `into ${s.id}`).toBe(incoming);
    if (s.type === 'exit' || s.type === 'handover') expect(out).toBe(0);
    else expect(s.entered, `step ${s.id}: entered = outgoing + dropped`).toBe(out + s.dropped);
  }
}

describe('replayDeterministic', () => {
  it('conserves customers at every branch and sends WeChat openers to the WeChat tag', () => {
    const plan = firstLoanTemplate();
    const { counts, members } = replayDeterministic(plan, input(3000));
    conserved(plan, counts);
    const { steps } = describeReplay(plan, counts, null);
    const size = (id: string): number => steps.find((s) => s.id === id)?.entered ?? -1;
    expect(size('push1')).toBe(3000);
    // Push answerers (a third, at 0.9) mostly open at once; WeChat answerers reach the WeChat tag.
    expect(size('opened')).toBeGreaterThan(900);
    expect(size('tagWechat')).toBeGreaterThan(700);
    expect(size('tagLost')).toBeGreaterThan(700);
    // Every tenth customer's SMS never arrived: dropped at the SMS step as unreachable.
    expect(steps.find((s) => s.id === 'sms')?.droppedByReason.unreachable).toBeGreaterThan(100);
    expect(members[plan.steps.findIndex((s) => s.id === 'tagWechat')]?.length).toBe(size('tagWechat'));
    // The same data gives the same customers.
    expect(replayDeterministic(plan, input(3000)).members).toEqual(members);
  });

  it('drops customers at the send that would break the frequency cap', () => {
    const plan: ReachPlan = { ...firstLoanTemplate(), frequencyCap: { max: 3, days: 30 } };
    const { counts } = replayDeterministic(plan, input(600, 1));
    conserved(plan, counts);
    const { steps } = describeReplay(plan, counts, null);
    // One recent touch + push1 + push2 = 3: the SMS would be the fourth.
    const sms = steps.find((s) => s.id === 'sms');
    // Unreachable is checked first; everyone else at the SMS step is over the cap.
    expect(sms?.droppedByReason.cap).toBeGreaterThan(0);
    expect((sms?.droppedByReason.cap ?? 0) + (sms?.droppedByReason.unreachable ?? 0)).toBe(sms?.entered);
    expect(steps.find((s) => s.id === 'wechat')?.entered).toBe(0);
  });
});

describe('replayMonteCarlo', () => {
  it('gives intervals around the deterministic sizes, reproducibly for a seed', async () => {
    const plan = firstLoanTemplate();
    const data = input(2000);
    const ctx = createJobContext({});
    const a = await replayMonteCarlo(plan, data, 60, 5, ctx);
    const b = await replayMonteCarlo(plan, data, 60, 5, ctx);
    expect(Array.from(a.steps.mean)).toEqual(Array.from(b.steps.mean));
    const det = replayDeterministic(plan, data).counts.entered;
    plan.steps.forEach((s, i) => {
      const lo = a.steps.low[i] ?? 0;
      const hi = a.steps.high[i] ?? 0;
      expect(lo).toBeLessThanOrEqual(hi);
      // The deterministic draw is one more sample of the same process: within a generous band of the MC spread.
      expect(Math.abs((det[i] ?? 0) - (a.steps.mean[i] ?? 0)), s.id).toBeLessThanOrEqual(Math.max(15, 3 * (hi - lo)));
    });
  });
});
