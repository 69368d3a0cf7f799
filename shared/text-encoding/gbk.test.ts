import { describe, expect, it } from 'vitest';
import { BugIndicatingError } from '#shared/api/errors.ts';
import { encodeGbk, encodeGbkLossy } from './gbk.ts';

describe('encodeGbk', () => {
  it('writes what TextDecoder reads back as GBK and GB18030', () => {
    const text = '客户号,姓名,资产余额(元)\r\n6000000001,欧阳婧,￥1,234.50 “转账限额”…—·\n';
    const bytes = encodeGbk(text);
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text);
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });

  it('refuses characters GBK lacks', () => {
    expect(() => encodeGbk('🌸')).toThrow(BugIndicatingError);
  });
});

describe('encodeGbkLossy', () => {
  it('replaces each character GBK lacks with one ? and counts them', () => {
    const r = encodeGbkLossy('张🌸伟𠀀,ok');
    expect(new TextDecoder('gbk').decode(r.bytes)).toBe('张?伟?,ok');
    expect(r.unmappable).toBe(2);
  });

  it('keeps text GBK can hold unchanged', () => {
    const r = encodeGbkLossy('尊敬的王*先生');
    expect(r.unmappable).toBe(0);
    expect(new TextDecoder('gbk').decode(r.bytes)).toBe('尊敬的王*先生');
  });
});
