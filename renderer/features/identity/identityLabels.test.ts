import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { en } from '#renderer/i18n/en.ts';
import { zhCN } from '#renderer/i18n/zh-CN.ts';
import { CHANNELS, channelLabel, IDENTIFIER_TYPES, idTypeLabel, levelLabel, methodLabel, percent, sourceLabel } from './identityLabels.ts';

const i18n = i18next.createInstance();
await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', initAsync: false, interpolation: { escapeValue: false } });
const zh = i18n.getFixedT('zh-CN');
const eng = i18n.getFixedT('en');

describe('identity labels', () => {
  it('name every identifier type and channel in both languages', () => {
    for (const t of [zh, eng]) {
      for (const type of IDENTIFIER_TYPES) expect(idTypeLabel(t, type)).not.toMatch(/^identity\./);
      for (const c of CHANNELS) expect(channelLabel(t, c)).not.toMatch(/^identity\./);
    }
    expect(IDENTIFIER_TYPES).toHaveLength(15);
    expect(idTypeLabel(zh, 'phone')).toBe('手机号');
    expect(channelLabel(zh, 'official_account')).toBe('公众号');
    expect(channelLabel(eng, null)).toBe('No channel (e.g. touches)');
  });

  it('names engine sources and keeps imported source systems as they are', () => {
    expect(sourceLabel(zh, 'customer')).toBe('核心客户');
    expect(sourceLabel(zh, '微信小程序')).toBe('微信小程序');
  });

  it('names methods by identifier type or method code, and shows unknown codes rather than nothing', () => {
    expect(methodLabel(zh, 'cust_no')).toBe('客户号');
    expect(methodLabel(eng, 'probabilistic')).toBe('Probabilistic match');
    expect(methodLabel(zh, 'future_method')).toBe('future_method');
    expect(levelLabel(zh, 'pinyin')).toBe('拼音相同');
    expect(levelLabel(zh, 'odd')).toBe('odd');
  });

  it('formats shares as percentages with one decimal', () => {
    expect(percent(0.74874)).toBe('74.9%');
    expect(percent(1)).toBe('100.0%');
  });
});
