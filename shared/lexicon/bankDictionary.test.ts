import { describe, expect, it } from 'vitest';
import { BANK_WORD_FREQ, cleanDictionaryWord, DEFAULT_BANK_WORDS, dictionaryText, effectiveDictionary } from './bankDictionary.ts';

describe('bank dictionary', () => {
  it('holds the issue\'s bank words once each, without spaces', () => {
    const words = DEFAULT_BANK_WORDS.map((x) => x.word);
    expect(new Set(words).size).toBe(words.length);
    for (const w of ['大额存单', '信用卡分期', '提额', '理财产品', '手机银行', '人脸识别', '转账限额']) expect(words).toContain(w);
    for (const w of words) expect(w).toBe(cleanDictionaryWord(w));
  });

  it('writes jieba dictionary lines', () => {
    expect(dictionaryText([{ word: '提额', freq: 123.4, tag: 'v' }, { word: '某词', freq: -5, tag: '' }])).toBe('提额 123 v\n某词 0 n');
  });

  it('lays edits over the defaults: add, change frequency, remove with frequency 0', () => {
    const d = effectiveDictionary([
      { word: ' 招 招 宝 ', freq: null, tag: null, action: 'add' },
      { word: '提额', freq: 900, tag: null, action: 'add' },
      { word: '手机银行', freq: null, tag: null, action: 'remove' },
      { word: '手续', freq: null, tag: null, action: 'remove' },
      { word: '  ', freq: 5, tag: null, action: 'add' },
    ]);
    const by = new Map(d.map((x) => [x.word, x]));
    expect(by.get('招招宝')).toEqual({ word: '招招宝', freq: BANK_WORD_FREQ, tag: 'n' });
    expect(by.get('提额')).toEqual({ word: '提额', freq: 900, tag: 'nz' });
    expect(by.get('手机银行')?.freq).toBe(0);
    expect(by.get('手续')).toEqual({ word: '手续', freq: 0, tag: 'n' });
    expect(d).toHaveLength(DEFAULT_BANK_WORDS.length + 2);
  });
});
