import { describe, expect, it } from 'vitest';
import { rejectMessage } from './rejectMessages.ts';
import { hash64 } from './rowHash.ts';

describe('hash64', () => {
  it('gives 16 hex digits, the same for the same text and different for near-identical rows', () => {
    const a = hash64('C1\u001f2024-06-01 10:00:00\u001f3500\u001f美团外卖');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('C1\u001f2024-06-01 10:00:00\u001f3500\u001f美团外卖')).toBe(a);
    expect(hash64('C1\u001f2024-06-01 10:00:00\u001f3501\u001f美团外卖')).not.toBe(a);
    expect(hash64('')).not.toBe(hash64('\u001f'));
  });

  it('spreads 100,000 similar keys without a collision', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(hash64(`C${i}\u001f${i % 7}`));
    expect(seen.size).toBe(100_000);
  });
});

describe('rejectMessage', () => {
  it('fills params into the zh and en texts and leaves unknown placeholders visible', () => {
    expect(rejectMessage('COLUMN_COUNT', { expected: 3, actual: 5 })).toBe('字段数为 5，表头有 3 列');
    expect(rejectMessage('REQUIRED_MISSING', { column: '客户号' }, 'en')).toBe('Required field "客户号" is empty');
    expect(rejectMessage('DUPLICATE_IN_FILE', {})).toBe('与第 {firstRow} 行主键相同但内容不同');
  });
});
