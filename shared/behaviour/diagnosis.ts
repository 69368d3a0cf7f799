/**
 * 客群经营诊断: the article's four pain points measured on the customer wide table — channel coverage, scenario
 * penetration (spending in each life scenario, from merchant categories), product–group fit (holding rate per
 * lifecycle group against the whole base) and stickiness. Every tile carries the segment rule of the customers
 * behind it, so the UI drills down and saves it as a segment with the segments module.
 */
import type { DiagnosisResult, DiagnosisTile } from '#shared/api/behaviourTypes.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { LIFECYCLE_GROUPS } from '#shared/api/tagTypes.ts';
import type { Db, SqlParam, SqlValue } from '#shared/db/database.ts';
import { lifecycleTagKey } from '#shared/tags/lifecycle.ts';
import { getTagDef } from '#shared/tags/tagRegistry.ts';
import { merchantCategoryLabel } from '#shared/lexicon/merchantCategories.ts';

const attrTrue = (column: string): SegmentRule => ({ type: 'attr', column, op: '=', value: true });
const attrFalse = (column: string): SegmentRule => ({ type: 'attr', column, op: '=', value: false });

const CHANNELS = [
  { id: 'app', column: 'uses_app', zh: '手机银行', en: 'Mobile app' },
  { id: 'web', column: 'uses_web', zh: '网银/网页', en: 'Web' },
  { id: 'wechat', column: 'uses_wechat', zh: '微信公众号/小程序', en: 'WeChat' },
  { id: 'branch', column: 'uses_branch', zh: '网点', en: 'Branch' },
] as const;

export const FIT_PRODUCTS = [
  { key: 'has_wealth', zh: '理财', en: 'Wealth' },
  { key: 'has_fund', zh: '基金', en: 'Funds' },
  { key: 'has_insurance', zh: '保险', en: 'Insurance' },
  { key: 'has_loan', zh: '贷款', en: 'Loans' },
  { key: 'has_credit_card', zh: '信用卡', en: 'Credit card' },
] as const;

/** A product–group cell is a gap worth a tile when the group holds it at under this index (overall = 100). */
const FIT_GAP_INDEX = 80;

export interface DiagnosisBase {
  /** SQL restricting customer_profile rows (alias p), with its parameters; '1' for everyone. */
  readonly where: string;
  readonly params: readonly SqlParam[];
  /** The base as a rule to AND with every tile rule (null for everyone). */
  readonly rule: SegmentRule | null;
}

export function segmentBase(segmentId: number | undefined): DiagnosisBase {
  if (segmentId === undefined) return { where: '1', params: [], rule: null };
  return {
    where: 'p.one_id IN (SELECT m.one_id FROM segment_member m JOIN segment s ON s.segment_id = m.segment_id AND s.version = m.version WHERE m.segment_id = ?)',
    params: [segmentId],
    rule: { type: 'segment', segment: segmentId },
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export function diagnose(db: Db, base: DiagnosisBase, asOfDate: string | null): DiagnosisResult {
  const t0 = performance.now();
  const within = (rule: SegmentRule): SegmentRule => (base.rule ? { type: 'and', rules: [base.rule, rule] } : rule);
  const from = `FROM customer_profile p WHERE ${base.where}`;
  const agg = db.get<Record<string, SqlValue>>(
    `SELECT count(*) AS n,
      ${CHANNELS.map((c) => `sum(p.${c.column} = 1) AS ${c.id}`).join(', ')},
      sum(p.uses_branch = 1 AND ifnull(p.uses_app, 0) = 0 AND ifnull(p.uses_web, 0) = 0 AND ifnull(p.uses_wechat, 0) = 0) AS branch_only,
      sum(ifnull(p.channel_count, 0) = 0) AS no_channel,
      avg(p.active_months_12m) AS active_mean, sum(ifnull(p.active_months_12m, 0) <= 2) AS active_low,
      avg(p.login_days_30d) AS login_mean, sum(ifnull(p.login_days_30d, 0) = 0) AS login_none,
      avg(p.product_count) AS products_mean, sum(ifnull(p.product_count, 0) <= 1) AS products_single,
      avg(p.tenure_months) AS tenure_mean, sum(p.tenure_months < 12) AS tenure_new,
      ${FIT_PRODUCTS.map((f) => `sum(p.${f.key} = 1) AS ${f.key}`).join(', ')}
     ${from}`,
    base.params,
  ) ?? { n: 0 };
  const n = num(agg.n);
  const share = (k: number): number => (n === 0 ? 0 : k / n);
  const tiles: DiagnosisTile[] = [];
  const tile = (t: Omit<DiagnosisTile, 'share' | 'mean' | 'index'> & { mean?: number | null; index?: number | null }): void => {
    tiles.push({ ...t, rule: within(t.rule), share: share(t.customers), mean: t.mean ?? null, index: t.index ?? null });
  };

  for (const c of CHANNELS) tile({ id: `channel_${c.id}`, section: 'channel', zh: `${c.zh}覆盖`, en: `${c.en} coverage`, customers: num(agg[c.id]), rule: attrTrue(c.column) });
  tile({
    id: 'channel_branch_only',
    section: 'channel',
    zh: '仅网点客户',
    en: 'Branch only',
    customers: num(agg.branch_only),
    rule: { type: 'and', rules: [attrTrue('uses_branch'), attrFalse('uses_app'), attrFalse('uses_web'), attrFalse('uses_wechat')] },
  });
  tile({ id: 'channel_none', section: 'channel', zh: '近一年无渠道活动', en: 'No channel activity in a year', customers: num(agg.no_channel), rule: { type: 'attr', column: 'channel_count', op: '=', value: 0 } });

  // Scenario penetration: customers with spending in each merchant category (customer_profile.category_spend_365d).
  const scenario = new Map<string, number>();
  db.each(`SELECT p.category_spend_365d ${from} AND p.category_spend_365d IS NOT NULL`, base.params, (r) => {
    if (typeof r[0] !== 'string') return;
    try {
      const obj = JSON.parse(r[0]) as unknown;
      if (obj && typeof obj === 'object') for (const k of Object.keys(obj)) scenario.set(k, (scenario.get(k) ?? 0) + 1);
    } catch {
      // A malformed cell (written by hand) counts as no spending: the profile build writes valid JSON.
    }
  });
  for (const [cat, k] of [...scenario.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    tile({ id: `scenario_${cat}`, section: 'scenario', zh: `${merchantCategoryLabel(cat)}场景渗透`, en: `Penetration: ${merchantCategoryLabel(cat, 'en')}`, customers: k, rule: { type: 'attr', column: 'category_spend_365d', op: 'contains', value: `"${cat}"` } });
  }

  // Product–group fit over lifecycle groups (latest tag run).
  const overall = FIT_PRODUCTS.map((f) => share(num(agg[f.key])));
  const groups: DiagnosisResult['fit']['groups'][number][] = [];
  const gaps: { zh: string; en: string; id: string; customers: number; index: number; rule: SegmentRule }[] = [];
  for (const g of LIFECYCLE_GROUPS) {
    const tag = lifecycleTagKey(g);
    const def = getTagDef(db, tag);
    const row = db.get<Record<string, SqlValue>>(
      `SELECT count(*) AS n, ${FIT_PRODUCTS.map((f) => `sum(p.${f.key} = 1) AS ${f.key}`).join(', ')}
       FROM customer_profile p JOIN customer_tag t ON t.one_id = p.one_id AND t.tag = ? AND t.run_id = (SELECT max(run_id) FROM customer_tag WHERE tag = ?)
       WHERE ${base.where}`,
      [tag, tag, ...base.params],
    );
    const size = num(row?.n);
    if (!def || size === 0) continue;
    const rates = FIT_PRODUCTS.map((f) => num(row?.[f.key]) / size);
    groups.push({ key: tag, zh: def.zh, en: def.en, size, rates });
    FIT_PRODUCTS.forEach((f, i) => {
      const o = overall[i] ?? 0;
      const index = o === 0 ? 100 : ((rates[i] ?? 0) / o) * 100;
      if (index < FIT_GAP_INDEX) {
        gaps.push({
          id: `fit_${g}_${f.key}`,
          zh: `${def.zh}·未持有${f.zh}`,
          en: `${def.en} without ${f.en.toLowerCase()}`,
          customers: size - num(row?.[f.key]),
          index,
          rule: { type: 'and', rules: [{ type: 'tag', tag }, attrFalse(f.key)] },
        });
      }
    });
  }
  for (const gp of gaps.sort((a, b) => a.index - b.index).slice(0, 8)) tile({ ...gp, section: 'productFit', index: Math.round(gp.index) });

  const mean = (k: string): number | null => {
    const v = agg[k];
    return typeof v === 'number' ? Math.round(v * 100) / 100 : null;
  };
  tile({ id: 'stick_active', section: 'stickiness', zh: '近12月活跃≤2个月', en: 'Active ≤ 2 of 12 months', customers: num(agg.active_low), mean: mean('active_mean'), rule: { type: 'attr', column: 'active_months_12m', op: '<=', value: 2 } });
  tile({ id: 'stick_login', section: 'stickiness', zh: '近30天未登录', en: 'No login in 30 days', customers: num(agg.login_none), mean: mean('login_mean'), rule: { type: 'attr', column: 'login_days_30d', op: '=', value: 0 } });
  tile({ id: 'stick_products', section: 'stickiness', zh: '仅持有1类产品', en: 'One product or none', customers: num(agg.products_single), mean: mean('products_mean'), rule: { type: 'attr', column: 'product_count', op: '<=', value: 1 } });
  tile({ id: 'stick_tenure', section: 'stickiness', zh: '开户不满12个月', en: 'Customer for under 12 months', customers: num(agg.tenure_new), mean: mean('tenure_mean'), rule: { type: 'attr', column: 'tenure_months', op: '<', value: 12 } });
  const churnTag = lifecycleTagKey('churn_risk');
  const churn = Number(
    db.value(
      `SELECT count(*) FROM customer_profile p JOIN customer_tag t ON t.one_id = p.one_id AND t.tag = ? AND t.run_id = (SELECT max(run_id) FROM customer_tag WHERE tag = ?) WHERE ${base.where}`,
      [churnTag, churnTag, ...base.params],
    ) ?? 0,
  );
  tile({ id: 'stick_churn', section: 'stickiness', zh: '易流失客户占比', en: 'Churn risk', customers: churn, rule: { type: 'tag', tag: churnTag } });

  return {
    base: n,
    asOfDate,
    tiles,
    fit: { products: FIT_PRODUCTS.map((f) => ({ key: f.key, zh: f.zh, en: f.en })), groups, overall },
    ms: performance.now() - t0,
  };
}
