/**
 * `kequn model`: trains a propensity model (`train`, stored in the workspace with its card; `--json` prints
 * `{"auc","ks","lift_top10","n_train","n_valid"}`), scores customers into customer_tag (`score`), lists models
 * (`list`) and runs next-best-product (`nbp`).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import type { ModelCard, PitTarget } from '#shared/api/predictTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface ModelCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const MODEL_USAGE = `  kequn model train --workspace WS --table T --target COL [--positive VALUE] [--algo logistic|trees]
               [--features a,b,c] [--exclude a,b,c] [--time-column C [--split-date YYYY-MM-DD]]
               [--class-weight balanced|none] [--seed S] [--name NAME] [--json]
  kequn model train --workspace WS --target KIND[:CATEGORY]:N(m|d) [--reference-date YYYY-MM-DD] [options above]
               point-in-time training set: KIND churn, response, first_loan or product (e.g. churn:3m,
               response:30d, product:理财:3m); the target is observed in [R, R+N), every feature only from rows
               dated before R (default R: the as-of date minus N)
  kequn model score --workspace WS (--model ID | --latest) [--json]
  kequn model list --workspace WS [--json]
  kequn model nbp --workspace WS [--level product|category] [--seed S] [--json]
`;

type Values = Record<string, string | boolean | undefined>;

const OPTIONS = {
  workspace: { type: 'string' },
  table: { type: 'string' },
  target: { type: 'string' },
  positive: { type: 'string' },
  algo: { type: 'string' },
  features: { type: 'string' },
  exclude: { type: 'string' },
  'time-column': { type: 'string' },
  'split-date': { type: 'string' },
  'reference-date': { type: 'string' },
  'class-weight': { type: 'string' },
  seed: { type: 'string' },
  name: { type: 'string' },
  model: { type: 'string' },
  latest: { type: 'boolean' },
  level: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function list(v: string | boolean | undefined): string[] | undefined {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

const PIT_KINDS = ['churn', 'response', 'first_loan', 'product'] as const;

/** `churn:3m`, `response:30d`, `product:理财:3m` → a point-in-time target; null when `spec` is not one. */
export function parsePitTarget(spec: string): PitTarget | null {
  const m = /^(churn|response|first_loan|product)(?::([^:]+))?:(\d+)([md])$/.exec(spec.trim());
  if (!m) return null;
  const kind = PIT_KINDS.find((k) => k === m[1]);
  if (kind === undefined || (m[2] !== undefined && kind !== 'product')) return null;
  return { kind, amount: Number(m[3]), unit: m[4] === 'm' ? 'month' : 'day', ...(m[2] !== undefined ? { category: m[2] } : {}) };
}

function text(v: Values, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** A table named as the user wrote it, or as imported (`bank-full` → `t_bank_full`). */
async function resolveTable(engine: Engine, name: string): Promise<string> {
  const tables = (await engine.call('tables.list', {})).map((t) => t.name);
  if (tables.includes(name)) return name;
  const guess = `t_${name.toLowerCase().replace(/\.[a-z]+$/, '').replace(/[^a-z0-9_]+/g, '_')}`;
  return tables.includes(guess) ? guess : name;
}

function printCard(kit: ModelCliKit, c: ModelCard): void {
  const pit = c.pointInTime;
  const what = pit ? `point-in-time ${c.target} (${pit.targetZh}), reference date ${pit.referenceDate}, outcome window to ${pit.outcomeEnd} (exclusive)` : `${c.table}.${c.target}=${c.positive}`;
  kit.out(
    `model #${c.modelId} ${c.name}: ${c.algo}, ${what}, seed ${c.seed}, split by ${c.split.by}\n` +
      `validation AUC ${c.metrics.auc.toFixed(4)}, KS ${c.metrics.ks.toFixed(3)}, top-decile lift ${c.metrics.liftTop10.toFixed(2)} ` +
      `(train ${c.nTrain}, valid ${c.nValid}, ${c.iterations} ${c.algo === 'trees' ? 'trees' : 'Newton steps'}, ${c.trainSeconds.toFixed(1)} s)\n\n`,
  );
  kit.out(formatTable(['decile', 'rows', 'positives', 'rate', 'lift', 'cum. gain'], c.metrics.deciles.map((d) => [d.decile, d.rows, d.positives, d.rate.toFixed(3), d.lift.toFixed(2), d.cumGain.toFixed(3)])));
  if (pit) {
    const left = pit.excluded.map((e) => `${e.customers} ${e.reason.replaceAll('_', ' ')}`).join(', ');
    kit.out(`\n${pit.customers} customers${left ? `; left out: ${left}` : ''}; latest fact read into a feature: ${pit.latestFeatureDate ?? 'none'}\n`);
  }
  kit.out('\nPermutation importance (AUC drop)\n');
  kit.out(formatTable(['feature', '名称', 'drop'], c.importance.slice(0, 10).map((i) => [i.feature, i.zh, i.drop.toFixed(4)])));
  for (const l of c.leakage) kit.err(`warning: ${l.feature} alone reaches AUC ${l.auc.toFixed(3)} on the training rows: check it is known before the target.\n`);
}

export async function cmdModel(args: readonly string[], kit: ModelCliKit): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'train' && sub !== 'score' && sub !== 'list' && sub !== 'nbp') throw kit.usage('model needs a subcommand: train, score, list or nbp');
  let values: Values;
  try {
    values = parseArgs({ args: rest, options: OPTIONS, strict: true }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  const ws = text(values, 'workspace');
  if (ws === undefined) throw kit.usage('--workspace is required');
  const seedText = text(values, 'seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isInteger(seed)) throw kit.usage(`--seed must be an integer, got "${seedText}"`);
  const wsPath = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const json = values.json === true;
  const job = kit.jobOptions(kit.isTTY && !json);
  const options = seed === undefined ? job.options : { ...job.options, seed };
  try {
    if (sub === 'list') {
      const models = await engine.call('predict.models', {});
      if (json) kit.out(`${JSON.stringify(models)}\n`);
      else kit.out(formatTable(['id', 'name', 'table', 'target', 'algo', 'AUC', 'KS', 'lift@10%'], models.map((m) => [m.modelId, m.name, m.table, m.target, m.algo, m.auc.toFixed(4), m.ks.toFixed(3), m.liftTop10.toFixed(2)])));
      return;
    }
    if (sub === 'train') {
      const table = text(values, 'table');
      const target = text(values, 'target');
      const referenceDate = text(values, 'reference-date');
      const pitTarget = target === undefined ? null : parsePitTarget(target);
      if (referenceDate !== undefined && pitTarget === null) throw kit.usage(`--reference-date needs a point-in-time --target such as churn:3m, response:30d, first_loan:6m or product:理财:3m, got "${target ?? ''}"`);
      if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) throw kit.usage(`--reference-date must be YYYY-MM-DD, got "${referenceDate}"`);
      const pointInTime = pitTarget !== null && (referenceDate !== undefined || table === undefined);
      if (target === undefined || (table === undefined && !pointInTime)) throw kit.usage('model train needs --table and --target (or a point-in-time --target such as churn:3m)');
      const algo = text(values, 'algo') ?? 'trees';
      if (algo !== 'trees' && algo !== 'logistic') throw kit.usage(`--algo must be logistic or trees, got "${algo}"`);
      const cw = text(values, 'class-weight') ?? 'balanced';
      if (cw !== 'balanced' && cw !== 'none') throw kit.usage(`--class-weight must be balanced or none, got "${cw}"`);
      const features = list(values.features);
      const exclude = list(values.exclude);
      const positive = text(values, 'positive');
      const timeColumn = text(values, 'time-column');
      const splitDate = text(values, 'split-date');
      const name = text(values, 'name');
      const card = await engine.call(
        'predict.train',
        {
          ...(pointInTime && pitTarget
            ? { pointInTime: { target: pitTarget, ...(referenceDate !== undefined ? { referenceDate } : {}) } }
            : { table: await resolveTable(engine, table ?? ''), target }),
          algo,
          classWeight: cw,
          ...(features ? { features } : {}),
          ...(exclude ? { exclude } : {}),
          ...(positive !== undefined ? { positive } : {}),
          ...(timeColumn !== undefined ? { timeColumn } : {}),
          ...(splitDate !== undefined ? { splitDate } : {}),
          ...(name !== undefined ? { name } : {}),
        },
        options,
      );
      await engine.call('workspace.save', {});
      if (json) {
        const pit = card.pointInTime;
        const extra = pit ? { target: card.target, reference_date: pit.referenceDate, outcome_end: pit.outcomeEnd, customers: pit.customers, excluded: Object.fromEntries(pit.excluded.map((e) => [e.reason, e.customers])), latest_feature_date: pit.latestFeatureDate } : {};
        kit.out(`${JSON.stringify({ auc: card.metrics.auc, ks: card.metrics.ks, lift_top10: card.metrics.liftTop10, n_train: card.nTrain, n_valid: card.nValid, ...extra })}\n`);
        for (const l of card.leakage) kit.err(`warning: ${l.feature} alone reaches AUC ${l.auc.toFixed(3)} on the training rows\n`);
      } else {
        printCard(kit, card);
      }
      return;
    }
    if (sub === 'score') {
      let modelId: number;
      const given = text(values, 'model');
      if (given !== undefined) {
        modelId = Number(given);
        if (!Number.isInteger(modelId)) throw kit.usage(`--model must be a model id, got "${given}"`);
      } else if (values.latest) {
        const latest = (await engine.call('predict.models', {}))[0];
        if (!latest) throw kit.usage('the workspace has no model yet (kequn model train)');
        modelId = latest.modelId;
      } else {
        throw kit.usage('model score needs --model ID or --latest');
      }
      const r = await engine.call('predict.score', { modelId }, options);
      await engine.call('workspace.save', {});
      if (json) kit.out(`${JSON.stringify({ modelId: r.modelId, scoreTag: r.scoreTag, decileTag: r.decileTag, customers: r.customers, deciles: r.deciles })}\n`);
      else kit.out(`model #${r.modelId}: ${r.customers} customers scored into tags ${r.scoreTag} and ${r.decileTag}\n`);
      return;
    }
    const level = text(values, 'level') ?? 'product';
    if (level !== 'product' && level !== 'category') throw kit.usage(`--level must be product or category, got "${level}"`);
    const r = await engine.call('predict.nbp', { level }, options);
    await engine.call('workspace.save', {});
    if (json) {
      kit.out(`${JSON.stringify({ runId: r.runId, customers: r.customers, recommended: r.recommended, evaluation: r.evaluation, rules: r.rules.slice(0, 20) })}\n`);
      return;
    }
    const e = r.evaluation;
    kit.out(
      `next-best-product run ${r.runId}: ${r.customers} customers, ${r.items.length} items, ${r.recommended} recommendations (tag nbp_product)\n` +
        `held-out hit rate: top-1 ${(e.hitRate1 * 100).toFixed(1)} %, top-3 ${(e.hitRate3 * 100).toFixed(1)} % (popularity ${(e.popularityHitRate1 * 100).toFixed(1)} % / ${(e.popularityHitRate3 * 100).toFixed(1)} %) over ${e.customers} customers\n\n`,
    );
    kit.out(formatTable(['antecedent', 'consequent', 'support', 'confidence', 'lift'], r.rules.slice(0, 15).map((x) => [x.antecedent, x.consequent, x.support.toFixed(3), x.confidence.toFixed(3), x.lift.toFixed(2)])));
  } finally {
    job.dispose();
  }
}
