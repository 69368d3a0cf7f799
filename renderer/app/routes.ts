/**
 * The workflows of the left navigation and hash routing (`#/quality`, `#/rejects?file=3`). Hash routes need no
 * server support, so they work the same from `app://` in Electron and from a static http server.
 */
import { useSyncExternalStore } from 'react';

export type ViewId = 'import' | 'rejects' | 'quality' | 'tables' | 'identity' | 'tags' | 'customer' | 'text' | 'segments' | 'clusters' | 'predict' | 'portraits' | 'behaviour' | 'network' | 'diagnosis' | 'reach' | 'export' | 'reports';

export interface ViewDef {
  readonly id: ViewId;
  /** False: the workflow is planned but not built; its page says so instead of showing made-up data. */
  readonly built: boolean;
  /** Shown indented under the entry before it. */
  readonly sub?: boolean;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'import', built: true },
  { id: 'rejects', built: true, sub: true },
  { id: 'quality', built: true },
  { id: 'tables', built: true },
  { id: 'identity', built: true },
  { id: 'tags', built: true },
  { id: 'customer', built: true, sub: true },
  { id: 'text', built: true },
  { id: 'segments', built: true },
  { id: 'clusters', built: true },
  { id: 'predict', built: true },
  { id: 'portraits', built: true },
  { id: 'behaviour', built: true },
  { id: 'network', built: true, sub: true },
  { id: 'diagnosis', built: true },
  { id: 'reach', built: true },
  { id: 'export', built: true },
  { id: 'reports', built: true, sub: true },
];

export interface Route {
  readonly view: ViewId;
  readonly params: URLSearchParams;
}

const DEFAULT_VIEW: ViewId = 'import';

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const view = VIEWS.find((v) => v.id === path)?.id ?? DEFAULT_VIEW;
  return { view, params: new URLSearchParams(query) };
}

export function routeHash(view: ViewId, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const qs = q.toString();
  return `#/${view}${qs ? `?${qs}` : ''}`;
}

export function navigate(view: ViewId, params: Readonly<Record<string, string | number | undefined>> = {}): void {
  window.location.hash = routeHash(view, params);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
