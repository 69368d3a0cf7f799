/**
 * The 2-D map with a lasso: an ECharts instance of its own (ChartView has no event hooks) whose polygon brush
 * reports the drawn region in data coordinates. The region goes to the engine, which selects every member inside
 * it, not only the sampled points drawn here.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { echarts, type ECOption } from '#renderer/charts/echarts.ts';

export type Polygon = readonly (readonly [number, number])[];

interface BrushArea {
  readonly brushType?: string;
  readonly coordRange?: unknown;
}

function polygonOf(areas: readonly BrushArea[] | undefined): Polygon | null {
  const area = areas?.find((a) => a.brushType === 'polygon');
  if (!area || !Array.isArray(area.coordRange)) return null;
  const points = (area.coordRange as unknown[]).filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number');
  return points.length >= 3 ? points : null;
}

export interface ClusterMapViewProps {
  readonly option: ECOption;
  readonly height: number;
  readonly label: string;
  /** Lasso mode on: dragging draws a polygon. */
  readonly lasso: boolean;
  readonly onLasso: (polygon: Polygon | null) => void;
  readonly projection: 'pca' | 'umap';
  /** Points drawn (for tests and screen readers). */
  readonly points: number;
}

export function ClusterMapView({ option, height, label, lasso, onLasso, projection, points }: ClusterMapViewProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onLassoRef = useRef(onLasso);
  useEffect(() => {
    onLassoRef.current = onLasso;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('brushEnd', (params) => onLassoRef.current(polygonOf((params as { areas?: BrushArea[] }).areas)));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: lasso ? { brushType: 'polygon', brushMode: 'single' } : { brushType: false } });
    if (!lasso) chart.current?.dispatchAction({ type: 'brush', areas: [] });
  }, [lasso, option]);

  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid="cluster-map" data-lasso={lasso ? 'on' : 'off'} data-projection={projection} data-points={points} />;
}
