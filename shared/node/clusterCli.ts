/**
 * `kequn cluster`: clusters a table (customer_profile by default) through the same EngineApi as the 智能分群
 * page, stores `cluster_run` and `cluster_member`, and saves the workspace. `--json` prints
 * `{"k","seconds","inertia","silhouette","sizes"}`; seconds is the clustering time alone (seeding and
 * iterations, not reading, explaining or saving).
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ClusterRunResult } from '#shared/api/clusterTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { DEFAULT_SEED } from '#shared/jobs/jobContext.ts';
import { createNodeHost } from './nodeHost.ts';
import { formatTable } from './output.ts';
import type { SegmentCliKit } from './segmentCli.ts';

/** What the CLI hands this command: output, usage errors, workspace opening and Ctrl+C-aware job options. */
export type ClusterCliKit = SegmentCliKit;

export const CLUSTER_USAGE = `  kequn cluster --workspace WS [--table T] (--features a,b,c | --all-numeric) --k N|auto [--seed S]
               [--scale standard|robust|none] [--algorithm auto|kmeans|minibatch|kprototypes]
               [--categorical onehot|kprototypes] [--missing impute|drop] [--inits N] [--no-log-money] [--json]
`;

const OPTIONS: ParseArgsConfig['options'] = {
  workspace: { type: 'string' },
  table: { type: 'string' },
  features: { type: 'string' },
  'all-numeric': { type: 'boolean' },
  k: { type: 'string' },
  seed: { type: 'string' },
  scale: { type: 'string' },
  algorithm: { type: 'string' },
  categorical: { type: 'string' },
  missing: { type: 'string' },
  inits: { type: 'string' },
  'no-log-money': { type: 'boolean' },
  json: { type: 'boolean' },
};

type Values = Record<string, string | boolean | string[] | undefined>;

export async function cmdCluster(args: readonly string[], kit: ClusterCliKit): Promise<void> {
  let values: Values;
  try {
    values = parseArgs({ args: [...args], options: OPTIONS, strict: true }).values;
  } catch (e) {
    throw kit.usage(e instanceof Error ? e.message : String(e));
  }
  const str = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = str(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw kit.usage(`--${key} must be one of ${allowed.join(', ')}; got "${v}"`);
    return v as T;
  };
  const whole = (key: string, min: number): number | undefined => {
    const v = str(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw kit.usage(`--${key} must be a whole number of at least ${min}; got "${v}"`);
    return n;
  };
  const ws = str('workspace');
  if (ws === undefined || ws === '') throw kit.usage('--workspace is required');
  const kText = str('k');
  if (kText === undefined) throw kit.usage('--k is required (a whole number of at least 2, or auto)');
  const k = kText === 'auto' ? 'auto' : Number(kText);
  if (k !== 'auto' && (!Number.isInteger(k) || k < 2)) throw kit.usage(`--k must be a whole number of at least 2, or auto; got "${kText}"`);
  const featureList = str('features');
  if ((featureList === undefined) === !values['all-numeric']) throw kit.usage('give either --features a,b,c or --all-numeric');
  const scale = oneOf('scale', ['standard', 'robust', 'none'] as const);
  const algorithm = oneOf('algorithm', ['auto', 'kmeans', 'minibatch', 'kprototypes'] as const);
  const categorical = oneOf('categorical', ['onehot', 'kprototypes'] as const);
  const missing = oneOf('missing', ['impute', 'drop'] as const);
  const inits = whole('inits', 1);
  const seed = whole('seed', 0) ?? DEFAULT_SEED;

  const wsPath = resolve(ws);
  const engine = createEngine(createNodeHost({ workspacePath: wsPath }));
  await kit.openWorkspace(engine, wsPath, false);
  const table = str('table') ?? 'customer_profile';
  const catalog = await engine.call('cluster.features', { table });
  const features =
    featureList !== undefined
      ? featureList
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : catalog.features.filter((f) => f.kind === 'numeric').map((f) => f.name);
  const job = kit.jobOptions(kit.isTTY && !values.json);
  let r: ClusterRunResult;
  try {
    r = await engine.call(
      'cluster.run',
      {
        table,
        features,
        k,
        ...(scale ? { scale } : {}),
        ...(algorithm ? { algorithm } : {}),
        ...(categorical ? { categorical } : {}),
        ...(missing ? { missing } : {}),
        ...(inits !== undefined ? { inits } : {}),
        ...(values['no-log-money'] ? { logMoney: false } : {}),
      },
      { ...job.options, seed },
    );
  } finally {
    job.dispose();
  }
  await engine.call('workspace.save', {});
  if (values.json) {
    kit.out(`${JSON.stringify({ k: r.k, seconds: r.seconds, inertia: r.inertia, silhouette: r.silhouette, sizes: r.sizes })}\n`);
    return;
  }
  printRun(r, kit.out);
}

function printRun(r: ClusterRunResult, out: (s: string) => void): void {
  out(
    `run ${r.runId}: ${r.algorithm}, k ${r.k}, ${r.rows} rows (${r.droppedRows} left out), seed ${r.seed}, ${r.iterations} iterations, ` +
      `${r.seconds.toFixed(2)} s; inertia ${r.inertia.toPrecision(6)}, silhouette ${r.silhouette.toFixed(3)} (sample of ${r.silhouetteRows}), ` +
      `Calinski–Harabasz ${r.calinskiHarabasz.toPrecision(4)}, Davies–Bouldin ${r.daviesBouldin.toFixed(3)}\n`,
  );
  out(`versions: app ${r.versions.app}; ${r.versions.algorithm}\n`);
  for (const c of r.clipped) out(`clipped ${c.feature}: ${c.values} values beyond ±${r.settings.clip} (scaled)\n`);
  for (const m of r.missing) out(`missing ${m.feature}: ${m.missing} ${m.action}${m.fill !== null ? ` (${m.fill.toPrecision(4)})` : ''}\n`);
  out(
    formatTable(
      ['cluster', 'name', 'size', 'share %', 'distinguishing (z, TGI)'],
      r.groups.map((g) => [
        g.cluster,
        g.name,
        g.size,
        (100 * g.share).toFixed(1),
        g.distinguishing
          .map((s) => `${s.level !== null && s.level !== '1' ? `${s.feature}=${s.level}` : s.feature} ${s.z >= 0 ? '+' : ''}${s.z.toFixed(2)}${s.tgi !== null ? ` ${Math.round(s.tgi)}` : ''}`)
          .join('; '),
      ]),
    ),
  );
}
