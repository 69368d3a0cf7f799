// Entry of the bundled CLI, dist/cli/kequn.mjs: what shared/node/kequn.mjs runs, minus tsx (the bundle is
// already JavaScript).
import { runCliOnProcess } from '#shared/node/cli.ts';

process.exitCode = await runCliOnProcess();
