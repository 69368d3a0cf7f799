/**
 * Network tripwire: the product promise is "no code makes a network request, ever". Every request the browser
 * context makes (pages, iframes, dedicated/shared/service workers, websockets) is checked against the app's own
 * origin; anything else is blocked and recorded, and {@link NetworkTripwire.assertClean} fails the test.
 */
import type { BrowserContext, Request } from 'playwright-core';

/** Schemes that never touch the network. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:']);

export interface NetworkTripwire {
  /** Every outside request seen so far, as `<source>: <url>`. */
  readonly violations: readonly string[];
  /** Throws listing every outside request seen so far. */
  assertClean(): void;
}

/** Whether `url` stays on `origin` (e.g. `http://127.0.0.1:4173`) or uses a scheme without network access. */
export function isOwnOrigin(url: string, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return LOCAL_SCHEMES.has(parsed.protocol) || parsed.origin === origin;
}

/** Installs the tripwire on a context before any page is opened. */
export async function installTripwire(context: BrowserContext, origin: string): Promise<NetworkTripwire> {
  const violations: string[] = [];
  const record = (source: string, url: string): void => {
    const entry = `${source}: ${url}`;
    if (!violations.includes(entry)) violations.push(entry);
  };
  const describe = (request: Request): string => {
    let frameUrl = 'worker';
    try {
      frameUrl = request.frame().url();
    } catch {
      // Requests from service workers have no frame; "worker" is the honest label.
    }
    return `${request.resourceType()} request from ${frameUrl}`;
  };

  // Routing blocks the request before it leaves; the event listeners below catch anything routing cannot
  // intercept (e.g. requests Chromium serves from a service worker), so nothing goes unnoticed.
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (isOwnOrigin(request.url(), origin)) {
      await route.fallback();
    } else {
      record(describe(request), request.url());
      await route.abort('blockedbyclient');
    }
  });
  await context.routeWebSocket(
    (url) => !isOwnOrigin(url.href, origin),
    (ws) => {
      record('websocket', ws.url());
      return ws.close({ code: 1008, reason: 'network tripwire' });
    },
  );
  context.on('request', (request) => {
    if (!isOwnOrigin(request.url(), origin)) record(describe(request), request.url());
  });
  const watchServiceWorker = (worker: { url(): string }): void => {
    if (!isOwnOrigin(worker.url(), origin)) record('service worker', worker.url());
  };
  context.on('serviceworker', watchServiceWorker);
  context.serviceWorkers().forEach(watchServiceWorker);

  return {
    violations,
    assertClean() {
      if (violations.length > 0) {
        throw new Error(`network tripwire: ${violations.length} request(s) outside ${origin}:\n  ${violations.join('\n  ')}`);
      }
    },
  };
}
