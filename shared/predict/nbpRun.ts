/**
 * A next-best-product run over the workspace: baskets from the latest holdings snapshot (customer number →
 * ONE_ID through identity_map), rules and hit rate (nbp.ts), one recommendation per customer into `customer_tag`
 * as tag `nbp_product` (value = the item, reason = why), and the run's summary in `nbp_run`.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { NbpArgs, NbpResult } from '#shared/api/predictTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { Persons } from '#shared/profile/persons.ts';
import { registerTags } from '#shared/tags/tagRegistry.ts';
import { associationRules, holdoutHitRate, itemStats, reasonOf, recommend } from './nbp.ts';
import { MODULE } from './scoring.ts';

export const NBP_TAG = 'nbp_product';
/** Rules kept in the run summary. */
const KEEP_RULES = 200;

/** Baskets of item indices per person, and the item names. */
export function readBaskets(db: Db, level: 'category' | 'product'): { oneIds: string[]; baskets: Int32Array[]; items: string[] } {
  const persons = Persons.load(db);
  const label = level === 'category' ? "coalesce(nullif(p.category, ''), h.product_code)" : "coalesce(nullif(p.product_name, ''), h.product_code)";
  const itemIndex = new Map<string, number>();
  const byPerson = new Map<number, Set<number>>();
  db.each(
    `SELECT h.cust_no, ${label} FROM holdings_latest h LEFT JOIN products p ON p.product_code = h.product_code
      WHERE h.cust_no IS NOT NULL AND h.product_code IS NOT NULL AND coalesce(h.balance_fen, 1) > 0`,
    [],
    (r) => {
      const person = persons.indexOfCustNo(String(r[0]));
      if (person < 0) return;
      const name = String(r[1]);
      let item = itemIndex.get(name);
      if (item === undefined) itemIndex.set(name, (item = itemIndex.size));
      let set = byPerson.get(person);
      if (!set) byPerson.set(person, (set = new Set()));
      set.add(item);
    },
  );
  const people = [...byPerson.keys()].sort((a, b) => a - b);
  return {
    oneIds: people.map((p) => persons.oneIds[p]!),
    baskets: people.map((p) => Int32Array.from(byPerson.get(p)!).sort()),
    items: [...itemIndex.keys()],
  };
}

function hasView(db: Db, name: string): boolean {
  return db.value("SELECT count(*) FROM sqlite_master WHERE name = ?", [name]) !== 0;
}

/** Runs next-best-product and writes `nbp_product` tags; returns the summary (also stored in `nbp_run`). */
export async function runNbp(db: Db, args: NbpArgs, ctx: JobContext, createdAt: string): Promise<NbpResult> {
  const level = args.level ?? 'product';
  if (!hasView(db, 'holdings_latest') || !hasView(db, 'products')) throw new ExpectedError('NOT_FOUND', 'The workspace has no holdings.', {});
  const { oneIds, baskets, items } = readBaskets(db, level);
  if (baskets.length === 0 || items.length < 2) throw new ExpectedError('BAD_ARGUMENT', 'Too few product holdings to recommend from (import holdings and products first).', { customers: baskets.length, items: items.length });
  ctx.progress('predict.nbp', 1, 3);
  await ctx.checkpoint();
  const stats = itemStats(baskets, items.length);
  const rules = associationRules(stats, items, args.minSupport ?? 0.005, args.minConfidence ?? 0.1);
  const compared = (['conditional', 'cosine'] as const).map((sim) => holdoutHitRate(baskets, items.length, ctx.seed, sim));
  const evaluation = [...compared].sort((a, b) => b.hitRate3 - a.hitRate3 || b.hitRate1 - a.hitRate1)[0]!;
  ctx.progress('predict.nbp', 2, 3);
  await ctx.checkpoint();
  const recs = baskets.map((b) => recommend(b, stats, 1, evaluation.similarity)[0]);
  const runId = Number(db.value('SELECT coalesce(max(run_id), 0) + 1 FROM nbp_run'));
  const sample: NbpResult['sample'][number][] = [];
  let recommended = 0;
  db.transaction(() => {
    registerTags(db, [
      {
        key: NBP_TAG,
        zh: '推荐产品(下一个最佳产品)',
        en: 'Next best product',
        family: 'prediction',
        module: MODULE,
        definition: `The ${level === 'category' ? 'product category' : 'product'} not yet held with the highest item-based collaborative-filtering score (${evaluation.similarity === 'cosine' ? 'cosine similarity of holder sets' : 'P(item | held item)'}, summed over held items); reason = the association rule behind it.`,
        inputs: ['holdings', 'products'],
        version: 1,
      },
    ]);
    db.run('DELETE FROM customer_tag WHERE tag = ?', [NBP_TAG]);
    db.withStatement('INSERT INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, ?, ?)', (st) => {
      recs.forEach((r, c) => {
        if (!r) return;
        const reason = reasonOf(r, items);
        st.run([oneIds[c]!, NBP_TAG, items[r.item]!, reason, runId]);
        recommended++;
        if (sample.length < 20) sample.push({ oneId: oneIds[c]!, item: items[r.item]!, score: r.score, reason });
      });
    });
  });
  const result: NbpResult = {
    runId,
    level,
    customers: baskets.length,
    items: items.map((item, i) => ({ item, holders: stats.count[i]! })).sort((a, b) => b.holders - a.holders),
    rules: rules.slice(0, KEEP_RULES),
    recommended,
    evaluation,
    compared,
    sample,
  };
  db.run('INSERT INTO nbp_run (run_id, created_at, level, seed, summary) VALUES (?, ?, ?, ?, ?)', [runId, createdAt, level, ctx.seed, JSON.stringify(result)]);
  ctx.progress('predict.nbp', 3, 3);
  return result;
}

export function latestNbp(db: Db): NbpResult | null {
  const row = db.get<{ summary: string }>('SELECT summary FROM nbp_run ORDER BY run_id DESC LIMIT 1');
  return row ? (JSON.parse(row.summary) as NbpResult) : null;
}
