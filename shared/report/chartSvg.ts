/**
 * Charts of the meeting pack: ECharts server-side rendering to an SVG string. It needs no DOM, so it runs the same
 * in Node (CLI, tests) and in the engine's Web Worker. Only the chart types the pack draws are registered.
 */
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, ParallelChart, PieChart, RadarChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, ParallelComponent, RadarComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// The charts of the UI (renderer/charts/echarts.ts) plus Sankey for reach plans; interactive components
// (tooltip, dataZoom, brush) mean nothing on paper and are stripped from pinned options instead.
echarts.use([BarChart, GraphChart, LineChart, ParallelChart, PieChart, RadarChart, SankeyChart, ScatterChart, GridComponent, LegendComponent, ParallelComponent, RadarComponent, TitleComponent, SVGRenderer]);

const INTERACTIVE = new Set(['tooltip', 'dataZoom', 'brush', 'toolbox', 'axisPointer']);

/** Fonts that hold Chinese on Windows, macOS and Linux (Noto CJK is what the PDF printer here has). */
export const CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif';

/** Any ECharts option object (options cross the engine API as JSON, so they are not typed per chart here). */
export type ChartOption = Readonly<Record<string, unknown>>;

/**
 * Renders an option to an inline SVG element for an HTML page.
 *
 * Animation is off (a static picture); the SVG namespace attributes and the hover-only `<style>` ECharts adds are
 * dropped, so the page holds no URL at all and the styles of several charts cannot collide.
 * @param width pixels (default 720, the printable width of A4 at 96 dpi less margins)
 * @param height pixels (default 320)
 */
export function renderChartSvg(option: ChartOption, width = 720, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const still = Object.fromEntries(Object.entries(option).filter(([k]) => !INTERACTIVE.has(k)));
    chart.setOption({ ...still, animation: false, textStyle: { fontFamily: CJK_FONTS, ...(isRecord(option.textStyle) ? option.textStyle : {}) } });
    return chart
      .renderToSVGString()
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
      .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
      .replace(/font-family:sans-serif;/g, `font-family:${CJK_FONTS.replace(/"/g, "'")};`);
  } finally {
    chart.dispose();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
