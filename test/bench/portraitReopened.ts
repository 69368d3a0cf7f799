/**
 * Child of portrait.bench.ts: opens a saved workspace whose columnar cache the parent filled, in a fresh process
 * as an analyst re-opening the file would, and times the first chart and each group's first portrait.
 *   node --import tsx test/bench/portraitReopened.ts FILE
 */
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { CHURN_GROUP, PORTRAIT_GROUPS } from './portraitGroups.ts';
import { readLarge } from './segmentsWorkspace.ts';

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const file = process.argv[2];
if (!file) throw new Error('usage: portraitReopened.ts FILE');
const engine = createEngine(createNodeHost());
let t = performance.now();
await engine.call('workspace.open', { bytes: readLarge(file) });
console.log(`re-opened: workspace.open ${ms(performance.now() - t)}`);
t = performance.now();
let c0 = cpuMs();
await engine.call('portrait.describe', { group: CHURN_GROUP, options: { columns: ['age_band'] } });
const first = performance.now() - t;
console.log(`re-opened: first chart ${ms(first)} wall, ${ms(cpuMs() - c0)} CPU; target ≤ 1 s ${first <= 1000 ? 'met' : 'MISSED'}`);
let worst = 0;
for (const [label, group, base] of PORTRAIT_GROUPS) {
  t = performance.now();
  c0 = cpuMs();
  await engine.call('portrait.describe', { group, ...(base ? { base } : {}) });
  const wall = performance.now() - t;
  worst = Math.max(worst, wall);
  console.log(`re-opened portrait — ${label}: first ${ms(wall)} wall / ${ms(cpuMs() - c0)} CPU`);
}
console.log(`re-opened, target ≤ 500 ms per group's first use: ${worst <= 500 ? 'met' : 'MISSED'} (worst ${ms(worst)})`);
