#!/usr/bin/env node
// The `kequn` command. Runs the TypeScript CLI through tsx, so `npx kequn` works straight after `npm ci`
// without a build step; packaged apps ship the bundled dist/cli/kequn.mjs instead.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
const code = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
