import { describe, expect, it } from 'vitest';
import { maskDeep, maskShapes, renderPack, safeText } from './htmlPack.ts';

const cover = { title: '客群经营分析会议材料', workspace: '示例', asOfDate: '2024-06-30', generatedAt: '2024-07-01 09:00:00', appVersion: '0.1.0' };

describe('renderPack', () => {
  const { html, charts } = renderPack(
    cover,
    [
      { key: 'a', title: '数据范围', blocks: [{ kind: 'kpis', items: [{ label: '客户', value: '1,000' }] }, { kind: 'table', columns: ['手机号', '人数'], rows: [['13812345678', 3]] }] },
      { key: 'b', title: '图表', blocks: [{ kind: 'chart', title: '分布', option: { xAxis: { type: 'category', data: ['x'] }, yAxis: {}, series: [{ type: 'bar', data: [1] }] } }, { kind: 'note', text: '<script>alert(1)</script>' }] },
    ],
    'zh',
  );

  it('is one document with the as-of date on the cover, numbered sections and a print stylesheet', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('数据截止日</dt><dd class="asof" data-testid="report-as-of">2024-06-30</dd>');
    expect(html).toContain('<h2>1. 数据范围</h2>');
    expect(html).toContain('<h2>2. 图表</h2>');
    expect(html).toContain('@media print');
    expect(html).toContain('.section{break-before:page}');
    expect(charts).toEqual({ a: 0, b: 1 });
  });

  it('holds no URL, no script and forbids every fetch', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('masks personal-data-shaped values and escapes markup', () => {
    expect(html).not.toContain('13812345678');
    expect(html).toContain('138****5678');
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('masking helpers', () => {
  it('masks phones, ID numbers and e-mails inside text and chart options', () => {
    expect(maskShapes('客户 13912345678，证件 110101199003071234')).toBe('客户 139****5678，证件 110***********1234');
    expect(maskDeep({ data: ['a@example.com', 3, { name: '13700001111' }] })).toEqual({ data: ['a***@example.com', 3, { name: '137****1111' }] });
    expect(safeText(null)).toBe('');
    expect(safeText('普通文本 2024-06-30')).toBe('普通文本 2024-06-30');
  });
});
