import { describe, expect, it } from 'vitest';
import { buildBm25 } from './bm25.ts';
import { contrastKeywords, documentFrequencies, idf, textRankKeywords, tfidfKeywords } from './keywords.ts';

const docs = [
  ['闪退', '更新', '闪退'],
  ['闪退', '登录'],
  ['提额', '失败'],
  ['提额', '额度', '失败'],
  ['手续费', '退还'],
];

describe('keywords', () => {
  it('weights frequent words of a group by their rarity in the corpus', () => {
    const df = documentFrequencies(docs);
    expect(df.get('闪退')).toBe(2);
    const k = tfidfKeywords(docs.slice(0, 2), df, docs.length, 3);
    expect(k[0]).toEqual({ word: '闪退', score: 3 * idf(2, 5), notes: 2 });
    expect(k.map((x) => x.word)).toContain('更新');
  });

  it('ranks the most connected word first with TextRank', () => {
    const k = textRankKeywords([['提额', '失败', '额度'], ['提额', '失败'], ['提额', '投诉']], 2);
    expect(k[0]?.word).toBe('提额');
    expect(textRankKeywords([], 5)).toEqual([]);
  });

  it('finds what a group says more than the base, with a text TGI', () => {
    const group = [['提额', '失败'], ['提额', '失败', '额度'], ['提额', '慢']];
    const base = [['闪退', '失败'], ['闪退'], ['手续费'], ['闪退', '更新']];
    const k = contrastKeywords(group, base, 5);
    expect(k[0]?.word).toBe('提额');
    expect(k[0]?.tgi).toBeNull();
    const fail = k.find((x) => x.word === '失败');
    expect(fail?.tgi).toBeCloseTo((100 * (2 / 3)) / (1 / 4), 6);
    expect(k.some((x) => x.word === '慢')).toBe(false);
    expect(contrastKeywords([], base)).toEqual([]);
  });
});

describe('BM25', () => {
  it('scores documents with the query terms, rarer terms higher', () => {
    const index = buildBm25(docs);
    const hits = index.search(['提额', '失败'], 10);
    expect(hits.map((h) => h.doc).sort()).toEqual([2, 3]);
    expect(index.search(['闪退', '登录'], 1)[0]?.doc).toBe(1);
    expect(index.search(['不存在'], 5)).toEqual([]);
  });
});
