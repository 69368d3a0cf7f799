import { describe, expect, it } from 'vitest';
import type { Sha256 } from '#shared/host/host.ts';
import { createDigest } from './blobStream.ts';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('createDigest', () => {
  it('computes SHA-256 in JavaScript when the host has no native hash', () => {
    const d = createDigest({});
    d.update(bytes('a'));
    d.update(bytes('bc'));
    expect(d.hex()).toBe(ABC_SHA256);
    expect(d.hex()).toBe(ABC_SHA256);
  });

  it("uses the host's hash when it offers one, and asks it for the digest once", () => {
    const seen: number[] = [];
    let digests = 0;
    const native: Sha256 = {
      update: (b) => void seen.push(b.byteLength),
      digest: () => {
        digests++;
        return 'from-host';
      },
    };
    const d = createDigest({ createSha256: () => native });
    d.update(bytes('ab'));
    d.update(bytes('c'));
    expect([d.hex(), d.hex()]).toEqual(['from-host', 'from-host']);
    expect(seen).toEqual([2, 1]);
    expect(digests).toBe(1);
  });
});
