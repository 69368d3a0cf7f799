/**
 * A network run: influence (PageRank + downstream conversions), invitation trees, Louvain communities and the
 * 潜在高价值 / 潜在忠实 candidates of social circles, stored per person in `network_node` and as `net_*` tags.
 */
import type { NetworkNodeRow, NetworkRunArgs, NetworkSummary, RelationKind } from '#shared/api/behaviourTypes.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { timeOfDay } from '#shared/behaviour/eventStore.ts';
import type { TagRow } from '#shared/behaviour/runStore.ts';
import { circleCandidates } from './circles.ts';
import { detectCommunities, influenceScores, type ScoredEdge } from './graphScores.ts';
import { invitationForest } from './invitationTrees.ts';
import type { RelationGraph } from './relationGraph.ts';

export const MODULE = 'network';
/** Influence levels: the top 5 % of people with fission edges are 高, the next 15 % 中. */
const HIGH_SHARE = 0.05;
const MID_SHARE = 0.2;
/** High value: AUM at or above this quantile of customers with AUM. */
const HIGH_VALUE_QUANTILE = 0.8;
/** Loyal: active in at least this many of the last 12 months; not yet loyal: fewer than NOT_LOYAL_MONTHS. */
const LOYAL_MONTHS = 10;
const NOT_LOYAL_MONTHS = 6;
/** One high-value tie suffices with at least ¥10,000 a month coming in; else two ties are needed. */
const MIN_MONTHLY_IN_FEN = 1_000_000;
const MIN_COMMUNITY = 3;

export const NETWORK_TAGS: readonly TagDefinition[] = [
  {
    key: 'net_influence',
    zh: '社交影响力',
    en: 'Social influence',
    family: 'relationship',
    module: MODULE,
    definition: 'PageRank on invitations (weight 2) and shares (1), receiver → sender: 高 = top 5 % of people with such ties, 中 = next 15 %; the reason gives invitations and converted people downstream.',
    inputs: ['relations.from_key', 'relations.to_key', 'relations.relation_type', 'customer_profile.product_count'],
    version: 1,
  },
  {
    key: 'net_community',
    zh: '社交圈(社群)',
    en: 'Social community',
    family: 'relationship',
    module: MODULE,
    definition: `Louvain community (seeded) on all relations, transfers included; only communities of at least ${MIN_COMMUNITY} people; value = community id.`,
    inputs: ['relations.*'],
    version: 1,
  },
  {
    key: 'net_potential_high_value',
    zh: '社交圈潜在高价值客户',
    en: 'Potential high value (social circle)',
    family: 'relationship',
    module: MODULE,
    definition: `Tied to 2+ high-value customers (AUM ≥ the ${HIGH_VALUE_QUANTILE * 100}th percentile), or to one while receiving ≥ ¥10,000 a month in transfers, and not high-value (or not a customer) themselves.`,
    inputs: ['relations.*', 'customer_profile.aum_fen'],
    version: 1,
  },
  {
    key: 'net_potential_loyal',
    zh: '社交圈潜在忠实客户',
    en: 'Potential loyal (social circle)',
    family: 'relationship',
    module: MODULE,
    definition: `Tied to 2+ loyal customers (active ≥ ${LOYAL_MONTHS} of 12 months) while active in fewer than ${NOT_LOYAL_MONTHS} months (or not a customer).`,
    inputs: ['relations.*', 'customer_profile.active_months_12m'],
    version: 1,
  },
];

interface CustomerFacts {
  readonly aum: Float64Array;
  readonly products: Float64Array;
  readonly activeMonths: Float64Array;
  readonly names: readonly string[];
}

function readFacts(db: Db, index: ReadonlyMap<string, number>, n: number): CustomerFacts {
  const aum = new Float64Array(n).fill(Number.NaN);
  const products = new Float64Array(n).fill(Number.NaN);
  const activeMonths = new Float64Array(n).fill(Number.NaN);
  const names = new Array<string>(n).fill('');
  db.each('SELECT one_id, aum_fen, product_count, active_months_12m, name FROM customer_profile', [], (r) => {
    const i = index.get(String(r[0] ?? ''));
    if (i === undefined) return;
    const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
    aum[i] = num(r[1]);
    products[i] = num(r[2]);
    activeMonths[i] = num(r[3]);
    names[i] = typeof r[4] === 'string' ? r[4] : '';
  });
  return { aum, products, activeMonths, names };
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.POSITIVE_INFINITY;
}

export interface NetworkComputation {
  readonly summary: Omit<NetworkSummary, 'runId' | 'at' | 'tags' | 'ms'>;
  readonly tagRows: TagRow[];
  readonly nodeRows: readonly (readonly [node: string, oneId: string | null, isCustomer: number, pagerank: number, invites: number, shares: number, downstream: number, converted: number, community: number | null])[];
}

/** Computes every network score; pure over the loaded graph and customer facts. */
export async function computeNetwork(db: Db, graph: RelationGraph, asOfDay: number, args: NetworkRunArgs, ctx: JobContext): Promise<NetworkComputation> {
  const n = graph.nodes.length;
  let universeN = 0;
  for (const c of graph.customer) if (c + 1 > universeN) universeN = c + 1;
  const index = new Map<string, number>();
  graph.nodes.forEach((k, i) => {
    const c = graph.customer[i] ?? -1;
    if (c >= 0) index.set(k, c);
  });
  const facts = readFacts(db, index, universeN);
  const edges: ScoredEdge[] = [];
  const edgeCount: Record<RelationKind, number> = { invite: 0, share: 0, transfer: 0, other: 0 };
  for (let e = 0; e < graph.from.length; e++) {
    const kind = graph.kind[e] ?? 'other';
    edgeCount[kind]++;
    edges.push({ from: graph.from[e] ?? 0, to: graph.to[e] ?? 0, kind });
  }
  ctx.progress('network.scores', 0, 3);
  await ctx.checkpoint();
  const cust = (v: number): number => graph.customer[v] ?? -1;
  const converted = (v: number): boolean => cust(v) >= 0 && (facts.products[cust(v)] ?? 0) >= 1;
  const invites = new Int32Array(n);
  const shares = new Int32Array(n);
  const inviteEdges = [];
  for (let e = 0; e < graph.from.length; e++) {
    const f = graph.from[e] ?? 0;
    if (graph.kind[e] === 'invite') {
      invites[f] = (invites[f] ?? 0) + 1;
      inviteEdges.push({ from: f, to: graph.to[e] ?? 0, time: graph.time[e] ?? 0 });
    } else if (graph.kind[e] === 'share') shares[f] = (shares[f] ?? 0) + 1;
  }
  const forest = invitationForest(n, inviteEdges, converted);
  const pr = influenceScores(n, edges);
  ctx.progress('network.scores', 1, 3);
  await ctx.checkpoint();
  const communities = detectCommunities(n, edges, ctx.seed, args.resolution ?? 1);
  ctx.progress('network.scores', 2, 3);
  await ctx.checkpoint();

  // Monthly transfers received over the 12 months before the as-of date.
  const yearStart = timeOfDay(asOfDay - 364);
  const yearEnd = timeOfDay(asOfDay + 1);
  const monthlyIn = new Float64Array(n);
  for (let e = 0; e < graph.from.length; e++) {
    const t = graph.time[e] ?? Number.NaN;
    if (graph.kind[e] !== 'transfer' || !(t >= yearStart && t < yearEnd)) continue;
    const v = graph.to[e] ?? 0;
    monthlyIn[v] = (monthlyIn[v] ?? 0) + (graph.fen[e] ?? 0) / 12;
  }
  const aumPositive: number[] = [];
  for (const a of facts.aum) if (a > 0) aumPositive.push(a);
  const hvThreshold = quantile(aumPositive, HIGH_VALUE_QUANTILE);
  const isHighValue = (v: number): boolean => cust(v) >= 0 && (facts.aum[cust(v)] ?? 0) >= hvThreshold;
  const isLoyal = (v: number): boolean => cust(v) >= 0 && (facts.activeMonths[cust(v)] ?? 0) >= LOYAL_MONTHS;
  const notLoyal = (v: number): boolean => graph.hasOneId[v] === 1 && (cust(v) < 0 || !((facts.activeMonths[cust(v)] ?? 0) >= NOT_LOYAL_MONTHS));
  const withOneId = (v: number): boolean => graph.hasOneId[v] === 1;
  const potentialHv = circleCandidates(edges, isHighValue, withOneId, monthlyIn, '高价值客户', 2, MIN_MONTHLY_IN_FEN);
  const potentialLoyal = circleCandidates(edges, isLoyal, notLoyal, monthlyIn, '忠实客户', 2, Number.POSITIVE_INFINITY);

  // Influence levels among people with fission ties, by PageRank then downstream conversions.
  const ranked = Array.from({ length: n }, (_, v) => v)
    .filter((v) => (pr[v] ?? 0) > 0)
    .sort((a, b) => (pr[b] ?? 0) - (pr[a] ?? 0) || (forest.downstreamConverted[b] ?? 0) - (forest.downstreamConverted[a] ?? 0) || a - b);
  const level = new Map<number, '高' | '中'>();
  const rankOf = new Map<number, number>();
  ranked.forEach((v, r) => {
    rankOf.set(v, r);
    if (r < Math.max(1, Math.round(ranked.length * HIGH_SHARE))) level.set(v, '高');
    else if (r < Math.round(ranked.length * MID_SHARE)) level.set(v, '中');
  });

  const communitySize = new Map<number, number>();
  const communityCustomers = new Map<number, number>();
  const communityFen = new Map<number, number>();
  const communityKinds = new Map<number, Record<RelationKind, number>>();
  for (let v = 0; v < n; v++) {
    const c = communities.of[v] ?? -1;
    if (c < 0) continue;
    communitySize.set(c, (communitySize.get(c) ?? 0) + 1);
    if (cust(v) >= 0) communityCustomers.set(c, (communityCustomers.get(c) ?? 0) + 1);
  }
  for (let e = 0; e < graph.from.length; e++) {
    const a = communities.of[graph.from[e] ?? 0] ?? -1;
    if (a < 0 || a !== (communities.of[graph.to[e] ?? 0] ?? -1)) continue;
    const kinds = communityKinds.get(a) ?? { invite: 0, share: 0, transfer: 0, other: 0 };
    kinds[graph.kind[e] ?? 'other']++;
    communityKinds.set(a, kinds);
    if (graph.kind[e] === 'transfer') communityFen.set(a, (communityFen.get(a) ?? 0) + (graph.fen[e] ?? 0));
  }
  const mainKind = (c: number): RelationKind => {
    const k = communityKinds.get(c) ?? { invite: 0, share: 0, transfer: 0, other: 0 };
    return (Object.entries(k) as [RelationKind, number][]).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other';
  };
  const KIND_ZH: Record<RelationKind, string> = { invite: '邀请', share: '分享', transfer: '转账往来', other: '其他关系' };

  const tagRows: TagRow[] = [];
  const oneIdOf = (v: number): string | null => (graph.hasOneId[v] === 1 ? (graph.nodes[v] ?? null) : null);
  for (const [v, lv] of level) {
    const id = oneIdOf(v);
    if (id === null) continue;
    const rank = rankOf.get(v) ?? 0;
    tagRows.push({
      oneId: id,
      tag: 'net_influence',
      value: lv,
      reason: `影响力排名 ${rank + 1}/${ranked.length} · 邀请 ${invites[v] ?? 0} 人 · 分享 ${shares[v] ?? 0} 次 · 下游转化 ${forest.downstreamConverted[v] ?? 0} 人`,
    });
  }
  for (let v = 0; v < n; v++) {
    const c = communities.of[v] ?? -1;
    const id = oneIdOf(v);
    if (c < 0 || id === null || (communitySize.get(c) ?? 0) < MIN_COMMUNITY) continue;
    tagRows.push({ oneId: id, tag: 'net_community', value: `C${c}`, reason: `社群 C${c} · ${communitySize.get(c) ?? 0} 人 · 以${KIND_ZH[mainKind(c)]}为主` });
  }
  for (const p of potentialHv) {
    const id = oneIdOf(p.node);
    if (id !== null) tagRows.push({ oneId: id, tag: 'net_potential_high_value', value: null, reason: p.reason });
  }
  for (const p of potentialLoyal) {
    const id = oneIdOf(p.node);
    if (id !== null) tagRows.push({ oneId: id, tag: 'net_potential_loyal', value: null, reason: p.reason });
  }

  const nodeRow = (v: number, reason: string): NetworkNodeRow => {
    const c = cust(v);
    const name = c >= 0 ? facts.names[c] ?? '' : '';
    return {
      oneId: graph.nodes[v] ?? '',
      name: c >= 0 && name !== '' ? maskValue('name', name) : null,
      isCustomer: c >= 0,
      pagerank: pr[v] ?? 0,
      invites: invites[v] ?? 0,
      shares: shares[v] ?? 0,
      downstream: forest.downstream[v] ?? 0,
      downstreamConverted: forest.downstreamConverted[v] ?? 0,
      community: (communities.of[v] ?? -1) < 0 ? null : (communities.of[v] ?? null),
      reason,
    };
  };
  const topCommunities = [...communitySize.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 20)
    .map(([community, size]) => ({ community, size, customers: communityCustomers.get(community) ?? 0, transferFen: communityFen.get(community) ?? 0, kind: mainKind(community) }));
  const nodeRows: NetworkComputation['nodeRows'] = graph.nodes.map((key, v) => [
    key,
    oneIdOf(v),
    cust(v) >= 0 ? 1 : 0,
    pr[v] ?? 0,
    invites[v] ?? 0,
    shares[v] ?? 0,
    forest.downstream[v] ?? 0,
    forest.downstreamConverted[v] ?? 0,
    (communities.of[v] ?? -1) < 0 ? null : (communities.of[v] ?? null),
  ]);
  ctx.progress('network.scores', 3, 3);
  let customers = 0;
  for (let v = 0; v < n; v++) if (cust(v) >= 0) customers++;
  return {
    summary: {
      nodes: n,
      customers,
      edges: edgeCount,
      unresolved: graph.hasOneId.reduce((s, h) => s + (h === 0 ? 1 : 0), 0),
      trees: {
        count: forest.roots.length,
        maxDepth: forest.depth.reduce((m, x) => Math.max(m, x), 0),
        maxBreadth: forest.breadth.reduce((m, x) => Math.max(m, x), 0),
        generations: forest.generations,
      },
      communities: { count: communities.count, modularity: communities.modularity, top: topCommunities },
      influencers: ranked.slice(0, 20).map((v) => nodeRow(v, `邀请 ${invites[v] ?? 0} 人 · 下游转化 ${forest.downstreamConverted[v] ?? 0} 人`)),
      potentialHighValue: potentialHv.slice(0, 20).map((p) => nodeRow(p.node, p.reason)),
      potentialLoyal: potentialLoyal.slice(0, 20).map((p) => nodeRow(p.node, p.reason)),
    },
    tagRows,
    nodeRows,
  };
}
