/**
 * `kequn reach`: channel habit tags and plan simulation from the command line.
 * - `kequn reach tags --workspace WS [--json]` computes the habit tags into customer_tag and saves.
 * - `kequn reach simulate --workspace WS --plan PLAN.json [--monte-carlo N] [--seed S] [--json]` prints the
 *   deterministic step counts (with Monte-Carlo intervals on request); the habit tags are computed first when the
 *   workspace has none. `--plan template` simulates the built-in first-loan journey; `--compare PLAN2.json`
 *   replays a second plan on the same data and prints the outcome steps side by side.
 * - `kequn reach template` prints the first-loan template as JSON (a starting point for a plan file).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReachPlan } from '#shared/api/reachTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface ReachCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const REACH_USAGE = `  kequn reach tags --workspace WS [--json]
  kequn reach simulate --workspace WS --plan PLAN.json|template [--compare PLAN2.json] [--monte-carlo RUNS] [--seed S] [--json]
  kequn reach template
`;

async function open(values: Record<string, unknown>, kit: ReachCliKit): Promise<{ engine: Engine; path: string }> {
  const ws = values.workspace;
  if (typeof ws !== 'string' || ws === '') throw kit.usage('--workspace is required');
  const path = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: path }));
  await kit.openWorkspace(engine, path, false);
  return { engine, path };
}

async function readPlan(engine: Engine, arg: string): Promise<unknown> {
  if (arg === 'template') return engine.call('reach.template', {});
  let text: string;
  try {
    text = await readFile(resolve(arg), 'utf8');
  } catch (e) {
    throw new ExpectedError('FILE_UNREADABLE', `Cannot read the plan file ${arg}: ${e instanceof Error ? e.message : String(e)}`, { file: arg });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new ExpectedError('BAD_ARGUMENT', `The plan file ${arg} is not JSON: ${e instanceof Error ? e.message : String(e)}`, { file: arg });
  }
}

async function tags(args: readonly string[], kit: ReachCliKit): Promise<void> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...args], options: { workspace: { type: 'string' }, json: { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  const { engine } = await open(values, kit);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r;
  try {
    r = await engine.call('reach.tags', {}, job.options);
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    kit.out(`${JSON.stringify(r)}\n`);
    return;
  }
  kit.out(`reach habit run ${r.runId} (as of ${r.asOfDate}): ${r.customersWithHistory} customers with touch history, ${r.touchRows} touch rows (${r.unownedRows} without a customer, ${r.unknownChannelRows + r.unknownActionRows} with an unknown channel/action)\n\nChannel priors (beta-binomial, empirical Bayes)\n`);
  kit.out(formatTable(['channel', 'mean rate', 'alpha', 'beta', 'customers', 'messages', 'responses'], r.priors.filter((p) => p.messages > 0).map((p) => [p.channel, p.mean.toFixed(3), p.alpha.toFixed(2), p.beta.toFixed(2), p.customers, p.messages, p.responses])));
  const summary = await engine.call('reach.summary', {});
  kit.out('\nTags\n');
  kit.out(formatTable(['tag', '名称', 'customers'], summary.tags.map((t) => [t.tag, t.zh, t.members])));
}

async function simulate(args: readonly string[], kit: ReachCliKit): Promise<void> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...args],
      options: { workspace: { type: 'string' }, plan: { type: 'string' }, compare: { type: 'string' }, 'monte-carlo': { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  if (typeof values.plan !== 'string' || values.plan === '') throw kit.usage('--plan is required (a plan JSON file, or "template")');
  const runsText = values['monte-carlo'];
  const runs = typeof runsText === 'string' ? Number(runsText) : undefined;
  if (runs !== undefined && !Number.isInteger(runs)) throw kit.usage(`--monte-carlo must be an integer, got "${String(runsText)}"`);
  const seedText = values.seed;
  const seed = typeof seedText === 'string' ? Number(seedText) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw kit.usage(`--seed must be an integer, got "${String(seedText)}"`);
  const { engine } = await open(values, kit);
  const plan = await readPlan(engine, values.plan);
  const other = typeof values.compare === 'string' && values.compare !== '' ? await readPlan(engine, values.compare) : null;
  for (const [name, p] of [[values.plan, plan], ...(other === null ? [] : [[String(values.compare), other] as const])] as const) {
    const { problems } = await engine.call('reach.validate', { plan: p });
    if (problems.length > 0) {
      throw new ExpectedError('BAD_ARGUMENT', `the plan ${name} has ${problems.length} problem(s):\n${problems.map((x) => `  ${x.path || '(plan)'}: ${x.message} ${x.zh}`).join('\n')}`, { problems: problems.length });
    }
  }
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r;
  try {
    if ((await engine.call('reach.summary', {})).run === null) {
      await engine.call('reach.tags', {}, job.options);
      await engine.call('workspace.save', {});
    }
    const options = seed === undefined ? job.options : { ...job.options, seed };
    if (other !== null) {
      const cmp = await engine.call('reach.compare', { a: plan as ReachPlan, b: other as ReachPlan }, options);
      if (values.json) kit.out(`${JSON.stringify(cmp)}\n`);
      else {
        kit.out(`plan A ${cmp.a.planKey} (${cmp.sendsA} sends) vs plan B ${cmp.b.planKey} (${cmp.sendsB} sends), ${cmp.a.entry} customers enter\n\n`);
        kit.out(formatTable(['outcome step', 'label', 'A', 'B'], cmp.outcomes.map((o) => [o.step, o.label, o.a, o.b])));
      }
      return;
    }
    r = await engine.call('reach.simulate', { plan: plan as ReachPlan, ...(runs !== undefined ? { mode: 'monte_carlo' as const, runs } : {}) }, options);
  } finally {
    job.dispose();
  }
  if (values.json) {
    kit.out(`${JSON.stringify(r)}\n`);
    return;
  }
  kit.out(`plan ${r.planKey}: ${r.entry} customers enter (as of ${r.asOfDate}, habit run ${r.tagRunId}${r.holdout > 0 ? `, about ${r.holdout} held out as control` : ''})\n\n`);
  const mc = r.mode === 'monte_carlo';
  kit.out(
    formatTable(
      ['step', 'type', 'label', 'customers', 'dropped', ...(mc ? ['MC mean', '90% interval'] : [])],
      r.steps.map((s) => [
        s.id,
        s.type,
        s.label,
        s.entered,
        s.dropped > 0 ? `${s.dropped} (${Object.entries(s.droppedByReason).map(([k, v]) => `${k} ${v}`).join(', ')})` : 0,
        ...(mc ? [(s.mean ?? 0).toFixed(1), `${(s.low ?? 0).toFixed(0)}–${(s.high ?? 0).toFixed(0)}`] : []),
      ]),
    ),
  );
  kit.out(`\nsends: ${Object.entries(r.sends).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}\n`);
}

export async function cmdReach(args: readonly string[], kit: ReachCliKit): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'tags') return tags(rest, kit);
  if (sub === 'simulate') return simulate(rest, kit);
  if (sub === 'template') {
    const engine = createEngine(createNodeHost());
    kit.out(`${JSON.stringify(await engine.call('reach.template', {}), null, 2)}\n`);
    return;
  }
  throw kit.usage(`reach needs a subcommand: tags, simulate or template (got ${sub === undefined ? 'none' : `"${sub}"`})`);
}
