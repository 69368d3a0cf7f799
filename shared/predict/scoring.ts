/**
 * Scores every customer of a model's table and writes two tags per model into `customer_tag` (registered in the
 * tag registry, so segments, portraits and exports can use them): `pred_<id>_score` (the probability, with the
 * customer's top reasons) and `pred_<id>_decile` (1 = the highest-scored 10 %). A customer with several rows
 * keeps the highest score. Re-scoring replaces the model's tag rows.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ModelCard, Reason, ScoreResult, TopWithinResult } from '#shared/api/predictTypes.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { dayNumber, dayText } from '#shared/profile/calendar.ts';
import { Persons } from '#shared/profile/persons.ts';
import { registerTags } from '#shared/tags/tagRegistry.ts';
import { hasColumn, loadColumns, readTextColumn } from './dataset.ts';
import { reasonText, topReasons } from './explain.ts';
import { encodeRows, probabilities, type FeatureColumn, type ModelSpec } from './modelSpec.ts';
import { pointInTimeFeatures } from './pointInTime.ts';

export const MODULE = 'predict';
const CHUNK = 50_000;

export function scoreTagKey(modelId: number): string {
  return `pred_${modelId}_score`;
}

export function decileTagKey(modelId: number): string {
  return `pred_${modelId}_decile`;
}

export function scoreTagDefs(card: ModelCard): TagDefinition[] {
  const inputs = [card.table, ...card.features.map((f) => f.name)];
  const pit = card.pointInTime;
  const what = pit ? pit.targetZh : `${card.target}=${card.positive}`;
  const whatEn = pit ? pit.targetEn : what;
  const source = pit ? `point-in-time data (features before ${pit.referenceDate}, outcome ${pit.targetEn.toLowerCase()} from it)` : card.table;
  const algo = card.algo === 'trees' ? 'gradient-boosted trees' : 'logistic regression';
  return [
    {
      key: scoreTagKey(card.modelId),
      zh: `模型#${card.modelId} 倾向分(${what})`,
      en: `Model #${card.modelId} propensity (${whatEn})`,
      family: 'prediction',
      module: MODULE,
      definition: `Probability that ${pit ? `the customer ${whatEn.toLowerCase()}` : what}, from model #${card.modelId} (${algo}, validation AUC ${card.metrics.auc.toFixed(3)}) trained on ${source} as of ${card.asOfDate ?? 'n/a'}; reason = the customer's top reasons (log-odds contributions).`,
      inputs,
      version: 1,
    },
    {
      key: decileTagKey(card.modelId),
      zh: `模型#${card.modelId} 倾向十分位(${what})`,
      en: `Model #${card.modelId} propensity decile (${whatEn})`,
      family: 'prediction',
      module: MODULE,
      definition: `Decile of the model #${card.modelId} score over all scored customers: 1 = the highest 10 %, 10 = the lowest.`,
      inputs,
      version: 1,
    },
  ];
}

/** Customer (ONE_ID) of every row: the table's one_id, or its 客户号 through identity_map. */
function customerOf(db: Db, table: string, oneIds: readonly string[] | null, rowIds: Float64Array): (string | null)[] {
  if (oneIds) return [...oneIds];
  if (!hasColumn(db, table, 'cust_no')) {
    throw new ExpectedError('BAD_ARGUMENT', `Table ${table} has neither one_id nor cust_no: its rows cannot be scored into customer tags.`, { table });
  }
  const persons = Persons.load(db);
  return readTextColumn(db, table, 'cust_no', rowIds).map((c) => {
    if (c === null) return null;
    const i = persons.indexOfCustNo(c);
    return i >= 0 ? (persons.oneIds[i] ?? null) : null;
  });
}

/**
 * A point-in-time model scores every customer on features as known at the end of the as-of date (reference date
 * = the day after it), computed the way its training rows were.
 */
async function pointInTimeData(db: Db, card: ModelCard, asOfDate: string | null, ctx: JobContext): Promise<{ n: number; features: FeatureColumn[]; customers: string[] }> {
  if (asOfDate === null) throw new ExpectedError('BAD_ARGUMENT', 'The workspace has no as-of date to score a point-in-time model at.', { modelId: card.modelId });
  const persons = Persons.load(db);
  const f = await pointInTimeFeatures(db, persons, dayText(dayNumber(asOfDate) + 1), ctx);
  const byName = new Map(f.features.map((c) => [c.ref.name, c]));
  const features = card.features.map((r) => {
    const c = byName.get(r.name);
    if (!c) throw new ExpectedError('BAD_ARGUMENT', `Feature ${r.name} of model #${card.modelId} is no longer available (a text run changed the topics?): train the model again.`, { feature: r.name });
    return c;
  });
  return { n: persons.size, features, customers: [...f.oneIds] };
}

/** Scores the model's table and writes its tags; returns counts per decile and the top customers with reasons. */
export async function scoreModel(db: Db, card: ModelCard, spec: ModelSpec, ctx: JobContext, asOfDate: string | null = null): Promise<ScoreResult> {
  let data: { n: number; features: readonly FeatureColumn[] };
  let customers: (string | null)[];
  if (card.pointInTime) {
    const pit = await pointInTimeData(db, card, asOfDate, ctx);
    data = pit;
    customers = pit.customers;
  } else {
    const loaded = await loadColumns(db, card.table, card.features.map((f) => f.name), ctx);
    data = loaded;
    customers = customerOf(db, card.table, loaded.oneIds, loaded.rowIds);
  }
  const n = data.n;
  const best = new Map<string, { score: number; row: number }>();
  for (let start = 0; start < n; start += CHUNK) {
    const rows = new Uint32Array(Math.min(CHUNK, n - start)).map((_, k) => start + k);
    const p = probabilities(spec, encodeRows(spec, data.features, rows, n), rows.length);
    rows.forEach((r, k) => {
      const c = customers[r];
      if (c === null || c === undefined) return;
      const prev = best.get(c);
      if (!prev || p[k]! > prev.score) best.set(c, { score: p[k]!, row: r });
    });
    ctx.progress('predict.score', Math.min(n, start + CHUNK), n);
    await ctx.checkpoint();
  }
  const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  const total = ranked.length;
  const decileOf = (rank: number): number => Math.min(10, Math.floor((rank * 10) / Math.max(1, total)) + 1);
  const perDecile = new Array<number>(10).fill(0);
  const top: { oneId: string; score: number; reasons: Reason[] }[] = [];
  const defs = scoreTagDefs(card);
  const [scoreKey, decileKey] = [defs[0]!.key, defs[1]!.key];
  // Reasons first (cancellable between chunks), then every tag row in one transaction: a cancelled job leaves
  // the previous tags untouched.
  const reasonOf = new Array<string>(total);
  for (let start = 0; start < total; start += CHUNK) {
    const slice = ranked.slice(start, start + CHUNK);
    const m = encodeRows(spec, data.features, Uint32Array.from(slice, ([, v]) => v.row), n);
    slice.forEach(([oneId, v], k) => {
      const reasons = topReasons(spec, m, k, data.features, v.row);
      if (top.length < 20) top.push({ oneId, score: v.score, reasons });
      reasonOf[start + k] = reasonText(reasons);
    });
    ctx.progress('predict.reasons', Math.min(total, start + CHUNK), total);
    await ctx.checkpoint();
  }
  db.transaction(() => {
    registerTags(db, defs);
    db.run('DELETE FROM customer_tag WHERE tag IN (?, ?)', [scoreKey, decileKey]);
    db.withStatement('INSERT INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, ?, ?)', (st) => {
      ranked.forEach(([oneId, v], rank) => {
        const dec = decileOf(rank);
        perDecile[dec - 1]!++;
        st.run([oneId, scoreKey, v.score.toFixed(4), reasonOf[rank] ?? '', card.modelId]);
        st.run([oneId, decileKey, String(dec), `倾向分 ${v.score.toFixed(4)}，第${dec}十分位`, card.modelId]);
      });
    });
  });
  return { modelId: card.modelId, scoreTag: scoreKey, decileTag: decileKey, customers: total, deciles: perDecile, top };
}

export function topWithinTagKey(modelId: number, segmentId: number): string {
  return `pred_${modelId}_top_s${segmentId}`;
}

/**
 * Takes the highest-scored `share` of a saved segment's latest members (ties by ONE_ID) into tag
 * `pred_<id>_top_s<segment>` and returns the segment rule `segment X and tag`.
 */
export function topWithinSegment(db: Db, card: ModelCard, segmentId: number, share: number): TopWithinResult {
  if (!card.scoreTag) throw new ExpectedError('BAD_ARGUMENT', `Model ${card.modelId} has not scored the customers yet.`, { modelId: card.modelId });
  if (!(share > 0 && share <= 1)) throw new ExpectedError('BAD_ARGUMENT', 'share must be in (0, 1].', { share });
  const seg = db.get<{ name: string; version: number }>('SELECT name, version FROM segment WHERE segment_id = ?', [segmentId]);
  if (!seg) throw new ExpectedError('NOT_FOUND', `Segment ${segmentId} does not exist.`, { segmentId });
  const segmentMembers = Number(db.value('SELECT count(*) FROM segment_member WHERE segment_id = ? AND version = ?', [segmentId, seg.version]) ?? 0);
  const scored = db.all<{ one_id: string; score: number }>(
    `SELECT m.one_id AS one_id, CAST(t.value AS REAL) AS score FROM segment_member m
       JOIN customer_tag t ON t.one_id = m.one_id AND t.tag = ? AND t.run_id = ?
      WHERE m.segment_id = ? AND m.version = ? ORDER BY score DESC, m.one_id`,
    [card.scoreTag.score, card.modelId, segmentId, seg.version],
  );
  const take = Math.ceil(scored.length * share);
  const chosen = scored.slice(0, take);
  const tag = topWithinTagKey(card.modelId, segmentId);
  const pct = Math.round(share * 100);
  const cutoff = chosen[chosen.length - 1]?.score ?? 0;
  db.transaction(() => {
    registerTags(db, [
      {
        key: tag,
        zh: `模型#${card.modelId} 客群「${seg.name}」内倾向前${pct}%`,
        en: `Model #${card.modelId} top ${pct}% within segment "${seg.name}"`,
        family: 'prediction',
        module: MODULE,
        definition: `The ${pct} % of the members of segment #${segmentId} (version ${seg.version}) with the highest model #${card.modelId} score (ties by ONE_ID).`,
        inputs: [card.scoreTag?.score ?? '', `segment:${segmentId}`],
        version: 1,
      },
    ]);
    db.run('DELETE FROM customer_tag WHERE tag = ?', [tag]);
    db.withStatement('INSERT INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, ?, ?)', (st) => {
      for (const c of chosen) st.run([c.one_id, tag, '1', `客群「${seg.name}」内倾向分 ${c.score.toFixed(4)}，前${pct}%（门槛 ${cutoff.toFixed(4)}）`, card.modelId]);
    });
  });
  return {
    tag,
    segmentId,
    segmentName: seg.name,
    segmentMembers,
    scored: scored.length,
    members: chosen.length,
    cutoff,
    rule: { type: 'and', rules: [{ type: 'segment', segment: segmentId }, { type: 'tag', tag }] },
  };
}
