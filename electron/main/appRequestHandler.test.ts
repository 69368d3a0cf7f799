import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler, filePathForRequest } from './appRequestHandler.ts';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.ts';

let base: string;
let webRoot: string;
let modelRoot: string;
let chosenModel: string | null = null;
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kequn-app-protocol-'));
  webRoot = path.join(base, 'web');
  modelRoot = path.join(base, 'models', 'tiny');
  await mkdir(path.join(webRoot, 'assets'), { recursive: true });
  await mkdir(modelRoot, { recursive: true });
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>客群工作台</title>');
  await writeFile(path.join(webRoot, 'assets', 'sql-wasm.wasm'), WASM);
  await writeFile(path.join(webRoot, 'assets', 'worker.js'), 'self.onmessage = () => {};');
  await writeFile(path.join(base, 'secret.txt'), 'outside the web root');
  await writeFile(path.join(modelRoot, 'config.json'), '{"model_type":"bert"}');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function handler() {
  return createAppRequestHandler({ webRoot, modelRoot: () => chosenModel, readFile: (p) => readFile(p) });
}

function get(url: string, method = 'GET'): Promise<Response> {
  return handler()(new Request(url, { method }));
}

describe('app:// request handler', () => {
  it('serves index.html for the root with the CSP header', async () => {
    const res = await get('app://kequn/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('客群工作台');
  });

  it('serves wasm as application/wasm with its exact bytes', async () => {
    const res = await get('app://kequn/assets/sql-wasm.wasm');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(WASM);
  });

  it('gives worker scripts the CSP header too (workers do not inherit the page policy)', async () => {
    const res = await get('app://kequn/assets/worker.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await get('app://kequn/assets/sql-wasm.wasm', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(WASM.byteLength));
    expect(res.body).toBeNull();
  });

  it.each([
    'app://kequn/..%2fsecret.txt',
    'app://kequn/assets/..%2f..%2fsecret.txt',
    'app://kequn/%2e%2e/secret.txt',
    'app://kequn/missing.js',
    'app://kequn/assets',
    'app://kequn.evil/index.html',
    'app://other/index.html',
  ])('404 for %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside the web root');
  });

  it('refuses writes', async () => {
    const res = await handler()(new Request('app://kequn/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves the chosen model folder under /model/ only after one was chosen', async () => {
    chosenModel = null;
    expect((await get('app://kequn/model/config.json')).status).toBe(404);
    chosenModel = modelRoot;
    const res = await get('app://kequn/model/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ model_type: 'bert' });
    expect((await get('app://kequn/model/..%2f..%2f..%2fsecret.txt')).status).toBe(404);
    chosenModel = null;
  });

  it('propagates read errors that are not "not found"', async () => {
    const failing = createAppRequestHandler({
      webRoot,
      modelRoot: () => null,
      readFile: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    });
    await expect(failing(new Request('app://kequn/index.html'))).rejects.toThrow('EACCES');
  });
});

describe('filePathForRequest', () => {
  it('maps /model/ paths into the model root and everything else into the web root', () => {
    expect(filePathForRequest(new URL('app://kequn/model/onnx/model.onnx'), '/w', '/m')).toBe(path.resolve('/m/onnx/model.onnx'));
    expect(filePathForRequest(new URL('app://kequn/modelx.js'), '/w', '/m')).toBe(path.resolve('/w/modelx.js'));
    expect(filePathForRequest(new URL('app://kequn/model/'), '/w', null)).toBeNull();
    // Fetch refuses to build such a Request, but the mapping must refuse it on its own as well.
    expect(filePathForRequest(new URL('app://user:pw@kequn/index.html'), '/w', '/m')).toBeNull();
  });
});
