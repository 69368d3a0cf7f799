/**
 * ECharts, tree-shaken: only the charts and components the workbench draws are registered, and `ECOption`
 * admits only their options (../shared/STYLE.md §14). Add a chart here before using it in an option builder.
 */
import * as echarts from 'echarts/core';
import {
  BarChart,
  GraphChart,
  LineChart,
  ParallelChart,
  PieChart,
  RadarChart,
  SankeyChart,
  ScatterChart,
  type BarSeriesOption,
  type GraphSeriesOption,
  type LineSeriesOption,
  type ParallelSeriesOption,
  type PieSeriesOption,
  type RadarSeriesOption,
  type SankeySeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  RadarComponent,
  TitleComponent,
  TooltipComponent,
  type BrushComponentOption,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type RadarComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';

echarts.use([BarChart, GraphChart, LineChart, ParallelChart, PieChart, RadarChart, SankeyChart, ScatterChart, BrushComponent, DataZoomComponent, GridComponent, ParallelComponent, RadarComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export type ECOption = ComposeOption<
  | BarSeriesOption
  | GraphSeriesOption
  | LineSeriesOption
  | ParallelSeriesOption
  | PieSeriesOption
  | RadarSeriesOption
  | SankeySeriesOption
  | ScatterSeriesOption
  | BrushComponentOption
  | DataZoomComponentOption
  | GridComponentOption
  | RadarComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export { echarts };
