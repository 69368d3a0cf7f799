import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Host } from '#shared/host/host.ts';

/** SHA-256 of a file, fed while its bytes stream past (so the file is read once). */
export interface FileDigest {
  update(bytes: Uint8Array): void;
  hex(): string;
}

/** For a second pass over a file already hashed: takes the bytes and computes nothing. */
export const NO_DIGEST: FileDigest = { update: () => undefined, hex: () => '' };

/** The host's native SHA-256 when it has one (see Host.createSha256), else @noble/hashes in JavaScript. */
export function createDigest(host?: Pick<Host, 'createSha256'>): FileDigest {
  const native = host?.createSha256?.();
  if (native) {
    let hex: string | null = null;
    return {
      update: (bytes) => native.update(bytes),
      hex: () => (hex ??= native.digest()),
    };
  }
  const h = sha256.create();
  let out: string | null = null;
  return {
    update(bytes) {
      h.update(bytes);
    },
    hex() {
      out ??= bytesToHex(h.digest());
      return out;
    },
  };
}

/** The first `maxBytes` of a blob, for sniffing. */
export async function readSample(blob: Blob, maxBytes: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, maxBytes).arrayBuffer());
}

/**
 * The bytes of a blob in the chunks its stream delivers, each passed to `digest` first. Stopping the loop early
 * cancels the stream.
 */
export async function* streamBytes(blob: Blob, digest?: FileDigest): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      digest?.update(value);
      yield value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Characters per text piece, i.e. per reader batch. Small on purpose: a batch's records stay alive until the
 * batch is written, and with 1 M-character batches (about 6,000 rows) every young-generation GC copied them,
 * 150 scavenges costing 0.7–2.5 s per million rows; with 64 K characters they die young (0.25 s).
 */
const TEXT_CHUNK_CHARS = 1 << 16;

export interface TextChunk {
  readonly text: string;
  /** Bytes of the file consumed so far, for progress. */
  readonly bytesDone: number;
}

/**
 * Decodes a blob as text in streaming mode (`TextDecoder(encoding, { fatal: false })`, so invalid bytes become
 * U+FFFD and are rejected row by row later, never silently dropped). Yields text in pieces of at least
 * `minChars` characters (the last one may be shorter); a byte-order mark at the start is removed.
 */
export async function* streamText(blob: Blob, encoding: string, options: { digest?: FileDigest; minChars?: number } = {}): AsyncGenerator<TextChunk> {
  const minChars = options.minChars ?? TEXT_CHUNK_CHARS;
  const decoder = new TextDecoder(encoding, { fatal: false });
  let parts: string[] = [];
  let size = 0;
  let bytesDone = 0;
  let first = true;
  const take = (s: string): void => {
    if (first && s.length > 0) {
      first = false;
      // TextDecoder strips a UTF-8/UTF-16 BOM itself; GB18030's BOM decodes to U+FEFF.
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    if (s.length === 0) return;
    parts.push(s);
    size += s.length;
  };
  let bytesYielded = 0;
  /** Pieces of at most `minChars`, so a stream that delivers the whole file at once still gives steady batches. */
  function* flush(): Generator<TextChunk> {
    const text = parts.length === 1 ? (parts[0] ?? '') : parts.join('');
    parts = [];
    size = 0;
    const from = bytesYielded;
    for (let i = 0; i < text.length; i += minChars) {
      const end = Math.min(text.length, i + minChars);
      yield { text: text.slice(i, end), bytesDone: from + Math.round(((bytesDone - from) * end) / text.length) };
    }
    bytesYielded = bytesDone;
  }
  for await (const bytes of streamBytes(blob, options.digest)) {
    bytesDone += bytes.byteLength;
    take(decoder.decode(bytes, { stream: true }));
    if (size >= minChars) yield* flush();
  }
  take(decoder.decode());
  if (size > 0) yield* flush();
}
