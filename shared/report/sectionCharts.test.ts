import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './chartSvg.ts';
import { sankeyOption } from './sectionCharts.ts';

describe('sankeyOption', () => {
  const steps = [
    { id: 'push1', label: 'APP推送', entered: 100 },
    { id: 'wait1', label: '等待', entered: 100 },
    { id: 'push2', label: 'APP推送', entered: 70 },
    { id: 'done', label: '结束', entered: 100 },
    { id: 'never', label: '未到达', entered: 0 },
  ];
  const flows = [
    { from: 'push1', to: 'wait1', count: 100 },
    { from: 'wait1', to: 'done', count: 30 },
    { from: 'wait1', to: 'push2', count: 70 },
    { from: 'push2', to: 'done', count: 70 },
    { from: 'wait1', to: 'never', count: 0 },
  ];

  it('names nodes by label, telling repeated labels apart, and drops empty links and unreached steps', () => {
    const series = (sankeyOption(steps, flows).series as { data: { name: string }[]; links: { source: string; target: string; value: number }[] }[])[0];
    expect(series?.data.map((d) => d.name)).toEqual(['APP推送 (push1)', '等待', 'APP推送 (push2)', '结束']);
    expect(series?.links).toContainEqual({ source: '等待', target: 'APP推送 (push2)', value: 70 });
    expect(series?.links).toHaveLength(4);
  });

  it('renders to SVG server-side with the step names and counts', () => {
    const svg = renderChartSvg(sankeyOption(steps, flows), 720, 320);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('APP推送 (push2): 70');
    expect(svg).toContain('<path');
  });
});
