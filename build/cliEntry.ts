// Entry of the bundled CLI, dist/cli/kequn.mjs: the same wiring as shared/node/kequn.mjs, minus tsx (the bundle
// is already JavaScript). Kept here because shared/node/cli.ts only exports runCli.
import { runCli } from '#shared/node/cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
});
