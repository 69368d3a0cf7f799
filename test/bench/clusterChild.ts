// Imports one planted-clusters CSV and clusters it in its own process, so its peak RSS is measured alone.
// Prints one JSON line. Usage: clusterChild CSV TRUTH ALGORITHM SEED
import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { adjustedRandIndex } from '#shared/cluster/quality.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';

const [file, truthFile, algorithm, seedText] = process.argv.slice(2);
if (!file || !truthFile || (algorithm !== 'kmeans' && algorithm !== 'minibatch')) throw new Error('usage: clusterChild CSV TRUTH kmeans|minibatch SEED');
const engine = createEngine(createNodeHost());
await engine.call('workspace.create', { name: 'bench' });
const t0 = performance.now();
const imported = await engine.call('ingest.run', { files: [{ file: { name: basename(file), blob: await openAsBlob(file) }, kind: 'table' }] });
const importSeconds = (performance.now() - t0) / 1000;
const table = imported.files[0]?.table;
if (!table) throw new Error('import failed');
const rssBefore = process.memoryUsage().rss;
const features = Array.from({ length: 16 }, (_, i) => `f${i + 1}`);
// CPU time of the clustering alone (the machine may be shared, which stretches wall time): from the end of the
// feature preparation to the first silhouette progress event, i.e. seeding and iterations plus the silhouette's first
// 256 rows.
let cpuStart: NodeJS.CpuUsage | null = null;
let cpuEnd: NodeJS.CpuUsage | null = null;
const onProgress = (p: { step: string; current: number; total: number }): void => {
  if (p.step === 'cluster.prepare' && p.current === p.total) cpuStart = process.cpuUsage();
  if (p.step === 'cluster.silhouette' && cpuStart && !cpuEnd) cpuEnd = process.cpuUsage(cpuStart);
};
const t1 = performance.now();
const r = await engine.call('cluster.run', { table, features, k: 8, scale: 'none', algorithm, inits: 1 }, { seed: Number(seedText ?? 1), onProgress });
const cpu = cpuEnd as NodeJS.CpuUsage | null;
const runSeconds = (performance.now() - t1) / 1000;
const labels = (await engine.call('sql.query', { sql: `SELECT cluster FROM cluster_member WHERE run_id = ${r.runId} ORDER BY row_id`, maxRows: 1e7 })).rows.map((row) => Number(row[0]));
const truth = readFileSync(truthFile, 'utf8').trim().split('\n').map(Number);
process.stdout.write(
  `${JSON.stringify({
    importSeconds,
    seconds: r.seconds,
    cpuSeconds: cpu ? (cpu.user + cpu.system) / 1e6 : null,
    runSeconds,
    iterations: r.iterations,
    inertia: r.inertia,
    silhouette: r.silhouette,
    ari: adjustedRandIndex(labels, truth),
    rssBeforeClusterBytes: rssBefore,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
