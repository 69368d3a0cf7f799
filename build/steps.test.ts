import { createPackage } from '@electron/asar';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAsarLayout, isStale } from './steps.mjs';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kequn-steps-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(rel: string, text = 'x', mtimeSeconds?: number): Promise<string> {
  const p = path.join(dir, rel);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, text);
  if (mtimeSeconds !== undefined) await utimes(p, mtimeSeconds, mtimeSeconds);
  return p;
}

describe('isStale', () => {
  it('is stale when the output is missing or older than any source, skipping node_modules', async () => {
    const out = path.join(dir, 'dist', 'index.html');
    await file('src/a.ts', 'a', 1_000);
    await file('src/node_modules/pkg/late.js', 'x', 9_000);
    expect(await isStale(out, [path.join(dir, 'src')])).toBe(true);
    await file('dist/index.html', '<html>', 2_000);
    expect(await isStale(out, [path.join(dir, 'src')])).toBe(false);
    await file('src/deep/b.tsx', 'b', 3_000);
    expect(await isStale(out, [path.join(dir, 'src')])).toBe(true);
  });
});

describe('checkAsarLayout', () => {
  async function pack(files: Record<string, string>): Promise<string> {
    for (const [rel, text] of Object.entries(files)) await file(path.join('app', rel), text);
    const asar = path.join(dir, 'app.asar');
    await createPackage(path.join(dir, 'app'), asar);
    return asar;
  }

  const good = {
    'package.json': '{}',
    'dist/web/index.html': '<html>',
    'dist/web/assets/sql-wasm.wasm': 'w',
    'dist/electron/main/main.js': '',
    'dist/electron/preload/preload.cjs': '',
    'dist/cli/kequn.mjs': '',
    'node_modules/sql.js/package.json': '{}',
  };

  it('accepts the app layout', async () => {
    const entries = await checkAsarLayout(await pack(good), { expectCli: true });
    expect(entries).toContain('/dist/web/assets/sql-wasm.wasm');
  });

  it('reports missing app files', async () => {
    const { ['dist/electron/preload/preload.cjs']: _dropped, ...rest } = good;
    await expect(checkAsarLayout(await pack(rest), { expectCli: false })).rejects.toThrow('/dist/electron/preload/preload.cjs');
  });

  it.each([
    ['a source file', 'electron/main/main.ts'],
    ['a test', 'dist/web/assets/a.test.js'],
    ['a source map', 'dist/electron/main/main.js.map'],
    ['a renderer-only package', 'node_modules/react-dom/index.js'],
  ])('rejects %s', async (_what, extra) => {
    await expect(checkAsarLayout(await pack({ ...good, [extra]: 'x' }), { expectCli: true })).rejects.toThrow('must not ship');
  });
});
