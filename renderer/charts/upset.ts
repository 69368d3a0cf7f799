/**
 * UpSet chart (Lex et al., 2014) as a pure ECharts option: bars of the exclusive-intersection sizes on top, a dot
 * matrix below naming the sets of each bar, and each set's size as a bar left of the matrix. The bars and the
 * matrix sit in two grids with the same categories and the same left and right edges, so each bar stands exactly
 * over its column of dots.
 *
 * Generic over what the sets are: ONE_ID passes channels (persons seen in exactly these channels), segments can
 * pass saved segments; {@link intersectionsFromMasks} turns bit masks (`mask` bit i = member of set i) into the
 * set indexes this module takes.
 */
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { format } from 'echarts/core';
import type { ECOption } from './echarts.ts';

/** One set of the chart: a channel, a segment … */
export interface UpSetSet {
  readonly key: string;
  /** Shown as the matrix row label (already translated). */
  readonly label: string;
  /** Members of the set, over all the intersections it is part of. */
  readonly size: number;
}

/** Members of exactly these sets and of no other (an exclusive intersection). */
export interface UpSetIntersection {
  /** Indexes into {@link UpSetData.sets}; order does not matter. */
  readonly sets: readonly number[];
  readonly size: number;
}

export interface UpSetData {
  readonly sets: readonly UpSetSet[];
  /** Intersections with no set (members of none) cannot be drawn and are left out. */
  readonly intersections: readonly UpSetIntersection[];
}

export interface UpSetLabels {
  readonly title?: string;
  /** Name of the intersection-size axis, e.g. 人数. */
  readonly size: string;
  /** Tooltip of a column (plain text, escaped here) from the labels of its sets and its size; default `A + B: 1,234`. */
  readonly column?: (setLabels: readonly string[], size: number) => string;
  /** Tooltip of a set-size bar (plain text, escaped here); default `A: 1,234`. */
  readonly set?: (label: string, size: number) => string;
  /** Count formatting in bar labels and default tooltips; default `toLocaleString()`. */
  readonly count?: (n: number) => string;
}

export interface UpSetOptions {
  /** Most columns drawn, largest first (default 20); the rest are counted in {@link UpSetColumns}. */
  readonly maxColumns?: number;
  /** `size`: largest first (default); `degree`: fewest sets first, then largest. */
  readonly sort?: 'size' | 'degree';
  /** Draw each set's size left of the matrix (default true). */
  readonly setSizes?: boolean;
}

export interface UpSetColumns {
  /** The intersections drawn, in column order, each with its set indexes sorted. */
  readonly columns: readonly UpSetIntersection[];
  /** Intersections not drawn (beyond `maxColumns`) and their members. */
  readonly hidden: number;
  readonly hiddenSize: number;
}

const DEFAULT_MAX_COLUMNS = 20;
const TITLE_HEIGHT = 32;
/** Room above the bars for the size axis's name. */
const AXIS_NAME_HEIGHT = 22;
const BAR_HEIGHT = 170;
const GAP = 10;
const ROW_HEIGHT = 26;
const BOTTOM = 12;
const SET_BAR_WIDTH = 120;
const LABEL_FONT = 12;
const BAR_COLOR = '#2f6fb0';
const SET_COLOR = '#7b8794';
const DOT_ON = '#1f2933';
const DOT_OFF = '#d5dbe2';

/**
 * Set indexes from bit masks (bit i set = member of set i), keeping the masks' order. Bits at or beyond
 * `setCount` are a caller's bug and throw.
 */
export function intersectionsFromMasks(masks: readonly { readonly mask: number; readonly size: number }[], setCount: number): UpSetIntersection[] {
  return masks.map(({ mask, size }) => {
    if (!Number.isInteger(mask) || mask < 0 || mask >= 2 ** setCount) throw new RangeError(`mask ${mask} names a set beyond the ${setCount} given`);
    const sets: number[] = [];
    for (let i = 0; i < setCount; i++) if (mask & (1 << i)) sets.push(i);
    return { sets, size };
  });
}

/** The columns to draw: non-empty intersections, sorted, at most `maxColumns`. */
export function upsetColumns(data: UpSetData, options: UpSetOptions = {}): UpSetColumns {
  const max = Math.max(1, options.maxColumns ?? DEFAULT_MAX_COLUMNS);
  const valid = data.intersections
    .filter((x) => x.sets.length > 0 && x.size > 0)
    .map((x) => {
      for (const i of x.sets) if (!Number.isInteger(i) || i < 0 || i >= data.sets.length) throw new RangeError(`intersection names set ${i} of ${data.sets.length}`);
      return { sets: [...new Set(x.sets)].sort((a, b) => a - b), size: x.size };
    });
  const bySize = (a: UpSetIntersection, b: UpSetIntersection): number => b.size - a.size || a.sets.length - b.sets.length || a.sets.join().localeCompare(b.sets.join());
  const largest = valid.sort(bySize);
  // The columns drawn are always the largest ones; `degree` only changes their order.
  const shown = largest.slice(0, max);
  if (options.sort === 'degree') shown.sort((a, b) => a.sets.length - b.sets.length || bySize(a, b));
  const hiddenList = largest.slice(max);
  return { columns: shown, hidden: hiddenList.length, hiddenSize: hiddenList.reduce((s, x) => s + x.size, 0) };
}

/**
 * Rough pixel width of a label at `fontSize`: CJK and full-width characters take a full em, others about 0.6 em.
 * Only used to leave room for the matrix row labels, so measuring glyphs with a canvas is not worth it.
 */
export function labelWidth(text: string, fontSize = LABEL_FONT): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.6;
  return Math.ceil(w);
}

/** Pixel height of the chart for `sets` matrix rows. */
export function upsetHeight(sets: number, labels: Pick<UpSetLabels, 'title'> = {}): number {
  return (labels.title ? TITLE_HEIGHT : GAP) + AXIS_NAME_HEIGHT + BAR_HEIGHT + GAP + Math.max(1, sets) * ROW_HEIGHT + BOTTOM;
}

/** The UpSet option; see the module comment for its layout. */
export function upsetOption(data: UpSetData, labels: UpSetLabels, options: UpSetOptions = {}): ECOption {
  const { columns } = upsetColumns(data, options);
  const count = labels.count ?? ((n: number) => n.toLocaleString());
  const columnText = labels.column ?? ((names: readonly string[], size: number) => `${names.join(' + ')}: ${count(size)}`);
  const setText = labels.set ?? ((label: string, size: number) => `${label}: ${count(size)}`);
  const setSizes = options.setSizes ?? true;
  const rows = data.sets.map((s) => s.label);
  // Tooltips are HTML and set labels may be user-typed (segment names): escape them.
  const describe = (i: number): string => {
    const c = columns[i];
    return c ? format.encodeHTML(columnText(c.sets.map((s) => rows[s] ?? ''), c.size)) : '';
  };

  const barTop = (labels.title ? TITLE_HEIGHT : GAP) + AXIS_NAME_HEIGHT;
  const matrixTop = barTop + BAR_HEIGHT + GAP;
  const matrixHeight = Math.max(1, rows.length) * ROW_HEIGHT;
  const rowLabelWidth = Math.max(0, ...rows.map((r) => labelWidth(r))) + 12;
  const left = 8 + (setSizes ? SET_BAR_WIDTH : 0) + rowLabelWidth;
  const right = 16;
  const categories = columns.map((_, i) => String(i));
  const hiddenAxis = { axisLabel: { show: false }, axisTick: { show: false }, axisLine: { show: false } } as const;

  const dotsOn: [number, number][] = [];
  const dotsOff: [number, number][] = [];
  const links: LineSeriesOption[] = [];
  columns.forEach((c, x) => {
    for (let y = 0; y < rows.length; y++) (c.sets.includes(y) ? dotsOn : dotsOff).push([x, y]);
    const first = c.sets[0];
    const last = c.sets[c.sets.length - 1];
    if (first !== undefined && last !== undefined && last !== first) {
      links.push({ type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: [[x, first], [x, last]], symbol: 'none', silent: true, lineStyle: { color: DOT_ON, width: 3 }, z: 2 });
    }
  });

  const bars: BarSeriesOption = {
    type: 'bar',
    xAxisIndex: 0,
    yAxisIndex: 0,
    data: columns.map((c) => c.size),
    itemStyle: { color: BAR_COLOR },
    barCategoryGap: '30%',
    label: { show: true, position: 'top', fontSize: 11, formatter: (p) => count(Number(p.value)) },
    tooltip: { formatter: (p) => describe(p.dataIndex) },
  };
  const off: ScatterSeriesOption = { type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, data: dotsOff, symbolSize: 11, itemStyle: { color: DOT_OFF }, silent: true, z: 1 };
  const on: ScatterSeriesOption = {
    type: 'scatter',
    xAxisIndex: 1,
    yAxisIndex: 1,
    data: dotsOn,
    symbolSize: 13,
    itemStyle: { color: DOT_ON },
    z: 3,
    tooltip: { formatter: (p) => describe(Array.isArray(p.value) ? Number(p.value[0]) : -1) },
  };
  const setBars: BarSeriesOption = {
    type: 'bar',
    xAxisIndex: 2,
    yAxisIndex: 2,
    data: data.sets.map((s) => s.size),
    itemStyle: { color: SET_COLOR },
    barWidth: '55%',
    label: { show: true, position: 'left', fontSize: 11, formatter: (p) => count(Number(p.value)) },
    tooltip: { formatter: (p) => format.encodeHTML(setText(rows[p.dataIndex] ?? '', data.sets[p.dataIndex]?.size ?? 0)) },
  };
  const maxSet = Math.max(1, ...data.sets.map((s) => s.size));

  return {
    animation: false,
    ...(labels.title ? { title: { text: labels.title, left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 600 } } } : {}),
    tooltip: { trigger: 'item' },
    grid: [
      { left, right, top: barTop, height: BAR_HEIGHT },
      { left, right, top: matrixTop, height: matrixHeight },
      { left: 8, width: setSizes ? SET_BAR_WIDTH - 16 : 0, top: matrixTop, height: matrixHeight, show: false },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: categories, ...hiddenAxis },
      { type: 'category', gridIndex: 1, data: categories, ...hiddenAxis },
      // Room for the count labels left of the longest bar.
      { type: 'value', gridIndex: 2, inverse: true, max: Math.ceil(maxSet * 1.5), show: false },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        name: labels.size,
        nameTextStyle: { fontSize: 11, align: 'left' },
        axisLabel: { fontSize: 11 },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      {
        type: 'category',
        gridIndex: 1,
        data: rows,
        inverse: true,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { fontSize: LABEL_FONT, color: '#1f2933' },
        splitArea: { show: true, areaStyle: { color: ['#f6f8fa', '#ffffff'] } },
      },
      { type: 'category', gridIndex: 2, data: rows, inverse: true, show: false },
    ],
    series: [bars, off, ...links, on, ...(setSizes ? [setBars] : [])],
  };
}
