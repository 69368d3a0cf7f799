// Finds a working Electron binary. On machines where `npm install` could not download it (no internet, or
// "allowScripts": { "electron": false }), require('electron') throws; then callers fall back to the browser build
// (build/start.mjs) or a stand-in layout check (build/build.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Version of the installed `electron` npm package (the binary may still be missing). */
export function electronPackageVersion() {
  const pkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));
  return String(pkg.version);
}

/** Folder of the electron npm package's downloaded binaries (`node_modules/electron/dist`). */
export function electronDistFolder() {
  return path.join(path.dirname(require.resolve('electron/package.json')), 'dist');
}

/**
 * @returns {{ ok: true, path: string, version: string } | { ok: false, reason: string }}
 *   ok when require('electron') names an existing file that actually starts and reports its version.
 */
export function findElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    return { ok: false, reason: `the Electron binary is not installed (${firstLine(error)})` };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return { ok: false, reason: `require('electron') points at a missing file: ${String(binary)}` };
  }
  const probe = spawnSync(binary, ['-e', 'process.stdout.write(process.versions.electron)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.status !== 0 || !probe.stdout) {
    return { ok: false, reason: `${binary} does not run (${probe.error ? firstLine(probe.error) : `exit ${probe.status}`})` };
  }
  return { ok: true, path: binary, version: probe.stdout.trim() };
}

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

/**
 * Runs the electron package's own install script once, which downloads the binary for this platform. Our
 * package.json denies that script at `npm install` time ("allowScripts"), so that installs succeed on networks
 * without access to Electron's download host; `npm start` tries it here instead. Offline it fails within seconds
 * and the caller falls back to the browser build.
 * @returns {boolean} whether the script exited 0
 */
export function tryDownloadElectron(timeoutMs = 120_000) {
  const script = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  if (!existsSync(script)) return false;
  const r = spawnSync(process.execPath, [script], { stdio: 'ignore', timeout: timeoutMs, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  return r.status === 0;
}
