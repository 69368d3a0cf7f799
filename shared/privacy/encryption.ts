/**
 * Optional encryption at rest of the workspace file, for secure environments: PBKDF2-SHA-256 derives an
 * AES-256-GCM key from the user's passphrase (WebCrypto, available in Node 20 and in browser workers).
 *
 * File layout (all integers big-endian):
 *   magic "KEQUNENC" (8 bytes) | version u8 = 1 | iterations u32 | salt (16 bytes) | iv (12 bytes) | ciphertext+tag
 * The header is authenticated as GCM additional data, so tampering with the iteration count or salt fails the
 * decryption instead of silently deriving another key. An encrypted workspace is no longer readable by other
 * SQLite tools — that is the point; the app says so when the user turns encryption on.
 */
import { ExpectedError } from '#shared/api/errors.ts';

const MAGIC = new TextEncoder().encode('KEQUNENC');
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1 + 4 + 16 + 12;
/** OWASP's 2023 guidance for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000;

export function isEncryptedWorkspace(bytes: Uint8Array): boolean {
  if (bytes.byteLength < HEADER_BYTES) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

// Return type left to inference: `CryptoKey` is a DOM/WebWorker global name that the Node-typed CLI layer lacks.
async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Encrypts SQLite bytes with a passphrase; a fresh salt and IV every time. */
export async function encryptWorkspace(plain: Uint8Array, passphrase: string, iterations = DEFAULT_ITERATIONS): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'The passphrase must not be empty.');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC, 0);
  const view = new DataView(header.buffer);
  view.setUint8(MAGIC.length, VERSION);
  view.setUint32(MAGIC.length + 1, iterations);
  header.set(salt, MAGIC.length + 5);
  header.set(iv, MAGIC.length + 21);
  const key = await deriveKey(passphrase, salt, iterations);
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, new Uint8Array(plain)));
  const out = new Uint8Array(HEADER_BYTES + cipher.byteLength);
  out.set(header, 0);
  out.set(cipher, HEADER_BYTES);
  return out;
}

/** Decrypts a workspace written by {@link encryptWorkspace}; a wrong passphrase is PASSPHRASE_WRONG. */
export async function decryptWorkspace(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (!isEncryptedWorkspace(bytes)) throw new ExpectedError('WORKSPACE_CORRUPT', 'The file is not an encrypted Kequn workspace.');
  const header = bytes.slice(0, HEADER_BYTES);
  const view = new DataView(header.buffer);
  const version = view.getUint8(MAGIC.length);
  if (version !== VERSION) throw new ExpectedError('WORKSPACE_TOO_NEW', 'The workspace is encrypted with a newer format.', { found: version, supported: VERSION });
  const iterations = view.getUint32(MAGIC.length + 1);
  const salt = header.slice(MAGIC.length + 5, MAGIC.length + 21);
  const iv = header.slice(MAGIC.length + 21, HEADER_BYTES);
  const key = await deriveKey(passphrase, salt, iterations);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, key, bytes.slice(HEADER_BYTES)));
  } catch {
    throw new ExpectedError('PASSPHRASE_WRONG', 'The passphrase is wrong or the file was changed.');
  }
}
