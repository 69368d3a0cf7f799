/** The `predict.*` engine methods (预测建模 and 产品推荐). */
import type { Handlers, Services } from '#shared/engine.ts';
import { PROFILE_TABLE } from '#shared/cluster/featureCatalog.ts';
import { unregisterTags } from '#shared/tags/tagRegistry.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { tableChoice } from './dataset.ts';
import { deleteModel, listModels, loadModel, saveModel, updateCard } from './modelStore.ts';
import { latestNbp, runNbp } from './nbpRun.ts';
import { decileTagKey, MODULE, scoreModel, scoreTagKey, topWithinSegment } from './scoring.ts';
import { trainModel } from './train.ts';

export function predictHandlers(
  s: Services,
): Handlers<'predict.columns' | 'predict.train' | 'predict.models' | 'predict.model' | 'predict.delete' | 'predict.score' | 'predict.topWithin' | 'predict.nbp' | 'predict.nbpLatest'> {
  const iso = (): string => new Date(s.host.now()).toISOString();
  return {
    'predict.columns': (args) => tableChoice(s.workspace.db, args.table ?? PROFILE_TABLE),
    'predict.train': async (args, ctx) => {
      const db = s.workspace.db;
      const out = await trainModel(db, args, ctx, s.workspace.asOfDate(), () => s.host.now());
      return db.mutate(() =>
        db.transaction(() => {
          const card = saveModel(db, out.card, out.spec, args.name, iso());
          appendAudit(db, s.host, 'predict.train', { modelId: card.modelId, table: card.table, target: card.target, algo: card.algo, seed: card.seed, auc: card.metrics.auc, nTrain: card.nTrain, nValid: card.nValid });
          return card;
        }),
      );
    },
    'predict.models': (args) => listModels(s.workspace.db, args.table),
    'predict.model': (args) => loadModel(s.workspace.db, args.modelId).card,
    'predict.delete': (args) => {
      const db = s.workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          const derived = db.all<{ tag: string }>('SELECT tag FROM tag_def WHERE module = ? AND tag GLOB ?', [MODULE, `pred_${args.modelId}_top_s*`]).map((r) => r.tag);
          unregisterTags(db, MODULE, [scoreTagKey(args.modelId), decileTagKey(args.modelId), ...derived]);
          return { deleted: deleteModel(db, args.modelId) };
        }),
      );
    },
    'predict.score': async (args, ctx) => {
      const db = s.workspace.db;
      const { card, spec } = loadModel(db, args.modelId);
      return db.mutate(async () => {
        const result = await scoreModel(db, card, spec, ctx, s.workspace.asOfDate());
        db.transaction(() => {
          updateCard(db, { ...card, scoreTag: { score: result.scoreTag, decile: result.decileTag, customers: result.customers, at: iso() } });
          appendAudit(db, s.host, 'predict.score', { modelId: card.modelId, customers: result.customers, tags: [result.scoreTag, result.decileTag] });
        });
        return result;
      });
    },
    'predict.topWithin': (args) => {
      const db = s.workspace.db;
      const { card } = loadModel(db, args.modelId);
      return db.mutate(() => {
        const r = topWithinSegment(db, card, args.segmentId, args.share);
        db.transaction(() => appendAudit(db, s.host, 'predict.topWithin', { modelId: card.modelId, segmentId: r.segmentId, share: args.share, members: r.members }));
        return r;
      });
    },
    'predict.nbp': async (args, ctx) => {
      const db = s.workspace.db;
      return db.mutate(async () => {
        const r = await runNbp(db, args, ctx, iso());
        db.transaction(() => appendAudit(db, s.host, 'predict.nbp', { runId: r.runId, level: r.level, customers: r.customers, recommended: r.recommended, hitRate1: r.evaluation.hitRate1 }));
        return r;
      });
    },
    'predict.nbpLatest': () => latestNbp(s.workspace.db),
  };
}
