import { isTrustedAppUrl } from './appUrl.ts';

/** The parts of Electron's `WebFrameMain` that sender validation looks at. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * IPC is accepted only from our own top-level document: the frame must still exist (Electron gives null after it
 * navigated away or was destroyed), must be the main frame, and must be on exactly app://kequn.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isTrustedAppUrl(frame.url);
}

/** Thrown when an IPC call has the wrong arguments; the renderer sees the message. */
export class InvalidIpcArgumentsError extends Error {
  override readonly name = 'InvalidIpcArgumentsError';
}

/** Checks raw IPC arguments and returns them typed, or throws InvalidIpcArgumentsError. */
export type ArgsValidator<A extends readonly unknown[]> = (args: readonly unknown[]) => A;

function fail(message: string): never {
  throw new InvalidIpcArgumentsError(message);
}

function expectCount(args: readonly unknown[], count: number): void {
  if (args.length !== count) fail(`expected ${count} argument(s), got ${args.length}`);
}

function expectBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(`${what} must be a Uint8Array`);
  return value;
}

export const noArgs: ArgsValidator<[]> = (args) => {
  expectCount(args, 0);
  return [];
};

/** First 16 bytes of every SQLite database file. */
const SQLITE_HEADER = new TextEncoder().encode('SQLite format 3\0');

/** True when `bytes` starts with the SQLite file header (what sql.js `export()` produces). */
export function isSqliteImage(bytes: Uint8Array): boolean {
  return bytes.byteLength >= SQLITE_HEADER.byteLength && SQLITE_HEADER.every((b, i) => bytes[i] === b);
}

/**
 * writeWorkspace(bytes): bytes must be a SQLite image. The workspace file is the analyst's only copy, so a bug
 * that hands over anything else is refused here rather than overwriting it.
 */
export const workspaceBytesArgs: ArgsValidator<[Uint8Array]> = (args) => {
  expectCount(args, 1);
  const bytes = expectBytes(args[0], 'workspace bytes');
  if (!isSqliteImage(bytes)) fail('workspace bytes are not an SQLite database image');
  return [bytes];
};

/** 80 characters stay under the 255-byte name limit of ext4/NTFS/APFS even when every one is a 3-byte CJK char. */
const MAX_NAME_LENGTH = 80;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

/**
 * Turns a renderer-suggested file name into a bare name for the save dialog: no folders, no characters Windows
 * forbids, no control characters, no leading dots, bounded length. The user still picks the final path.
 */
export function sanitizeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  // Keep the end: it carries the extension the dialog filters on.
  const bounded = cleaned.length > MAX_NAME_LENGTH ? cleaned.slice(cleaned.length - MAX_NAME_LENGTH) : cleaned;
  if (bounded === '') return 'export';
  return WINDOWS_RESERVED.test(bounded) ? `_${bounded}` : bounded;
}

/** saveFileAs(suggestedName, bytes). The name is sanitised, not trusted; bytes may be empty (an empty export). */
export const saveFileAsArgs: ArgsValidator<[string, Uint8Array]> = (args) => {
  expectCount(args, 2);
  if (typeof args[0] !== 'string') fail('suggested name must be a string');
  return [sanitizeFileName(args[0]), expectBytes(args[1], 'file bytes')];
};

/**
 * A Uint8Array that owns exactly its bytes. Node may hand out Buffers that are views into a larger pooled
 * ArrayBuffer, and IPC serialises the whole backing buffer, so such views are copied first.
 */
export function toOwnedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  // Not `bytes.slice()`: on a Buffer that is a view (subarray), not a copy.
  return new Uint8Array(bytes);
}
