/**
 * Content-Security-Policy sent as a header with every app:// response. The header matters beyond the `<meta>` in
 * renderer/index.html: a dedicated worker takes its policy from its own script's response, not from the page.
 * - `'wasm-unsafe-eval'`: sql.js, jieba-wasm and onnxruntime-web compile WebAssembly; no JS eval is allowed.
 * - `style-src 'unsafe-inline'`: ECharts and React set inline styles on chart and tooltip elements.
 * - `connect-src 'self'`: the app is offline; fetch/XHR/WebSocket may only reach our own files.
 * - `img-src data: blob:`: chart "save as image" and previews are generated in memory.
 * build/staticServer.mjs sends the same policy so the browser build behaves like the desktop one.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
