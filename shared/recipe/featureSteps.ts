/**
 * Recipe steps of the prediction, behaviour/network and reach features: settings only (no customer data, no
 * fitted parameters), replayed through the engine API on the new drop.
 */
import type { ModelCard, TrainArgs } from '#shared/api/predictTypes.ts';
import type { ReachPlan, ReachTagSettings } from '#shared/api/reachTypes.ts';
import type { BehaviourRecipeStep, PredictRecipeStep, ReachRecipeStep } from '#shared/api/reportTypes.ts';
import type { RecipeStepDef } from './recipeSteps.ts';

/** Hyper-parameters a model card keeps in `params` that `predict.train` takes back unchanged. */
const TRAIN_PARAMS = ['l2', 'maxIter', 'learningRate', 'maxLeafNodes', 'minSamplesLeaf'] as const;

/**
 * The training settings of a model card. A time split keeps its column but not its date: the date that leaves
 * the latest share of rows for validation is chosen again on the new data.
 */
export function trainArgsOf(card: ModelCard): TrainArgs {
  const tuned: Record<string, number> = {};
  for (const k of TRAIN_PARAMS) {
    const v = card.params[k];
    if (typeof v === 'number') tuned[k] = v;
  }
  const depth = card.params['maxDepth'];
  // A point-in-time model keeps its target but not its reference date: the default (as-of date minus the
  // outcome window) is taken again on the new data.
  const data = card.pointInTime ? { pointInTime: { target: card.pointInTime.target } } : { table: card.table, target: card.target, positive: card.positive };
  return {
    ...data,
    features: card.features.map((f) => f.name),
    algo: card.algo,
    classWeight: card.classWeight,
    validFraction: card.split.validFraction,
    ...(card.split.by === 'time' && card.split.key ? { timeColumn: card.split.key } : {}),
    ...tuned,
    ...(card.algo === 'trees' && (typeof depth === 'number' || depth === null) ? { maxDepth: depth } : {}),
    name: card.name,
  };
}

export const predictStep: RecipeStepDef<PredictRecipeStep> = {
  step: 'predict',
  zh: '预测模型（重新训练并打分）',
  en: 'Prediction models (retrained and scored)',
  async capture(kit) {
    const list = [...(await kit.call('predict.models', {}))].sort((a, b) => a.modelId - b.modelId);
    if (list.length === 0) return null;
    const models = [];
    for (const m of list) {
      const card = await kit.call('predict.model', { modelId: m.modelId });
      models.push({ train: trainArgsOf(card), seed: card.seed, score: m.scored });
    }
    return { step: 'predict', models };
  },
  async run(step, kit) {
    const parts: string[] = [];
    let scored = 0;
    for (const m of step.models) {
      const card = await kit.call('predict.train', m.train, { seed: m.seed });
      parts.push(`${card.name}: AUC ${card.metrics.auc.toFixed(3)}`);
      if (m.score) {
        await kit.call('predict.score', { modelId: card.modelId });
        scored++;
      }
    }
    return { summary: parts.join('; '), figures: { models: step.models.length, scored }, warnings: [] };
  },
};

export const behaviourStep: RecipeStepDef<BehaviourRecipeStep> = {
  step: 'behaviour',
  zh: '行为兴趣与关系网络',
  en: 'Behaviour interests and relation network',
  capture(kit) {
    const latest = (kind: 'interest' | 'network'): Record<string, unknown> | null => {
      const s = kit.db().value('SELECT settings FROM behaviour_run WHERE kind = ? ORDER BY run_id DESC LIMIT 1', [kind]);
      return typeof s === 'string' ? (JSON.parse(s) as Record<string, unknown>) : null;
    };
    const interest = latest('interest');
    const network = latest('network');
    if (!interest && !network) return Promise.resolve(null);
    const num = (o: Record<string, unknown>, k: string, fallback: number): number => (typeof o[k] === 'number' ? o[k] : fallback);
    return Promise.resolve({
      step: 'behaviour',
      interest: interest ? { halfLifeDays: num(interest, 'halfLifeDays', 30), minScore: num(interest, 'minScore', 1) } : null,
      network: network ? { resolution: num(network, 'resolution', 1), seed: num(network, 'seed', 1) } : null,
    });
  },
  async run(step, kit) {
    const parts: string[] = [];
    const figures: Record<string, number> = {};
    if (step.interest) {
      const r = await kit.call('behaviour.interestRun', step.interest);
      parts.push(`interests (half-life ${r.halfLifeDays} d): ${r.topics.length} topics`);
      figures['interestTopics'] = r.topics.length;
    }
    if (step.network) {
      const r = await kit.call('network.run', { resolution: step.network.resolution }, { seed: step.network.seed });
      parts.push(`network: ${r.nodes} nodes, ${r.communities.count} communities`);
      figures['networkNodes'] = r.nodes;
    }
    return { summary: parts.join('; '), figures, warnings: [] };
  },
};

export const reachStep: RecipeStepDef<ReachRecipeStep> = {
  step: 'reach',
  zh: '触达策略（习惯标签、触达计划）',
  en: 'Reach (habit tags, plans)',
  capture(kit) {
    const db = kit.db();
    const run = db.value('SELECT settings FROM reach_run ORDER BY run_id DESC LIMIT 1');
    const plans = db.all<{ plan_key: string; plan: string }>('SELECT plan_key, plan FROM reach_plan ORDER BY updated_at, plan_key').map((r) => ({
      plan: JSON.parse(r.plan) as ReachPlan,
      exportedSteps: db.all<{ step_id: string }>('SELECT DISTINCT step_id FROM reach_step_export WHERE plan_key = ? ORDER BY step_id', [r.plan_key]).map((s) => s.step_id),
    }));
    if (typeof run !== 'string' && plans.length === 0) return Promise.resolve(null);
    return Promise.resolve({ step: 'reach', settings: typeof run === 'string' ? (JSON.parse(run) as ReachTagSettings) : null, plans });
  },
  async run(step, kit) {
    const parts: string[] = [];
    // Plans simulate and export on the habit tags, so a plan without recorded settings still needs a run.
    if (step.settings !== null || step.plans.length > 0) {
      const r = await kit.call('reach.tags', step.settings ? { settings: step.settings } : {});
      parts.push(`habit tags: ${r.customersWithHistory} customers with history`);
    }
    let files = 0;
    for (const p of step.plans) {
      // Exporting a step is what saves a plan in a workspace; it also writes this month's audience of the step.
      for (const id of p.exportedSteps) {
        const r = await kit.call('reach.exportStep', { plan: p.plan, step: id });
        kit.outputs.push({ path: `exports/${r.fileName}`, bytes: r.bytes }, { path: `exports/${r.fileName}.manifest.json`, bytes: r.manifestBytes });
        files++;
        parts.push(`${p.plan.key}/${id}: ${r.stepSize}`);
      }
    }
    return { summary: parts.join('; '), figures: { plans: step.plans.length, files }, warnings: [] };
  },
};
