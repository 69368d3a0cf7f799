/**
 * `npm run bench`: the speed and memory targets of every feature, each measured against its Python peer in the
 * same run where one exists. Not part of `npm test`. Runs every `test/bench/*.bench.ts` in its own process (so
 * peak memory figures are the benchmark's own), one after another.
 *
 *   npm run bench                      all benchmarks with their default sizes
 *   npm run bench -- --only import     one benchmark (file name without .bench.ts); repeatable
 *   npm run bench -- --quick           smaller inputs, for a smoke run (each benchmark reads --quick itself)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { only: { type: 'string', multiple: true }, quick: { type: 'boolean' } } });
const dir = fileURLToPath(new URL('.', import.meta.url));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const chosen = values.only?.length ? all.filter((n) => values.only?.includes(n)) : all;
if (chosen.length === 0) {
  console.error(`no benchmark matches ${JSON.stringify(values.only)}; known: ${all.join(', ')}`);
  process.exit(2);
}

const failed: string[] = [];
for (const name of chosen) {
  console.log(`\n===== ${name} =====`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.bench.ts`, ...(values.quick ? ['--quick'] : [])], { stdio: 'inherit' });
  console.log(`===== ${name}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status ?? r.signal})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s =====`);
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`benchmarks that failed to run: ${failed.join(', ')}`);
  process.exit(1);
}
