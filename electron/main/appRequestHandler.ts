import { isTrustedAppUrl } from './appUrl.ts';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.ts';
import { mimeTypeFor } from './mimeTypes.ts';
import { resolveInsideRoot } from './pathGuard.ts';

/** URL prefix under which the user-chosen model folder is served (see DesktopApi.chooseModelFolder). */
export const MODEL_URL_PREFIX = '/model/';

export interface AppRequestHandlerOptions {
  /** Folder holding the built renderer (dist/web). */
  readonly webRoot: string;
  /** The model folder the user chose, or null before they chose one. Read on every request. */
  readonly modelRoot: () => string | null;
  /** Reads a whole file; rejects with a Node error (ENOENT, EISDIR, …) when it cannot. */
  readonly readFile: (filePath: string) => Promise<Uint8Array>;
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'ENAMETOOLONG']);

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...extra },
  });
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Which file a request maps to, or null when it names nothing we serve. Pure, for tests and the handler. */
export function filePathForRequest(url: URL, webRoot: string, modelRoot: string | null): string | null {
  if (!isTrustedAppUrl(url)) return null;
  if (url.pathname.startsWith(MODEL_URL_PREFIX)) {
    if (modelRoot === null) return null;
    return resolveInsideRoot(modelRoot, url.pathname.slice(MODEL_URL_PREFIX.length - 1));
  }
  return resolveInsideRoot(webRoot, url.pathname);
}

/**
 * The `app://kequn/` protocol handler: static files from dist/web (and the chosen model folder), read-only, with
 * exact content types, the CSP header, no directory listing and no way out of the served folders. Written against
 * the Fetch `Request`/`Response` globals so it runs in tests without Electron.
 */
export function createAppRequestHandler(options: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad Request');
    }
    const filePath = filePathForRequest(url, options.webRoot, options.modelRoot());
    if (filePath === null) return plain(404, 'Not Found');
    let bytes: Uint8Array;
    try {
      bytes = await options.readFile(filePath);
    } catch (e) {
      if (NOT_FOUND_CODES.has(errorCode(e) ?? '')) return plain(404, 'Not Found');
      throw e;
    }
    const headers = {
      'content-type': mimeTypeFor(filePath),
      'content-length': String(bytes.byteLength),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}
