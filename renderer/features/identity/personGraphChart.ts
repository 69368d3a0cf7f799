/**
 * A person's identity graph as a pure ECharts option: one node per record, coloured by channel, and one edge per
 * link that brought a record in, labelled with what made the merge (identifier type and masked value, the
 * probabilistic weight, or the analyst's accept). Large persons are cut to the neighbourhood of the core record
 * so the force layout stays readable.
 */
import type { GraphSeriesOption } from 'echarts/charts';
import { format } from 'echarts/core';
import type { IdentityChannel, PersonEdge, PersonGraph, PersonRecord } from '#shared/api/identityTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

/** Most records drawn (default); the rest are listed in the table under the graph. */
export const MAX_GRAPH_NODES = 120;
/** Up to this many edges every label is shown; above it labels appear on hover only. */
const ALWAYS_LABEL_EDGES = 40;

/** `none`: a record seen in no channel (an outbound touch). */
export type NodeChannel = IdentityChannel | 'none';

export const CHANNEL_COLORS: Readonly<Record<NodeChannel, string>> = {
  core: '#1f5fa0',
  branch: '#8c6d31',
  app: '#d9822b',
  web: '#17a2b8',
  official_account: '#2b9a3d',
  mini_program: '#8cc63f',
  crm: '#9467bd',
  call_centre: '#c23b3b',
  other: '#7f7f7f',
  none: '#aab4bf',
};

const CHANNEL_ORDER = Object.keys(CHANNEL_COLORS) as readonly NodeChannel[];

export interface GraphLabels {
  readonly channel: (c: NodeChannel) => string;
  /** Short node label, e.g. the source name. */
  readonly node: (r: PersonRecord) => string;
  /** Tooltip lines of a record (plain text; escaped here). */
  readonly nodeTooltip: (r: PersonRecord) => readonly string[];
  /** What made an edge (plain text); `value` is the identifier value, null for the short label. */
  readonly edge: (e: PersonEdge, value: string | null) => string;
}

export interface GraphView {
  readonly option: ECOption;
  /** Record indexes drawn, nearest the centre first. */
  readonly shown: readonly number[];
  readonly total: number;
  readonly centre: number;
}

/** Node name of record `i`; clicks report it (see {@link recordOfNodeName}). */
export function nodeName(i: number): string {
  return `record:${i}`;
}

/** The record index a clicked node's name stands for, or null for an edge or anything else. */
export function recordOfNodeName(name: string): number | null {
  const m = /^record:(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function nodeChannel(r: PersonRecord): NodeChannel {
  return r.channel ?? 'none';
}

/** The record the graph is centred on: the core customer record, else the best-connected one. */
export function centreRecord(graph: PersonGraph): number {
  const core = graph.records.findIndex((r) => r.source === 'customer');
  if (core >= 0) return core;
  const degree = new Array<number>(graph.records.length).fill(0);
  for (const e of graph.edges) {
    degree[e.a] = (degree[e.a] ?? 0) + 1;
    degree[e.b] = (degree[e.b] ?? 0) + 1;
  }
  let best = 0;
  degree.forEach((d, i) => {
    if (d > (degree[best] ?? 0)) best = i;
  });
  return best;
}

/**
 * Records within reach of `centre`, breadth first, at most `max`; records no edge reaches (kept apart by a
 * decision, or beyond the engine's record limit) follow in their order so none is lost while there is room.
 */
export function neighbourhood(graph: PersonGraph, centre: number, max = MAX_GRAPH_NODES): number[] {
  const n = graph.records.length;
  if (n === 0) return [];
  const adjacent: number[][] = Array.from({ length: n }, () => []);
  for (const e of graph.edges) {
    if (e.a < 0 || e.b < 0 || e.a >= n || e.b >= n) continue;
    (adjacent[e.a] as number[]).push(e.b);
    (adjacent[e.b] as number[]).push(e.a);
  }
  const seen = new Uint8Array(n);
  const order: number[] = [];
  const queue = [centre];
  seen[centre] = 1;
  for (let head = 0; head < queue.length && order.length < max; head++) {
    const i = queue[head] as number;
    order.push(i);
    for (const j of adjacent[i] as number[]) {
      if (seen[j]) continue;
      seen[j] = 1;
      queue.push(j);
    }
  }
  for (let i = 0; i < n && order.length < max; i++) if (!seen[i]) order.push(i);
  return order;
}

/** The value of the identifier an edge was made on, as the record shows it (masked unless revealed). */
export function edgeValue(graph: PersonGraph, e: PersonEdge): string | null {
  if (e.idType === null) return null;
  const a = graph.records[e.a]?.identifiers.find((x) => x.type === e.idType);
  const b = graph.records[e.b]?.identifiers.find((x) => x.type === e.idType);
  return (a ?? b)?.value ?? null;
}

function edgeStyle(e: PersonEdge): { type: 'solid' | 'dashed'; color: string; width: number } {
  if (e.method === 'probabilistic') return { type: 'dashed', color: '#d9822b', width: 2 };
  if (e.method === 'review') return { type: 'solid', color: '#2b7a3d', width: 2.5 };
  return { type: 'solid', color: '#8a96a3', width: 1.5 };
}

/** The graph option for `graph`, centred on {@link centreRecord} unless `centre` is given. */
export function personGraphOption(graph: PersonGraph, labels: GraphLabels, options: { readonly maxNodes?: number; readonly centre?: number } = {}): GraphView {
  const total = graph.records.length;
  const centre = options.centre ?? centreRecord(graph);
  const shown = neighbourhood(graph, centre, options.maxNodes ?? MAX_GRAPH_NODES);
  const inView = new Set(shown);
  const present = CHANNEL_ORDER.filter((c) => shown.some((i) => graph.records[i] && nodeChannel(graph.records[i]) === c));
  const categoryOf = new Map(present.map((c, k) => [c, k]));
  const edges = graph.edges.filter((e) => inView.has(e.a) && inView.has(e.b));
  const edgeLabels = edges.length <= ALWAYS_LABEL_EDGES;
  const nodeLabels = shown.length <= 60;

  const nodes: NonNullable<GraphSeriesOption['data']> = shown.map((i) => {
    const r = graph.records[i] as PersonRecord;
    const isCentre = i === centre;
    const text = labels.node(r);
    const tip = labels.nodeTooltip(r).map((line) => format.encodeHTML(line)).join('<br/>');
    // Function formatters throughout: a string formatter would read `{b}` and the like inside record data.
    return {
      name: nodeName(i),
      category: categoryOf.get(nodeChannel(r)) ?? 0,
      symbolSize: isCentre ? 34 : 20,
      value: i,
      label: { show: nodeLabels || isCentre, formatter: () => text, fontWeight: isCentre ? 'bold' : 'normal' },
      itemStyle: isCentre ? { borderColor: '#1f2933', borderWidth: 2 } : {},
      tooltip: { formatter: () => tip },
    };
  });
  const links: NonNullable<GraphSeriesOption['links']> = edges.map((e) => {
    // The short label keeps a busy graph legible; hovering shows the value too.
    const short = labels.edge(e, null);
    const full = labels.edge(e, edgeValue(graph, e));
    return {
      source: nodeName(e.a),
      target: nodeName(e.b),
      lineStyle: edgeStyle(e),
      label: { show: edgeLabels, formatter: () => short, fontSize: 10, color: '#3e4c59' },
      emphasis: { label: { show: true, formatter: () => full } },
      tooltip: { formatter: () => format.encodeHTML(full) },
    };
  });

  const series: GraphSeriesOption = {
    type: 'graph',
    layout: 'force',
    // Below the legend.
    top: 40,
    roam: true,
    draggable: true,
    data: nodes,
    links,
    categories: present.map((c) => ({ name: labels.channel(c), itemStyle: { color: CHANNEL_COLORS[c] } })),
    force: { repulsion: 300, edgeLength: [60, 120], gravity: 0.12, layoutAnimation: false },
    label: { position: 'right', fontSize: 11 },
    edgeLabel: { fontSize: 10 },
    emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
    lineStyle: { curveness: 0.05, opacity: 0.9 },
  };
  return {
    option: {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      legend: { type: 'scroll', top: 0, left: 0, data: present.map((c) => labels.channel(c)), textStyle: { fontSize: 11 } },
      series: [series],
    },
    shown,
    total,
    centre,
  };
}
