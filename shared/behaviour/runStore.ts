/**
 * Runs of behaviour and network jobs (`behaviour_run`) and their tags in `customer_tag`. Tags are registered in
 * the tag registry (module `behaviour` or `network`) and each run replaces the previous run's rows of the same
 * tags, so a tag's members are always the latest run's.
 */
import type { Db } from '#shared/db/database.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import { registerTags } from '#shared/tags/tagRegistry.ts';

export type RunKind = 'interest' | 'network' | 'refresh';

export interface TagRow {
  readonly oneId: string;
  readonly tag: string;
  readonly value: string | null;
  readonly reason: string;
}

export function newRun(db: Db, kind: RunKind, at: string, asOf: string | null, settings: unknown): number {
  db.run('INSERT INTO behaviour_run (kind, at, as_of, settings) VALUES (?, ?, ?, ?)', [kind, at, asOf, JSON.stringify(settings)]);
  return Number(db.value('SELECT last_insert_rowid()'));
}

export function finishRun(db: Db, runId: number, summary: unknown, ms: number): void {
  db.run('UPDATE behaviour_run SET summary = ?, ms = ? WHERE run_id = ?', [JSON.stringify(summary), Math.round(ms), runId]);
}

export function latestRun(db: Db, kind: RunKind): { runId: number; at: string; settings: string; summary: string } | null {
  const r = db.get<{ run_id: number; at: string; settings: string; summary: string }>(
    'SELECT run_id, at, settings, summary FROM behaviour_run WHERE kind = ? ORDER BY run_id DESC LIMIT 1',
    [kind],
  );
  return r ? { runId: r.run_id, at: r.at, settings: r.settings, summary: r.summary } : null;
}

/** Registers `defs`, drops every earlier row of those tags and writes `rows` under `runId`. Call in a transaction. */
export function replaceTags(db: Db, runId: number, defs: readonly TagDefinition[], rows: readonly TagRow[]): void {
  registerTags(db, defs);
  for (const d of defs) db.run('DELETE FROM customer_tag WHERE tag = ?', [d.key]);
  db.withStatement('INSERT OR REPLACE INTO customer_tag (one_id, tag, value, reason, run_id) VALUES (?, ?, ?, ?, ?)', (st) => {
    for (const r of rows) st.run([r.oneId, r.tag, r.value, r.reason, runId]);
  });
}
