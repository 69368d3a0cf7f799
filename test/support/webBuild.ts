/**
 * Makes sure `dist/web` (the browser build of the app, `npm run build:web`) exists and is newer than its
 * sources, rebuilding with Vite when it is not, so end-to-end tests never run against a stale bundle.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = path.join(REPO_ROOT, 'dist', 'web');

/** Files and folders whose changes make the web build stale. */
const SOURCES = ['renderer', 'shared', 'electron/common', 'vite.config.ts', 'package.json', 'package-lock.json'];
const BUILD_TIMEOUT_MS = 5 * 60_000;

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry, { withFileTypes: true })) {
    if (child.name === 'node_modules' || child.name.startsWith('.')) continue;
    // Unit tests and the Node-only CLI are not part of the web bundle.
    if (child.isFile() && /\.test\.tsx?$/.test(child.name)) continue;
    if (child.isDirectory() && entry === path.join(REPO_ROOT, 'shared') && child.name === 'node') continue;
    newest = Math.max(newest, await newestMtime(path.join(entry, child.name)));
  }
  return newest;
}

/** Why `dist/web` must be rebuilt, or null when it is up to date. */
export async function webBuildStaleReason(): Promise<string | null> {
  const built = await stat(path.join(WEB_DIST, 'index.html')).catch(() => null);
  if (!built) return 'dist/web/index.html is missing';
  for (const source of SOURCES) {
    if ((await newestMtime(path.join(REPO_ROOT, source))) > built.mtimeMs) return `${source} changed since the last build`;
  }
  return null;
}

/** Runs `vite build` (the repo's vite.config.ts) unless `dist/web` is current; rejects with Vite's output on failure. */
export async function ensureWebBuild(log: (line: string) => void = console.log): Promise<void> {
  const reason = await webBuildStaleReason();
  if (reason === null) return;
  log(`building dist/web (${reason}) …`);
  const started = Date.now();
  const viteBin = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      output.push(`vite build timed out after ${BUILD_TIMEOUT_MS / 1000} s`);
      child.kill('SIGKILL');
    }, BUILD_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) {
    // Vite's own stack frames say nothing about the app; drop them and the colour codes.
    const text = stripVTControlCharacters(output.join(''))
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^\s+at /.test(line))
      .join('\n');
    throw new Error(`vite build failed (exit ${code}): ${text}`);
  }
  log(`built dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
