import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAllowedRequestUrl, isTrustedAppUrl } from './appUrl.ts';

describe('isTrustedAppUrl', () => {
  it.each([
    ['app://kequn/', true],
    ['app://kequn/index.html', true],
    ['app://kequn/assets/worker-abc.js?x=1#y', true],
    ['app://kequn', true],
    // Misleading look-alikes: each would pass a substring or prefix check.
    ['app://kequn.evil/', false],
    ['app://kequn.evil.example/index.html', false],
    ['app://evil/?app://kequn/', false],
    ['app://evil/#app://kequn/', false],
    ['app://user:pw@kequn/', false],
    ['app://user@kequn/', false],
    ['app://kequn:8080/', false],
    ['app://KEQUN/', false],
    ['app://kequn%2e/', false],
    ['app:kequn', false],
    ['app:///kequn/index.html', false],
    ['http://kequn/', false],
    ['https://kequn/', false],
    ['http://localhost:5173/', false],
    ['http://localhost.evil.example:3001', false],
    ['file:///etc/passwd', false],
    ['file:///work/main/dist/web/index.html', false],
    ['blob:app://kequn/0f3c', false],
    ['data:text/html,<h1>x</h1>', false],
    ['javascript:alert(1)', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedAppUrl(url)).toBe(expected);
  });

  it('accepts URL objects and its own constants', () => {
    expect(isTrustedAppUrl(new URL(APP_ENTRY_URL))).toBe(true);
    expect(APP_ORIGIN).toBe('app://kequn');
  });
});

describe('isAllowedRequestUrl (offline session filter)', () => {
  it.each([
    ['app://kequn/assets/sql-wasm.wasm', true],
    ['blob:app://kequn/6a1e', true],
    ['data:image/png;base64,iVBORw0KGgo=', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['http://127.0.0.1:5173/', false],
    ['https://cdn.example.com/lib.js', false],
    ['ws://localhost:5173/', false],
    ['wss://example.com/socket', false],
    ['ftp://example.com/x', false],
    ['file:///etc/passwd', false],
    ['app://kequn.evil/', false],
    ['app://other/', false],
    ['chrome-extension://abc/x.js', false],
    ['garbage', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedRequestUrl(url)).toBe(expected);
  });
});
