import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/jobs/random.ts';
import { associationRules, holdoutHitRate, itemStats, reasonOf, recommend } from './nbp.ts';

const names = ['存款', '大额存单', '理财', '基金', '保险'];

describe('next-best-product', () => {
  it('computes support, confidence and lift of one-to-one rules', () => {
    // 4 customers: {存款, 大额存单}, {存款, 大额存单}, {存款}, {理财}.
    const baskets = [Int32Array.of(0, 1), Int32Array.of(0, 1), Int32Array.of(0), Int32Array.of(2)];
    const rules = associationRules(itemStats(baskets, 5), names, 0.1, 0.1);
    const r = rules.find((x) => x.antecedent === '存款' && x.consequent === '大额存单');
    expect(r?.support).toBeCloseTo(0.5, 10);
    expect(r?.confidence).toBeCloseTo(2 / 3, 10);
    expect(r?.lift).toBeCloseTo(2 / 3 / 0.5, 10);
    expect(rules.some((x) => x.antecedent === '理财')).toBe(false);
  });

  it('recommends what holders of the same items also hold, with the reason in Chinese', () => {
    // 100 times: three 理财 holders with 大额存单, one with 基金, four with 存款 only.
    const pattern = [Int32Array.of(1, 2), Int32Array.of(1, 2), Int32Array.of(1, 2), Int32Array.of(2, 3), Int32Array.of(0), Int32Array.of(0), Int32Array.of(0), Int32Array.of(0)];
    const baskets = Array.from({ length: 100 }, () => pattern).flat();
    const s = itemStats(baskets, 5);
    const [top] = recommend(Int32Array.of(2), s, 1);
    expect(top?.item).toBe(1);
    expect(reasonOf(top!, names)).toBe('持有「理财」的客户中 75% 也持有「大额存单」');
    // Someone holding nothing gets the most popular item, said so.
    const [pop] = recommend(new Int32Array(0), s, 1);
    expect(pop?.item).toBe(0);
    expect(reasonOf(pop!, names)).toContain('热门产品');
  });

  it('finds a held-out product more often than popularity when holdings have structure', () => {
    // Two planted groups: savers hold 存款 + 大额存单 (+ sometimes 保险), investors 理财 + 基金; 存款 is the most popular.
    const rnd = createRandom(9);
    const baskets: Int32Array[] = [];
    for (let c = 0; c < 2000; c++) {
      const items = new Set<number>();
      if (rnd.next() < 0.6) {
        items.add(0);
        if (rnd.next() < 0.7) items.add(1);
        if (rnd.next() < 0.3) items.add(4);
      } else {
        items.add(2);
        if (rnd.next() < 0.7) items.add(3);
        if (rnd.next() < 0.2) items.add(0);
      }
      baskets.push(Int32Array.from(items).sort());
    }
    const conditional = holdoutHitRate(baskets, 5, 1, 'conditional');
    const cosine = holdoutHitRate(baskets, 5, 1, 'cosine');
    expect(conditional.customers).toBeGreaterThan(500);
    expect(conditional.hitRate1).toBeGreaterThan(conditional.popularityHitRate1 + 0.05);
    expect(cosine.hitRate3).toBeGreaterThan(cosine.popularityHitRate3);
    expect(holdoutHitRate(baskets, 5, 1, 'conditional')).toEqual(conditional);
  });
});
