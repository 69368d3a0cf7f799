/**
 * Three kinds of failure (../shared/STYLE.md §9):
 * - bad input is data (rejected rows), never an exception;
 * - expected failures are {@link ExpectedError}s with a code the UI looks up in its message catalogs;
 * - bugs are {@link BugIndicatingError}s and are logged loudly.
 * All of them cross worker and IPC boundaries as {@link SerializedError}.
 */

export type ErrorCode =
  | 'CANCELLED'
  | 'BAD_ARGUMENT'
  | 'UNKNOWN_METHOD'
  | 'NO_WORKSPACE'
  | 'WORKSPACE_CORRUPT'
  | 'WORKSPACE_TOO_NEW'
  | 'WORKSPACE_TOO_LARGE'
  | 'WORKSPACE_LOCKED'
  | 'FILE_UNREADABLE'
  | 'FILE_EMPTY'
  | 'FILE_FORMAT_UNSUPPORTED'
  | 'FILE_BINARY'
  | 'ENCODING_UNSUPPORTED'
  | 'MAPPING_INVALID'
  | 'SQL_NOT_READ_ONLY'
  | 'SQL_ERROR'
  | 'NOT_FOUND'
  | 'PASSPHRASE_WRONG'
  | 'PASSPHRASE_REQUIRED'
  | 'WORKER_FAILED'
  | 'TEXT_UNAVAILABLE'
  | 'TEXT_NOT_RUN'
  | 'TOO_FEW_LABELS'
  | 'MODEL_UNREADABLE'
  | 'RULE_INVALID'
  | 'INTERNAL';

export type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;

/** An expected failure: shown to the user through the message catalog entry for its code. */
export class ExpectedError extends Error {
  override readonly name: string = 'ExpectedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A job was cancelled through its AbortSignal. The UI does not show this as a failure. */
export class CancelledError extends ExpectedError {
  override readonly name = 'CancelledError';
  constructor() {
    super('CANCELLED', 'The job was cancelled.');
  }
}

/** A bug in our code. Do not throw this for invalid user input. */
export class BugIndicatingError extends Error {
  override readonly name = 'BugIndicatingError';
}

export interface SerializedError {
  readonly $isError: true;
  readonly name: string;
  readonly message: string;
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly stack?: string;
  readonly cause?: SerializedError;
}

export function isCancelled(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  if (e instanceof ExpectedError) return e.code === 'CANCELLED';
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof ExpectedError) {
    return withOptional({ $isError: true, name: e.name, message: e.message, code: e.code, params: e.params }, e);
  }
  if (isCancelled(e)) {
    return { $isError: true, name: 'CancelledError', message: 'The job was cancelled.', code: 'CANCELLED', params: {} };
  }
  if (e instanceof Error) {
    return withOptional({ $isError: true, name: e.name, message: e.message, code: 'INTERNAL', params: {} }, e);
  }
  return { $isError: true, name: 'Error', message: String(e), code: 'INTERNAL', params: {} };
}

function withOptional(base: SerializedError, e: Error): SerializedError {
  const out: { -readonly [K in keyof SerializedError]: SerializedError[K] } = { ...base };
  if (e.stack !== undefined) out.stack = e.stack;
  if (e.cause !== undefined) out.cause = serializeError(e.cause);
  return out;
}

export function isSerializedError(v: unknown): v is SerializedError {
  return typeof v === 'object' && v !== null && (v as { $isError?: unknown }).$isError === true;
}

/** Turns a serialized error back into a typed error on the receiving side. */
export function deserializeError(s: SerializedError): Error {
  const cause = s.cause ? deserializeError(s.cause) : undefined;
  let e: Error;
  if (s.code === 'CANCELLED') e = new CancelledError();
  else if (s.code === 'INTERNAL') e = new Error(s.message, cause ? { cause } : undefined);
  else e = new ExpectedError(s.code, s.message, s.params, cause ? { cause } : undefined);
  if (s.stack !== undefined) e.stack = s.stack;
  return e;
}
