/**
 * `kequn tags`: computes every tag and lifecycle group of a workspace (rebuilding customer_profile first when
 * stale) and saves it. `--json` prints the run: `{"runId","asOf","customers","rows","lifecycle":{group: n},
 * "ms","profileMs","diff":[{tag,value,before,after,joined,left}]}`.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Engine, JobOptions } from '#shared/api/engineApi.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';

export interface TagsCliKit {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTTY: boolean;
  readonly usage: (message: string) => Error;
  readonly openWorkspace: (engine: Engine, path: string, createIfMissing: boolean) => Promise<void>;
  readonly jobOptions: (showProgress: boolean) => { options: JobOptions; dispose: () => void };
}

export const TAGS_USAGE = `  kequn tags --workspace WS [--rebuild-profile] [--seed S] [--json]
`;

export async function cmdTags(args: readonly string[], kit: TagsCliKit): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...args], options: { workspace: { type: 'string' }, 'rebuild-profile': { type: 'boolean' }, seed: { type: 'string' }, json: { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  const ws = values.workspace;
  if (typeof ws !== 'string' || ws === '') throw kit.usage('--workspace is required');
  const seedText = values.seed;
  const seed = typeof seedText === 'string' ? Number(seedText) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw kit.usage(`--seed must be an integer, got "${String(seedText)}"`);
  const wsPath = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r;
  try {
    r = await engine.call('tags.run', values['rebuild-profile'] ? { rebuildProfile: true } : {}, seed === undefined ? job.options : { ...job.options, seed });
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    kit.out(
      `${JSON.stringify({ runId: r.runId, asOf: r.asOf, customers: r.customers, rows: r.rows, lifecycle: r.lifecycle, ms: r.ms, profileMs: r.profile?.ms ?? null, model: r.model, diff: r.diff })}\n`,
    );
    return;
  }
  kit.out(`tag run ${r.runId} (as of ${r.asOf}): ${r.customers} customers, ${r.rows} tag rows in ${((r.ms ?? 0) / 1000).toFixed(1)} s${r.profile ? ` (wide table rebuilt in ${(r.profile.ms / 1000).toFixed(1)} s)` : ''}\n\nLifecycle groups\n`);
  kit.out(formatTable(['group', 'customers'], Object.entries(r.lifecycle).map(([g, n]) => [g, n])));
  const tags = await engine.call('tags.list', {});
  kit.out('\nTags\n');
  kit.out(formatTable(['tag', '名称', 'family', 'customers', 'top values'], tags.filter((t) => t.runId === r.runId).map((t) => [t.key, t.zh, t.family, t.members, t.values.slice(0, 3).map((v) => `${v.value}:${v.members}`).join(' ')])));
  if (r.prevRunId !== null) {
    kit.out(`\nChanges against run ${r.prevRunId}\n`);
    kit.out(r.diff.length === 0 ? 'none\n' : formatTable(['tag', 'value', 'before', 'after', 'in', 'out'], r.diff.map((d) => [d.tag, d.value, d.before, d.after, d.joined, d.left])));
  }
}
