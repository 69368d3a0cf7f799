/**
 * A tag run (`tags.run`, `kequn tags`): rebuilds the wide table when it is stale, scores the value models,
 * writes every built-in, interest, lifecycle and custom tag with this run's id, compares each tag with its
 * previous run (customers in/out per value, kept in `tag_change`), and removes the previous run's rows so that
 * `max(run_id)` of a tag is always its current membership. The caller runs it in one transaction.
 */
import type { ProfileBuildResult } from '#shared/api/profileTypes.ts';
import { LIFECYCLE_GROUPS, type TagDiff, type TagRunResult, type TagSettings, type TagSettingsPatch } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { loadMerchantRules } from '#shared/lexicon/lexiconStore.ts';
import { MERCHANT_CATEGORIES } from '#shared/lexicon/merchantCategories.ts';
import { buildProfile, profileStatus, requireAsOf } from '#shared/profile/profileBuild.ts';
import { BUILTIN_TAGS, dropInterestSpend, interestTag, prepareInterestSpend, type SqlTag, type TagSqlContext } from './builtinTags.ts';
import { compileCustomRule } from './customRules.ts';
import { customTagDef, listCustomTags } from './customTagStore.ts';
import { LIFECYCLE_NAMES, lifecycleDefs, lifecycleTagKey, lifecycleThresholds, pickLifecycle } from './lifecycle.ts';
import { getTagDef, registerTags } from './tagRegistry.ts';
import { loadTagSettings, mergeTagSettings, saveTagSettings, validateTagSettings } from './tagSettings.ts';
import { readValueInputs, scoreValue, writeScores } from './valueModels.ts';

export interface TagRunEnv {
  readonly db: Db;
  readonly ctx: JobContext;
  /** Wall-clock ISO timestamp, only for recording when things ran. */
  readonly now: () => string;
}

export interface TagRunArgs {
  readonly settings?: TagSettingsPatch;
  readonly rebuildProfile?: boolean;
}

/** Merchant categories that may carry interest tags: the built-in ones and the analyst's own. */
function interestCategories(db: Db): string[] {
  const keys = new Set(MERCHANT_CATEGORIES.map((c) => c.key));
  if (db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'merchant_rule'") === 1) {
    for (const r of loadMerchantRules(db)) keys.add(r.category);
  }
  return [...keys];
}

/** [q1/3, q2/3] of the positive values (0, 0 when there are none). */
function terciles(values: Float64Array): [number, number] {
  const positive = Float64Array.from(values.filter((v) => v > 0)).sort();
  if (positive.length === 0) return [0, 0];
  return [positive[Math.floor(positive.length / 3)] as number, positive[Math.floor((2 * positive.length) / 3)] as number];
}

function mean(a: Uint8Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length > 0 ? s / a.length : 0;
}

/** The rows of a tag in a run as sorted `[one_id, value]` pairs (the key order of customer_tag). */
function tagRows(db: Db, tag: string, runId: number): [string, string][] {
  const text = db.value(`SELECT group_concat(one_id || char(31) || ifnull(value, ''), char(30)) FROM customer_tag WHERE tag = ? AND run_id = ?`, [tag, runId]);
  if (typeof text !== 'string' || text === '') return [];
  return text.split('\u001e').map((r) => {
    const cut = r.indexOf('\u001f');
    return [r.slice(0, cut), r.slice(cut + 1)];
  });
}

/** Order of SQLite's BINARY collation (UTF-8 bytes, that is code points), where `<` compares UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

interface TagComparison {
  readonly counts: Record<string, number>;
  readonly diff: TagDiff[];
}

/** Compares a tag's rows with its previous run by a merge of the two sorted lists; records who moved. */
function compareTag(db: Db, tag: string, runId: number, prevRunId: number | null): TagComparison {
  const stats = new Map<string, { before: number; after: number; joined: number; left: number }>();
  const stat = (v: string): { before: number; after: number; joined: number; left: number } => {
    let s = stats.get(v);
    if (!s) stats.set(v, (s = { before: 0, after: 0, joined: 0, left: 0 }));
    return s;
  };
  if (prevRunId === null) {
    // Nothing to compare with: only the members per value are needed. Counted in a Map over one string of the
    // values: a GROUP BY value sorts the tag's rows first, several times slower in sql.js. The values are then
    // taken in the GROUP BY's order (SQLite's BINARY collation), which orders equal counts in the result.
    const r = db.get<{ n: number; v: string | null }>("SELECT count(*) AS n, group_concat(ifnull(value, ''), char(30)) AS v FROM customer_tag WHERE tag = ? AND run_id = ?", [tag, runId]);
    const values = r && r.n > 0 ? (r.v ?? '').split('\u001e') : [];
    if (values.length === (r?.n ?? 0)) {
      const counted = new Map<string, number>();
      for (const v of values) counted.set(v, (counted.get(v) ?? 0) + 1);
      for (const v of [...counted.keys()].sort(byCodePoint)) stat(v).after = counted.get(v) ?? 0;
    } else {
      // A value holding the separator (a custom tag's text can): count in SQL instead.
      db.each("SELECT ifnull(value, ''), count(*) FROM customer_tag WHERE tag = ? AND run_id = ? GROUP BY 1", [tag, runId], (row) => {
        stat(String(row[0])).after += Number(row[1]);
      });
    }
  } else {
    const now = tagRows(db, tag, runId);
    const before = tagRows(db, tag, prevRunId);
    for (const [, v] of now) stat(v).after++;
    for (const [, v] of before) stat(v).before++;
    const changes: [string, 'in' | 'out', string][] = [];
    let i = 0;
    let j = 0;
    while (i < now.length || j < before.length) {
      const a = now[i];
      const b = before[j];
      if (a && b && a[0] === b[0]) {
        if (a[1] !== b[1]) {
          changes.push([a[1], 'in', a[0]], [b[1], 'out', b[0]]);
        }
        i++;
        j++;
      } else if (a && (!b || a[0] < b[0])) {
        changes.push([a[1], 'in', a[0]]);
        i++;
      } else if (b) {
        changes.push([b[1], 'out', b[0]]);
        j++;
      }
    }
    const bulk = db.prepareBulkInsert((rows) => `INSERT OR IGNORE INTO tag_change (run_id, tag, value, change, one_id) VALUES ${new Array<string>(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`, 5);
    try {
      for (const [value, change, oneId] of changes) {
        if (change === 'in') stat(value).joined++;
        else stat(value).left++;
        bulk.add([runId, tag, value, change, oneId]);
      }
      bulk.flush();
    } finally {
      bulk.free();
    }
  }
  const counts: Record<string, number> = {};
  const diff: TagDiff[] = [];
  for (const [value, s] of [...stats].sort((x, y) => y[1].after - x[1].after || x[0].localeCompare(y[0]))) {
    if (s.after > 0) counts[value] = s.after;
    if (prevRunId !== null && (s.joined > 0 || s.left > 0)) diff.push({ tag, value, ...s });
  }
  return { counts, diff };
}

function insertTag(db: Db, tag: SqlTag, c: TagSqlContext): void {
  const { sql, params } = tag.select(c);
  // Key and run id are validated (snake_case key, integer id), so they are written as literals: the inner
  // SELECT's parameters then keep their order.
  db.run(`INSERT INTO customer_tag (one_id, value, reason, tag, run_id) SELECT *, '${tag.def.key}', ${String(c.runId)} FROM (${sql})`, params);
}

/** Runs every tag; see the module comment. Progress steps: tags.profile, tags.value, tags.write, tags.lifecycle, tags.compare. */
export async function runTags(env: TagRunEnv, args: TagRunArgs, seed: number): Promise<TagRunResult> {
  const { db, ctx } = env;
  const t0 = Date.now();
  const steps: Record<string, number> = {};
  let last = Date.now();
  const lap = (name: string): void => {
    steps[name] = Date.now() - last;
    last = Date.now();
  };
  let settings: TagSettings = validateTagSettings(mergeTagSettings(loadTagSettings(db), args.settings));
  if (args.settings) saveTagSettings(db, settings);
  settings = loadTagSettings(db);

  const status = profileStatus(db);
  let profile: ProfileBuildResult | null = null;
  if (!status.built || status.stale || args.rebuildProfile) {
    ctx.progress('tags.profile', 0, 1);
    profile = await buildProfile(db, ctx, env.now);
  }
  lap('profile');
  const asOf = requireAsOf(db);
  const startedAt = env.now();
  db.run("INSERT INTO tag_run (started_at, as_of, settings, seed, status) VALUES (?, ?, ?, ?, 'running')", [startedAt, asOf, JSON.stringify(settings), seed]);
  const runId = Number(db.value('SELECT last_insert_rowid()'));
  const prevRun = db.value("SELECT max(run_id) FROM tag_run WHERE status = 'done' AND run_id < ?", [runId]);
  const prevRunId = typeof prevRun === 'number' ? prevRun : null;

  const inputs = await readValueInputs(db, ctx);
  const scores = await scoreValue(inputs, settings, seed, ctx);
  await writeScores(db, ctx, runId, inputs, scores);
  lap('value');

  const sqlContext: TagSqlContext = {
    asOf,
    runId,
    settings,
    rfmMeans: [mean(scores.r), mean(scores.f), mean(scores.m)],
    contribution: terciles(scores.contributionFen),
    clv: terciles(scores.clvFen),
  };
  const categories = interestCategories(db);
  const interest = categories.map(interestTag);
  const custom = listCustomTags(db);
  const sqlTags = [...BUILTIN_TAGS, ...interest];
  registerTags(db, [...sqlTags.map((t) => t.def), ...lifecycleDefs()]);
  registerTags(db, custom.map(customTagDef));

  const written: string[] = [];
  prepareInterestSpend(db, { categories, minTransactions: settings.interest.minTransactions });
  for (let k = 0; k < sqlTags.length; k++) {
    const tag = sqlTags[k] as SqlTag;
    ctx.progress('tags.write', k, sqlTags.length, tag.def.key);
    insertTag(db, tag, sqlContext);
    written.push(tag.def.key);
    await ctx.checkpoint();
  }
  dropInterestSpend(db);
  lap('tags');

  ctx.progress('tags.lifecycle', 0, 1);
  const thresholds = lifecycleThresholds(db, settings.lifecycle);
  pickLifecycle(db, settings.lifecycle, thresholds, asOf, runId);
  for (const g of LIFECYCLE_GROUPS) {
    db.run('INSERT INTO lifecycle_group (one_id, "group", reason, run_id) SELECT one_id, grp, reason, ? FROM temp.lifecycle_pick WHERE grp = ?', [runId, g]);
    db.run(
      `INSERT INTO customer_tag (one_id, value, reason, tag, run_id) SELECT one_id, ?, reason, '${lifecycleTagKey(g)}', ${String(runId)} FROM temp.lifecycle_pick WHERE grp = ?`,
      [LIFECYCLE_NAMES[g].zh, g],
    );
    written.push(lifecycleTagKey(g));
  }
  db.run('DELETE FROM lifecycle_group WHERE run_id <> ?', [runId]);
  db.exec('DROP TABLE temp.lifecycle_pick');
  lap('lifecycle');
  await ctx.checkpoint();

  for (const t of custom) {
    const compiled = compileCustomRule(t.rule, asOf, (key) => getTagDef(db, key)?.zh ?? null);
    db.run(`INSERT INTO customer_tag (one_id, value, reason, tag, run_id) SELECT *, '${t.tag}', ${String(runId)} FROM (${compiled.sql})`, compiled.params);
    written.push(t.tag);
  }
  lap('custom');

  const counts: Record<string, Record<string, number>> = {};
  const diff: TagDiff[] = [];
  let rows = 0;
  for (let k = 0; k < written.length; k++) {
    const tag = written[k] as string;
    ctx.progress('tags.compare', k, written.length, tag);
    // Against the previous run, where a tag with no members has no rows at all (so 0 → n is a change too).
    const c = compareTag(db, tag, runId, prevRunId);
    counts[tag] = c.counts;
    for (const n of Object.values(c.counts)) rows += n;
    diff.push(...c.diff);
    // Two key ranges of (tag, run_id), where `run_id <> ?` would visit every row of the tag, this run's too.
    db.run('DELETE FROM customer_tag WHERE tag = ? AND run_id < ?', [tag, runId]);
    db.run('DELETE FROM customer_tag WHERE tag = ? AND run_id > ?', [tag, runId]);
    await ctx.checkpoint();
  }
  lap('compare');

  const lifecycle: Record<string, number> = {};
  for (const g of LIFECYCLE_GROUPS) lifecycle[g] = Object.values(counts[lifecycleTagKey(g)] ?? {}).reduce((a, b) => a + b, 0);
  const ms = Date.now() - t0;
  const finishedAt = env.now();
  db.run("UPDATE tag_run SET finished_at = ?, status = 'done', counts = ?, model = ?, prev_run_id = ?, ms = ? WHERE run_id = ?", [
    finishedAt,
    JSON.stringify(counts),
    JSON.stringify({
      ...scores.summary,
      thresholds,
      rfmMeans: sqlContext.rfmMeans,
      contribution: sqlContext.contribution,
      clv: sqlContext.clv,
      // The custom rules as this run computed them, so a run can be read back after the rules are edited.
      custom: custom.map((t) => ({ tag: t.tag, version: t.version, rule: t.rule })),
    }),
    prevRunId,
    ms,
    runId,
  ]);
  return {
    runId,
    startedAt,
    finishedAt,
    asOf,
    status: 'done',
    ms,
    prevRunId,
    customers: inputs.oneIds.length,
    rows,
    lifecycle,
    diff,
    profile,
    model: scores.summary,
    steps,
  };
}
