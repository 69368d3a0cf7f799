import { describe, expect, it } from 'vitest';
import { aspectHints } from './aspects.ts';
import { clauseScore, lexiconSentiment } from './sentimentLexicon.ts';

describe('lexicon sentiment', () => {
  it('scores praise, complaints and problem reports', () => {
    expect(lexiconSentiment(['很', '好', '用', '，', '好评']).label).toBe('positive');
    expect(lexiconSentiment(['一直', '闪退', '，', '垃圾']).label).toBe('negative');
    expect(lexiconSentiment(['无法', '登录']).label).toBe('negative');
    expect(lexiconSentiment(['请问', '怎么', '开通']).label).toBe('neutral');
    expect(lexiconSentiment([]).label).toBe('neutral');
  });

  it('flips after a negation and scales after a degree word, within one clause', () => {
    expect(clauseScore(['不', '方便'])).toBeLessThan(0);
    expect(clauseScore(['不', '麻烦'])).toBeGreaterThan(0);
    expect(clauseScore(['非常', '方便'])).toBeGreaterThan(clauseScore(['方便']));
    expect(clauseScore(['有点', '慢'])).toBeGreaterThan(clauseScore(['慢']));
    expect(lexiconSentiment(['不', '，', '方便']).label).toBe('positive');
  });

  it('does not read 好 before a quantity as praise, and counts emoji', () => {
    expect(clauseScore(['好', '几次', '失败'])).toBe(clauseScore(['失败']));
    expect(lexiconSentiment(['转账'], ['😡', '😡']).label).toBe('negative');
    expect(lexiconSentiment(['转账'], ['👍', '👍']).label).toBe('positive');
  });
});

describe('aspect hints', () => {
  it('finds aspects with the sentiment of their clause', () => {
    const hints = aspectHints(['手续费', '太', '贵', '了', '，', '客服', '态度', '很', '好', '。', '提额', '失败']);
    const by = Object.fromEntries(hints.map((h) => [h.aspect, h.label]));
    expect(by).toEqual({ fees: 'neutral', service: 'positive', limit: 'negative' });
    expect(aspectHints(['今天', '天气'])).toEqual([]);
  });
});
