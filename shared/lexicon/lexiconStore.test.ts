import { describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { DEFAULT_BANK_WORDS } from './bankDictionary.ts';
import {
  loadDictionary,
  loadMerchantRuleEdits,
  loadMerchantRules,
  loadStopwordEdits,
  resetDictionaryEdit,
  resetMerchantRule,
  saveDictionaryEdit,
  saveMerchantRule,
  saveStopwordEdit,
} from './lexiconStore.ts';
import { createMerchantCategorizer, DEFAULT_MERCHANT_RULES } from './merchantCategories.ts';

async function openDb(): Promise<Db> {
  const db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  return db;
}

const AT = '2024-06-30 10:00:00';

describe('lexicon store', () => {
  it('keeps merchant rule edits apart from the defaults and lays them over', async () => {
    const db = await openDb();
    expect(loadMerchantRules(db)).toHaveLength(DEFAULT_MERCHANT_RULES.length);
    const edited = saveMerchantRule(db, { category: 'pets', match: 'keyword', pattern: '星巴克' }, AT);
    expect(edited).toMatchObject({ id: 'keyword:星巴克', origin: 'default', priority: 100 });
    saveMerchantRule(db, { category: 'education', match: 'keyword', pattern: '编程猫' }, AT);
    saveMerchantRule(db, { category: 'dining', match: 'mcc', pattern: '5811-5814', enabled: false, priority: 0 }, AT);
    const rules = loadMerchantRules(db);
    expect(rules).toHaveLength(DEFAULT_MERCHANT_RULES.length + 1);
    const c = createMerchantCategorizer(rules);
    expect(c.categorize('星巴克')?.category).toBe('pets');
    expect(c.categorize('编程猫少儿编程')?.category).toBe('education');
    expect(c.categorize('无名小馆', '5812')).toBeNull();
    expect(Object.fromEntries(loadMerchantRuleEdits(db).map((r) => [r.id, r.origin]))).toEqual({ 'keyword:星巴克': 'default', 'keyword:编程猫': 'user', 'mcc:5811-5814': 'default' });
    expect(resetMerchantRule(db, 'keyword:星巴克')).toBe(true);
    expect(createMerchantCategorizer(loadMerchantRules(db)).categorize('星巴克')?.category).toBe('dining');
  });

  it('refuses rules without category or with a malformed MCC', async () => {
    const db = await openDb();
    expect(() => saveMerchantRule(db, { category: ' ', match: 'keyword', pattern: 'x' }, AT)).toThrow(/category/);
    expect(() => saveMerchantRule(db, { category: 'dining', match: 'mcc', pattern: '58x2' }, AT)).toThrow(/MCC/);
  });

  it('stores dictionary and stopword edits', async () => {
    const db = await openDb();
    saveDictionaryEdit(db, { word: '招招宝', action: 'add', freq: 80000 }, AT);
    saveDictionaryEdit(db, { word: '提额', action: 'remove' }, AT);
    const d = loadDictionary(db);
    expect(d).toHaveLength(DEFAULT_BANK_WORDS.length + 1);
    expect(d.find((x) => x.word === '招招宝')?.freq).toBe(80000);
    expect(d.find((x) => x.word === '提额')?.freq).toBe(0);
    expect(resetDictionaryEdit(db, '提额')).toBe(true);
    expect(loadDictionary(db).find((x) => x.word === '提额')?.freq).toBeGreaterThan(0);
    expect(() => saveDictionaryEdit(db, { word: '词', action: 'add', freq: 1.5 }, AT)).toThrow(/frequency/);
    saveStopwordEdit(db, '客户', 'add', AT);
    saveStopwordEdit(db, '没有', 'remove', AT);
    expect(loadStopwordEdits(db)).toEqual([{ word: '客户', action: 'add' }, { word: '没有', action: 'remove' }]);
    saveStopwordEdit(db, '客户', 'reset', AT);
    expect(loadStopwordEdits(db)).toEqual([{ word: '没有', action: 'remove' }]);
  });
});
