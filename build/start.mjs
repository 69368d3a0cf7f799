// `npm start`: the desktop app when a working Electron binary is installed; otherwise the same UI as a web app
// served from dist/web on 127.0.0.1 (the engine runs in a Web Worker either way).
// Options: --port N (browser mode; default 4173), --no-open (do not open a browser), --browser (browser mode even
// when Electron is available). When the binary is missing, start tries Electron's own download once (see
// tryDownloadElectron), so `npm install && npm start` opens the desktop app on a machine with internet.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findElectron, tryDownloadElectron } from './electronBinary.mjs';
import { buildElectron, buildWeb, ELECTRON_DIR, isStale, MAIN_ENTRY, REPO_ROOT, WEB_DIR, WEB_SOURCES } from './steps.mjs';
import { startStaticServer } from './staticServer.mjs';

// A fixed default port on purpose: the browser keeps the workspace in storage scoped to the origin, and the port
// is part of the origin, so a random port would "lose" the analyst's workspace on every start.
const DEFAULT_PORT = 4173;

function parseArgs(argv) {
  const options = { port: DEFAULT_PORT, open: true, forceBrowser: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-open') options.open = false;
    else if (arg === '--browser') options.forceBrowser = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number 0–65535, got ${value}`);
      options.port = port;
    } else throw new Error(`unknown option ${arg} (known: --port N, --no-open, --browser)`);
  }
  return options;
}

function say(message) {
  console.log(`[start] ${message}`);
}

const WEB_ENTRY = path.join(WEB_DIR, 'index.html');

async function ensureWebBuild() {
  if (await isStale(WEB_ENTRY, WEB_SOURCES)) {
    say('dist/web is missing or older than the sources: building it');
    await buildWeb();
  }
}

async function runElectron(binary) {
  await ensureWebBuild();
  const electronSources = [path.join(REPO_ROOT, 'electron')];
  if ((await isStale(MAIN_ENTRY, electronSources)) || (await isStale(path.join(ELECTRON_DIR, 'preload', 'preload.cjs'), electronSources))) {
    await buildElectron();
  }
  say(`launching Electron (${binary})`);
  const child = spawn(binary, ['.'], { cwd: REPO_ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function openInBrowser(url) {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => say(`could not start ${command}; open ${url} yourself`));
  child.unref();
}

async function runBrowser(options) {
  await ensureWebBuild();
  let server;
  try {
    server = await startStaticServer({ root: WEB_DIR, port: options.port });
  } catch (error) {
    if (error && error.code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} is in use; pick another with --port N (note: a different port is a different browser origin, with its own saved workspace)`, { cause: error });
    }
    throw error;
  }
  say(`serving dist/web at ${server.url}  (127.0.0.1 only; Ctrl+C stops)`);
  if (!options.open) say('not opening a browser (--no-open)');
  else if (!hasDisplay()) say('no display found: not opening a browser');
  else openInBrowser(server.url);

  const stop = () => {
    say('stopping');
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.forceBrowser) {
    let electron = findElectron();
    if (!electron.ok && process.env.KEQUN_NO_ELECTRON_DOWNLOAD !== '1') {
      say('Electron binary missing: trying to download it once (set KEQUN_NO_ELECTRON_DOWNLOAD=1 to skip)');
      if (tryDownloadElectron()) electron = findElectron();
    }
    if (electron.ok) return runElectron(electron.path);
    say(`Electron cannot start here (${electron.reason}); serving the browser build instead.`);
  }
  return runBrowser(options);
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
