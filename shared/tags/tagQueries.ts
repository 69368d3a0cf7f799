/** Read-side queries of the tag system: the tag list with coverage, runs, changes, members, lifecycle sizes. */
import {
  LIFECYCLE_GROUPS,
  type LifecycleOverview,
  type TagChangePage,
  type TagDiff,
  type TagListItem,
  type TagMemberPage,
  type TagRunSummary,
} from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { TAGS_MODULE } from './builtinTags.ts';
import { CUSTOM_MODULE } from './customTagStore.ts';
import { LIFECYCLE_NAMES, lifecycleTagKey } from './lifecycle.ts';
import { listTagDefs } from './tagRegistry.ts';
import { loadTagSettings } from './tagSettings.ts';

interface RunRow {
  run_id: number;
  started_at: string;
  finished_at: string | null;
  as_of: string;
  status: string;
  ms: number | null;
  prev_run_id: number | null;
  counts: string;
  [k: string]: string | number | null;
}

function parseCounts(raw: string): Record<string, Record<string, number>> {
  try {
    return JSON.parse(raw) as Record<string, Record<string, number>>;
  } catch {
    return {};
  }
}

function summaryOf(db: Db, r: RunRow): TagRunSummary {
  const counts = parseCounts(r.counts);
  let rows = 0;
  for (const values of Object.values(counts)) for (const n of Object.values(values)) rows += n;
  const lifecycle: Record<string, number> = {};
  for (const g of LIFECYCLE_GROUPS) lifecycle[g] = Object.values(counts[lifecycleTagKey(g)] ?? {}).reduce((a, b) => a + b, 0);
  const customers = Number(db.value('SELECT count(*) FROM customer_score WHERE run_id = ?', [r.run_id]) ?? 0);
  return {
    runId: r.run_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    asOf: r.as_of,
    status: r.status,
    ms: r.ms,
    prevRunId: r.prev_run_id,
    customers,
    rows,
    lifecycle,
  };
}

export function listRuns(db: Db, limit: number): TagRunSummary[] {
  return db
    .all<RunRow>('SELECT run_id, started_at, finished_at, as_of, status, ms, prev_run_id, counts FROM tag_run ORDER BY run_id DESC LIMIT ?', [Math.max(1, Math.min(limit, 500))])
    .map((r) => summaryOf(db, r));
}

/** Every registered tag with its members in its latest run (from the run's counts, else counted). */
export function listTags(db: Db, family?: string): TagListItem[] {
  const lastRun = db.get<RunRow>("SELECT run_id, started_at, finished_at, as_of, status, ms, prev_run_id, counts FROM tag_run WHERE status = 'done' ORDER BY run_id DESC LIMIT 1");
  const counts = lastRun ? parseCounts(lastRun.counts) : {};
  return listTagDefs(db)
    .filter((d) => family === undefined || d.family === family)
    .map((d) => {
      const run = db.value('SELECT max(run_id) FROM customer_tag WHERE tag = ?', [d.key]);
      const runId = typeof run === 'number' ? run : null;
      let values: { value: string; members: number }[];
      if (lastRun && runId === lastRun.run_id && counts[d.key]) {
        values = Object.entries(counts[d.key] ?? {}).map(([value, members]) => ({ value, members }));
      } else if (runId !== null) {
        values = db
          .all<{ value: string | null; n: number }>('SELECT value, count(*) AS n FROM customer_tag WHERE tag = ? AND run_id = ? GROUP BY value ORDER BY n DESC', [d.key, runId])
          .map((r) => ({ value: r.value ?? '', members: r.n }));
      } else values = [];
      values.sort((a, b) => b.members - a.members || a.value.localeCompare(b.value));
      // Run ids of customer_tag are the writing module's own: only tags.run's tags are runs of tag_run.
      const ours = d.module === TAGS_MODULE || d.module === CUSTOM_MODULE;
      const when = ours && runId !== null ? db.get<{ finished_at: string | null; as_of: string }>('SELECT finished_at, as_of FROM tag_run WHERE run_id = ?', [runId]) : undefined;
      return { ...d, runId, computedAt: when?.finished_at ?? null, asOf: when?.as_of ?? null, members: values.reduce((a, v) => a + v.members, 0), values: values.slice(0, 20) };
    });
}

export function tagMembers(db: Db, tag: string, value: string | undefined, offset: number, limit: number): TagMemberPage {
  const run = db.value('SELECT max(run_id) FROM customer_tag WHERE tag = ?', [tag]);
  const runId = typeof run === 'number' ? run : null;
  if (runId === null) return { tag, runId, total: 0, rows: [] };
  const where = value === undefined ? 'tag = ? AND run_id = ?' : 'tag = ? AND run_id = ? AND value = ?';
  const params = value === undefined ? [tag, runId] : [tag, runId, value];
  const total = Number(db.value(`SELECT count(*) FROM customer_tag WHERE ${where}`, params) ?? 0);
  const rows = db
    .all<{ one_id: string; value: string | null; reason: string | null }>(`SELECT one_id, value, reason FROM customer_tag WHERE ${where} ORDER BY one_id LIMIT ? OFFSET ?`, [
      ...params,
      Math.max(1, Math.min(limit, 1000)),
      Math.max(0, offset),
    ])
    .map((r) => ({ oneId: r.one_id, value: r.value, reason: r.reason }));
  return { tag, runId, total, rows };
}

/** A run's changes against its previous run: the summary per tag value and a page of the customers who moved. */
export function tagChanges(db: Db, runId: number, filter: { tag?: string; value?: string; change?: 'in' | 'out' }, offset: number, limit: number): TagChangePage {
  const run = db.get<{ prev_run_id: number | null }>('SELECT prev_run_id FROM tag_run WHERE run_id = ?', [runId]);
  const summary = db
    .all<{ tag: string; value: string; change: string; n: number }>('SELECT tag, value, change, count(*) AS n FROM tag_change WHERE run_id = ? GROUP BY tag, value, change', [runId])
    .reduce((acc, r) => {
      const key = `${r.tag}\u0000${r.value}`;
      const d = acc.get(key) ?? { tag: r.tag, value: r.value, before: 0, after: 0, joined: 0, left: 0 };
      acc.set(key, r.change === 'in' ? { ...d, joined: r.n } : { ...d, left: r.n });
      return acc;
    }, new Map<string, TagDiff>());
  const conds = ['run_id = ?'];
  const params: (string | number)[] = [runId];
  if (filter.tag !== undefined) {
    conds.push('tag = ?');
    params.push(filter.tag);
  }
  if (filter.value !== undefined) {
    conds.push('value = ?');
    params.push(filter.value);
  }
  if (filter.change !== undefined) {
    conds.push('change = ?');
    params.push(filter.change);
  }
  const where = conds.join(' AND ');
  const total = Number(db.value(`SELECT count(*) FROM tag_change WHERE ${where}`, params) ?? 0);
  const rows = db
    .all<{ tag: string; value: string; change: string; one_id: string }>(`SELECT tag, value, change, one_id FROM tag_change WHERE ${where} ORDER BY tag, value, change, one_id LIMIT ? OFFSET ?`, [
      ...params,
      Math.max(1, Math.min(limit, 1000)),
      Math.max(0, offset),
    ])
    .map((r) => ({ tag: r.tag, value: r.value, change: r.change === 'in' ? ('in' as const) : ('out' as const), oneId: r.one_id }));
  // Sizes before and after come from the two runs' counts.
  const countsOf = (id: number | null): Record<string, Record<string, number>> =>
    id === null ? {} : parseCounts(String(db.value('SELECT counts FROM tag_run WHERE run_id = ?', [id]) ?? '{}'));
  const after = countsOf(runId);
  const before = countsOf(run?.prev_run_id ?? null);
  const withSizes = [...summary.values()].map((d) => ({ ...d, before: before[d.tag]?.[d.value] ?? 0, after: after[d.tag]?.[d.value] ?? 0 }));
  withSizes.sort((a, b) => b.joined + b.left - (a.joined + a.left) || a.tag.localeCompare(b.tag));
  return { runId, prevRunId: run?.prev_run_id ?? null, summary: withSizes, total, rows };
}

export function lifecycleOverview(db: Db): LifecycleOverview {
  const run = db.value('SELECT max(run_id) FROM lifecycle_group');
  const runId = typeof run === 'number' ? run : null;
  const sizes = new Map<string, number>();
  if (runId !== null) {
    for (const g of LIFECYCLE_GROUPS) sizes.set(g, Number(db.value('SELECT count(*) FROM lifecycle_group WHERE "group" = ? AND run_id = ?', [g, runId]) ?? 0));
  }
  const customers = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'customer_profile'") === 1 ? Number(db.value('SELECT count(*) FROM customer_profile') ?? 0) : 0;
  return {
    runId,
    customers,
    groups: LIFECYCLE_GROUPS.map((g) => ({ group: g, tag: lifecycleTagKey(g), zh: LIFECYCLE_NAMES[g].zh, en: LIFECYCLE_NAMES[g].en, members: sizes.get(g) ?? 0 })),
    settings: loadTagSettings(db).lifecycle,
  };
}
