import { describe, expect, it } from 'vitest';
import {
  categorizeMerchant,
  createMerchantCategorizer,
  DEFAULT_MERCHANT_RULES,
  effectiveMerchantRules,
  MERCHANT_CATEGORIES,
  merchantCategoryLabel,
  normalizeMerchant,
  parseMccPattern,
  type MerchantRule,
} from './merchantCategories.ts';

describe('categorizeMerchant (built-in rules)', () => {
  it.each([
    ['财付通-美团外卖', null, 'dining', 'keyword:美团外卖'],
    ['支付宝-星巴克', '5814', 'dining', 'keyword:星巴克'],
    ['滴滴快车', '4121', 'travel', 'keyword:滴滴'],
    ['携程旅行', null, 'tourism', 'keyword:携程'],
    ['孩子王母婴用品店', null, 'maternal', 'keyword:孩子王'],
    ['杭州市实验幼儿园', '8211', 'education', 'keyword:幼儿园'],
    ['温州市第一人民医院', null, 'medical', 'keyword:医院'],
    ['天天基金网', null, 'wealth', 'keyword:天天基金'],
    ['中免三亚国际', null, 'crossborder', 'keyword:中免'],
    ['京东国际', null, 'crossborder', 'keyword:京东国际'],
    ['京东商城', '5399', 'shopping', 'keyword:京东'],
    ['天猫超市', '5411', 'grocery', 'keyword:天猫超市'],
    ['宠物之家动物医院', null, 'pets', 'keyword:动物医院'],
    ['中国红十字基金会', null, 'charity', 'keyword:基金会'],
    ['ＳＴＡＲＢＵＣＫＳ  上海', null, 'dining', 'keyword:starbucks'],
  ])('%s (MCC %s) → %s by %s', (merchant, mcc, category, rule) => {
    expect(categorizeMerchant(merchant, mcc)).toEqual({ category, rule });
  });

  it('falls back to the MCC when no keyword matches, and to null when nothing does', () => {
    expect(categorizeMerchant('某某商户有限公司', '5812')).toEqual({ category: 'dining', rule: 'mcc:5811-5814' });
    expect(categorizeMerchant('某某商户有限公司', '8062')).toEqual({ category: 'medical', rule: 'mcc:8011-8099' });
    expect(categorizeMerchant('某某商户有限公司', null)).toBeNull();
    expect(categorizeMerchant('某某商户有限公司', 'abcd')).toBeNull();
    expect(categorizeMerchant('', '')).toBeNull();
  });

  it('prefers the name over the code at equal priority', () => {
    expect(categorizeMerchant('中国石化加油站', '5411')).toEqual({ category: 'auto', rule: 'keyword:中国石化' });
  });
});

describe('rule tables', () => {
  it('has unique rule ids, valid MCC patterns and known categories', () => {
    const ids = DEFAULT_MERCHANT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = new Set(MERCHANT_CATEGORIES.map((c) => c.key));
    for (const r of DEFAULT_MERCHANT_RULES) {
      expect(keys.has(r.category), r.id).toBe(true);
      if (r.match === 'mcc') expect(parseMccPattern(r.pattern), r.id).not.toBeNull();
    }
  });

  it('lets an analyst rule override a default by id, add new keywords, and switch rules off', () => {
    const edits: MerchantRule[] = [
      { id: 'keyword:星巴克', category: '咖啡控', match: 'keyword', pattern: '星巴克', priority: 100, enabled: true, origin: 'default' },
      { id: 'keyword:某某商户', category: 'business', match: 'keyword', pattern: '某某商户', priority: 100, enabled: true, origin: 'user' },
      { id: 'mcc:5811-5814', category: 'dining', match: 'mcc', pattern: '5811-5814', priority: 0, enabled: false, origin: 'default' },
    ];
    const rules = effectiveMerchantRules(edits);
    expect(rules).toHaveLength(DEFAULT_MERCHANT_RULES.length + 1);
    const c = createMerchantCategorizer(rules);
    expect(c.categorize('支付宝-星巴克')).toEqual({ category: '咖啡控', rule: 'keyword:星巴克' });
    expect(c.categorize('某某商户有限公司', '5812')).toEqual({ category: 'business', rule: 'keyword:某某商户' });
    expect(c.categorize('无名小馆', '5812')).toBeNull();
    expect(categorizeMerchant('无名小馆', '5812', rules)).toBeNull();
  });

  it('lets a higher-priority MCC rule beat a default keyword', () => {
    const rules = effectiveMerchantRules([{ id: 'mcc:5814', category: 'special', match: 'mcc', pattern: '5814', priority: 100, enabled: true, origin: 'user' }]);
    expect(createMerchantCategorizer(rules).categorize('星巴克', '5814')).toEqual({ category: 'special', rule: 'mcc:5814' });
  });
});

describe('helpers', () => {
  it('normalises width, case, spaces and payment prefixes', () => {
    expect(normalizeMerchant('  支付宝 - 瑞幸 咖啡 ')).toBe('瑞幸咖啡');
    expect(normalizeMerchant('财付通-微信支付-ＫＦＣ')).toBe('kfc');
  });

  it('parses MCC codes and ranges and rejects the rest', () => {
    expect(parseMccPattern('5812')).toEqual([5812, 5812]);
    expect(parseMccPattern(' 5811 - 5814 ')).toEqual([5811, 5814]);
    expect(parseMccPattern('5814-5811')).toBeNull();
    expect(parseMccPattern('58')).toBeNull();
  });

  it('labels built-in keys in both languages and analyst keys as themselves', () => {
    expect(merchantCategoryLabel('dining')).toBe('餐饮');
    expect(merchantCategoryLabel('dining', 'en')).toBe('Dining');
    expect(merchantCategoryLabel('咖啡控', 'en')).toBe('咖啡控');
  });
});
