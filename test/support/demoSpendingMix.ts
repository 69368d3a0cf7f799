/**
 * The segmentation features an analyst would build from the demo's wide table and transactions, shared by the
 * clustering integration test and the planted-segment bench so both score the same representation: age, AUM and
 * activity (logged), and the spending mix — the share of each merchant category (customer_profile's
 * category_spend_365d) and of the telling transaction kinds — shrunk towards the overall mix by ten
 * pseudo-transactions, so a customer with three transactions does not get extreme shares.
 */
type Cell = string | number | null;

const KINDS = ['取现', '经营收款', '货款支付', '跨境汇款', '消费', '转账'];

export interface SpendingMix {
  /** CSV with a header, keyed by cust_no. */
  readonly csv: string;
  /** The base columns followed by the mix columns. */
  readonly features: string[];
  readonly base: string[];
}

/** `query` runs SQL on a workspace that has `customer_profile` (after profile.build) and returns its rows. */
export async function spendingMixCsv(query: (sql: string) => Promise<Cell[][]>): Promise<SpendingMix> {
  const base = ['age', 'aum_log', 'txn_log'];
  const profile = await query('SELECT cust_no, age, aum_fen, txn_count_365d, category_spend_365d FROM customer_profile');
  const kinds = new Map<string, Map<string, number>>();
  for (const [cust, kind, n] of await query(`SELECT cust_no, txn_type, count(*) FROM transactions WHERE txn_type IN (${KINDS.map((k) => `'${k}'`).join(', ')}) GROUP BY 1, 2`)) {
    const m = kinds.get(String(cust)) ?? new Map<string, number>();
    m.set(`kind_${String(kind)}`, Number(n));
    kinds.set(String(cust), m);
  }
  const counts = profile.map(([cust, , , , spend]) => {
    const m = new Map(kinds.get(String(cust)) ?? []);
    for (const [cat, v] of Object.entries(JSON.parse(String(spend ?? '{}')) as Record<string, [number, number]>)) m.set(`cat_${cat}`, v[0]);
    return m;
  });
  const mix = [...new Set(counts.flatMap((m) => [...m.keys()]))].sort();
  const totals = new Map(mix.map((c) => [c, counts.reduce((acc, m) => acc + (m.get(c) ?? 0), 0)]));
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const lines = [['cust_no', ...base, ...mix].join(',')];
  profile.forEach(([cust, age, aum, txn], i) => {
    const m = counts[i] ?? new Map<string, number>();
    const own = [...m.values()].reduce((a, b) => a + b, 0);
    const shares = mix.map((c) => ((m.get(c) ?? 0) + (10 * (totals.get(c) ?? 0)) / all) / (own + 10));
    lines.push([cust, age ?? '', Math.log1p(Math.max(0, Number(aum ?? 0)) / 100), Math.log1p(Number(txn ?? 0)), ...shares].join(','));
  });
  return { csv: `${lines.join('\n')}\n`, features: [...base, ...mix], base };
}
