/**
 * Exports a chart as the option builder made it, independent of the chart on screen: SVG through ECharts'
 * server-side SVG renderer (`renderToSVGString`), PNG through an off-screen canvas chart's `getDataURL` at
 * twice the pixel density, on white. Either way the file matches what the analyst sees, at a fixed size.
 */
import { echarts, type ECOption } from '#renderer/charts/echarts.ts';

export const EXPORT_WIDTH = 900;

export function chartSvg(option: ECOption, width: number, height: number): string {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function chartPng(option: ECOption, width: number, height: number): Uint8Array {
  const box = document.createElement('div');
  const chart = echarts.init(box, undefined, { renderer: 'canvas', width, height });
  try {
    chart.setOption({ ...option, animation: false });
    const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    const b64 = url.slice(url.indexOf(',') + 1);
    return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  } finally {
    chart.dispose();
  }
}

/** A file name from a chart title: no path separators or characters file systems refuse. */
export function chartFileName(title: string, ext: 'png' | 'svg'): string {
  const base = title.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
  return `${base.slice(0, 80)}.${ext}`;
}
