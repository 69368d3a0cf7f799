/**
 * "What changed since the last refresh": a refresh mark records row counts of the fact tables, the last event
 * row id, the as-of date and the members of behaviour and network tags; comparing with the mark tells the
 * analyst what an incremental import (and the tag refresh after it) changed.
 */
import type { BehaviourChanges } from '#shared/api/behaviourTypes.ts';
import { tableExists } from '#shared/analytics/universe.ts';
import type { Db } from '#shared/db/database.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { latestRun } from './runStore.ts';

export const WATCHED_TABLES = ['customers', 'events', 'relations', 'transactions', 'touches', 'notes'] as const;
const TAG_PREFIXES = ['bhv_', 'net_'];

export interface RefreshState {
  readonly tables: Readonly<Record<string, number>>;
  readonly lastEventRowId: number;
  readonly asOf: string | null;
  readonly tags: Readonly<Record<string, number>>;
}

export function currentState(db: Db): RefreshState {
  const tables: Record<string, number> = {};
  for (const t of WATCHED_TABLES) tables[t] = tableExists(db, t) ? Number(db.value(`SELECT count(*) FROM ${t}`) ?? 0) : 0;
  const tags: Record<string, number> = {};
  db.each(
    `SELECT t.tag, count(*) FROM customer_tag t WHERE (${TAG_PREFIXES.map(() => 't.tag LIKE ?').join(' OR ')})
     AND t.run_id = (SELECT max(run_id) FROM customer_tag u WHERE u.tag = t.tag) GROUP BY t.tag`,
    TAG_PREFIXES.map((p) => `${p}%`),
    (r) => {
      tags[String(r[0])] = Number(r[1]);
    },
  );
  const last = tableExists(db, 'events') ? db.value('SELECT max(row_id) FROM events') : 0;
  return { tables, lastEventRowId: typeof last === 'number' ? last : 0, asOf: getMeta(db, 'as_of_date'), tags };
}

export function changesSince(db: Db): BehaviourChanges {
  const mark = latestRun(db, 'refresh');
  const before: RefreshState | null = mark ? (JSON.parse(mark.summary) as RefreshState) : null;
  const now = currentState(db);
  const newEvents: { name: string; rows: number }[] = [];
  if (tableExists(db, 'events')) {
    db.each(
      'SELECT ifnull(event_name, \'\'), count(*) AS n FROM events WHERE row_id > ? GROUP BY 1 ORDER BY n DESC, 1 LIMIT 50',
      [before?.lastEventRowId ?? 0],
      (r) => {
        newEvents.push({ name: String(r[0]), rows: Number(r[1]) });
      },
    );
  }
  const tagKeys = [...new Set([...Object.keys(before?.tags ?? {}), ...Object.keys(now.tags)])].sort();
  const zh = new Map<string, string>();
  db.each('SELECT tag, zh FROM tag_def', [], (r) => {
    zh.set(String(r[0]), String(r[1]));
  });
  return {
    since: mark?.at ?? null,
    asOfBefore: before?.asOf ?? null,
    asOfNow: now.asOf,
    tables: WATCHED_TABLES.map((t) => ({ table: t, before: before?.tables[t] ?? 0, now: now.tables[t] ?? 0 })),
    newEvents,
    tags: tagKeys
      .map((tag) => ({ tag, zh: zh.get(tag) ?? tag, before: before?.tags[tag] ?? 0, now: now.tags[tag] ?? 0 }))
      .filter((t) => t.before !== t.now),
  };
}
