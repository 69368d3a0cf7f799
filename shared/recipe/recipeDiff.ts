/**
 * Month-on-month comparison of two workspaces: a snapshot of each (group members by customer number, tag counts,
 * topics) and their difference. ONE_IDs are numbered per workspace, so customers are matched by their core
 * customer number, falling back to the ONE_ID for people without one.
 */
import type { RecipeDiff, RecipeSnapshot, TagShift } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { EngineCall } from '#shared/report/reportModel.ts';

const hasTable = (db: Db, name: string): boolean => db.value('SELECT 1 FROM sqlite_master WHERE name = ?', [name]) !== undefined;

/** Group members, tag counts and topics of the open workspace. Customer keys never leave the engine but here. */
export async function takeSnapshot(db: Db, call: EngineCall, asOfDate: string | null): Promise<RecipeSnapshot> {
  const profile = hasTable(db, 'customer_profile');
  const key = profile ? 'COALESCE(p.cust_no, m.one_id)' : 'm.one_id';
  const join = profile ? 'LEFT JOIN customer_profile p ON p.one_id = m.one_id' : '';
  const groups: { key: string; kind: 'lifecycle' | 'segment' | 'cluster'; label: string; members: string[] }[] = [];
  const members = (sql: string, params: readonly (string | number)[]): string[] => db.all<{ k: string }>(sql, params).map((r) => String(r.k));

  const life = await call('tags.lifecycle', {});
  if (life.runId !== null) {
    for (const g of life.groups) {
      groups.push({ key: `lifecycle:${g.group}`, kind: 'lifecycle', label: g.zh, members: members(`SELECT ${key} AS k FROM lifecycle_group m ${join} WHERE m."group" = ? AND m.run_id = ?`, [g.group, life.runId]) });
    }
  }
  for (const s of db.all<{ segment_id: number; name: string; version: number }>('SELECT segment_id, name, version FROM segment ORDER BY segment_id')) {
    groups.push({ key: `segment:${s.name}`, kind: 'segment', label: s.name, members: members(`SELECT ${key} AS k FROM segment_member m ${join} WHERE m.segment_id = ? AND m.version = ?`, [s.segment_id, s.version]) });
  }
  const runs = (await call('cluster.runs', {})).filter((r) => r.table === 'customer_profile');
  const latest = runs.reduce<(typeof runs)[number] | null>((a, b) => (a === null || b.runId > a.runId ? b : a), null);
  if (latest) {
    const result = await call('cluster.result', { runId: latest.runId });
    for (const g of result.groups) {
      groups.push({ key: `cluster:${g.name}`, kind: 'cluster', label: g.name, members: members(`SELECT ${key} AS k FROM cluster_member m ${join} WHERE m.run_id = ? AND m.cluster = ? AND m.one_id IS NOT NULL`, [latest.runId, g.cluster]) });
    }
  }
  const tags = (await call('tags.list', {})).flatMap((t) => (t.values.length > 0 ? t.values.map((v) => ({ tag: t.key, zh: t.zh, value: v.value, members: v.members })) : [{ tag: t.key, zh: t.zh, value: '', members: t.members }]));
  const text = await call('text.summary', {});
  const topics = text ? (await call('text.topics', {})).topics.map((t) => ({ name: t.name, words: t.words.slice(0, 8).map((w) => w.word), notes: t.notes })) : [];
  const customers = profile ? Number(db.value('SELECT COUNT(*) FROM customer_profile') ?? 0) : 0;
  return { asOfDate, customers, groups, tags, topics };
}

/** Top words of a topic compared across months. */
export const TOPIC_WORDS = 6;
/**
 * Two topics are the same when they share this many of their top words (all of them when a list is shorter):
 * topic models re-fitted on new notes reorder and swap words, so a stricter match calls most topics new.
 */
export const TOPIC_SHARED_WORDS = 2;

function sameTopic(a: readonly string[], b: readonly string[]): boolean {
  const x = a.slice(0, TOPIC_WORDS);
  const y = new Set(b.slice(0, TOPIC_WORDS));
  const shared = x.filter((w) => y.has(w)).length;
  return shared > 0 && shared >= Math.min(TOPIC_SHARED_WORDS, x.length, y.size);
}

/**
 * What changed from `before` to `after`. Invariant per group present on both sides:
 * after = before − left + joined.
 */
export function diffSnapshots(before: RecipeSnapshot, after: RecipeSnapshot): RecipeDiff {
  const prevGroups = new Map(before.groups.map((g) => [g.key, g]));
  const keys = [...after.groups.map((g) => g.key), ...before.groups.map((g) => g.key).filter((k) => !after.groups.some((g) => g.key === k))];
  const groups = keys.map((k) => {
    const a = after.groups.find((g) => g.key === k);
    const b = prevGroups.get(k);
    const now = new Set(a?.members ?? []);
    const then = new Set(b?.members ?? []);
    let joined = 0;
    for (const m of now) if (!then.has(m)) joined++;
    let left = 0;
    for (const m of then) if (!now.has(m)) left++;
    const g = a ?? b;
    return { key: k, kind: g?.kind ?? 'segment', label: g?.label ?? k, before: b ? then.size : null, after: a ? now.size : null, joined, left };
  });
  const tagKey = (t: { tag: string; value: string }): string => `${t.tag}\u0000${t.value}`;
  const prevTags = new Map(before.tags.map((t) => [tagKey(t), t]));
  const shifts: TagShift[] = after.tags.map((t) => {
    const b = prevTags.get(tagKey(t))?.members ?? 0;
    return { tag: t.tag, zh: t.zh, value: t.value, before: b, after: t.members, change: t.members - b };
  });
  const seen = new Set(after.tags.map(tagKey));
  for (const t of before.tags) if (!seen.has(tagKey(t))) shifts.push({ tag: t.tag, zh: t.zh, value: t.value, before: t.members, after: 0, change: -t.members });
  shifts.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.tag.localeCompare(y.tag));
  const newTopics = after.topics.filter((t) => !before.topics.some((p) => sameTopic(p.words, t.words)));
  return {
    previousAsOf: before.asOfDate,
    currentAsOf: after.asOfDate,
    customers: { before: before.customers, after: after.customers },
    groups,
    tagShifts: shifts.filter((s) => s.change !== 0),
    newTopics,
  };
}
