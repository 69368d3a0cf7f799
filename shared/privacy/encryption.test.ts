import { describe, expect, it } from 'vitest';
import { decryptWorkspace, encryptWorkspace, isEncryptedWorkspace } from './encryption.ts';

const ITER = 1_000; // fast in tests; the product uses DEFAULT_ITERATIONS

describe('workspace encryption', () => {
  const plain = new TextEncoder().encode('SQLite format 3\u0000 客户 13812345678 '.repeat(50));

  it('round-trips and hides the plaintext', async () => {
    const enc = await encryptWorkspace(plain, '口令 passphrase', ITER);
    expect(isEncryptedWorkspace(enc)).toBe(true);
    expect(isEncryptedWorkspace(plain)).toBe(false);
    expect(new TextDecoder().decode(enc)).not.toContain('13812345678');
    expect(await decryptWorkspace(enc, '口令 passphrase')).toEqual(plain);
  });

  it('uses a fresh salt and IV each time', async () => {
    const a = await encryptWorkspace(plain, 'pw', ITER);
    const b = await encryptWorkspace(plain, 'pw', ITER);
    expect(a).not.toEqual(b);
  });

  it('refuses a wrong passphrase and a tampered header or body', async () => {
    const enc = await encryptWorkspace(plain, 'right', ITER);
    await expect(decryptWorkspace(enc, 'wrong')).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    const header = enc.slice();
    header[12] = (header[12] ?? 0) ^ 1; // iteration count
    await expect(decryptWorkspace(header, 'right')).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    const body = enc.slice();
    body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1;
    await expect(decryptWorkspace(body, 'right')).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
  });

  it('rejects an empty passphrase and non-encrypted input', async () => {
    await expect(encryptWorkspace(plain, '')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(decryptWorkspace(plain, 'x')).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' });
  });
});
