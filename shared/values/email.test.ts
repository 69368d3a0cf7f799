import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['zhang.san@example.com', 'zhang.san@example.com'],
    ['  Zhang.San@Example.COM ', 'zhang.san@example.com'],
    ['12345678@qq.com', '12345678@qq.com'],
    ['user+tag@mail.bank.com.cn', 'user+tag@mail.bank.com.cn'],
    ['a_b-c@sub-domain.example.org', 'a_b-c@sub-domain.example.org'],
    ['ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'user@example.com'],
    ['mailto:user@example.com', 'user@example.com'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '', 'user', 'user@', '@example.com', 'user@example', 'user@@example.com', 'user@example..com', '.user@example.com',
    'user.@example.com', 'us..er@example.com', 'user@-example.com', 'user@example-.com', 'user@example.c', 'user name@example.com',
    'user@exam ple.com', '用户@example.com', 'user@例子.中国', 'user@example.com,other@example.com', 'user@example.com.',
    `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(250)}.com`,
  ])('%j is EMAIL_INVALID', (raw) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, code: 'EMAIL_INVALID' });
  });
});
