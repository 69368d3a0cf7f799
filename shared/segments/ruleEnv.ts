/**
 * What a rule may refer to right now: profile columns present in the wide table, registered tags and lifecycle
 * groups, clustering runs over customers and their saved selections, saved segments and the as-of date. Read from the workspace tables
 * (no customer rows), once per request; rule checking, read-back, SQL compilation and evaluation all use it.
 */
import type { Db } from '#shared/db/database.ts';
import { PROFILE_COLUMNS, type ProfileColumn } from '#shared/profile/profileSchema.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { profileExists, profileTableColumns, tableExists } from '#shared/analytics/universe.ts';

export interface LabelledKey {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly family: string;
}

export interface ClusterRunInfo {
  readonly runId: number;
  readonly createdAt: string;
  readonly clusters: ReadonlyMap<number, { readonly name: string; readonly nameEn: string; readonly size: number }>;
}

/** A saved cluster selection (`cluster_selection`); `customers` is false when its run clustered another table. */
export interface SelectionInfo {
  readonly selectionId: number;
  readonly runId: number;
  readonly label: string;
  readonly members: number;
  readonly customers: boolean;
  readonly createdAt: string;
}

export interface SegmentInfo {
  readonly segmentId: number;
  readonly name: string;
  readonly ruleJson: string;
  readonly version: number;
  readonly count: number;
}

export interface RuleEnv {
  readonly profileBuilt: boolean;
  /** Columns a rule may use: in the schema, present in the table, not personal data. */
  readonly columns: ReadonlyMap<string, ProfileColumn>;
  /** Schema columns the table lacks (built by an older version, or removed). */
  readonly absentColumns: ReadonlySet<string>;
  readonly tags: ReadonlyMap<string, LabelledKey>;
  readonly lifecycle: ReadonlyMap<string, LabelledKey>;
  readonly clusterRuns: ReadonlyMap<number, ClusterRunInfo>;
  readonly latestClusterRun: number | null;
  readonly selections: ReadonlyMap<number, SelectionInfo>;
  readonly segments: ReadonlyMap<number, SegmentInfo>;
  readonly segmentByName: ReadonlyMap<string, number>;
  readonly asOfDate: string | null;
}

/** Tag family whose tags are the lifecycle groups (生命周期分组). */
export const LIFECYCLE_FAMILY = 'lifecycle';

function parseGroups(resultJson: string): ClusterRunInfo['clusters'] {
  const out = new Map<number, { name: string; nameEn: string; size: number }>();
  try {
    const parsed = JSON.parse(resultJson) as { groups?: unknown };
    if (!Array.isArray(parsed.groups)) return out;
    for (const g of parsed.groups as unknown[]) {
      if (typeof g !== 'object' || g === null) continue;
      const { cluster, name, nameEn, size } = g as Record<string, unknown>;
      if (typeof cluster !== 'number') continue;
      out.set(cluster, {
        name: typeof name === 'string' ? name : `#${cluster}`,
        nameEn: typeof nameEn === 'string' ? nameEn : `#${cluster}`,
        size: typeof size === 'number' ? size : 0,
      });
    }
  } catch {
    // A run whose stored explanation cannot be read still has members; its clusters are named by number.
  }
  return out;
}

const parsedRuns = new WeakMap<Db, Map<string, ClusterRunInfo>>();

export function loadRuleEnv(db: Db): RuleEnv {
  const profileBuilt = profileExists(db);
  const present = profileTableColumns(db);
  const columns = new Map<string, ProfileColumn>();
  const absentColumns = new Set<string>();
  for (const c of PROFILE_COLUMNS) {
    if (!present.has(c.name)) absentColumns.add(c.name);
    else if (!c.pii && c.name !== 'one_id') columns.set(c.name, c);
  }
  const tags = new Map<string, LabelledKey>();
  const lifecycle = new Map<string, LabelledKey>();
  for (const t of db.all<{ tag: string; zh: string; en: string; family: string }>('SELECT tag, zh, en, family FROM tag_def ORDER BY family, tag')) {
    const item = { key: t.tag, zh: t.zh, en: t.en, family: t.family };
    tags.set(t.tag, item);
    if (t.family === LIFECYCLE_FAMILY) lifecycle.set(t.tag, item);
  }
  const clusterRuns = new Map<number, ClusterRunInfo>();
  let latestClusterRun: number | null = null;
  if (tableExists(db, 'cluster_run')) {
    // A run's stored explanation can be large; it is parsed once per run (runs are never changed in place).
    let parsed = parsedRuns.get(db);
    if (!parsed) parsedRuns.set(db, (parsed = new Map<string, ClusterRunInfo>()));
    for (const r of db.all<{ run_id: number; created_at: string }>("SELECT run_id, created_at FROM cluster_run WHERE key_kind = 'one_id' ORDER BY run_id")) {
      const key = `${r.run_id}@${r.created_at}`;
      let info = parsed.get(key);
      if (!info) {
        const result = db.value('SELECT result FROM cluster_run WHERE run_id = ?', [r.run_id]);
        info = { runId: r.run_id, createdAt: r.created_at, clusters: parseGroups(typeof result === 'string' ? result : '{}') };
        parsed.set(key, info);
      }
      clusterRuns.set(r.run_id, info);
      latestClusterRun = r.run_id;
    }
  }
  const selections = new Map<number, SelectionInfo>();
  if (tableExists(db, 'cluster_selection')) {
    for (const r of db.all<{ selection_id: number; run_id: number; label: string; members: number; key_kind: string | null; created_at: string }>(
      'SELECT s.selection_id, s.run_id, s.label, s.members, r.key_kind, s.created_at FROM cluster_selection s LEFT JOIN cluster_run r ON r.run_id = s.run_id ORDER BY s.selection_id',
    )) {
      selections.set(r.selection_id, { selectionId: r.selection_id, runId: r.run_id, label: r.label, members: r.members, customers: r.key_kind === 'one_id', createdAt: r.created_at });
    }
  }
  const segments = new Map<number, SegmentInfo>();
  const segmentByName = new Map<string, number>();
  for (const s of db.all<{ segment_id: number; name: string; rule: string; version: number; count: number | null }>(
    'SELECT s.segment_id, s.name, s.rule, s.version, v.count FROM segment s LEFT JOIN segment_version v ON v.segment_id = s.segment_id AND v.version = s.version ORDER BY s.segment_id',
  )) {
    segments.set(s.segment_id, { segmentId: s.segment_id, name: s.name, ruleJson: s.rule, version: s.version, count: s.count ?? 0 });
    segmentByName.set(s.name, s.segment_id);
  }
  return {
    profileBuilt,
    columns,
    absentColumns,
    tags,
    lifecycle,
    clusterRuns,
    latestClusterRun,
    selections,
    segments,
    segmentByName,
    asOfDate: getMeta(db, 'as_of_date'),
  };
}
