/**
 * The monthly re-run: a workspace built on one demo drop is saved as a recipe, and `kequn recipe run` replays it
 * on a second drop (another seed) into a new workspace, with the exports, the pack and the diff against the first
 * month. Also the documented failures: a drop missing a file, an invalid recipe, usage errors.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { ImportFileRequest } from '#shared/api/ingestTypes.ts';
import type { Recipe, RecipeDiff, RecipeStepOutcome } from '#shared/api/reportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { generateDemo } from '#shared/demo/generateDemo.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { runCli } from '#shared/node/cli.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const CUSTOMERS = 500;
let dir = '';

/** Writes a demo drop as a bank would send it: the exports only (no truth/). */
async function writeDrop(seed: number, asOfDate: string): Promise<{ path: string; files: { name: string; kind: string }[] }> {
  const path = join(dir, `drop-${seed}`);
  const files: { name: string; kind: string }[] = [];
  for (const f of await generateDemo({ customers: CUSTOMERS, seed, asOfDate }, createJobContext())) {
    if (f.kind === undefined) continue;
    mkdirSync(dirname(join(path, f.path)), { recursive: true });
    writeFileSync(join(path, f.path), f.bytes);
    files.push({ name: f.path, kind: f.kind });
  }
  return { path, files };
}

/** Month one: every step by hand, as an analyst would in the app, then saved to ws1.sqlite. */
async function buildMonthOne(e: Engine, drop: { path: string; files: { name: string; kind: string }[] }): Promise<string> {
  await e.call('workspace.create', { name: '六月' });
  const requests: ImportFileRequest[] = drop.files.map((f) => ({ file: { name: f.name.split('/').pop() ?? f.name, blob: new Blob([readFileSync(join(drop.path, f.name))]) }, kind: f.kind as ImportFileRequest['kind'] & string }));
  await e.call('ingest.run', { files: requests });
  await e.call('identity.run', {});
  await e.call('tags.run', {});
  await e.call('text.run', {});
  await e.call('cluster.run', { features: ['age', 'aum_fen', 'txn_count_90d', 'deposit_fen'], k: 4 }, { seed: 2 });
  const life = await e.call('tags.lifecycle', {});
  const biggest = [...life.groups].sort((a, b) => b.members - a.members)[0];
  if (!biggest) throw new Error('no lifecycle group');
  await e.call('segments.save', { name: '重点关注', description: '最大的生命周期群', rule: { type: 'lifecycle', group: biggest.tag } });
  await e.call('compliance.settings', { settings: { caps: { enabled: true, max7d: 2 } } });
  await e.call('export.audience', { segment: { name: '重点关注' }, preset: 'sms', format: 'csv', campaignKey: 'M1', holdoutPercent: 10 });
  const model = await e.call('predict.train', { target: 'has_loan', algo: 'logistic', features: ['age', 'aum_fen', 'txn_count_90d'], name: '贷款倾向' }, { seed: 5 });
  await e.call('predict.score', { modelId: model.modelId });
  await e.call('behaviour.interestRun', { halfLifeDays: 45 });
  await e.call('network.run', { resolution: 1.5 }, { seed: 4 });
  await e.call('reach.tags', { settings: { fatigueSends: 4 } });
  await e.call('reach.exportStep', { plan: await e.call('reach.template', {}), step: 'push1' });
  await e.call('report.build', { language: 'zh', sections: ['scope', 'lifecycle', 'clusters', 'text', 'exports'] });
  const ws = join(dir, 'ws1.sqlite');
  writeFileSync(ws, await e.call('workspace.export', {}));
  return ws;
}

function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return runCli(args, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false }).then((code) => ({ code, out, err }));
}

let ws1 = '';
let recipePath = '';
let drop2 = '';
let monthOne: Engine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-recipe-'));
  const d1 = await writeDrop(11, '2024-05-31');
  drop2 = (await writeDrop(12, '2024-06-30')).path;
  monthOne = createEngine(createNodeHost());
  ws1 = await buildMonthOne(monthOne, d1);
  recipePath = join(dir, 'monthly.recipe.json');
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('recipes', () => {
  let recipe: Recipe;

  it('kequn recipe save writes every step the workspace went through, readable JSON', async () => {
    const r = await cli(['recipe', 'save', '--workspace', ws1, '--out', recipePath, '--name', '月度客群复盘']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    recipe = JSON.parse(readFileSync(recipePath, 'utf8')) as Recipe;
    expect(recipe.name).toBe('月度客群复盘');
    expect(recipe.source.asOfDate).toBe('2024-05-31');
    expect(recipe.steps.map((s) => s.step)).toEqual(['import', 'identity', 'tags', 'text', 'cluster', 'predict', 'behaviour', 'segments', 'compliance', 'reach', 'export', 'report']);
    const imp = recipe.steps[0];
    expect(imp?.step === 'import' && imp.files.map((f) => f.pattern)).toContain('customers.csv');
    const seg = recipe.steps.find((s) => s.step === 'segments');
    expect(seg?.step === 'segments' && seg.segments[0]?.name).toBe('重点关注');
    const comp = recipe.steps.find((s) => s.step === 'compliance');
    expect(comp?.step === 'compliance' && comp.settings.caps.max7d).toBe(2);
    const cl = recipe.steps.find((s) => s.step === 'cluster');
    expect(cl?.step === 'cluster' && cl.runs[0]).toMatchObject({ k: 4, seed: 2, settings: { features: ['age', 'aum_fen', 'txn_count_90d', 'deposit_fen'] } });
    const pred = recipe.steps.find((s) => s.step === 'predict');
    expect(pred?.step === 'predict' && pred.models.length).toBe(1);
    expect(pred?.step === 'predict' && pred.models[0]).toMatchObject({ seed: 5, score: true, train: { table: 'customer_profile', target: 'has_loan', algo: 'logistic', features: ['age', 'aum_fen', 'txn_count_90d'], name: '贷款倾向' } });
    const beh = recipe.steps.find((s) => s.step === 'behaviour');
    expect(beh?.step === 'behaviour' && beh).toMatchObject({ interest: { halfLifeDays: 45 }, network: { resolution: 1.5, seed: 4 } });
    const reach = recipe.steps.find((s) => s.step === 'reach');
    expect(reach?.step === 'reach' && reach.settings?.fatigueSends).toBe(4);
    expect(reach?.step === 'reach' && reach.plans.map((p) => [p.plan.key, p.exportedSteps])).toEqual([['FIRST_LOAN_REACH', ['push1']]]);
    // The plan's step export replays with the plan, not as a segment export.
    const exp = recipe.steps.find((s) => s.step === 'export');
    expect(exp?.step === 'export' && exp.exports.map((x) => x.segment)).toEqual(['重点关注']);
    const rep = recipe.steps.find((s) => s.step === 'report');
    expect(rep?.step === 'report' && rep.options.sections).toEqual(['scope', 'lifecycle', 'clusters', 'text', 'exports']);
  });

  it('kequn recipe run replays it on next month’s drop and writes workspace, exports, pack and the diff', async () => {
    const out = join(dir, 'run-june');
    const r = await cli(['recipe', 'run', recipePath, '--data', drop2, '--out', out, '--previous', ws1, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('[1/12] import');
    expect(r.err).toContain('[12/12] report');
    const summary = JSON.parse(r.out) as { asOfDate: string; steps: RecipeStepOutcome[]; outputs: string[]; unmatchedFiles: string[]; diff: RecipeDiff };
    expect(summary.asOfDate).toBe('2024-06-30');
    expect(summary.steps.map((s) => s.step)).toEqual(recipe.steps.map((s) => s.step));
    expect(summary.unmatchedFiles).toEqual([]);
    const written = readdirSync(out, { recursive: true }).map(String).sort();
    expect(written).toEqual(expect.arrayContaining(['workspace.sqlite', 'diff.json', '会议材料_20240630.html', 'exports/重点关注-sms-20240630.csv', 'exports/重点关注-sms-20240630.csv.manifest.json']));

    // The new workspace went through the same steps: capturing its recipe gives the same settings back.
    const again = createEngine(createNodeHost());
    await again.call('workspace.open', { bytes: new Uint8Array(readFileSync(join(out, 'workspace.sqlite'))) });
    const replayed = await again.call('recipe.capture', { name: recipe.name });
    expect(replayed.steps.map((s) => s.step)).toEqual(recipe.steps.map((s) => s.step));
    for (const kind of ['identity', 'tags', 'cluster', 'predict', 'behaviour', 'segments', 'compliance', 'reach', 'export', 'report'] as const) {
      expect(replayed.steps.find((s) => s.step === kind), kind).toEqual(recipe.steps.find((s) => s.step === kind));
    }
    // Retrained and scored on the new drop; the plan's step exported again with this month's audience.
    expect(summary.steps.find((s) => s.step === 'predict')?.figures).toEqual({ models: 1, scored: 1 });
    expect((await again.call('predict.models', {})).map((m) => [m.name, m.scored])).toEqual([['贷款倾向', true]]);
    expect(summary.steps.find((s) => s.step === 'reach')?.figures).toEqual({ plans: 1, files: 1 });
    expect(written.filter((f) => f.startsWith('exports/') && f.endsWith('.manifest.json'))).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(join(out, 'exports/重点关注-sms-20240630.csv.manifest.json'), 'utf8')) as { asOfDate: string; campaignKey: string; holdout: { percent: number } };
    expect(manifest).toMatchObject({ asOfDate: '2024-06-30', campaignKey: 'M1', holdout: { percent: 10 } });

    // The diff: every group on both sides balances, and it matches the two workspaces' own counts.
    const d = summary.diff;
    expect(d.previousAsOf).toBe('2024-05-31');
    expect(d.currentAsOf).toBe('2024-06-30');
    const lifecycleNow = await again.call('tags.lifecycle', {});
    const lifecycleThen = await monthOne.call('tags.lifecycle', {});
    for (const g of lifecycleNow.groups) {
      const shift = d.groups.find((x) => x.key === `lifecycle:${g.group}`);
      expect(shift?.after, g.group).toBe(g.members);
      expect(shift?.before, g.group).toBe(lifecycleThen.groups.find((x) => x.group === g.group)?.members);
    }
    for (const g of d.groups) if (g.before !== null && g.after !== null) expect(g.after - g.before, g.key).toBe(g.joined - g.left);
    const seg = d.groups.find((g) => g.key === 'segment:重点关注');
    expect(seg && seg.joined + seg.left).toBeGreaterThan(0);
    expect(d.tagShifts.length).toBeGreaterThan(0);
    for (const t of d.tagShifts) expect(t.after - t.before).toBe(t.change);
    expect(Array.isArray(d.newTopics)).toBe(true);
    const html = readFileSync(join(out, '会议材料_20240630.html'), 'utf8');
    expect(html).toContain('data-testid="report-as-of">2024-06-30<');
    expect(html).not.toMatch(/https?:\/\//);
  }, 300_000);

  it('prints a readable summary without --json', async () => {
    const out = join(dir, 'run-text');
    const r = await cli(['recipe', 'run', recipePath, '--data', drop2, '--out', out, '--previous', ws1]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Recipe "月度客群复盘"');
    expect(r.out).toMatch(/Changes since 2024-05-31: customers \d+ → \d+/);
    expect(r.out).toContain('New complaint topics:');
  }, 300_000);

  it('stops with exit 1 and names the file when the drop lacks one, and on an invalid recipe; 2 on usage errors', async () => {
    const partial = join(dir, 'drop-partial');
    mkdirSync(join(partial, 'core'), { recursive: true });
    writeFileSync(join(partial, 'core', 'accounts.csv'), readFileSync(join(drop2, 'core', 'accounts.csv')));
    const missing = await cli(['recipe', 'run', recipePath, '--data', partial, '--out', join(dir, 'run-partial')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No file of the drop matches "customers\.csv"/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...recipe, steps: [{ step: 'teleport' }] }));
    const invalid = await cli(['recipe', 'run', bad, '--data', drop2, '--out', join(dir, 'run-bad')]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('steps[0].step: unknown step "teleport"');
    unlinkSync(bad);
    expect((await cli(['recipe', 'run', recipePath, '--out', join(dir, 'x')])).code).toBe(2);
    expect((await cli(['recipe', 'bake'])).code).toBe(2);
  }, 120_000);
});
