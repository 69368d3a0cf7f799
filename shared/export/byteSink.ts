/**
 * Where an export's bytes go while it is written: chunks kept in order, their SHA-256 and size computed as they
 * arrive, so the file is hashed without a second pass and is only joined into one buffer at the very end.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private readonly hash = sha256.create();
  private size = 0;

  write(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.hash.update(chunk);
    this.size += chunk.byteLength;
  }

  get bytesWritten(): number {
    return this.size;
  }

  /** The file and its SHA-256 (hex). Call once, after the last write. */
  finish(): { readonly bytes: Uint8Array; readonly sha256: string } {
    const bytes = new Uint8Array(this.size);
    let off = 0;
    for (const c of this.chunks) {
      bytes.set(c, off);
      off += c.byteLength;
    }
    this.chunks.length = 0;
    return { bytes, sha256: bytesToHex(this.hash.digest()) };
  }
}
