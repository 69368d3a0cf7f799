import { describe, expect, it } from 'vitest';
import { MAX_NOTE_CHARS, normalizeNote } from './normalize.ts';

describe('normalizeNote', () => {
  it('turns HTML fragments into text, drops scripts and decodes entities', () => {
    const n = normalizeNote('<p>柜台&nbsp;服务<b>很好</b></p><script>alert(1)</script>&#x4E2D;&amp;');
    expect(n.text).toBe('柜台 服务 很好\n中&');
    expect(n.issues).toContain('html');
  });

  it('sets emoji aside, converts Traditional to Simplified and full-width to half-width', () => {
    const n = normalizeNote('手機銀行閃退😡😡ＡＰＰ');
    expect(n.text).toBe('手机银行闪退 APP');
    expect(n.emoji).toEqual(['😡', '😡']);
    expect(n.issues).toEqual(['emoji', 'traditional']);
  });

  it('counts empty, non-Chinese, garbled and over-long notes without throwing', () => {
    expect(normalizeNote(null)).toMatchObject({ text: '', issues: ['empty'], chars: 0 });
    expect(normalizeNote('  \u3000 ').issues).toEqual(['empty']);
    expect(normalizeNote('error 500').issues).toEqual(['no_chinese']);
    expect(normalizeNote('转账\uFFFD\uFFFD失败').issues).toContain('encoding');
    expect(normalizeNote('鎵嬫満閾惰锟斤拷').issues).toContain('encoding');
    const long = normalizeNote('闪'.repeat(100_000));
    expect(long.text).toHaveLength(MAX_NOTE_CHARS);
    expect(long.chars).toBe(100_000);
    expect(long.issues).toEqual(['truncated']);
    expect(normalizeNote('a\u0000b\u0007c转账').text).toBe('a b c转账');
  });
});
