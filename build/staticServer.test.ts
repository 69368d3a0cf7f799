import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as APP_CSP } from '#electron/main/contentSecurityPolicy.ts';
import { MIME_TYPES as APP_MIME_TYPES } from '#electron/main/mimeTypes.ts';
import { CONTENT_SECURITY_POLICY, MIME_TYPES, startStaticServer } from './staticServer.mjs';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// A raw request, because fetch() normalises `..` and `%2e%2e` away before they reach the server.
function raw(port: number, target: string, method = 'GET', host = `127.0.0.1:${port}`): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
let base: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kequn-static-'));
  const web = path.join(base, 'web');
  await mkdir(path.join(web, 'assets'), { recursive: true });
  await writeFile(path.join(web, 'index.html'), '<!doctype html><title>客群工作台</title>');
  await writeFile(path.join(web, 'assets', 'sql-wasm.wasm'), WASM);
  await writeFile(path.join(web, 'assets', 'worker.mjs'), 'export {};');
  await writeFile(path.join(web, 'assets', 'i18n.json'), '{"a":1}');
  await writeFile(path.join(base, 'secret.txt'), 'SECRET');
  await mkdir(path.join(base, 'web-evil'));
  await writeFile(path.join(base, 'web-evil', 'x.js'), 'SECRET');
  await symlink(path.join(base, 'secret.txt'), path.join(web, 'link.txt'));
  server = await startStaticServer({ root: web });
});

afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('binds to 127.0.0.1 on a free port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html for / with no-store and the CSP', async () => {
    const res = await raw(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body.toString('utf8')).toContain('客群工作台');
  });

  it.each([
    ['/assets/sql-wasm.wasm', 'application/wasm'],
    ['/assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['/assets/i18n.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (target, type) => {
    const res = await raw(server.port, target);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves the exact wasm bytes and answers HEAD without a body', async () => {
    expect((await raw(server.port, '/assets/sql-wasm.wasm')).body.equals(WASM)).toBe(true);
    const head = await raw(server.port, '/assets/sql-wasm.wasm', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(WASM.byteLength));
    expect(head.body.byteLength).toBe(0);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..%2fweb-evil/x.js',
    '/link.txt',
    '/%00index.html',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
  ])('404 for %s without leaking anything', async (target) => {
    const res = await raw(server.port, target);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toContain('SECRET');
  });

  it('lists no directories', async () => {
    const res = await raw(server.port, '/assets/');
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toContain('sql-wasm');
  });

  it.each(['POST', 'PUT', 'DELETE'])('refuses %s', async (method) => {
    const res = await raw(server.port, '/index.html', method);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    expect((await raw(server.port, '/', 'GET', 'evil.example:80')).status).toBe(403);
    expect((await raw(server.port, '/', 'GET', `localhost:${server.port}`)).status).toBe(200);
  });

  it('refuses to bind anything but a loopback address', async () => {
    await expect(startStaticServer({ root: base, host: '0.0.0.0' })).rejects.toThrow('loopback');
  });
});

describe('parity with the desktop app:// protocol', () => {
  it('uses the same content types and CSP as electron/main', () => {
    expect(MIME_TYPES).toEqual(APP_MIME_TYPES);
    expect(CONTENT_SECURITY_POLICY).toBe(APP_CSP);
  });
});
