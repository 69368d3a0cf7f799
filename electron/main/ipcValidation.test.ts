import { describe, expect, it } from 'vitest';
import {
  InvalidIpcArgumentsError,
  isSqliteImage,
  isTrustedSender,
  noArgs,
  sanitizeFileName,
  saveFileAsArgs,
  toOwnedBytes,
  workspaceBytesArgs,
} from './ipcValidation.ts';

const sqlite = (extra = 84) => {
  const bytes = new Uint8Array(16 + extra);
  bytes.set(new TextEncoder().encode('SQLite format 3\0'));
  return bytes;
};

describe('isTrustedSender', () => {
  const top = { url: 'app://kequn/index.html', parent: null };
  it.each([
    ['our top-level document', top, true],
    ['a frame that is gone', null, false],
    ['no frame at all', undefined, false],
    ['a subframe on our origin', { url: 'app://kequn/index.html', parent: top }, false],
    ['a look-alike origin', { url: 'app://kequn.evil/index.html', parent: null }, false],
    ['credentials in the URL', { url: 'app://user:pw@kequn/', parent: null }, false],
    ['a dev server origin', { url: 'http://localhost.evil.example:3001/', parent: null }, false],
    ['a local file', { url: 'file:///etc/passwd', parent: null }, false],
    ['about:blank', { url: 'about:blank', parent: null }, false],
  ])('%s → %s', (_what, frame, expected) => {
    expect(isTrustedSender(frame)).toBe(expected);
  });
});

describe('argument validators', () => {
  it('noArgs accepts nothing else than no arguments', () => {
    expect(noArgs([])).toEqual([]);
    expect(() => noArgs([1])).toThrow(InvalidIpcArgumentsError);
  });

  it.each([
    ['a SQLite image', [sqlite()], true],
    ['only the header', [sqlite(0)], true],
    ['a Buffer with the header', [Buffer.from(sqlite())], true],
    ['random bytes', [new Uint8Array(100)], false],
    ['too short', [new TextEncoder().encode('SQLite')], false],
    ['a string', ['SQLite format 3\0'], false],
    ['an ArrayBuffer', [sqlite().buffer], false],
    ['a plain array', [[...sqlite()]], false],
    ['no argument', [], false],
    ['two arguments', [sqlite(), sqlite()], false],
  ])('workspaceBytesArgs: %s → %s', (_what, args, ok) => {
    if (ok) expect(workspaceBytesArgs(args)).toEqual([args[0]]);
    else expect(() => workspaceBytesArgs(args)).toThrow(InvalidIpcArgumentsError);
  });

  it.each([
    ['name and bytes', ['客群导出.csv', new Uint8Array([1])], ['客群导出.csv', new Uint8Array([1])]],
    ['empty export', ['a.csv', new Uint8Array()], ['a.csv', new Uint8Array()]],
    ['a path is reduced to a name', ['../../etc/passwd', new Uint8Array([1])], ['_.._etc_passwd', new Uint8Array([1])]],
  ])('saveFileAsArgs: %s', (_what, args, expected) => {
    expect(saveFileAsArgs(args)).toEqual(expected);
  });

  it.each([
    ['name not a string', [42, new Uint8Array()]],
    ['bytes not bytes', ['a.csv', 'text']],
    ['missing bytes', ['a.csv']],
    ['extra argument', ['a.csv', new Uint8Array(), true]],
  ])('saveFileAsArgs rejects %s', (_what, args) => {
    expect(() => saveFileAsArgs(args)).toThrow(InvalidIpcArgumentsError);
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['客群报告 2026-11.xlsx', '客群报告 2026-11.xlsx'],
    ['a/b\\c:d*e?f"g<h>i|j.csv', 'a_b_c_d_e_f_g_h_i_j.csv'],
    ['..', 'export'],
    ['...hidden.csv', 'hidden.csv'],
    ['name. ', 'name'],
    ['tab\there\u0000.csv', 'tab_here_.csv'],
    ['   ', 'export'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['console.csv', 'console.csv'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('bounds the length and keeps the extension', () => {
    const out = sanitizeFileName(`${'客'.repeat(300)}.csv`);
    expect(out).toHaveLength(80);
    expect(out.endsWith('.csv')).toBe(true);
  });
});

describe('isSqliteImage / toOwnedBytes', () => {
  it('recognises the SQLite header', () => {
    expect(isSqliteImage(sqlite())).toBe(true);
    const broken = sqlite();
    broken[15] = 1;
    expect(isSqliteImage(broken)).toBe(false);
  });

  it('returns whole buffers as they are and copies views', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(toOwnedBytes(whole)).toBe(whole);
    const view = new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4);
    const owned = toOwnedBytes(view);
    expect(owned).toEqual(new Uint8Array([1, 2, 3]));
    expect(owned.byteOffset).toBe(0);
    expect(owned.buffer.byteLength).toBe(3);
    const pooled = Buffer.from('abc');
    expect(toOwnedBytes(pooled).buffer.byteLength).toBe(3);
  });
});
