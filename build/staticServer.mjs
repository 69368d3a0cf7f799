// A tiny static file server for the browser build (dist/web): `npm start` without Electron, and the e2e tests.
// Hand-written on node:http rather than a dependency because its rules are the product's, not a dev server's:
// loopback only, GET/HEAD only, no directory listing, no way out of the root (also not through symlinks), the
// same content types and Content-Security-Policy as the desktop app:// protocol (electron/main/mimeTypes.ts and
// contentSecurityPolicy.ts; build/staticServer.test.ts checks they agree).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';

export const MIME_TYPES = Object.freeze({
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
});

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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Content type by extension; unknown types are served as opaque bytes. */
export function mimeTypeFor(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root, target) {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** Maps a request target to a path inside root, or null (bad encoding, NUL, or outside root). */
function resolveRequestPath(root, requestTarget) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestTarget, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
  const target = path.resolve(root, `.${path.sep}${relative}`);
  return isInside(root, target) ? target : null;
}

function send(res, status, text, headers = {}) {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.byteLength,
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// A page on another site can point its own host name at 127.0.0.1 (DNS rebinding); refusing foreign Host
// headers keeps such pages from reading the app through this server.
function hostIsLoopback(hostHeader) {
  if (!hostHeader) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

async function handle(rootReal, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
  if (!hostIsLoopback(req.headers.host)) return send(res, 403, 'Forbidden');
  const candidate = resolveRequestPath(rootReal, req.url ?? '/');
  if (candidate === null) return send(res, 404, 'Not Found');
  let file;
  let info;
  try {
    file = await realpath(candidate);
    info = await stat(file);
  } catch {
    return send(res, 404, 'Not Found');
  }
  if (!isInside(rootReal, file) || !info.isFile()) return send(res, 404, 'Not Found');
  const isHtml = path.extname(file).toLowerCase() === '.html';
  res.writeHead(200, {
    'content-type': mimeTypeFor(file),
    'content-length': info.size,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The entry page must always be fresh so a rebuilt bundle is picked up; hashed assets may be revalidated.
    'cache-control': isHtml ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Serves `root` read-only over HTTP on a loopback address.
 * @param {{ root: string, port?: number, host?: string }} options port 0 (default) picks a free port; host must
 *   be a loopback address (default 127.0.0.1).
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>} url ends with `/`.
 */
export async function startStaticServer({ root, port = 0, host = '127.0.0.1' }) {
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`startStaticServer: host must be a loopback address, got ${host}`);
  const rootReal = await realpath(root);
  const server = createServer((req, res) => {
    handle(rootReal, req, res).catch((error) => {
      console.error('[staticServer]', error);
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${boundPort}/`,
    port: boundPort,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
