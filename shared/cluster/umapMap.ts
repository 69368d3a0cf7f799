/**
 * The UMAP map of a stored run, computed on request (not stored): the run's feature matrix is rebuilt with its
 * stored settings, a seeded sample of its members is embedded with UMAP, and each point keeps its cluster.
 * UMAP keeps neighbourhoods, so groups that overlap on the two PCA axes often separate here; distances between
 * far-apart islands mean little, which is why the PCA map stays the default and the lasso works on PCA only.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterUmapMap } from '#shared/api/clusterTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { prepare } from './clusterRun.ts';
import { loadRun, memberClusters } from './clusterStore.ts';
import { sampleIndices, takeRows } from './sampling.ts';
import { umapSteps } from './umap.ts';

/** Default sample of the UMAP map: about 10 s on this machine (graph ~4 s, 200 epochs ~6 s at 5,000 × 20). */
export const UMAP_POINTS = 5_000;
/** Largest sample accepted: the neighbour graph grows faster than linearly and cannot be interrupted. */
export const MAX_UMAP_POINTS = 10_000;
const N_NEIGHBORS = 15;
const EPOCHS = 200;

/**
 * Embeds up to `maxPoints` (default {@link UMAP_POINTS}, at most {@link MAX_UMAP_POINTS}) members of run `runId`
 * in 2-D. The sample and every random choice of UMAP are seeded from the run's seed, so the same run always gives
 * the same map. Members beyond the sample are not placed. Progress steps `cluster.prepare`, `cluster.umapGraph`,
 * `cluster.umap` (epochs); cancellable between epochs.
 */
export async function umapMap(db: Db, runId: number, maxPoints: number, ctx: JobContext): Promise<ClusterUmapMap> {
  const run = loadRun(db, runId);
  const { raw, model } = await prepare(db, run.settings, ctx);
  const clusterOf = memberClusters(db, runId, 'rowid');
  // Rows added to the table since the run have no cluster: they are left out, not guessed.
  const members: number[] = [];
  const clusters: number[] = [];
  for (let i = 0; i < model.n; i++) {
    const c = clusterOf.get(String(raw.rowIds[model.rows[i] as number]));
    if (c === undefined) continue;
    members.push(i);
    clusters.push(c);
  }
  const limit = Math.max(1, Math.min(Math.floor(maxPoints), MAX_UMAP_POINTS));
  const pick = sampleIndices(members.length, limit, createRandom(run.seed ^ 0x1f123bb5));
  if (pick.length <= N_NEIGHBORS) {
    throw new ExpectedError('BAD_ARGUMENT', `The UMAP map needs more than ${N_NEIGHBORS} rows; run ${runId} has ${pick.length}.`, { runId, rows: pick.length });
  }
  const rows = Int32Array.from(pick, (j) => members[j] as number);
  const x = takeRows(model.x, model.d, rows);
  const steps = umapSteps(x, rows.length, model.d, createRandom(run.seed ^ 0x2c1b3c6d), { nNeighbors: N_NEIGHBORS, epochs: EPOCHS });
  let xy: Float32Array;
  for (;;) {
    const s = steps.next();
    if (s.done) {
      xy = s.value;
      break;
    }
    if (s.value.phase === 'graph') ctx.progress('cluster.umapGraph', 0, 1);
    else ctx.progress('cluster.umap', s.value.epoch, s.value.epochs);
    await ctx.checkpoint();
  }
  return {
    runId,
    total: members.length,
    limit,
    xy,
    cluster: Uint16Array.from(pick, (j) => clusters[j] as number),
    seed: run.seed,
    nNeighbors: N_NEIGHBORS,
    epochs: EPOCHS,
  };
}
