// `npm run build`: renderer → dist/web, Electron main + preload → dist/electron, CLI → dist/cli, then electron-builder.
//   With a working Electron binary: installers for this platform from build/electron-builder.config.cjs
//   (`--dir` for the unpacked app only).
//   Without one (as on the offline development machines): the Linux `dir` target with a stand-in Electron
//   distribution, which checks the packaged layout (dist/linux-unpacked/resources/app.asar) but is not runnable.
// Options: --no-package (bundles only), --skip-web (reuse dist/web), --dir.
import { electronDistFolder, findElectron } from './electronBinary.mjs';
import {
  buildCli,
  buildElectron,
  buildWeb,
  checkAsarLayout,
  checkUnpackedResources,
  createStandInElectronDist,
  log,
  runElectronBuilder,
  validateBuilderConfig,
} from './steps.mjs';

const KNOWN = new Set(['--no-package', '--skip-web', '--dir']);
const args = process.argv.slice(2);
const unknown = args.filter((a) => !KNOWN.has(a));
if (unknown.length > 0) {
  console.error(`[build] unknown option(s): ${unknown.join(' ')} (known: ${[...KNOWN].join(' ')})`);
  process.exit(2);
}
const has = (flag) => args.includes(flag);

async function main() {
  const started = Date.now();
  if (has('--skip-web')) log('renderer: reusing dist/web (--skip-web)');
  else await buildWeb();
  await buildElectron();
  const cliBuilt = await buildCli();
  await validateBuilderConfig();
  if (has('--no-package')) {
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (packaging skipped: --no-package)`);
    return;
  }

  const electron = findElectron();
  if (electron.ok) {
    log(`Electron ${electron.version} found: packaging ${has('--dir') ? 'the unpacked app' : 'installers for this platform'}`);
    const artifacts = await runElectronBuilder({ electronDist: electronDistFolder(), dirOnly: has('--dir'), standIn: false });
    for (const a of artifacts) log(`artifact: ${a}`);
  } else {
    log(`no runnable Electron: ${electron.reason}`);
    log('packaging the Linux `dir` target with a stand-in Electron distribution (layout check only)');
    await runElectronBuilder({ electronDist: await createStandInElectronDist(), dirOnly: true, standIn: true });
    await checkAsarLayout(undefined, { expectCli: cliBuilt });
    if (cliBuilt) await checkUnpackedResources();
    log('LAYOUT CHECK ONLY: dist/linux-unpacked holds the packed app (resources/app.asar) around a stand-in');
    log('script, not Electron. It is not a runnable app. On a machine where `npm install` downloaded Electron,');
    log('`npm run build` produces real installers (see build/README.md).');
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error('[build] FAILED:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
