/**
 * Meeting-pack and recipe benchmark: on a demo bank where every step ran (identity, tags, text, clustering, a
 * segment, an export), times `report.build` (all sections, SVG charts), the PDF print through Chromium, saving the
 * recipe and re-running it on a second drop with the diff. Peer, in the same run: the chart rendering alone,
 * ECharts SSR vs matplotlib's SVG backend drawing the same 100 bar charts.
 * Options: `--customers N` (default 20,000; `--quick` 3,000).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine } from '#shared/api/engineApi.ts';
import { generateDemo } from '#shared/demo/generateDemo.ts';
import { createEngine } from '#shared/engine.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { findChromium, printPdf } from '#shared/node/pdfPrinter.ts';
import { renderChartSvg } from '#shared/report/chartSvg.ts';
import { barOption } from '#shared/report/sectionCharts.ts';

const { values } = parseArgs({ options: { customers: { type: 'string' }, quick: { type: 'boolean' } } });
const customers = Number(values.customers ?? (values.quick ? 3_000 : 20_000));
const dir = mkdtempSync(join(tmpdir(), 'kequn-report-bench-'));
const secs = (t0: number): number => (performance.now() - t0) / 1000;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  console.log(`  ${label.padEnd(34)} ${secs(t0).toFixed(2)} s`);
  return r;
}

async function allSteps(e: Engine): Promise<void> {
  await timed('identity.run', () => e.call('identity.run', {}));
  await timed('tags.run', () => e.call('tags.run', {}));
  await timed('text.run', () => e.call('text.run', {}));
  await timed('cluster.run (k=5)', () => e.call('cluster.run', { features: ['age', 'aum_fen', 'txn_count_90d', 'deposit_fen'], k: 5 }, { seed: 2 }));
  const life = await e.call('tags.lifecycle', {});
  const biggest = [...life.groups].sort((a, b) => b.members - a.members)[0];
  if (!biggest) throw new Error('no lifecycle group');
  await e.call('segments.save', { name: '重点关注', rule: { type: 'lifecycle', group: biggest.tag } });
  await timed('export.audience (sms csv)', () => e.call('export.audience', { segment: { name: '重点关注' }, preset: 'sms', format: 'csv' }));
}

try {
  console.log(`report/recipe bench: ${customers} customers`);
  const engine = createEngine(createNodeHost());
  await timed('workspace.createDemo', () => engine.call('workspace.createDemo', { customers, seed: 1 }));
  await allSteps(engine);
  const pack = await timed('report.build (8 sections)', () => engine.call('report.build', {}));
  console.log(`  pack: ${pack.sections.length} sections, ${pack.charts} charts, ${(pack.html.length / 1024).toFixed(0)} KB HTML`);
  if (findChromium()) {
    const pdf = await timed('PDF (headless Chromium)', () => printPdf(pack.html));
    writeFileSync(join(dir, 'pack.pdf'), pdf);
    const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'pack.pdf')], { encoding: 'utf8' }))?.[1];
    console.log(`  pdf: ${pages ?? '?'} pages, ${(pdf.byteLength / 1024).toFixed(0)} KB`);
  }
  const recipe = await timed('recipe.capture', () => engine.call('recipe.capture', {}));
  const previous = await timed('recipe.snapshot (previous)', () => engine.call('recipe.snapshot', {}));

  const drop = await generateDemo({ customers, seed: 2 }, createJobContext());
  const files = drop.filter((f) => f.kind !== undefined).map((f) => ({ name: f.path, blob: new Blob([new Uint8Array(f.bytes)]) }));
  const run = await timed('recipe.run (all steps + diff)', () => createEngine(createNodeHost()).call('recipe.run', { recipe, files, previous }));
  for (const s of run.steps) console.log(`    ${s.step.padEnd(11)} ${(s.ms / 1000).toFixed(2)} s`);
  console.log(`  diff: ${run.diff?.groups.length ?? 0} groups, ${run.diff?.tagShifts.length ?? 0} tag shifts, ${run.diff?.newTopics.length ?? 0} new topics`);

  // Peer: chart rendering alone, 100 bar charts of 12 categories to SVG strings.
  const cats = Array.from({ length: 12 }, (_, i) => `分群${i + 1}`);
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < 100; i++) bytes += renderChartSvg(barOption(cats, cats.map((_, j) => (i * 7 + j * 13) % 97), '人数'), 720, 320).length;
  console.log(`  ECharts SSR, 100 bar charts → SVG  ${secs(t0).toFixed(2)} s (${(bytes / 100 / 1024).toFixed(1)} KB each)`);
  const py = join(dir, 'peer.py');
  mkdirSync(dirname(py), { recursive: true });
  writeFileSync(
    py,
    `import io, time
import matplotlib
matplotlib.use('svg')
import matplotlib.pyplot as plt
cats = [f'c{i+1}' for i in range(12)]
t0 = time.perf_counter(); size = 0
for i in range(100):
    fig, ax = plt.subplots(figsize=(7.2, 3.2), dpi=100)
    vals = [(i * 7 + j * 13) % 97 for j in range(12)]
    bars = ax.bar(cats, vals); ax.bar_label(bars)
    buf = io.StringIO(); fig.savefig(buf, format='svg'); plt.close(fig); size += len(buf.getvalue())
print(f"{time.perf_counter() - t0:.2f} {size / 100 / 1024:.1f}")
`,
  );
  const [pySecs, pyKb] = execFileSync('python3', [py], { encoding: 'utf8', env: { ...process.env, PYENV_VERSION: 'system' } }).trim().split(' ');
  console.log(`  matplotlib SVG, 100 bar charts      ${pySecs ?? '?'} s (${pyKb ?? '?'} KB each)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
