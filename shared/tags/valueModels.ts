/**
 * The value models of a tag run, computed from the wide table and written to `customer_score`: RFM quintile
 * scores, BG/NBD expected transactions and P(alive), Gamma-Gamma expected spend, 12-month CLV and the annual
 * contribution estimate (docs/tags.md "Value models").
 *
 * Transactions for BG/NBD are customer-initiated transaction days in the 730-day window (the profile's
 * repeat_txn_days, txn_span_days, txn_age_days), in weeks. Parameters are fitted on a seeded sample of customers
 * (`value.fitSample`), aggregated by identical (x, t_x, T); every customer is then scored.
 */
import type { TagSettings, ValueModelSummary } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { customerLifetimeValue, expectedSpend, expectedTransactions, fitBgNbd, fitGammaGamma, pAlive, WEEKS_PER_MONTH, type BgNbdParams, type GammaGammaParams, type Observation } from './bgnbd.ts';
import { combinedScore, quintileScores } from './rfm.ts';

const COLUMNS = ['one_id', 'active_txn_recency_days', 'repeat_txn_days', 'txn_span_days', 'txn_age_days', 'avg_txn_day_fen', 'active_txn_days_365d', 'aum_fen', 'loan_balance_fen'] as const;

export interface ValueInputs {
  readonly oneIds: string[];
  readonly recency: Float64Array;
  readonly x: Float64Array;
  readonly spanDays: Float64Array;
  readonly ageDays: Float64Array;
  readonly avgFen: Float64Array;
  readonly days365: Float64Array;
  readonly aumFen: Float64Array;
  readonly loanFen: Float64Array;
}

const numOrNaN = (s: string | undefined): number => (s === undefined || s === '' ? Number.NaN : Number(s));

/** Reads the model inputs from customer_profile in storage (ONE_ID) order. */
export async function readValueInputs(db: Db, ctx: JobContext): Promise<ValueInputs> {
  const n = Number(db.value('SELECT count(*) FROM customer_profile') ?? 0);
  const make = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const v: ValueInputs = { oneIds: [], recency: make(), x: make(), spanDays: make(), ageDays: make(), avgFen: make(), days365: make(), aumFen: make(), loanFen: make() };
  let i = 0;
  await scanRows(db, ctx, 'tags.read', 'customer_profile', COLUMNS, '1', [], (f) => {
    if (i >= n) return;
    v.oneIds.push(f[0] ?? '');
    v.recency[i] = numOrNaN(f[1]);
    v.x[i] = numOrNaN(f[2]);
    v.spanDays[i] = numOrNaN(f[3]);
    v.ageDays[i] = numOrNaN(f[4]);
    v.avgFen[i] = numOrNaN(f[5]);
    v.days365[i] = numOrNaN(f[6]);
    v.aumFen[i] = numOrNaN(f[7]);
    v.loanFen[i] = numOrNaN(f[8]);
    i++;
  }, 'rowid');
  return v;
}

export interface ValueScores {
  readonly r: Uint8Array;
  readonly f: Uint8Array;
  readonly m: Uint8Array;
  readonly score: Float64Array;
  readonly expTxn: Float64Array;
  readonly pAlive: Float64Array;
  readonly clvFen: Float64Array;
  readonly contributionFen: Float64Array;
  readonly summary: ValueModelSummary;
}

/** Fits the models and scores every customer. */
export async function scoreValue(v: ValueInputs, settings: TagSettings, seed: number, ctx: JobContext): Promise<ValueScores> {
  const n = v.oneIds.length;
  const recencyValue = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v.x[i] as number;
    recencyValue[i] = -(v.recency[i] as number);
    frequency[i] = x + 1;
    monetary[i] = (v.avgFen[i] as number) * (x + 1);
  }
  const r = quintileScores(recencyValue);
  const f = quintileScores(frequency);
  const m = quintileScores(monetary);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = combinedScore(r[i] as number, f[i] as number, m[i] as number, settings.rfm.weights);
  ctx.progress('tags.value', 1, 4);
  await ctx.checkpoint();

  // Fit on a seeded sample, identical observations aggregated into weights.
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(v.x[i])) active.push(i);
  const rnd = createRandom(seed);
  for (let k = active.length - 1; k > 0; k--) {
    const j = Math.floor(rnd.next() * (k + 1));
    const t = active[k] as number;
    active[k] = active[j] as number;
    active[j] = t;
  }
  const sample = active.slice(0, settings.value.fitSample);
  const obsByKey = new Map<string, Observation & { weight: number }>();
  const spendByKey = new Map<string, { x: number; m: number; weight: number }>();
  for (const i of sample) {
    const x = v.x[i] as number;
    const tx = (v.spanDays[i] as number) / 7;
    const T = (v.ageDays[i] as number) / 7;
    const key = `${x}|${tx}|${T}`;
    const o = obsByKey.get(key);
    if (o) o.weight++;
    else obsByKey.set(key, { x, tx, T, weight: 1 });
    const avg = (v.avgFen[i] as number) / 100;
    if (x > 0 && avg > 0) {
      const sk = `${x}|${avg}`;
      const s = spendByKey.get(sk);
      if (s) s.weight++;
      else spendByKey.set(sk, { x, m: avg, weight: 1 });
    }
  }
  const bg = obsByKey.size >= 2 ? fitBgNbd([...obsByKey.values()]) : null;
  ctx.progress('tags.value', 2, 4);
  await ctx.checkpoint();
  const gg = spendByKey.size >= 3 ? fitGammaGamma([...spendByKey.values()]) : null;
  ctx.progress('tags.value', 3, 4);
  await ctx.checkpoint();

  const expTxn = new Float64Array(n);
  const alive = new Float64Array(n).fill(Number.NaN);
  const clvFen = new Float64Array(n);
  const contributionFen = new Float64Array(n);
  const months = settings.value.clvMonths;
  const cache = new Map<string, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    const x = v.x[i] as number;
    const avgFen = v.avgFen[i] as number;
    const yearSpendFen = Number.isNaN(avgFen) ? 0 : avgFen * ((v.days365[i] as number) || 0);
    contributionFen[i] = ((v.aumFen[i] as number) || 0) * settings.value.aumSpread + ((v.loanFen[i] as number) || 0) * settings.value.loanSpread + yearSpendFen * settings.value.margin;
    if (Number.isNaN(x) || !bg) continue;
    const key = `${x}|${v.spanDays[i] as number}|${v.ageDays[i] as number}`;
    let hit = cache.get(key);
    if (!hit) {
      const tx = (v.spanDays[i] as number) / 7;
      const T = (v.ageDays[i] as number) / 7;
      hit = [expectedTransactions(bg.params, months * WEEKS_PER_MONTH, x, tx, T), pAlive(bg.params, x, tx, T), customerLifetimeValue(bg.params, x, tx, T, 1, months, settings.value.monthlyDiscount)];
      cache.set(key, hit);
    }
    expTxn[i] = hit[0];
    alive[i] = hit[1];
    // CLV is linear in the spend per transaction, so the cached value for a spend of 1 is scaled.
    const spendYuan = gg ? expectedSpend(gg.params, x, Number.isNaN(avgFen) ? 0 : avgFen / 100) : Number.isNaN(avgFen) ? 0 : avgFen / 100;
    clvFen[i] = hit[2] * spendYuan * 100 * settings.value.margin;
    if ((i & 0xffff) === 0xffff) await ctx.checkpoint();
  }
  ctx.progress('tags.value', 4, 4);
  const summary: ValueModelSummary = {
    customers: n,
    fitted: sample.length,
    bgnbd: bg ? { ...round(bg.params), logLik: bg.logLik, iterations: bg.iterations } : null,
    gammaGamma: gg ? { ...roundGg(gg.params), logLik: gg.logLik, iterations: gg.iterations } : null,
  };
  return { r, f, m, score, expTxn, pAlive: alive, clvFen, contributionFen, summary };
}

function round(p: BgNbdParams): BgNbdParams {
  return { r: +p.r.toPrecision(6), alpha: +p.alpha.toPrecision(6), a: +p.a.toPrecision(6), b: +p.b.toPrecision(6) };
}

function roundGg(p: GammaGammaParams): GammaGammaParams {
  return { p: +p.p.toPrecision(6), q: +p.q.toPrecision(6), gamma: +p.gamma.toPrecision(6) };
}

/** Replaces customer_score with this run's scores. */
export async function writeScores(db: Db, ctx: JobContext, runId: number, v: ValueInputs, s: ValueScores): Promise<void> {
  db.run('DELETE FROM customer_score');
  const tuple = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  const bulk = db.prepareBulkInsert((rows) => `INSERT INTO customer_score VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`, 10);
  try {
    const row: (string | number | null)[] = new Array<string | number | null>(10).fill(null);
    const n = v.oneIds.length;
    for (let i = 0; i < n; i++) {
      const alive = s.pAlive[i] as number;
      row[0] = v.oneIds[i] as string;
      row[1] = runId;
      row[2] = s.r[i] as number;
      row[3] = s.f[i] as number;
      row[4] = s.m[i] as number;
      row[5] = s.score[i] as number;
      row[6] = Math.round((s.expTxn[i] as number) * 100) / 100;
      row[7] = Number.isNaN(alive) ? null : Math.round(alive * 1000) / 1000;
      row[8] = Math.round(s.clvFen[i] as number);
      row[9] = Math.round(s.contributionFen[i] as number);
      bulk.add(row);
      if ((i & 0x3fff) === 0x3fff) {
        bulk.flush();
        ctx.progress('tags.scores', i + 1, n);
        await ctx.checkpoint();
      }
    }
    bulk.flush();
  } finally {
    bulk.free();
  }
}
