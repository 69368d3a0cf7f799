// The build steps behind `npm run build` (build/build.mjs) and `npm start` (build/start.mjs). Bundling is done by
// Vite (rolldown), not by tsc emit: the renderer as a web app, main as one ES module, the preload as one CommonJS
// file (sandboxed preloads cannot be ES modules), the CLI as one ES module with npm packages left external.
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { electronPackageVersion } from './electronBinary.mjs';

const require = createRequire(import.meta.url);

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILDER_CONFIG = path.join(REPO_ROOT, 'build', 'electron-builder.config.cjs');
export const WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');
export const ELECTRON_DIR = path.join(REPO_ROOT, 'dist', 'electron');
export const MAIN_ENTRY = path.join(ELECTRON_DIR, 'main', 'main.js');
export const PRELOAD_ENTRY = path.join(ELECTRON_DIR, 'preload', 'preload.cjs');
export const CLI_SOURCE = path.join(REPO_ROOT, 'shared', 'node', 'cli.ts');
const CLI_ENTRY = 'build/cliEntry.ts';
export const CLI_OUT = path.join(REPO_ROOT, 'dist', 'cli', 'kequn.mjs');
export const UNPACKED_ASAR = path.join(REPO_ROOT, 'dist', 'linux-unpacked', 'resources', 'app.asar');

/** The CLI must run on Node 20.19+ (package.json engines); Electron 41's Node is newer, so one target fits both. */
const NODE_TARGET = 'node20';

export function log(message) {
  console.log(`[build] ${message}`);
}

/** Renderer → dist/web with the project's vite.config.ts. */
export async function buildWeb() {
  log('renderer → dist/web (vite build)');
  await viteBuild({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
}

function nodeBundle({ entry, outDir, fileName, format }) {
  return viteBuild({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    mode: 'production',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: NODE_TARGET,
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format, entryFileNames: fileName, chunkFileNames: `chunks/[name]-[hash].${format === 'cjs' ? 'cjs' : 'mjs'}` },
      },
    },
  });
}

/** electron/main → dist/electron/main/main.js (ESM, matching package.json "main"); preload → preload.cjs. */
export async function buildElectron() {
  log('electron main → dist/electron/main/main.js (ESM), preload → dist/electron/preload/preload.cjs (CommonJS)');
  await nodeBundle({ entry: 'electron/main/main.ts', outDir: path.dirname(MAIN_ENTRY), fileName: 'main.js', format: 'es' });
  await nodeBundle({ entry: 'electron/preload/preload.ts', outDir: path.dirname(PRELOAD_ENTRY), fileName: 'preload.cjs', format: 'cjs' });
}

/** shared/node/cli.ts (through build/cliEntry.ts) → dist/cli/kequn.mjs; returns false (and says why) when the CLI source does not exist yet. */
export async function buildCli() {
  if (!existsSync(CLI_SOURCE)) {
    log(`CLI skipped: ${path.relative(REPO_ROOT, CLI_SOURCE)} does not exist yet, so dist/cli is not built`);
    return false;
  }
  log('CLI → dist/cli/kequn.mjs');
  await nodeBundle({ entry: CLI_ENTRY, outDir: path.dirname(CLI_OUT), fileName: 'kequn.mjs', format: 'es' });
  return true;
}

/** Loads build/electron-builder.config.cjs the way electron-builder does and checks it against its schema. */
export async function validateBuilderConfig() {
  // Deep imports: the config loader is not part of electron-builder's documented API, but it is what the CLI
  // runs, so a config that passes here passes there (see STACK-NOTES §1).
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util/out/DebugLogger');
  const config = await getConfig(REPO_ROOT, BUILDER_CONFIG, null);
  await validateConfiguration(config, new DebugLogger(false));
  log('electron-builder configuration is valid');
  return config;
}

/**
 * A folder shaped like an Electron distribution, with a shell script in place of the binary, so electron-builder's
 * `dir` target can lay out and asar-pack the app without a download. The result is not runnable.
 */
export async function createStandInElectronDist() {
  const dir = path.join(REPO_ROOT, '.tmp', 'electron-standin');
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const script = path.join(dir, 'electron');
  await writeFile(
    script,
    '#!/bin/sh\necho "Kequn Workbench layout check: this is a stand-in for the Electron binary, not a runnable app." >&2\nexit 1\n',
  );
  await chmod(script, 0o755);
  await writeFile(path.join(dir, 'version'), `v${electronPackageVersion()}`);
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for the Electron distribution (layout check only).\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<p>Stand-in (layout check only).</p>\n');
  return dir;
}

/**
 * Runs electron-builder on build/electron-builder.config.cjs. `electronDist` is the Electron distribution to wrap
 * (the real node_modules/electron/dist, or the stand-in, which always means the Linux `dir` target). With a real
 * distribution, `dirOnly` false builds the configured installers for the current platform.
 */
export async function runElectronBuilder({ electronDist, dirOnly, standIn }) {
  const { build, Platform } = await import('electron-builder');
  const config = require(BUILDER_CONFIG);
  const overrides = {
    ...config,
    electronDist,
    electronVersion: electronPackageVersion(),
    // Fuses are flipped inside the real binary; the stand-in script has none to flip.
    ...(standIn ? { electronFuses: null } : {}),
  };
  const targets = standIn
    ? Platform.LINUX.createTarget('dir')
    : dirOnly
      ? Platform.current().createTarget('dir')
      : undefined;
  return build({ projectDir: REPO_ROOT, config: overrides, publish: 'never', ...(targets ? { targets } : {}) });
}

/** Lists dist/linux-unpacked/resources/app.asar and checks that the app's files are in it and sources are not. */
export async function checkAsarLayout(asarPath = UNPACKED_ASAR, { expectCli }) {
  const asar = require('@electron/asar');
  const entries = asar.listPackage(asarPath, { isPack: false }).map((e) => e.split(path.sep).join('/'));
  const required = ['/package.json', '/dist/web/index.html', '/dist/electron/main/main.js', '/dist/electron/preload/preload.cjs'];
  if (expectCli) required.push('/dist/cli/kequn.mjs');
  const missing = required.filter((r) => !entries.includes(r));
  const forbidden = entries.filter(
    (e) =>
      /\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/.test(e) ||
      /\.(ts|tsx|map)$/.test(e) ||
      /^\/(shared|renderer|electron|test|build)\//.test(e) ||
      /^\/node_modules\/(react|react-dom|tsx|esbuild|typescript)\//.test(e),
  );
  const wasm = entries.filter((e) => e.startsWith('/dist/web/') && e.endsWith('.wasm'));
  const size = (await stat(asarPath)).size;
  log(`app.asar: ${entries.length} entries, ${(size / 1024 / 1024).toFixed(1)} MB, ${wasm.length} .wasm file(s) under dist/web`);
  if (missing.length > 0) throw new Error(`app.asar is missing: ${missing.join(', ')}`);
  if (forbidden.length > 0) throw new Error(`app.asar contains files that must not ship: ${forbidden.slice(0, 10).join(', ')}`);
  return entries;
}

/**
 * Files the installed CLI needs outside app.asar (see `asarUnpack` and `extraResources` in the builder config):
 * the launchers, the CLI bundle, the sql.js wasm, the jieba dictionary and the chart library of the meeting pack.
 */
export const UNPACKED_RESOURCES = [
  'bin/kequn',
  'bin/kequn.cmd',
  'app.asar.unpacked/package.json',
  'app.asar.unpacked/dist/cli/kequn.mjs',
  'app.asar.unpacked/node_modules/sql.js/dist/sql-wasm.wasm',
  'app.asar.unpacked/node_modules/@node-rs/jieba/dict.txt',
  'app.asar.unpacked/node_modules/jieba-wasm/pkg/nodejs/jieba_rs_wasm_bg.wasm',
  'app.asar.unpacked/node_modules/echarts/package.json',
];

/** Checks that the unpacked app's resources folder holds {@link UNPACKED_RESOURCES}; returns the missing ones' error. */
export async function checkUnpackedResources(resourcesDir = path.dirname(UNPACKED_ASAR)) {
  const missing = UNPACKED_RESOURCES.filter((rel) => !existsSync(path.join(resourcesDir, rel)));
  if (missing.length > 0) throw new Error(`the packaged resources lack: ${missing.join(', ')}`);
  log(`resources: CLI launchers, CLI bundle, sql.js wasm, jieba dictionary and echarts unpacked beside app.asar`);
}

/** Newest modification time (ms) of any file under the given folders/files, skipping node_modules and dist. */
export async function newestMtime(paths) {
  let newest = 0;
  async function visit(p) {
    let info;
    try {
      info = await stat(p);
    } catch {
      return;
    }
    if (info.isFile()) {
      newest = Math.max(newest, info.mtimeMs);
      return;
    }
    if (!info.isDirectory()) return;
    for (const entry of await readdir(p)) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      await visit(path.join(p, entry));
    }
  }
  for (const p of paths) await visit(p);
  return newest;
}

/** Sources that dist/web is built from. */
export const WEB_SOURCES = ['renderer', 'shared', 'electron/common', 'vite.config.ts', 'package.json'].map((p) =>
  path.join(REPO_ROOT, p),
);

/** True when `output` is missing or older than any of `sources`. */
export async function isStale(output, sources) {
  if (!existsSync(output)) return true;
  return (await newestMtime(sources)) > statSync(output).mtimeMs;
}
