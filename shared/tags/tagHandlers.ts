/**
 * EngineApi handlers of the tag system and the customer 360 page. Runs and edits go through the workspace's
 * write queue and one transaction each: a cancelled run leaves the previous tags as they were.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import { requireAsOf } from '#shared/profile/profileBuild.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { customer360 } from './customer360.ts';
import { compileCustomRule } from './customRules.ts';
import { CUSTOM_MODULE, customTagDef, customTagKey, deleteCustomTag, getCustomTag, listCustomTags, nextCustomVersion, saveCustomTag } from './customTagStore.ts';
import { lifecycleOverview, listRuns, listTags, tagChanges, tagMembers } from './tagQueries.ts';
import { getTagDef, registerTags, unregisterTags } from './tagRegistry.ts';
import { runTags } from './tagRun.ts';
import { DEFAULT_TAG_SETTINGS, loadTagSettings, mergeTagSettings, saveTagSettings, validateTagSettings } from './tagSettings.ts';

type TagMethods =
  | 'tags.run'
  | 'tags.list'
  | 'tags.runs'
  | 'tags.changes'
  | 'tags.members'
  | 'tags.settings'
  | 'tags.lifecycle'
  | 'tags.customList'
  | 'tags.customSave'
  | 'tags.customDelete'
  | 'tags.customPreview'
  | 'customer.get';

export function tagHandlers(s: Services): Handlers<TagMethods> {
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const inTransaction = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const db = s.workspace.db;
    return db.mutate(async () => {
      const tx = db.begin();
      try {
        const out = await fn();
        tx.commit();
        return out;
      } catch (e) {
        tx.rollback();
        throw e;
      }
    });
  };

  return {
    'tags.run': (args, ctx) =>
      inTransaction(async () => {
        const db = s.workspace.db;
        const result = await runTags({ db, ctx, now: nowIso }, args, ctx.seed);
        appendAudit(db, s.host, 'tags.run', { runId: result.runId, asOf: result.asOf, customers: result.customers, rows: result.rows, ms: result.ms });
        return result;
      }),
    'tags.list': (args) => listTags(s.workspace.db, args.family),
    'tags.runs': (args) => listRuns(s.workspace.db, args.limit ?? 50),
    'tags.changes': (args) => tagChanges(s.workspace.db, args.runId, args, args.offset ?? 0, args.limit ?? 100),
    'tags.members': (args) => tagMembers(s.workspace.db, args.tag, args.value, args.offset ?? 0, args.limit ?? 100),
    'tags.settings': (args) => {
      const db = s.workspace.db;
      if (!args.settings && !args.reset) return loadTagSettings(db);
      // Not in the engine's mutating set, since reads are frequent: a save marks the workspace itself.
      return inTransaction(() => {
        const next = args.reset ? DEFAULT_TAG_SETTINGS : validateTagSettings(mergeTagSettings(loadTagSettings(db), args.settings));
        saveTagSettings(db, next);
        appendAudit(db, s.host, 'tags.settings', { reset: !!args.reset });
        s.workspace.markDirty();
        return next;
      });
    },
    'tags.lifecycle': () => lifecycleOverview(s.workspace.db),
    'tags.customList': () => listCustomTags(s.workspace.db),
    'tags.customSave': (args) =>
      inTransaction(() => {
        const db = s.workspace.db;
        const zh = args.zh.trim();
        const en = args.en.trim();
        if (!zh || !en) throw new ExpectedError('BAD_ARGUMENT', 'A custom tag needs a Chinese and an English name.');
        const tag = args.tag ?? customTagKey(zh, en);
        const existing = getTagDef(db, tag);
        if (existing && existing.module !== CUSTOM_MODULE) throw new ExpectedError('BAD_ARGUMENT', `Tag key ${tag} belongs to module ${existing.module}.`, { tag });
        if (!args.tag && getCustomTag(db, tag)) throw new ExpectedError('BAD_ARGUMENT', `A custom tag named ${en} exists already.`, { tag });
        // Compile once to refuse a rule that cannot run, before it is stored.
        compileCustomRule(args.rule, requireAsOf(db), (key) => getTagDef(db, key)?.zh ?? null);
        const version = nextCustomVersion(getCustomTag(db, tag), { definition: args.definition ?? '', rule: args.rule });
        registerTags(db, [customTagDef({ tag, zh, en, definition: args.definition ?? '', rule: args.rule, version })]);
        const saved = saveCustomTag(db, { tag, zh, en, definition: args.definition ?? '', rule: args.rule }, nowIso());
        appendAudit(db, s.host, 'tags.customSave', { tag });
        return saved;
      }),
    'tags.customDelete': (args) =>
      inTransaction(() => {
        const db = s.workspace.db;
        const deleted = deleteCustomTag(db, args.tag);
        if (deleted) {
          unregisterTags(db, CUSTOM_MODULE, [args.tag]);
          appendAudit(db, s.host, 'tags.customDelete', { tag: args.tag });
        }
        return { deleted };
      }),
    'tags.customPreview': (args) => {
      const db = s.workspace.db;
      const compiled = compileCustomRule(args.rule, requireAsOf(db), (key) => getTagDef(db, key)?.zh ?? null);
      const count = Number(db.value(`SELECT count(*) FROM (${compiled.sql})`, compiled.params) ?? 0);
      const sample = db.table(`${compiled.sql} LIMIT 20`, compiled.params).rows.map((r) => ({ oneId: String(r[0]), value: r[1] === null ? null : String(r[1]), reason: r[2] === null ? null : String(r[2]) }));
      const customers = Number(db.value('SELECT count(*) FROM customer_profile') ?? 0);
      return { count, customers, sample, sql: compiled.where };
    },
    'customer.get': (args) => {
      const db = s.workspace.db;
      const result = customer360(db, args.oneId, !!args.unmask);
      if (args.unmask) {
        db.transaction(() => appendAudit(db, s.host, 'pii.reveal', { where: 'customer.get', reason: args.unmask?.reason ?? '' }));
        s.workspace.markDirty();
      }
      return result;
    },
  };
}
