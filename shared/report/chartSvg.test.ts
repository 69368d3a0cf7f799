import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './chartSvg.ts';
import { barOption } from './sectionCharts.ts';

describe('renderChartSvg', () => {
  it('renders an option to inline SVG without a DOM, with the labels as text and no URL', () => {
    const svg = renderChartSvg(barOption(['易流失客户', '高潜力客户'], [120, 45], '人数'), 600, 300);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('易流失客户');
    expect(svg).toContain('>120<');
    expect(svg).toContain('viewBox="0 0 600 300"');
    expect(svg).not.toMatch(/https?:/);
    expect(svg).not.toContain('<style');
  });

  it('drops interactive components and keeps the rest of the option', () => {
    const svg = renderChartSvg({ tooltip: { show: true }, dataZoom: [{ type: 'inside' }], title: { text: '渠道分布' }, series: [{ type: 'pie', data: [{ name: '手机银行', value: 3 }] }] });
    expect(svg).toContain('渠道分布');
    expect(svg).toContain('手机银行');
  });
});
