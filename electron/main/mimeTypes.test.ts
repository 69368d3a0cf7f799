import { describe, expect, it } from 'vitest';
import { FALLBACK_MIME_TYPE, mimeTypeFor } from './mimeTypes.ts';

describe('mimeTypeFor', () => {
  it.each([
    ['/srv/web/index.html', 'text/html; charset=utf-8'],
    ['assets/index-Bq1.js', 'text/javascript; charset=utf-8'],
    ['assets/ort-wasm-simd-threaded.asyncify.mjs', 'text/javascript; charset=utf-8'],
    ['assets/sql-wasm-browser-Dk2.wasm', 'application/wasm'],
    ['C:\\app\\web\\assets\\JIEBA_RS_WASM_BG.WASM', 'application/wasm'],
    ['model/config.json', 'application/json; charset=utf-8'],
    ['model/onnx/model.onnx', 'application/octet-stream'],
    ['assets/style-a1.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
    ['archive.tar.gz', FALLBACK_MIME_TYPE],
    ['README', FALLBACK_MIME_TYPE],
    ['.wasm', FALLBACK_MIME_TYPE],
    ['dir.js/file', FALLBACK_MIME_TYPE],
  ])('%s → %s', (file, expected) => {
    expect(mimeTypeFor(file)).toBe(expected);
  });
});
