/**
 * Replays customers through a reach plan with their shrunk channel propensities. At a send a customer is dropped
 * when every past message on the channel failed (unreachable) or when the send would break the frequency cap;
 * at a wait each message sent since the previous wait is answered with probability rate × share of answers
 * reaching the awaited action. Deterministic replay draws each answer from a hash of (plan, wait, send, ONE_ID),
 * so the same data always gives the same customers at every step (the sizes step exports reproduce); Monte Carlo
 * draws from the job's seeded generator over many runs for intervals. Every customer entering a step leaves it
 * on exactly one edge or is dropped there, so entered = Σ outgoing + dropped holds at every step by construction.
 */
import type { ChannelPrior, ReachAction, ReachPlan, SimFlow, SimStep } from '#shared/api/reachTypes.ts';
import { hash53 } from '#shared/identity/hash53.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { stepLabel, targetsOf } from './planModel.ts';
import { CHANNEL_COUNT, channelIndex } from './touchHistory.ts';

/** Propensities of the entrants, row i = `oneIds[i]`, flat at `i * CHANNEL_COUNT + channel`. */
export interface SimInput {
  readonly oneIds: readonly string[];
  readonly rates: Float32Array;
  /** 1 when every past message on the channel failed to be delivered. */
  readonly unreachable: Uint8Array;
  /** Sends (all channels) in the plan's frequency-cap window before the as-of date, counted against the cap. */
  readonly recent: Uint16Array;
  readonly priors: readonly ChannelPrior[];
}

interface Compiled {
  readonly plan: ReachPlan;
  readonly start: number;
  readonly type: readonly string[];
  readonly channel: Int8Array;
  readonly next: Int32Array;
  readonly timeout: Int32Array;
  readonly days: Int32Array;
  readonly action: readonly ReachAction[];
  readonly branches: readonly (readonly [number, number])[][];
  /** Edge index of (from, to) at `from * steps + to`, −1 when there is no such edge. */
  readonly edge: Int32Array;
  readonly edges: readonly (readonly [number, number])[];
  readonly idHash: readonly string[];
}

function compile(plan: ReachPlan): Compiled {
  const index = new Map(plan.steps.map((s, i) => [s.id, i]));
  const at = (id: string): number => index.get(id) ?? -1;
  const n = plan.steps.length;
  const channel = new Int8Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const timeout = new Int32Array(n).fill(-1);
  const days = new Int32Array(n);
  const action: ReachAction[] = [];
  const branches: [number, number][][] = [];
  // A dense table rather than a Map: looked up on every hop of every customer of every Monte-Carlo run.
  const edge = new Int32Array(n * n).fill(-1);
  const edges: [number, number][] = [];
  plan.steps.forEach((s, i) => {
    action.push(s.type === 'wait' ? s.action : 'open');
    branches.push(s.type === 'wait' ? (s.branches ?? []).map((b) => [channelIndex(b.channel), at(b.next)] as [number, number]) : []);
    if (s.type === 'send') {
      channel[i] = channelIndex(s.channel);
      next[i] = at(s.next);
    } else if (s.type === 'tag') next[i] = at(s.next);
    else if (s.type === 'wait') {
      next[i] = at(s.next);
      timeout[i] = at(s.timeout);
      days[i] = s.days;
    }
    for (const t of targetsOf(s)) {
      const j = at(t);
      const key = i * n + j;
      if (j >= 0 && edge[key] === -1) {
        edge[key] = edges.length;
        edges.push([i, j]);
      }
    }
  });
  return { plan, start: at(plan.start), type: plan.steps.map((s) => s.type), channel, next, timeout, days, action, branches, edge, edges, idHash: plan.steps.map((s) => `${plan.key}\u001f${s.id}`) };
}

/** Counts of one replay. */
export interface ReplayCounts {
  readonly entered: Float64Array;
  readonly droppedCap: Float64Array;
  readonly droppedUnreachable: Float64Array;
  readonly flows: Float64Array;
  readonly sends: Float64Array;
}

/** A uniform draw in [0, 1) for customer i answering send `send` at wait `wait`. */
type Draw = (i: number, wait: number, send: number) => number;

function replay(c: Compiled, input: SimInput, draw: Draw, members: number[][] | null): ReplayCounts {
  const n = c.type.length;
  const out: ReplayCounts = {
    entered: new Float64Array(n),
    droppedCap: new Float64Array(n),
    droppedUnreachable: new Float64Array(n),
    flows: new Float64Array(c.edges.length),
    sends: new Float64Array(CHANNEL_COUNT),
  };
  const cap = c.plan.frequencyCap;
  const share = input.priors.map((p) => p.actionShare);
  const pending: number[] = [];
  const answered = new Uint8Array(CHANNEL_COUNT);
  for (let i = 0; i < input.oneIds.length; i++) {
    let s = c.start;
    let sends = 0;
    pending.length = 0;
    for (let guard = 0; guard <= n && s >= 0; guard++) {
      out.entered[s] = (out.entered[s] ?? 0) + 1;
      members?.[s]?.push(i);
      const type = c.type[s];
      let to = -1;
      if (type === 'send') {
        const ch = c.channel[s] ?? 0;
        if (input.unreachable[i * CHANNEL_COUNT + ch] === 1) {
          out.droppedUnreachable[s] = (out.droppedUnreachable[s] ?? 0) + 1;
          break;
        }
        if (cap && (input.recent[i] ?? 0) + sends + 1 > cap.max) {
          out.droppedCap[s] = (out.droppedCap[s] ?? 0) + 1;
          break;
        }
        sends++;
        out.sends[ch] = (out.sends[ch] ?? 0) + 1;
        pending.push(s);
        to = c.next[s] ?? -1;
      } else if (type === 'wait') {
        answered.fill(0);
        let any = false;
        const act = c.action[s] ?? 'open';
        for (const p of pending) {
          const ch = c.channel[p] ?? 0;
          const prob = (input.rates[i * CHANNEL_COUNT + ch] ?? 0) * (share[ch]?.[act] ?? 1);
          if (draw(i, s, p) < prob) {
            answered[ch] = 1;
            any = true;
          }
        }
        pending.length = 0;
        to = c.timeout[s] ?? -1;
        if (any) {
          to = c.next[s] ?? -1;
          for (const [ch, target] of c.branches[s] ?? []) {
            if (answered[ch] === 1) {
              to = target;
              break;
            }
          }
        }
      } else if (type === 'tag') to = c.next[s] ?? -1;
      if (to < 0) break;
      const e = c.edge[s * n + to] ?? -1;
      if (e >= 0) out.flows[e] = (out.flows[e] ?? 0) + 1;
      s = to;
    }
  }
  return out;
}

/** The fixed draw of deterministic replay: a hash of plan key, wait step, send step and ONE_ID in [0, 1). */
function hashDraw(c: Compiled, oneIds: readonly string[]): Draw {
  return (i, wait, send) => hash53(`${c.idHash[wait] ?? ''}\u001f${c.idHash[send] ?? ''}\u001f${oneIds[i] ?? ''}`) / 9007199254740992;
}

export interface DeterministicReplay {
  readonly counts: ReplayCounts;
  /** Entrant row indexes reaching each step (in plan step order), ascending. */
  readonly members: readonly (readonly number[])[];
}

/** Deterministic replay with the members of every step. */
export function replayDeterministic(plan: ReachPlan, input: SimInput): DeterministicReplay {
  const c = compile(plan);
  const members = plan.steps.map(() => [] as number[]);
  const counts = replay(c, input, hashDraw(c, input.oneIds), members);
  return { counts, members };
}

export interface MonteCarloSummary {
  readonly mean: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

function summarize(samples: readonly Float64Array[], width: number): MonteCarloSummary {
  const mean = new Float64Array(width);
  const low = new Float64Array(width);
  const high = new Float64Array(width);
  const col = new Float64Array(samples.length);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    samples.forEach((s, r) => {
      col[r] = s[j] ?? 0;
      sum += s[j] ?? 0;
    });
    col.sort();
    mean[j] = sum / Math.max(1, samples.length);
    low[j] = quantile(col, 0.05);
    high[j] = quantile(col, 0.95);
  }
  return { mean, low, high };
}

/** Seeded Monte-Carlo replays: mean and 5th/95th percentiles of step sizes and flows over `runs` replays. */
export async function replayMonteCarlo(plan: ReachPlan, input: SimInput, runs: number, seed: number, ctx: JobContext): Promise<{ steps: MonteCarloSummary; flows: MonteCarloSummary }> {
  const c = compile(plan);
  const rng = createRandom(seed);
  const steps: Float64Array[] = [];
  const flows: Float64Array[] = [];
  for (let r = 0; r < runs; r++) {
    const counts = replay(c, input, () => rng.next(), null);
    steps.push(counts.entered);
    flows.push(counts.flows);
    ctx.progress('reach.simulate', r + 1, runs);
    await ctx.checkpoint();
  }
  return { steps: summarize(steps, c.type.length), flows: summarize(flows, c.edges.length) };
}

/** Step rows and flows of a deterministic replay, with Monte-Carlo intervals when given. */
export function describeReplay(plan: ReachPlan, counts: ReplayCounts, mc: { steps: MonteCarloSummary; flows: MonteCarloSummary } | null): { steps: SimStep[]; flows: SimFlow[] } {
  const c = compile(plan);
  const steps: SimStep[] = plan.steps.map((s, i) => {
    const cap = counts.droppedCap[i] ?? 0;
    const unreachable = counts.droppedUnreachable[i] ?? 0;
    const droppedByReason: Partial<Record<'cap' | 'unreachable', number>> = {};
    if (cap > 0) droppedByReason.cap = cap;
    if (unreachable > 0) droppedByReason.unreachable = unreachable;
    const base: SimStep = { id: s.id, type: s.type, label: stepLabel(s), entered: counts.entered[i] ?? 0, dropped: cap + unreachable, droppedByReason };
    return mc ? { ...base, mean: mc.steps.mean[i] ?? 0, low: mc.steps.low[i] ?? 0, high: mc.steps.high[i] ?? 0 } : base;
  });
  const flows: SimFlow[] = c.edges.map(([from, to], e) => {
    const base: SimFlow = { from: plan.steps[from]?.id ?? '', to: plan.steps[to]?.id ?? '', count: counts.flows[e] ?? 0 };
    return mc ? { ...base, mean: mc.flows.mean[e] ?? 0, low: mc.flows.low[e] ?? 0, high: mc.flows.high[e] ?? 0 } : base;
  });
  return { steps, flows };
}
