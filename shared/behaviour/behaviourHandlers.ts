/**
 * EngineApi handlers of behaviour analysis, the network and the 客群经营诊断 overview. Read methods work on the
 * analytics snapshot's event store and relation graph; runs write `behaviour_run`, `network_node` and tags.
 */
import type { BehaviourChanges, GraphEdge, GraphNode, Neighbourhood, NetworkSummary, RelationKind } from '#shared/api/behaviourTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { analyticsStore, type AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { forEachMember } from '#shared/analytics/bitsets.ts';
import { dayNumber } from '#shared/analytics/days.ts';
import { requireProfile } from '#shared/analytics/universe.ts';
import { LIFECYCLE_GROUPS } from '#shared/api/tagTypes.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { evaluateRule } from '#shared/segments/evaluate.ts';
import { checkRule } from '#shared/segments/ruleCheck.ts';
import { loadRuleEnv } from '#shared/segments/ruleEnv.ts';
import { lifecycleTagKey } from '#shared/tags/lifecycle.ts';
import { getTagDef } from '#shared/tags/tagRegistry.ts';
import { computeNetwork, NETWORK_TAGS } from '#shared/network/networkRun.ts';
import { relationGraph } from '#shared/network/relationGraph.ts';
import { changesSince, currentState } from './changes.ts';
import { diagnose, segmentBase } from './diagnosis.ts';
import { formatEventTime, type EventStore } from './eventStore.ts';
import { eventStore } from './eventStoreLoad.ts';
import { funnel, type CustomerGroups } from './funnel.ts';
import { DEFAULT_HALF_LIFE_DAYS, DEFAULT_MIN_SCORE } from './interest.ts';
import { interestDrift, interestTagDefs, interestTags } from './interestRun.ts';
import { paths } from './paths.ts';
import { retention } from './retention.ts';
import { finishRun, latestRun, newRun, replaceTags } from './runStore.ts';
import { sessionSummary } from './sessions.ts';
import { eventRanking, trends } from './trends.ts';

type Methods =
  | 'behaviour.overview'
  | 'behaviour.funnel'
  | 'behaviour.retention'
  | 'behaviour.paths'
  | 'behaviour.trends'
  | 'behaviour.interestRun'
  | 'behaviour.interestDrift'
  | 'behaviour.changes'
  | 'behaviour.markRefreshed'
  | 'network.run'
  | 'network.summary'
  | 'network.neighbourhood'
  | 'diagnosis.overview'
  | 'diagnosis.customers';

const MAX_NEIGHBOURHOOD = 300;

/** Lifecycle group of each customer (latest tag run), for funnel breakdowns. */
function lifecycleGroups(snap: AnalyticsSnapshot): CustomerGroups {
  const of = new Int32Array(snap.universe.n).fill(-1);
  const labels: string[] = [];
  for (const g of LIFECYCLE_GROUPS) {
    const key = lifecycleTagKey(g);
    const def = getTagDef(snap.db, key);
    const label = labels.length;
    labels.push(def?.zh ?? key);
    forEachMember(snap.tag(key).all, (i) => {
      if (of[i] === -1) of[i] = label;
    });
  }
  return { labels, of };
}

function channelRows(store: EventStore): { channel: EventStore['channels'][number]; rows: number }[] {
  const counts = new Int32Array(store.channels.length);
  for (let e = 0; e < store.channel.length; e++) counts[store.channel[e] ?? 0] = (counts[store.channel[e] ?? 0] ?? 0) + 1;
  return store.channels.map((channel, i) => ({ channel, rows: counts[i] ?? 0 })).sort((a, b) => b.rows - a.rows);
}

export function behaviourHandlers(s: Services): Handlers<Methods> {
  const analytics = analyticsStore(s.workspace);
  const nowIso = (): string => new Date(s.host.now()).toISOString();
  const load = async (ctx: JobContext): Promise<{ snap: AnalyticsSnapshot; store: EventStore; loadMs: number }> => {
    requireProfile(s.workspace.db);
    const snap = analytics.snapshot();
    const { store, loadMs } = await eventStore(snap, s.workspace.asOfDate(), ctx, () => s.host.now(), () => {
      // The new cache row is part of the workspace file: mark it changed so autosave keeps it for the next open.
      if (s.workspace.isOpen && s.workspace.db === snap.db) {
        s.workspace.markDirty();
        s.emit('workspace.changed', s.workspace.info());
      }
    });
    return { snap, store, loadMs };
  };

  const summaryOf = (runId: number, at: string, json: string): NetworkSummary => ({ ...(JSON.parse(json) as Omit<NetworkSummary, 'runId' | 'at'>), runId, at });

  return {
    'behaviour.overview': async (args, ctx) => {
      const { store, loadMs } = await load(ctx);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const t of store.time) {
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      return {
        asOfDate: s.workspace.asOfDate() ?? '',
        rows: store.stats.rows,
        owned: store.stats.owned,
        undated: store.stats.undated,
        customers: store.n,
        events: eventRanking(store),
        channels: channelRows(store),
        firstTime: Number.isFinite(lo) ? formatEventTime(lo) : null,
        lastTime: Number.isFinite(hi) ? formatEventTime(hi) : null,
        sessions: sessionSummary(store, args.gapMinutes),
        loadMs,
      };
    },
    'behaviour.funnel': async (args, ctx) => {
      const { snap, store } = await load(ctx);
      return funnel(store, args, args.groupBy === 'lifecycle' ? lifecycleGroups(snap) : undefined);
    },
    'behaviour.retention': async (args, ctx) => retention((await load(ctx)).store, args),
    'behaviour.paths': async (args, ctx) => paths((await load(ctx)).store, args),
    'behaviour.trends': async (args, ctx) => trends((await load(ctx)).store, args),
    'behaviour.interestRun': async (args, ctx) => {
      const t0 = performance.now();
      const { store } = await load(ctx);
      const halfLifeDays = args.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
      const minScore = args.minScore ?? DEFAULT_MIN_SCORE;
      const { rows, topics } = await interestTags(store, halfLifeDays, minScore, ctx);
      const db = s.workspace.db;
      const runId = await db.mutate(() =>
        db.transaction(() => {
          const id = newRun(db, 'interest', nowIso(), s.workspace.asOfDate(), { halfLifeDays, minScore });
          replaceTags(db, id, interestTagDefs(halfLifeDays, minScore), rows);
          finishRun(db, id, { topics }, performance.now() - t0);
          return id;
        }),
      );
      return { runId, halfLifeDays, minScore, topics, ms: performance.now() - t0 };
    },
    'behaviour.interestDrift': async (args, ctx) => {
      const { snap, store } = await load(ctx);
      const settings = latestRun(s.workspace.db, 'interest')?.settings;
      const saved = settings ? (JSON.parse(settings) as { halfLifeDays?: number }).halfLifeDays : undefined;
      const customer = snap.universe.index.get(args.oneId);
      if (customer === undefined) throw new ExpectedError('NOT_FOUND', `There is no customer ${args.oneId}.`, { oneId: args.oneId });
      return interestDrift(store, args.oneId, customer, args.halfLifeDays ?? saved ?? DEFAULT_HALF_LIFE_DAYS);
    },
    'behaviour.changes': (): BehaviourChanges => changesSince(s.workspace.db),
    'behaviour.markRefreshed': async () => {
      const db = s.workspace.db;
      const runId = await db.mutate(() =>
        db.transaction(() => {
          const id = newRun(db, 'refresh', nowIso(), s.workspace.asOfDate(), {});
          finishRun(db, id, currentState(db), 0);
          return id;
        }),
      );
      return { runId };
    },
    'network.run': async (args, ctx) => {
      const t0 = performance.now();
      const db = s.workspace.db;
      requireProfile(db);
      const asOf = s.workspace.asOfDate();
      if (asOf === null) throw new ExpectedError('NOT_FOUND', 'The workspace has no as-of date yet: import data or set it first.');
      const snap = analytics.snapshot();
      const graph = await relationGraph(snap, ctx);
      const r = await computeNetwork(db, graph, dayNumber(asOf), args, ctx);
      const at = nowIso();
      const tags: Record<string, number> = {};
      for (const d of NETWORK_TAGS) tags[d.key] = 0;
      for (const row of r.tagRows) tags[row.tag] = (tags[row.tag] ?? 0) + 1;
      const ms = performance.now() - t0;
      const runId = await db.mutate(() =>
        db.transaction(() => {
          const id = newRun(db, 'network', at, asOf, { resolution: args.resolution ?? 1, seed: ctx.seed });
          replaceTags(db, id, NETWORK_TAGS, r.tagRows);
          db.run('DELETE FROM network_node WHERE run_id < ?', [id]);
          db.withStatement(
            'INSERT INTO network_node (run_id, node, one_id, is_customer, pagerank, invites, shares, downstream, downstream_converted, community) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            (st) => {
              for (const row of r.nodeRows) st.run([id, ...row]);
            },
          );
          finishRun(db, id, { ...r.summary, tags, ms }, ms);
          return id;
        }),
      );
      return { ...r.summary, runId, at, tags, ms };
    },
    'network.summary': () => {
      const run = latestRun(s.workspace.db, 'network');
      return run ? summaryOf(run.runId, run.at, run.summary) : null;
    },
    'network.neighbourhood': async (args, ctx): Promise<Neighbourhood> => {
      const db = s.workspace.db;
      requireProfile(db);
      const snap = analytics.snapshot();
      const graph = await relationGraph(snap, ctx);
      const maxNodes = Math.min(args.maxNodes ?? 80, MAX_NEIGHBOURHOOD);
      const hops = Math.min(Math.max(args.hops ?? 2, 1), 3);
      const index = new Map(graph.nodes.map((k, i) => [k, i]));
      let centre = args.oneId === undefined ? -1 : (index.get(args.oneId) ?? -1);
      const run = latestRun(db, 'network');
      const score = new Map<string, { pagerank: number; community: number | null }>();
      if (run) {
        db.each('SELECT node, pagerank, community FROM network_node WHERE run_id = ?', [run.runId], (r) => {
          score.set(String(r[0]), { pagerank: Number(r[1]), community: typeof r[2] === 'number' ? r[2] : null });
        });
      }
      if (centre < 0) {
        if (args.oneId !== undefined) throw new ExpectedError('NOT_FOUND', `${args.oneId} has no relations.`, { oneId: args.oneId });
        // Without a centre: the most influential person of the last run, else the best-connected one.
        let best = -1;
        let bestScore = -1;
        graph.nodes.forEach((k, i) => {
          const v = score.get(k)?.pagerank ?? 0;
          if (v > bestScore) {
            best = i;
            bestScore = v;
          }
        });
        centre = best;
      }
      if (centre < 0) return { centre: '', nodes: [], edges: [], truncated: false };
      const adj = new Map<number, number[]>();
      for (let e = 0; e < graph.from.length; e++) {
        const a = graph.from[e] ?? 0;
        const b = graph.to[e] ?? 0;
        (adj.get(a) ?? adj.set(a, []).get(a))?.push(e);
        (adj.get(b) ?? adj.set(b, []).get(b))?.push(e);
      }
      const hop = new Map<number, number>([[centre, 0]]);
      let frontier = [centre];
      let truncated = false;
      for (let h = 1; h <= hops && frontier.length > 0; h++) {
        const next: number[] = [];
        for (const v of frontier) {
          for (const e of adj.get(v) ?? []) {
            const w = graph.from[e] === v ? (graph.to[e] ?? 0) : (graph.from[e] ?? 0);
            if (hop.has(w)) continue;
            if (hop.size >= maxNodes) {
              truncated = true;
              break;
            }
            hop.set(w, h);
            next.push(w);
          }
        }
        frontier = next;
      }
      const names = new Map<number, string>();
      const wanted = [...hop.keys()].filter((v) => (graph.customer[v] ?? -1) >= 0);
      if (wanted.length > 0) {
        const ids = wanted.map((v) => graph.nodes[v] ?? '');
        db.each(`SELECT one_id, name FROM customer_profile WHERE one_id IN (${ids.map(() => '?').join(',')})`, ids, (r) => {
          const v = index.get(String(r[0]));
          if (v !== undefined && typeof r[1] === 'string') names.set(v, maskValue('name', r[1]));
        });
      }
      const nodes: GraphNode[] = [...hop.entries()].map(([v, h]) => {
        const key = graph.nodes[v] ?? '';
        const sc = score.get(key);
        return {
          id: key,
          label: names.get(v) ?? (graph.hasOneId[v] === 1 ? key : '潜客'),
          isCustomer: (graph.customer[v] ?? -1) >= 0,
          community: sc?.community ?? null,
          pagerank: sc?.pagerank ?? 0,
          hop: h,
        };
      });
      const edgeMap = new Map<string, { source: string; target: string; kind: RelationKind; count: number; amountFen: number }>();
      for (let e = 0; e < graph.from.length; e++) {
        const a = graph.from[e] ?? 0;
        const b = graph.to[e] ?? 0;
        if (!hop.has(a) || !hop.has(b) || a === b) continue;
        const kind = graph.kind[e] ?? 'other';
        const k = `${a}\u0000${b}\u0000${kind}`;
        const row = edgeMap.get(k);
        if (row) {
          row.count++;
          row.amountFen += graph.fen[e] ?? 0;
        } else edgeMap.set(k, { source: graph.nodes[a] ?? '', target: graph.nodes[b] ?? '', kind, count: 1, amountFen: graph.fen[e] ?? 0 });
      }
      const edges: GraphEdge[] = [...edgeMap.values()];
      return { centre: graph.nodes[centre] ?? '', nodes, edges, truncated };
    },
    'diagnosis.overview': (args) => {
      const db = s.workspace.db;
      requireProfile(db);
      return diagnose(db, segmentBase(args.segmentId), s.workspace.asOfDate());
    },
    'diagnosis.customers': async (args, ctx) => {
      const db = s.workspace.db;
      requireProfile(db);
      const env = loadRuleEnv(db);
      const checked = checkRule(args.rule, env);
      if (!checked.rule) {
        const p = checked.problems[0];
        throw new ExpectedError('RULE_INVALID', `${p?.zh ?? ''} — ${p?.message ?? 'the rule is invalid'}`, { path: p?.path ?? '' });
      }
      const rule: SegmentRule = checked.rule;
      const snap = analytics.snapshot();
      const set = await evaluateRule(rule, { snap, env, job: ctx });
      const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
      const ids: string[] = [];
      forEachMember(set, (i) => {
        if (ids.length < limit) ids.push(snap.universe.oneIds[i] ?? '');
      });
      const rows =
        ids.length === 0
          ? []
          : db.all<{ one_id: string; name: string | null; age_band: string | null; city: string | null; aum_fen: number | null; product_count: number | null }>(
              `SELECT one_id, name, age_band, city, aum_fen, product_count FROM customer_profile WHERE one_id IN (${ids.map(() => '?').join(',')}) ORDER BY one_id`,
              ids,
            );
      return {
        count: set.size(),
        rows: rows.map((r) => ({
          oneId: r.one_id,
          name: r.name ? maskValue('name', r.name) : '',
          ageBand: r.age_band,
          city: r.city,
          aumFen: r.aum_fen,
          productCount: r.product_count,
        })),
      };
    },
  };
}
