import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, resolveInsideRoot } from './pathGuard.ts';

// Pathnames as `new URL(x).pathname` produces them: literal `..` segments are already collapsed by the URL
// parser, so what can still arrive is percent-encoded.
describe('resolveInsideRoot (POSIX)', () => {
  const root = '/srv/app/dist/web';
  it.each([
    ['/', '/srv/app/dist/web/index.html'],
    ['', '/srv/app/dist/web/index.html'],
    ['/index.html', '/srv/app/dist/web/index.html'],
    ['/assets/sql-wasm-Bx1.wasm', '/srv/app/dist/web/assets/sql-wasm-Bx1.wasm'],
    ['/assets/', '/srv/app/dist/web/assets/index.html'],
    ['/%E5%AE%A2%E7%BE%A4.json', '/srv/app/dist/web/客群.json'],
    ['/a/..%2fb.js', '/srv/app/dist/web/b.js'],
    ['/..%2f', null],
    ['/..%2f..%2fetc/passwd', null],
    ['/%2e%2e/%2e%2e/etc/passwd', null],
    ['/%2E%2E%2Fweb2/x', null],
    ['/assets/..%2f..%2f..%2fsecret', null],
    ['/%00index.html', null],
    ['/%E0%A4%A', null],
    ['//etc/passwd', '/srv/app/dist/web/etc/passwd'],
  ])('%s → %s', (pathname, expected) => {
    expect(resolveInsideRoot(root, pathname, path.posix)).toBe(expected);
  });

  it('does not treat a sibling folder with the same prefix as inside', () => {
    expect(resolveInsideRoot(root, '/..%2fweb-evil/x.js', path.posix)).toBeNull();
    expect(isInside('/srv/app/dist/web', '/srv/app/dist/web-evil/x.js', path.posix)).toBe(false);
    expect(isInside('/srv/app/dist/web', '/srv/app/dist/web', path.posix)).toBe(true);
  });

  it('keeps names that merely start with two dots', () => {
    expect(resolveInsideRoot(root, '/..hidden.js', path.posix)).toBe('/srv/app/dist/web/..hidden.js');
  });
});

describe('resolveInsideRoot (Windows)', () => {
  const root = 'C:\\Program Files\\Kequn\\resources\\web';
  it.each([
    ['/index.html', 'C:\\Program Files\\Kequn\\resources\\web\\index.html'],
    ['/assets/a.js', 'C:\\Program Files\\Kequn\\resources\\web\\assets\\a.js'],
    ['/..%5c..%5cwindows%5cwin.ini', null],
    ['/..%5C', null],
    ['/C:%5cWindows%5cwin.ini', null],
    ['/%5c%5cserver%5cshare%5cx', 'C:\\Program Files\\Kequn\\resources\\web\\server\\share\\x'],
    ['/..%2f..%2fx', null],
  ])('%s → %s', (pathname, expected) => {
    expect(resolveInsideRoot(root, pathname, path.win32)).toBe(expected);
  });
});
