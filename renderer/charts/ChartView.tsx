/**
 * Hosts one ECharts instance: created on mount, disposed on unmount, resized with its box, and given each new
 * option in full (`notMerge`), so the chart always shows exactly what the pure option builder returned.
 */
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { pinnableOption } from '#renderer/features/reports/pinnable.ts';
import { echarts, type ECOption } from './echarts.ts';

export interface ChartViewProps {
  readonly option: ECOption;
  readonly height: number;
  /** What the chart shows, for screen readers (the canvas itself is opaque to them). */
  readonly label: string;
  readonly testId?: string;
  /** Called with the clicked element (drill-down); the latest callback is always the one called. */
  readonly onClick?: (params: ChartClick) => void;
  /** Shows 加入报告, which adds the chart (titled `label`) to the meeting pack; default true. */
  readonly pinnable?: boolean;
}

/** The part of ECharts' click event that drill-downs use. */
export interface ChartClick {
  readonly name: string;
  readonly seriesName?: string;
  readonly seriesIndex?: number;
  readonly dataIndex: number;
}

export function ChartView({ option, height, label, testId, onClick, pinnable = true }: ChartViewProps): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      const e = p as { name?: unknown; seriesName?: unknown; seriesIndex?: unknown; dataIndex?: unknown };
      clickRef.current?.({
        name: typeof e.name === 'string' || typeof e.name === 'number' ? String(e.name) : '',
        dataIndex: Number(e.dataIndex ?? -1),
        ...(typeof e.seriesName === 'string' ? { seriesName: e.seriesName } : {}),
        ...(typeof e.seriesIndex === 'number' ? { seriesIndex: e.seriesIndex } : {}),
      });
    });
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

  const chartDiv = <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
  if (!pinnable) return chartDiv;
  return (
    <div className="chart-pinnable">
      {chartDiv}
      <PinButton title={label} option={option} box={box} height={height} />
    </div>
  );
}

/** 加入报告: stores the chart's option in the workspace; the meeting pack renders it as SVG. */
function PinButton({ title, option, box, height }: { readonly title: string; readonly option: ECOption; readonly box: RefObject<HTMLDivElement | null>; readonly height: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [state, setState] = useState<'idle' | 'added' | 'failed'>('idle');
  const pin = async (): Promise<void> => {
    try {
      await engine.call('report.pin', { title, option: pinnableOption(option), width: box.current?.clientWidth ?? 720, height });
      setState('added');
    } catch {
      setState('failed');
    }
  };
  return (
    <button
      type="button"
      className="btn btn-small chart-pin"
      // Below the chart, right-aligned: over the canvas it would hide legends, which sit at the top right.
      style={{ display: 'block', marginLeft: 'auto', marginTop: 2, fontSize: 12, padding: '1px 8px' }}
      disabled={state === 'added'}
      title={state === 'failed' ? t('error.INTERNAL') : undefined}
      data-testid="chart-pin"
      onClick={() => void pin()}
    >
      {state === 'added' ? t('reports.pin.added') : t('reports.pin.add')}
    </button>
  );
}
