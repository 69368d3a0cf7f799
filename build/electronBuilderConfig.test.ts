import { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUnpackedResources, REPO_ROOT, UNPACKED_RESOURCES } from './steps.mjs';

const require = createRequire(import.meta.url);

interface BuilderConfig {
  readonly win: { readonly target: readonly string[]; readonly icon: string };
  readonly mac: { readonly target: readonly string[]; readonly icon: string };
  readonly linux: { readonly target: readonly string[]; readonly icon: string };
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
  readonly extraResources: readonly { readonly from: string; readonly to: string; readonly filter: readonly string[] }[];
}

const config = require('./electron-builder.config.cjs') as BuilderConfig;

describe('electron-builder configuration', () => {
  it('packages Windows nsis + portable, macOS dmg and Linux AppImage + deb, each with its icon', () => {
    expect(config.win.target).toEqual(['nsis', 'portable']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    for (const icon of [config.win.icon, config.mac.icon, path.join(config.linux.icon, '512x512.png')]) expect(existsSync(path.join(REPO_ROOT, icon)), icon).toBe(true);
  });

  it('ships the web bundle, main, preload and CLI, with the CLI and its packages unpacked for the system Node', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/web/**/*', 'dist/electron/**/*', 'dist/cli/**/*']));
    expect(config.asarUnpack).toEqual(['package.json', 'dist/cli/**', 'node_modules/**']);
    // The meeting pack's charts are drawn by the CLI with echarts: it must not be filtered out of node_modules.
    expect(config.files.filter((f) => /echarts|zrender|tslib/.test(f))).toEqual([]);
  });

  it('has every extra resource it names, and the packages whose files the installed CLI needs', () => {
    for (const r of config.extraResources) {
      for (const name of r.filter) expect(existsSync(path.join(REPO_ROOT, r.from, name)), `${r.from}/${name}`).toBe(true);
    }
    expect(statSync(path.join(REPO_ROOT, 'build/bin/kequn')).mode & 0o111).not.toBe(0);
    // What the packaged layout must hold, read from this repository's own install.
    for (const rel of UNPACKED_RESOURCES.filter((r) => r.startsWith('app.asar.unpacked/node_modules/'))) {
      expect(existsSync(path.join(REPO_ROOT, rel.replace('app.asar.unpacked/', ''))), rel).toBe(true);
    }
  });

  it('checkUnpackedResources names what a packaged layout lacks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kequn-res-'));
    try {
      for (const rel of UNPACKED_RESOURCES.slice(1)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), 'x');
      }
      await expect(checkUnpackedResources(dir)).rejects.toThrow('the packaged resources lack: bin/kequn');
      writeFileSync(path.join(dir, 'bin/kequn'), '#!/bin/sh\n');
      await expect(checkUnpackedResources(dir)).resolves.toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
