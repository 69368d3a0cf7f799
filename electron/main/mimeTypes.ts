/**
 * Content types for what the app serves: the Vite output in dist/web and a local transformers.js model folder.
 * A short fixed table rather than `mime-types`: the set of files is ours and known, and module scripts and
 * WebAssembly fail outright on a wrong type, so each entry here is deliberate. build/staticServer.mjs keeps the
 * same table (its test checks they agree).
 */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** Content type for a file path or URL path, by its last extension (case-insensitive). */
export function mimeTypeFor(filePath: string): string {
  const name = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return FALLBACK_MIME_TYPE;
  return MIME_TYPES[name.slice(dot).toLowerCase()] ?? FALLBACK_MIME_TYPE;
}
