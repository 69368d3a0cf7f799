// Runs one import in its own process so its peak RSS is measured alone. Prints one JSON line.
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const [file, workspace] = process.argv.slice(2);
if (!file || !workspace) throw new Error('usage: importChild FILE WORKSPACE');
const engine = createEngine(createNodeHost({ workspacePath: workspace }));
await engine.call('workspace.create', { name: 'bench' });
const t0 = performance.now();
const result = await engine.call('ingest.run', { files: [{ file: { name: basename(file), blob: await openAsBlob(file) } }] });
const t1 = performance.now();
await engine.call('workspace.save', {});
const t2 = performance.now();
const f = result.files[0];
process.stdout.write(
  `${JSON.stringify({
    importSeconds: (t1 - t0) / 1000,
    saveSeconds: (t2 - t1) / 1000,
    rowsRead: f?.rowsRead,
    accepted: f?.accepted,
    rejected: f?.rejected,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
