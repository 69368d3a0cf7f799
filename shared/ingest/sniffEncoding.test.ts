import { describe, expect, it } from 'vitest';
import { ExpectedError } from '#shared/api/errors.ts';
import { sniffEncoding, userEncoding } from './sniffEncoding.ts';
import { encodeLatin1, encodeLegacy } from './testKit.ts';

const ZH = '客户号,姓名,手机号,地址\nC001,张三,13800138000,北京市朝阳区建国路88号\nC002,李四,13912345678,上海市浦东新区世纪大道100号\n';
const TW = '客戶號,姓名,手機號,地址\nC001,張三,13800138000,臺北市信義區市府路1號\nC002,李四,13912345678,高雄市前鎮區中山二路\n';
const PT = 'age;job;marital;education\n58;"management";"married";"tertiary"\n44;"técnico";"casado";"educação secundária"\n33;"empresário";"solteiro";"básico"\n';

describe('sniffEncoding', () => {
  it('takes a byte-order mark as certain', () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a,b\n')]);
    expect(sniffEncoding(utf8, true)).toMatchObject({ encoding: 'utf-8', source: 'bom', confidence: 100, bomLength: 3 });
    expect(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0x00]), true)).toMatchObject({ encoding: 'utf-16le', source: 'bom' });
    expect(sniffEncoding(new Uint8Array([0xfe, 0xff, 0x00, 0x61]), true)).toMatchObject({ encoding: 'utf-16be', source: 'bom' });
  });

  it('recognises valid UTF-8, even when the sample cuts a character in two', () => {
    const bytes = new TextEncoder().encode(ZH);
    expect(sniffEncoding(bytes, true)).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
    expect(sniffEncoding(bytes.slice(0, 40), false)).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
  });

  it('reports GBK text as GB18030', () => {
    const g = sniffEncoding(encodeLegacy(ZH, 'gbk'), true);
    expect(g.encoding).toBe('gb18030');
    expect(g.source).toBe('detector');
    expect(g.confidence).toBeGreaterThanOrEqual(50);
  });

  it('finds GBK in a mostly ASCII export with Chinese in one column', () => {
    const merchants = ['美团外卖', '京东商城', '滴滴出行', '中国石化', '星巴克'];
    const rows = Array.from({ length: 40 }, (_, i) => `T${i},C${i},2024-01-0${1 + (i % 9)} 10:00:00,${i}.50,${merchants[i % 5] ?? ''}`);
    const g = sniffEncoding(encodeLegacy(`txn_id,cust_no,time,amount,merchant\n${rows.join('\n')}\n`, 'gbk'), true);
    expect(g.encoding).toBe('gb18030');
    expect(g.confidence).toBeGreaterThanOrEqual(50);
  });

  it('decodes GB18030 four-byte characters', () => {
    // 𠀀 (U+20000) is 95 32 82 36 in GB18030; € is A2 E3.
    const bytes = new Uint8Array([...encodeLegacy(ZH, 'gbk'), 0x95, 0x32, 0x82, 0x36, 0xa2, 0xe3, 0x0a]);
    const g = sniffEncoding(bytes, true);
    expect(g.encoding).toBe('gb18030');
    expect(new TextDecoder(g.encoding).decode(bytes).endsWith('𠀀€\n')).toBe(true);
  });

  it('does not take Big5 for GB18030', () => {
    const g = sniffEncoding(encodeLegacy(TW, 'big5'), true);
    expect(g.encoding).toBe('big5');
    expect(g.alternatives.map((a) => a.encoding)).toContain('gb18030');
  });

  it('does not take Latin-1 for GB18030', () => {
    const g = sniffEncoding(encodeLatin1(PT), true);
    expect(g.encoding).toBe('windows-1252');
    expect(new TextDecoder(g.encoding).decode(encodeLatin1(PT))).toBe(PT);
  });

  it('recognises UTF-16 without a byte-order mark', () => {
    const le = new Uint8Array([...'a,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(sniffEncoding(le, true).encoding).toBe('utf-16le');
  });

  it('takes a user encoding by any WHATWG label and refuses unknown ones', () => {
    expect(userEncoding('GBK', new Uint8Array()).encoding).toBe('gb18030');
    expect(userEncoding('latin1', new Uint8Array()).encoding).toBe('windows-1252');
    expect(userEncoding('big5', new Uint8Array()).source).toBe('user');
    expect(() => userEncoding('klingon', new Uint8Array())).toThrow(ExpectedError);
  });
});
