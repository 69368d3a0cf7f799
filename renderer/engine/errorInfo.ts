import type { ErrorCode, ErrorParams } from '#shared/api/errors.ts';
import { ExpectedError, isCancelled } from '#shared/api/errors.ts';

export interface ErrorInfo {
  /** Key into the `error` section of the catalogs. */
  readonly code: ErrorCode;
  /** The engine's own (English, technical) message, shown under the translated one. */
  readonly detail: string;
  readonly params: ErrorParams;
}

/** Reduces anything thrown by an engine call to what the UI shows: a catalog code plus the technical detail. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof ExpectedError) return { code: e.code, detail: e.message, params: e.params };
  if (isCancelled(e)) return { code: 'CANCELLED', detail: '', params: {} };
  if (e instanceof Error) return { code: 'INTERNAL', detail: e.message, params: {} };
  return { code: 'INTERNAL', detail: String(e), params: {} };
}
