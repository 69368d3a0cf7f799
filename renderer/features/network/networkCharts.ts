/**
 * The neighbourhood graph: ECharts force layout, nodes sized by PageRank and coloured by community, the centre
 * ringed; edges styled by relation kind (invitations solid, shares dashed, transfers thick). Pure, unit-tested.
 */
import type { Neighbourhood, RelationKind } from '#shared/api/behaviourTypes.ts';
import type { ECOption } from '#renderer/charts/echarts.ts';

const PALETTE = ['#1f5fa0', '#b8640f', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#546e7a'];

export function communityColor(community: number | null): string {
  return community === null ? '#9aa5b1' : (PALETTE[community % PALETTE.length] ?? '#9aa5b1');
}

const EDGE_STYLE: Readonly<Record<RelationKind, { type: 'solid' | 'dashed' | 'dotted'; width: number }>> = {
  invite: { type: 'solid', width: 1.5 },
  share: { type: 'dashed', width: 1 },
  transfer: { type: 'solid', width: 2.5 },
  other: { type: 'dotted', width: 1 },
};

export function graphOption(nb: Neighbourhood, kindLabel: (k: RelationKind) => string): ECOption {
  const maxPr = Math.max(1e-9, ...nb.nodes.map((n) => n.pagerank));
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        force: { repulsion: 120, edgeLength: [40, 120], gravity: 0.08 },
        label: { show: true, position: 'right', fontSize: 10 },
        data: nb.nodes.map((n) => ({
          id: n.id,
          name: n.label,
          value: n.id,
          symbolSize: 8 + 22 * Math.sqrt(n.pagerank / maxPr),
          itemStyle: {
            color: communityColor(n.community),
            borderColor: n.id === nb.centre ? '#111' : '#fff',
            borderWidth: n.id === nb.centre ? 3 : 1,
            opacity: n.isCustomer ? 1 : 0.55,
          },
        })),
        edges: nb.edges.map((e) => ({
          source: e.source,
          target: e.target,
          value: e.count,
          lineStyle: { ...EDGE_STYLE[e.kind], opacity: 0.6 },
          tooltip: { formatter: `${kindLabel(e.kind)} × ${e.count}` },
        })),
      },
    ],
  };
}
