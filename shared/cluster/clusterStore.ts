/** Reading and writing `cluster_run`, `cluster_member` and the selections taken from runs (schema version 5). */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ClusterKeyKind, ClusterMap, ClusterRunResult, ClusterRunSummary, ClusterSelection, ClusterSettings } from '#shared/api/clusterTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { createRandom } from '#shared/jobs/random.ts';
import type { ModelData, RawData } from './featureMatrix.ts';
import { sampleIndices } from './sampling.ts';

interface RunRow {
  run_id: number;
  result: string;
  [key: string]: number | string | null | Uint8Array;
}

const INSERT_CHUNK = 20_000;

/** Stores a finished run and its members in one transaction (inside the write queue); returns the run id. */
export async function saveRun(
  db: Db,
  run: Omit<ClusterRunResult, 'runId'>,
  raw: RawData,
  model: ModelData,
  labels: Int32Array,
  xy: Float32Array,
  ctx: JobContext,
): Promise<number> {
  return db.mutate(async () => {
    const tx = db.begin();
    try {
      db.run(
        `INSERT INTO cluster_run (table_name, key_kind, features, settings, k, algorithm, seed, app_version, algo_version, rows, dropped_rows,
           seconds, iterations, inertia, silhouette, sizes, result, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          run.table,
          run.keyKind,
          JSON.stringify(run.settings.features),
          JSON.stringify(run.settings),
          run.k,
          run.algorithm,
          run.seed,
          run.versions.app,
          run.versions.algorithm,
          run.rows,
          run.droppedRows,
          run.seconds,
          run.iterations,
          run.inertia,
          run.silhouette,
          JSON.stringify(run.sizes),
          JSON.stringify(run),
          run.createdAt,
        ],
      );
      const runId = Number(db.value('SELECT last_insert_rowid()'));
      const st = db.prepare('INSERT INTO cluster_member (run_id, one_id, row_id, cluster, x, y) VALUES (?, ?, ?, ?, ?, ?)');
      try {
        for (let i = 0; i < model.n; i++) {
          const row = model.rows[i] as number;
          st.runUnchecked([runId, raw.oneIds ? (raw.oneIds[row] ?? null) : null, raw.rowIds[row] as number, labels[i] as number, xy[2 * i] as number, xy[2 * i + 1] as number]);
          if (i % INSERT_CHUNK === INSERT_CHUNK - 1) {
            ctx.progress('cluster.save', i + 1, model.n);
            await ctx.checkpoint();
          }
        }
      } finally {
        st.free();
      }
      ctx.progress('cluster.save', model.n, model.n);
      tx.commit();
      return runId;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  });
}

/** The stored result of a run. */
export function loadRun(db: Db, runId: number): ClusterRunResult {
  const row = db.get<RunRow>('SELECT run_id, result FROM cluster_run WHERE run_id = ?', [runId]);
  if (!row) throw new ExpectedError('NOT_FOUND', `Clustering run ${runId} does not exist.`, { runId });
  return { runId: row.run_id, ...(JSON.parse(row.result) as Omit<ClusterRunResult, 'runId'>) };
}

export function listRuns(db: Db, table?: string): ClusterRunSummary[] {
  const rows = db.all<{ run_id: number; table_name: string; k: number; features: string; seed: number; rows: number; silhouette: number | null; created_at: string }>(
    `SELECT run_id, table_name, k, features, seed, rows, silhouette, created_at FROM cluster_run ${table ? 'WHERE table_name = ?' : ''} ORDER BY run_id DESC`,
    table ? [table] : [],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    table: r.table_name,
    k: r.k,
    features: JSON.parse(r.features) as string[],
    seed: r.seed,
    rows: r.rows,
    silhouette: r.silhouette ?? 0,
    createdAt: r.created_at,
  }));
}

/** The latest run on the same table and feature set (any k or seed): the one whose group names carry over. */
export function latestComparableRun(db: Db, settings: Required<ClusterSettings>): ClusterRunResult | null {
  const features = JSON.stringify([...settings.features].sort());
  for (const r of db.all<{ run_id: number; features: string }>('SELECT run_id, features FROM cluster_run WHERE table_name = ? ORDER BY run_id DESC', [settings.table])) {
    if (JSON.stringify((JSON.parse(r.features) as string[]).sort()) === features) return loadRun(db, r.run_id);
  }
  return null;
}

/** Key (ONE_ID, or row id as text) → cluster, for a run. */
export function memberClusters(db: Db, runId: number, keyKind: ClusterKeyKind): Map<string, number> {
  const out = new Map<string, number>();
  db.each(`SELECT ${keyKind === 'one_id' ? 'one_id' : 'row_id'}, cluster FROM cluster_member WHERE run_id = ?`, [runId], (r) => out.set(String(r[0]), Number(r[1])));
  return out;
}

/** Up to `maxPoints` members of a run on the map (a seeded sample above that), as typed arrays for a large scatter. */
export function mapPoints(db: Db, runId: number, maxPoints: number): ClusterMap {
  const run = loadRun(db, runId);
  const total = Number(db.value('SELECT count(*) FROM cluster_member WHERE run_id = ?', [runId]) ?? 0);
  const keep = sampleIndices(total, maxPoints, createRandom(runId * 7919));
  const xy = new Float32Array(2 * keep.length);
  const cluster = new Uint16Array(keep.length);
  let i = 0;
  let at = 0;
  db.each('SELECT x, y, cluster FROM cluster_member WHERE run_id = ? ORDER BY rowid', [runId], (r) => {
    if (at < keep.length && keep[at] === i) {
      xy[2 * at] = Number(r[0]);
      xy[2 * at + 1] = Number(r[1]);
      cluster[at] = Number(r[2]);
      at++;
    }
    i++;
  });
  return { runId, total, xy, cluster, explained: run.mapExplained };
}

/** Whether (x, y) lies inside the polygon (even–odd rule). */
export function insidePolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as readonly [number, number];
    const [xj, yj] = polygon[j] as readonly [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Stores the members of one cluster, or of the map region inside `polygon` (all members, not only the points
 * drawn), as a selection that the segments feature turns into a 客群.
 */
export function saveSelection(
  db: Db,
  now: string,
  args: { readonly runId: number; readonly cluster?: number; readonly polygon?: readonly (readonly [number, number])[]; readonly label?: string },
): ClusterSelection {
  const run = loadRun(db, args.runId);
  const polygon = args.polygon;
  if (args.cluster === undefined && (!polygon || polygon.length < 3)) {
    throw new ExpectedError('BAD_ARGUMENT', 'Give a cluster or a lasso region of at least three points.', { runId: args.runId });
  }
  if (args.cluster !== undefined && (args.cluster < 0 || args.cluster >= run.k)) {
    throw new ExpectedError('BAD_ARGUMENT', `Run ${args.runId} has no cluster ${args.cluster}.`, { runId: args.runId, cluster: args.cluster });
  }
  const group = args.cluster !== undefined ? run.groups[args.cluster] : undefined;
  const label = args.label ?? (group ? group.name : `选区 · 运行 ${args.runId}`);
  return db.transaction(() => {
    db.run(
      'INSERT INTO cluster_selection (run_id, label, source, cluster, polygon, members, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
      [args.runId, label, args.cluster !== undefined ? 'cluster' : 'lasso', args.cluster ?? null, polygon ? JSON.stringify(polygon) : null, now],
    );
    const selectionId = Number(db.value('SELECT last_insert_rowid()'));
    let members = 0;
    const st = db.prepare('INSERT INTO cluster_selection_member (selection_id, one_id, row_id) VALUES (?, ?, ?)');
    try {
      const sql =
        args.cluster !== undefined
          ? 'SELECT one_id, row_id, x, y FROM cluster_member WHERE run_id = ? AND cluster = ?'
          : 'SELECT one_id, row_id, x, y FROM cluster_member WHERE run_id = ?';
      db.each(sql, args.cluster !== undefined ? [args.runId, args.cluster] : [args.runId], (r) => {
        if (polygon && !insidePolygon(Number(r[2]), Number(r[3]), polygon)) return;
        st.run([selectionId, r[0] === null || r[0] === undefined ? null : String(r[0]), Number(r[1])]);
        members++;
      });
    } finally {
      st.free();
    }
    db.run('UPDATE cluster_selection SET members = ? WHERE selection_id = ?', [members, selectionId]);
    return { selectionId, runId: args.runId, keyKind: run.keyKind, label, members, segmentId: null };
  });
}
