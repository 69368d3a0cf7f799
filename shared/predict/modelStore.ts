/** `predict_model`: trained models with their cards (JSON) and fitted parameters (JSON). */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ModelCard, ModelSummary } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { ModelSpec } from './modelSpec.ts';
import type { CardBody } from './train.ts';

interface ModelRow {
  model_id: number;
  card: string;
  spec: string;
  [k: string]: string | number;
}

/** Stores a model; returns its card with the new id. */
export function saveModel(db: Db, body: CardBody, spec: ModelSpec, name: string | undefined, createdAt: string): ModelCard {
  const modelId = Number(db.value('SELECT coalesce(max(model_id), 0) + 1 FROM predict_model'));
  const card: ModelCard = {
    modelId,
    name: name?.trim() || `${body.target}=${body.positive} · ${body.algo === 'trees' ? '梯度提升树' : '逻辑回归'} #${modelId}`,
    createdAt,
    ...body,
    scoreTag: null,
  };
  db.run('INSERT INTO predict_model (model_id, created_at, name, table_name, target, algo, seed, card, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    modelId,
    createdAt,
    card.name,
    body.table,
    body.target,
    body.algo,
    body.seed,
    JSON.stringify(card),
    JSON.stringify(spec),
  ]);
  return card;
}

export function loadModel(db: Db, modelId: number): { card: ModelCard; spec: ModelSpec } {
  const row = db.get<ModelRow>('SELECT model_id, card, spec FROM predict_model WHERE model_id = ?', [modelId]);
  if (!row) throw new ExpectedError('NOT_FOUND', `Model ${modelId} does not exist.`, { modelId });
  return { card: JSON.parse(row.card) as ModelCard, spec: JSON.parse(row.spec) as ModelSpec };
}

export function updateCard(db: Db, card: ModelCard): void {
  db.run('UPDATE predict_model SET card = ?, name = ? WHERE model_id = ?', [JSON.stringify(card), card.name, card.modelId]);
}

export function listModels(db: Db, table?: string): ModelSummary[] {
  const rows = db.all<ModelRow>(`SELECT model_id, card, spec FROM predict_model ${table ? 'WHERE table_name = ?' : ''} ORDER BY model_id DESC`, table ? [table] : []);
  return rows.map((r) => {
    const c = JSON.parse(r.card) as ModelCard;
    return {
      modelId: c.modelId,
      name: c.name,
      createdAt: c.createdAt,
      table: c.table,
      target: c.target,
      algo: c.algo,
      auc: c.metrics.auc,
      ks: c.metrics.ks,
      liftTop10: c.metrics.liftTop10,
      nTrain: c.nTrain,
      nValid: c.nValid,
      scored: c.scoreTag !== null,
    };
  });
}

export function deleteModel(db: Db, modelId: number): boolean {
  return db.run('DELETE FROM predict_model WHERE model_id = ?', [modelId]) > 0;
}
