import { describe, expect, it } from 'vitest';
import type { GraphSeriesOption } from 'echarts/charts';
import { SVGRenderer } from 'echarts/renderers';
import type { PersonGraph, PersonRecord } from '#shared/api/identityTypes.ts';
import { echarts } from '#renderer/charts/echarts.ts';
import { centreRecord, edgeValue, neighbourhood, nodeName, personGraphOption, recordOfNodeName, type GraphLabels } from './personGraphChart.ts';

echarts.use([SVGRenderer]);

const rec = (source: string, recordId: string, channel: PersonRecord['channel'], identifiers: PersonRecord['identifiers'] = []): PersonRecord => ({
  source,
  recordId,
  channel,
  method: 'cust_no',
  weight: null,
  identifiers,
  fields: {},
});

const GRAPH: PersonGraph = {
  oneId: 'P000000007',
  aliases: [],
  records: [
    rec('event', 'e1', 'app', [{ type: 'device_id', value: 'DBAC****C01E' }]),
    rec('customer', '6700870912', 'core', [{ type: 'cust_no', value: '67******12' }, { type: 'phone', value: '175****3339' }]),
    rec('手机银行', '101003', 'app', [{ type: 'cust_no', value: '67******12' }, { type: 'device_id', value: 'DBAC****C01E' }]),
    rec('touch', 't1', null, [{ type: 'phone', value: '175****3339' }]),
    rec('CRM', 'c9', 'crm'),
  ],
  edges: [
    { a: 1, b: 2, method: 'deterministic', idType: 'cust_no', weight: null, evidence: {} },
    { a: 2, b: 0, method: 'deterministic', idType: 'device_id', weight: null, evidence: {} },
    { a: 1, b: 3, method: 'deterministic', idType: 'phone', weight: null, evidence: {} },
    { a: 1, b: 4, method: 'probabilistic', idType: null, weight: 9.25, evidence: {} },
  ],
  history: [],
  masked: true,
};

const LABELS: GraphLabels = {
  channel: (c) => `ch:${c}`,
  node: (r) => `${r.source}/${r.recordId}`,
  nodeTooltip: (r) => [r.source, r.recordId],
  edge: (e, value) => (e.idType ? `${e.idType} ${value ?? ''}` : `w=${e.weight ?? ''}`),
};

function graphSeries(option: ReturnType<typeof personGraphOption>['option']): GraphSeriesOption {
  const s = option.series;
  return (Array.isArray(s) ? s[0] : s) as GraphSeriesOption;
}

describe('person graph', () => {
  it('centres on the core customer record', () => {
    expect(centreRecord(GRAPH)).toBe(1);
    expect(centreRecord({ ...GRAPH, records: GRAPH.records.filter((r) => r.source !== 'customer'), edges: [{ a: 1, b: 0, method: 'deterministic', idType: 'device_id', weight: null, evidence: {} }, { a: 1, b: 2, method: 'deterministic', idType: 'phone', weight: null, evidence: {} }] })).toBe(1);
  });

  it('keeps the records nearest the centre when the person is large', () => {
    expect(neighbourhood(GRAPH, 1, 3)).toEqual([1, 2, 3]);
    expect(neighbourhood(GRAPH, 1)).toEqual([1, 2, 3, 4, 0]);
    // An unreachable record is still listed while there is room.
    expect(neighbourhood({ ...GRAPH, edges: [] }, 1, 10)).toEqual([1, 0, 2, 3, 4]);
  });

  it('labels each edge with the identifier type and its masked value, or the weight', () => {
    const view = personGraphOption(GRAPH, LABELS);
    const links = graphSeries(view.option).links ?? [];
    const full = links.map((l) => (l.emphasis?.label as { formatter: () => string }).formatter());
    expect(full).toEqual(['cust_no 67******12', 'device_id DBAC****C01E', 'phone 175****3339', 'w=9.25']);
    const short = links.map((l) => (l.label as { formatter: () => string }).formatter().trim());
    expect(short).toEqual(['cust_no', 'device_id', 'phone', 'w=9.25']);
    expect(edgeValue(GRAPH, GRAPH.edges[2]!)).toBe('175****3339');
  });

  it('colours nodes by channel, one category per channel present', () => {
    const view = personGraphOption(GRAPH, LABELS);
    const s = graphSeries(view.option);
    expect((s.categories ?? []).map((c) => c.name)).toEqual(['ch:core', 'ch:app', 'ch:crm', 'ch:none']);
    const nodes = (s.data ?? []) as { name: string; category: number }[];
    const byName = new Map(nodes.map((n) => [n.name, n.category]));
    expect(byName.get(nodeName(0))).toBe(byName.get(nodeName(2)));
    expect(byName.get(nodeName(3))).toBe(3);
  });

  it('draws only edges between shown records', () => {
    const view = personGraphOption(GRAPH, LABELS, { maxNodes: 2 });
    expect(view.shown).toEqual([1, 2]);
    expect(view.total).toBe(5);
    expect(graphSeries(view.option).links).toHaveLength(1);
  });

  it('escapes record data in tooltips', () => {
    const evil = { ...GRAPH, records: GRAPH.records.map((r, i) => (i === 1 ? { ...r, recordId: '<b onmouseover=x>' } : r)) };
    const nodes = (graphSeries(personGraphOption(evil, LABELS).option).data ?? []) as { tooltip: { formatter: () => string } }[];
    expect(nodes[0]?.tooltip.formatter()).toContain('&lt;b onmouseover=x&gt;');
  });

  it('maps clicked node names back to records', () => {
    expect(recordOfNodeName(nodeName(12))).toBe(12);
    expect(recordOfNodeName('record:1 > record:2')).toBeNull();
  });

  it('renders in ECharts', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 400 });
    try {
      chart.setOption(personGraphOption(GRAPH, LABELS).option);
      const svg = chart.renderToSVGString();
      expect(svg).toContain('customer/6700870912');
      expect(svg).toContain('ch:core');
    } finally {
      chart.dispose();
    }
  });
});
