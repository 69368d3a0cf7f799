#!/usr/bin/env node
// The `kequn` command. Runs the TypeScript CLI through tsx, so `npx kequn` works straight after `npm ci`
// without a build step; packaged apps ship the bundled dist/cli/kequn.mjs instead.
import { register } from 'tsx/esm/api';

register();
const { runCliOnProcess } = await import('./cli.ts');
process.exitCode = await runCliOnProcess();
