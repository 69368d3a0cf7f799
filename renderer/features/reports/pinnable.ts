/**
 * Turns a chart's ECharts option into what 加入报告 stores: plain JSON. Functions (formatters) cannot cross to the
 * worker and mean nothing in a file, so they drop out; typed arrays (large scatters) become plain arrays.
 */
export function pinnableOption(option: unknown): unknown {
  return JSON.parse(JSON.stringify(option, (_key, value: unknown) => (ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value))) as unknown;
}
