import { APP_HOST, APP_SCHEME } from '#electron/common/desktopApi.ts';

/** Origin the renderer is served from; the only origin trusted for navigation, IPC and requests. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The renderer's entry document. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string | URL): URL | null {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for URLs on exactly `app://kequn` (no credentials, no port). Parsed with `new URL`, never by
 * substring: a prefix test would accept `app://kequn.evil/` (Electron security checklist #13).
 */
export function isTrustedAppUrl(url: string | URL): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

// In-memory URLs created by our own page; they never touch the network. `devtools:` serves DevTools itself.
const LOCAL_ONLY_PROTOCOLS = new Set(['blob:', 'data:', 'devtools:']);

/**
 * Whether the session may perform a request for `url`. The app is offline by design: everything except our own
 * origin and in-memory URLs is cancelled, including http(s), ws(s), ftp and file.
 */
export function isAllowedRequestUrl(url: string): boolean {
  if (isTrustedAppUrl(url)) return true;
  const u = parse(url);
  return u !== null && LOCAL_ONLY_PROTOCOLS.has(u.protocol);
}
