/**
 * EngineApi handlers of the segment builder (人群圈选). Counts, checks, traces and set operations read the
 * columnar analytics layer; saving, refreshing and deleting go through the workspace's write queue, one
 * transaction each, and keep the analytics snapshot's copy of the segment's members in step.
 */
import type { CatalogBehavior, ColumnValues, CountOutcome, RefreshResult, RuleProblem, SegmentDetail, SegmentRule, SegmentSummary } from '#shared/api/segmentTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { analyticsStore, type AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { BEHAVIOR_SOURCES } from '#shared/analytics/behaviorSources.ts';
import type { CustomerSet } from '#shared/analytics/bitsets.ts';
import { dataVersion } from '#shared/analytics/dataVersion.ts';
import { dayString } from '#shared/analytics/days.ts';
import { latestTagRun } from '#shared/analytics/memberships.ts';
import { ensureOwnerTable } from '#shared/analytics/ownerTable.ts';
import { PROFILE_TABLE } from '#shared/analytics/universe.ts';
import { currentOneId } from '#shared/identity/identityQueries.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { compileRule, usesBehavior } from './compileSql.ts';
import { evaluateRule, type EvalContext } from './evaluate.ts';
import { readBack } from './readBack.ts';
import { checkRule, segmentRefs } from './ruleCheck.ts';
import { loadRuleEnv, type RuleEnv } from './ruleEnv.ts';
import { deleteSegment, listSegmentRows, renameSegment, segmentIdByName, segmentRow, versionRows, writeVersion, type SegmentRow } from './segmentStore.ts';
import { MAX_UPSET_SETS, setOpRule, upsetCounts } from './setOps.ts';
import { whyTrace } from './whyTrace.ts';

type SegmentMethods =
  | 'segments.catalog'
  | 'segments.values'
  | 'segments.validate'
  | 'segments.count'
  | 'segments.sql'
  | 'segments.list'
  | 'segments.get'
  | 'segments.save'
  | 'segments.delete'
  | 'segments.refresh'
  | 'segments.setOp'
  | 'segments.upset'
  | 'segments.why'
  | 'analytics.warm';

const MAX_NAME = 100;
const TOP_VALUES = 200;

/** Universe positions ordered by ONE_ID, so members are listed (and inserted) sorted. */
function sortedOrder(snap: AnalyticsSnapshot): Int32Array {
  return snap.derived('sortedOrder', () => {
    const ids = snap.universe.oneIds;
    const order = Int32Array.from(ids.keys());
    order.sort((a, b) => {
      const x = ids[a] ?? '';
      const y = ids[b] ?? '';
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    return order;
  });
}

/** ONE_IDs of a set, sorted and distinct. */
export function memberIds(snap: AnalyticsSnapshot, set: CustomerSet): string[] {
  const ids = snap.universe.oneIds;
  const out: string[] = [];
  for (const i of sortedOrder(snap)) {
    if (!set.has(i)) continue;
    const id = ids[i] ?? '';
    if (out[out.length - 1] !== id) out.push(id);
  }
  return out;
}

function rejected(problems: readonly RuleProblem[]): ExpectedError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ExpectedError('RULE_INVALID', `${first?.zh ?? ''} — ${first?.message ?? 'the rule is invalid'}${more}`, {
    problems: problems.length,
    code: first?.code ?? 'SHAPE',
    path: first?.path ?? '',
  });
}

export function segmentHandlers(s: Services): Handlers<SegmentMethods> {
  const store = analyticsStore(s.workspace);
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const evalContext = (env: RuleEnv, job: JobContext): EvalContext => ({ snap: store.snapshot(), env, job });

  /** Checks a rule; throws RULE_INVALID with the first problem when it cannot run. */
  const checked = (rule: unknown, env: RuleEnv, selfId?: number): SegmentRule => {
    const c = checkRule(rule, env, selfId);
    if (!c.rule) throw rejected(c.problems);
    return c.rule;
  };

  const summaryOf = (row: SegmentRow, env: RuleEnv, version: number): SegmentSummary => ({
    segmentId: row.segmentId,
    name: row.name,
    description: row.description,
    version: row.version,
    count: row.count,
    asOf: row.asOf,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    stale: row.dataVersion !== version || row.asOf !== env.asOfDate,
    readBack: readBack(row.rule, env),
  });

  const detailOf = (segmentId: number): SegmentDetail => {
    const db = s.workspace.db;
    const row = segmentRow(db, segmentId);
    if (!row) throw new ExpectedError('NOT_FOUND', `There is no segment ${segmentId}.`, { segmentId });
    const env = loadRuleEnv(db);
    return {
      ...summaryOf(row, env, dataVersion(db)),
      rule: row.rule,
      versions: versionRows(db, segmentId),
      problems: checkRule(row.rule, env, segmentId).problems,
    };
  };

  /** Evaluates and writes a new version of a segment (or creates it). */
  const writeSegment = async (
    args: { segmentId?: number; name: string; description: string; rule: SegmentRule; reason: 'created' | 'edited' | 'refreshed' },
    env: RuleEnv,
    ctx: JobContext,
  ): Promise<{ segmentId: number; version: RefreshResult['version'] }> => {
    const db = s.workspace.db;
    const snap = store.snapshot();
    const members = await evaluateRule(args.rule, { snap, env, job: ctx });
    const shared = args.segmentId === undefined ? 0 : members.intersection_size(snap.segment(args.segmentId));
    const ids = memberIds(snap, members);
    const tx = db.begin();
    try {
      const out = await writeVersion(
        db,
        {
          ...(args.segmentId !== undefined ? { segmentId: args.segmentId } : {}),
          name: args.name,
          description: args.description,
          rule: args.rule,
          reason: args.reason,
          members: ids,
          shared,
          asOf: env.asOfDate,
          dataVersion: snap.version,
          at: nowIso(),
        },
        ctx,
      );
      appendAudit(db, s.host, `segment.${args.reason === 'created' ? 'create' : args.reason === 'edited' ? 'edit' : 'refresh'}`, {
        segmentId: out.segmentId,
        version: out.version.version,
        count: out.version.count,
      });
      tx.commit();
      snap.setSegment(out.segmentId, members);
      return out;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  };

  const findCustomer = (snap: AnalyticsSnapshot, query: string): number | null => {
    const q = query.trim();
    if (q === '') return null;
    const u = snap.universe;
    const direct = u.index.get(q);
    if (direct !== undefined) return direct;
    const cust = snap.columnByName('cust_no');
    if (cust?.kind === 'text') {
      const code = cust.dict.indexOf(q);
      if (code >= 0) {
        const i = cust.codes.indexOf(code);
        if (i >= 0) return i;
      }
    }
    // An older ONE_ID that resolution merged into another answers as the one it became.
    const current = currentOneId(snap.db, q);
    return current === null ? null : (u.index.get(current) ?? null);
  };

  return {
    'segments.catalog': async (args, ctx) => {
      const db = s.workspace.db;
      const env = loadRuleEnv(db);
      const snap = store.snapshot();
      const ix = env.profileBuilt && args.behavior ? await snap.behavior(ctx) : snap.behaviorIfBuilt;
      const customers = env.profileBuilt ? Number(db.value(`SELECT count(*) FROM ${PROFILE_TABLE}`) ?? 0) : 0;
      const tagCount = (tag: string): number | null => snap.loadedTag(tag)?.all.size() ?? null;
      const behaviors: CatalogBehavior[] = BEHAVIOR_SOURCES.map((def) => ({
        source: def.source,
        zh: def.zh,
        en: def.en,
        rows: ix ? ix.stats[def.source].owned : null,
        columns: def.dims.map((d, j) => {
          const counts = new Map<string, number>();
          for (const k of ix?.kinds ?? []) {
            const v = k.dims[j];
            if (k.source === def.source && v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + k.rows);
          }
          const values = [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP_VALUES).map(([value, rows]) => ({ value, rows }));
          return { column: d.column, zh: d.zh, en: d.en, values };
        }),
      }));
      return {
        profileBuilt: env.profileBuilt,
        customers,
        asOfDate: env.asOfDate,
        columns: [...env.columns.values()].map((c) => ({ name: c.name, type: c.type, family: c.family, zh: c.zh, en: c.en, definition: c.definition })),
        tags: [...env.tags.values()].filter((t) => !env.lifecycle.has(t.key)).map((t) => ({ tag: t.key, zh: t.zh, en: t.en, family: t.family, customers: tagCount(t.key) })),
        lifecycle: [...env.lifecycle.values()].map((t) => ({ tag: t.key, zh: t.zh, en: t.en, family: t.family, customers: tagCount(t.key) })),
        clusterRuns: [...env.clusterRuns.values()].map((r) => ({
          runId: r.runId,
          label: `#${r.runId} · ${r.createdAt.slice(0, 10)}`,
          clusters: [...r.clusters].map(([cluster, g]) => ({ cluster, name: g.name, size: g.size })),
        })),
        segments: [...env.segments.values()].map((x) => ({ segmentId: x.segmentId, name: x.name, count: x.count })),
        behaviors,
        behaviorLoaded: ix !== null,
      };
    },

    'segments.values': (args): ColumnValues => {
      const env = loadRuleEnv(s.workspace.db);
      const def = env.columns.get(args.column);
      if (!def) throw new ExpectedError('NOT_FOUND', `Column "${args.column}" is not a usable column of the customer wide table.`, { column: args.column });
      const col = store.snapshot().column(def);
      if (col.kind === 'text') {
        const counts = new Int32Array(col.dict.length);
        let missing = 0;
        for (const c of col.codes) {
          if (c < 0) missing++;
          else counts[c] = (counts[c] ?? 0) + 1;
        }
        const values = col.dict
          .map((value, c) => ({ value, count: counts[c] ?? 0 }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
          .slice(0, TOP_VALUES);
        return { column: def.name, values, min: null, max: null, missing };
      }
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let missing = 0;
      for (const v of col.values) {
        if (Number.isNaN(v)) missing++;
        else {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      const known = Number.isFinite(min);
      const scale = def.type === 'money' ? 100 : 1;
      const values =
        def.type === 'bool'
          ? [1, 0].map((b) => ({ value: b === 1 ? 'true' : 'false', count: col.values.filter((v) => v === b).length }))
          : def.type === 'date' && known
            ? [
                { value: dayString(min), count: 0 },
                { value: dayString(max), count: 0 },
              ]
            : [];
      return { column: def.name, values, min: known ? min / scale : null, max: known ? max / scale : null, missing };
    },

    'segments.validate': (args) => {
      const env = loadRuleEnv(s.workspace.db);
      const c = checkRule(args.rule, env);
      return { problems: c.problems, readBack: c.rule ? readBack(c.rule, env) : { zh: '', en: '' } };
    },

    'segments.count': async (args, ctx): Promise<CountOutcome> => {
      const db = s.workspace.db;
      const env = loadRuleEnv(db);
      const c = checkRule(args.rule, env);
      if (!c.rule) return { ok: false, problems: c.problems };
      const rule = c.rule;
      const snap = store.snapshot();
      const load0 = snap.loadMs;
      const t0 = performance.now();
      let count: number;
      let members: CustomerSet | null = null;
      let sqlMs = 0;
      if (args.engine === 'sql') {
        const compiled = compileRule(rule, env, { tagRun: (t) => latestTagRun(db, t) });
        count = await db.mutate(async () => {
          if (usesBehavior(rule)) ensureOwnerTable(db, snap, await snap.behavior(ctx));
          const t1 = performance.now();
          const v = Number(db.value(compiled.sql, compiled.params) ?? 0);
          sqlMs = performance.now() - t1;
          return v;
        });
      } else {
        members = await evaluateRule(rule, { snap, env, job: ctx });
        count = members.size();
      }
      const total = snap.universe.n;
      const loadMs = snap.loadMs - load0;
      const ms = args.engine === 'sql' ? sqlMs : Math.max(0, performance.now() - t0 - loadMs);
      const overlaps =
        args.overlaps === false || members === null
          ? []
          : [...env.segments.values()]
              .map((seg) => {
                const set = snap.segment(seg.segmentId);
                return { segmentId: seg.segmentId, name: seg.name, size: set.size(), shared: set.intersection_size(members) };
              })
              .sort((a, b) => b.shared - a.shared || a.segmentId - b.segmentId);
      return { ok: true, count, total, ms, loadMs, engine: args.engine ?? 'columnar', readBack: readBack(rule, env), overlaps };
    },

    'segments.sql': (args) => {
      const db = s.workspace.db;
      const env = loadRuleEnv(db);
      const compiled = compileRule(checked(args.rule, env), env, { tagRun: (t) => latestTagRun(db, t) });
      return { sql: compiled.sql, params: compiled.params };
    },

    'segments.list': () => {
      const db = s.workspace.db;
      const env = loadRuleEnv(db);
      const version = dataVersion(db);
      return listSegmentRows(db).map((r) => summaryOf(r, env, version));
    },

    'segments.get': (args) => detailOf(args.segmentId),

    'segments.save': (args, ctx) => {
      const db = s.workspace.db;
      return db.mutate(async () => {
        const name = args.name.trim();
        if (name === '' || name.length > MAX_NAME) throw new ExpectedError('BAD_ARGUMENT', `A segment name needs 1–${MAX_NAME} characters.`, { name: args.name });
        const clash = segmentIdByName(db, name);
        if (clash !== null && clash !== args.segmentId) throw new ExpectedError('BAD_ARGUMENT', `A segment named "${name}" already exists.`, { name });
        const existing = args.segmentId === undefined ? null : segmentRow(db, args.segmentId);
        if (args.segmentId !== undefined && !existing) throw new ExpectedError('NOT_FOUND', `There is no segment ${args.segmentId}.`, { segmentId: args.segmentId });
        const env = loadRuleEnv(db);
        const rule = checked(args.rule, env, args.segmentId);
        const description = (args.description ?? existing?.description ?? '').trim();
        if (existing && JSON.stringify(existing.rule) === JSON.stringify(rule)) {
          renameSegment(db, existing.segmentId, name, description, nowIso());
          return detailOf(existing.segmentId);
        }
        const out = await writeSegment(
          { ...(existing ? { segmentId: existing.segmentId } : {}), name, description, rule, reason: existing ? 'edited' : 'created' },
          env,
          ctx,
        );
        // A lasso or cluster saved as a 客群 records which segment took it (cluster_selection.segment_id).
        if (rule.type === 'selection') db.run('UPDATE cluster_selection SET segment_id = ? WHERE selection_id = ? AND segment_id IS NULL', [out.segmentId, rule.selection]);
        return detailOf(out.segmentId);
      });
    },

    'segments.delete': (args) => {
      const db = s.workspace.db;
      return db.mutate(() => {
        const env = loadRuleEnv(db);
        const users = [...env.segments.values()].filter((x) => x.segmentId !== args.segmentId && segmentRefs(JSON.parse(x.ruleJson) as unknown).includes(args.segmentId));
        if (users.length > 0) {
          throw new ExpectedError('BAD_ARGUMENT', `Segment ${args.segmentId} is used by ${users.map((u) => `"${u.name}"`).join(', ')}; change those first.`, {
            segmentId: args.segmentId,
            usedBy: users.map((u) => u.name).join('、'),
          });
        }
        const deleted = db.transaction(() => {
          const ok = deleteSegment(db, args.segmentId);
          if (ok) appendAudit(db, s.host, 'segment.delete', { segmentId: args.segmentId });
          return ok;
        });
        store.snapshot().setSegment(args.segmentId, null);
        return { deleted };
      });
    },

    'segments.refresh': (args, ctx) => {
      const db = s.workspace.db;
      return db.mutate(async () => {
        const rows = listSegmentRows(db);
        const wanted = args.segmentId === undefined ? rows : rows.filter((r) => r.segmentId === args.segmentId);
        if (args.segmentId !== undefined && wanted.length === 0) throw new ExpectedError('NOT_FOUND', `There is no segment ${args.segmentId}.`, { segmentId: args.segmentId });
        // Referenced segments first, so a segment built on another sees its fresh members.
        const order: SegmentRow[] = [];
        const placed = new Set<number>();
        const place = (r: SegmentRow, depth: number): void => {
          if (placed.has(r.segmentId) || depth > rows.length) return;
          for (const id of segmentRefs(r.rule)) {
            const dep = wanted.find((w) => w.segmentId === id);
            if (dep) place(dep, depth + 1);
          }
          placed.add(r.segmentId);
          order.push(r);
        };
        for (const r of wanted) place(r, 0);
        const out: RefreshResult[] = [];
        const renewed = new Set<number>();
        for (const [k, row] of order.entries()) {
          ctx.progress('segments.refresh', k, order.length, row.name);
          const env = loadRuleEnv(db);
          const snap = store.snapshot();
          const current = row.dataVersion === snap.version && row.asOf === env.asOfDate && !segmentRefs(row.rule).some((id) => renewed.has(id));
          if (current) {
            out.push({ segmentId: row.segmentId, changed: false, version: versionRows(db, row.segmentId)[0] ?? { version: row.version, count: row.count, asOf: row.asOf, refreshedAt: row.updatedAt, joined: null, left: null, reason: 'created', rule: row.rule } });
            continue;
          }
          const rule = checked(row.rule, env, row.segmentId);
          const w = await writeSegment({ segmentId: row.segmentId, name: row.name, description: row.description, rule, reason: 'refreshed' }, env, ctx);
          renewed.add(row.segmentId);
          out.push({ segmentId: row.segmentId, changed: true, version: w.version });
        }
        ctx.progress('segments.refresh', order.length, order.length);
        return out;
      });
    },

    'segments.setOp': async (args, ctx) => {
      if (args.segmentIds.length < 2) throw new ExpectedError('BAD_ARGUMENT', 'A set operation needs at least two segments.', { count: args.segmentIds.length });
      const env = loadRuleEnv(s.workspace.db);
      const rule = checked(setOpRule(args.op, args.segmentIds), env);
      const set = await evaluateRule(rule, evalContext(env, ctx));
      return { op: args.op, segmentIds: args.segmentIds, count: set.size(), rule, readBack: readBack(rule, env) };
    },

    'segments.upset': (args) => {
      if (args.segmentIds.length === 0 || args.segmentIds.length > MAX_UPSET_SETS) {
        throw new ExpectedError('BAD_ARGUMENT', `An UpSet chart takes 1–${MAX_UPSET_SETS} segments.`, { count: args.segmentIds.length });
      }
      const env = loadRuleEnv(s.workspace.db);
      const snap = store.snapshot();
      const sets = args.segmentIds.map((id) => {
        const info = env.segments.get(id);
        if (!info) throw new ExpectedError('NOT_FOUND', `There is no segment ${id}.`, { segmentId: id });
        return { segmentId: id, name: info.name, members: snap.segment(id) };
      });
      return upsetCounts(sets, snap.universe.n);
    },

    'segments.why': async (args, ctx) => {
      const db = s.workspace.db;
      const env = loadRuleEnv(db);
      let raw: unknown = args.rule;
      if (args.segmentId !== undefined) {
        const row = segmentRow(db, args.segmentId);
        if (!row) throw new ExpectedError('NOT_FOUND', `There is no segment ${args.segmentId}.`, { segmentId: args.segmentId });
        raw = row.rule;
      }
      if (raw === undefined) throw new ExpectedError('BAD_ARGUMENT', 'Give a rule or a segment id.');
      const rule = checked(raw, env);
      const snap = store.snapshot();
      const i = findCustomer(snap, args.customer);
      if (i === null) throw new ExpectedError('NOT_FOUND', `No customer has ONE_ID or 客户号 "${args.customer}".`, { customer: args.customer });
      const cust = snap.columnByName('cust_no');
      const custNo = cust?.kind === 'text' ? (cust.dict[cust.codes[i] ?? -1] ?? null) : null;
      return whyTrace(rule, i, custNo, { snap, env, job: ctx });
    },

    'analytics.warm': async (args, ctx) => {
      const t0 = performance.now();
      const snap = store.snapshot();
      const env = loadRuleEnv(s.workspace.db);
      if (!env.profileBuilt) return { customers: 0, ms: 0 };
      const cols = PROFILE_COLUMNS.filter((c) => env.columns.has(c.name));
      for (const [k, def] of cols.entries()) {
        ctx.progress('analytics.columns', k, cols.length, def.zh);
        snap.column(def);
        await ctx.checkpoint();
      }
      ctx.progress('analytics.columns', cols.length, cols.length);
      if (args.behaviour) await snap.behavior(ctx);
      return { customers: snap.universe.n, ms: performance.now() - t0 };
    },
  };
}
