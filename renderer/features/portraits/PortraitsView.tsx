/**
 * 客群画像: pick a group (all customers, a saved segment, a lifecycle group, a cluster, a tag) and a base (all
 * customers, the parent clustering run, a branch, a saved segment); the distributions with TGI come first, then
 * the radar and the most distinguishing tags stream in. Every chart exports as PNG or SVG. Aggregation runs in
 * the engine worker: only counts reach the page.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupRef, PortraitDistribution } from '#shared/api/portraitTypes.ts';
import type { SegmentCatalog } from '#shared/api/segmentTypes.ts';
import { DEFAULT_MIN_SUPPORT, DEFAULT_PORTRAIT_COLUMNS } from '#shared/portrait/portrait.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import type { ECOption } from '#renderer/charts/echarts.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { chartFileName, chartPng, chartSvg, EXPORT_WIDTH } from './chartExport.ts';
import { distributionHeight, distributionOption, radarOption, topTagsOption } from './portraitCharts.ts';
import '#renderer/features/segments/segments.css';

type GroupKind = 'all' | 'segment' | 'lifecycle' | 'cluster' | 'tag';
type BaseKind = 'all' | 'parent' | 'branch' | 'segment';
const GROUP_KINDS: readonly GroupKind[] = ['all', 'segment', 'lifecycle', 'cluster', 'tag'];

/** Cluster items are `run:cluster`. */
function groupRef(kind: GroupKind, item: string): GroupRef | null {
  if (kind === 'all') return { kind: 'all' };
  if (item === '') return null;
  switch (kind) {
    case 'segment':
      return { kind: 'segment', segmentId: Number(item) };
    case 'lifecycle':
      return { kind: 'lifecycle', group: item };
    case 'tag':
      return { kind: 'tag', tag: item };
    case 'cluster': {
      const [run, cluster] = item.split(':').map(Number);
      return { kind: 'cluster', runId: run ?? 0, cluster: cluster ?? 0 };
    }
  }
}

function groupItems(kind: GroupKind, c: SegmentCatalog, en: boolean): [string, string][] {
  switch (kind) {
    case 'segment':
      return c.segments.map((s) => [String(s.segmentId), s.name]);
    case 'lifecycle':
      return c.lifecycle.map((l) => [l.tag, en ? l.en : l.zh]);
    case 'tag':
      return c.tags.map((l) => [l.tag, en ? l.en : l.zh]);
    case 'cluster':
      return c.clusterRuns.flatMap((r) => r.clusters.map((x): [string, string] => [`${r.runId}:${x.cluster}`, `${x.name} · ${r.label}`]));
    default:
      return [];
  }
}

/** Opened with `segment` (a saved segment's 画像 link) or `lifecycle` (a lifecycle group's tag key), it shows that group at once. */
export function PortraitsView({ segment, lifecycle = null }: { readonly segment: number | null; readonly lifecycle?: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const engine = useEngine();
  const catalogJob = useJob('segments.catalog');
  const describeJob = useJob('portrait.describe');
  const describeRestJob = useJob('portrait.describe');
  const radarJob = useJob('portrait.radar');
  const tagsJob = useJob('portrait.topTags');
  const linked: GroupRef | null = segment !== null ? { kind: 'segment', segmentId: segment } : lifecycle ? { kind: 'lifecycle', group: lifecycle } : null;
  const [kind, setKind] = useState<GroupKind>(segment !== null ? 'segment' : lifecycle ? 'lifecycle' : 'all');
  const [item, setItem] = useState(segment !== null ? String(segment) : (lifecycle ?? ''));
  const [baseKind, setBaseKind] = useState<BaseKind>('all');
  const [baseItem, setBaseItem] = useState('');
  const [branches, setBranches] = useState<readonly string[]>([]);
  const [minSupport, setMinSupport] = useState(DEFAULT_MIN_SUPPORT);
  const [columns, setColumns] = useState<readonly string[]>(DEFAULT_PORTRAIT_COLUMNS);
  const loadCatalog = catalogJob.run;

  useEffect(() => {
    void loadCatalog({});
    engine.call('segments.values', { column: 'branch' }).then(
      (v) => setBranches(v.values.map((x) => x.value)),
      () => setBranches([]),
    );
  }, [loadCatalog, engine]);

  const catalog = catalogJob.result;
  const group = groupRef(kind, item);
  const base: GroupRef | null =
    baseKind === 'all'
      ? { kind: 'all' }
      : baseKind === 'parent'
        ? group?.kind === 'cluster'
          ? { kind: 'clusterRun', ...(group.runId !== undefined ? { runId: group.runId } : {}) }
          : null
        : baseKind === 'branch'
          ? baseItem
            ? { kind: 'branch', branch: baseItem }
            : null
          : baseItem
            ? { kind: 'segment', segmentId: Number(baseItem) }
            : null;

  const runFirst = describeJob.run;
  const runRest = describeRestJob.run;
  const resetRest = describeRestJob.reset;
  const runRadar = radarJob.run;
  const runTags = tagsJob.run;
  // The first distribution comes on its own so the first chart shows at once; the others stream in after it
  // with their own progress. Each column is tested on its own, so the split changes no figure.
  const runDescribe = useCallback(
    async (g: GroupRef, b: GroupRef, cols: readonly string[], support: number): Promise<boolean> => {
      resetRest();
      const first = await runFirst({ group: g, base: b, options: { columns: cols.slice(0, 1), minSupport: support } });
      if (!first) return false;
      if (cols.length > 1) await runRest({ group: g, base: b, options: { columns: cols.slice(1), minSupport: support } });
      return true;
    },
    [runFirst, runRest, resetRest],
  );
  const show = async (): Promise<void> => {
    if (!group || !base) return;
    if (!(await runDescribe(group, base, columns, minSupport))) return;
    await runRadar({ group, base });
    await runTags({ group, base, minSupport, limit: 12 });
  };

  // Opened from a saved segment's or a lifecycle group's 画像 link: show it at once. The key keeps the effect
  // from running again on every render (the ref object is new each time).
  const autoKey = linked && catalog?.profileBuilt ? JSON.stringify(linked) : null;
  useEffect(() => {
    if (autoKey === null) return;
    const auto = JSON.parse(autoKey) as GroupRef;
    void runDescribe(auto, { kind: 'all' }, DEFAULT_PORTRAIT_COLUMNS, DEFAULT_MIN_SUPPORT).then(
      (shown) => shown && void runRadar({ group: auto, base: { kind: 'all' } }).then(() => void runTags({ group: auto, base: { kind: 'all' }, minSupport: DEFAULT_MIN_SUPPORT, limit: 12 })),
    );
  }, [autoKey, runDescribe, runRadar, runTags]);

  const p = describeJob.result;
  const distributions = p ? [...p.distributions, ...(describeRestJob.result?.distributions ?? [])] : [];
  const items = catalog ? groupItems(kind, catalog, en) : [];

  return (
    <section className="page" data-testid="view-portraits">
      <div className="page-head">
        <h1 className="page-title">{t('portraits.title')}</h1>
      </div>
      <p className="muted">{t('portraits.intro')}</p>
      {catalogJob.error ? <ErrorNotice error={catalogJob.error} /> : null}
      {catalog && !catalog.profileBuilt ? <div className="notice notice-warning">{t('portraits.noProfile')}</div> : null}
      {catalog?.profileBuilt ? (
        <section className="card">
          <div className="form-row">
            <label className="form-field">
              <span className="form-label">{t('portraits.group')}</span>
              <select
                className="select"
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as GroupKind);
                  setItem('');
                }}
                data-testid="portrait-group-kind"
              >
                {GROUP_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`portraits.groupKind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            {kind !== 'all' ? (
              <label className="form-field">
                <span className="form-label">&nbsp;</span>
                <select className="select" value={item} onChange={(e) => setItem(e.target.value)} data-testid="portrait-group">
                  <option value="">{t('portraits.choose')}</option>
                  {items.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="form-field">
              <span className="form-label">{t('portraits.base')}</span>
              <select
                className="select"
                value={baseKind}
                onChange={(e) => {
                  setBaseKind(e.target.value as BaseKind);
                  setBaseItem('');
                }}
                data-testid="portrait-base-kind"
              >
                <option value="all">{t('portraits.baseKind.all')}</option>
                {kind === 'cluster' ? <option value="parent">{t('portraits.baseKind.parent')}</option> : null}
                <option value="branch">{t('portraits.baseKind.branch')}</option>
                <option value="segment">{t('portraits.baseKind.segment')}</option>
              </select>
            </label>
            {baseKind === 'branch' || baseKind === 'segment' ? (
              <label className="form-field">
                <span className="form-label">&nbsp;</span>
                <select className="select" value={baseItem} onChange={(e) => setBaseItem(e.target.value)} data-testid="portrait-base">
                  <option value="">{t('portraits.choose')}</option>
                  {(baseKind === 'branch' ? branches.map((b): [string, string] => [b, b]) : catalog.segments.map((s): [string, string] => [String(s.segmentId), s.name])).map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="form-field">
              <span className="form-label">{t('portraits.minSupport')}</span>
              <input className="input input-num" type="number" min={1} value={minSupport} onChange={(e) => setMinSupport(Math.max(1, Number(e.target.value) || 1))} data-testid="portrait-min-support" />
            </label>
            <label className="form-field">
              <span className="form-label">&nbsp;</span>
              <button type="button" className="btn btn-primary" disabled={!group || !base || describeJob.running} onClick={() => void show()} data-testid="portrait-show">
                {t('portraits.show')}
              </button>
            </label>
          </div>
          <details>
            <summary className="small">{t('portraits.columns')}</summary>
            <div className="segments-picks">
              {catalog.columns.map((c) => (
                <label key={c.name} className="rule-check">
                  <input type="checkbox" checked={columns.includes(c.name)} onChange={() => setColumns((cur) => (cur.includes(c.name) ? cur.filter((x) => x !== c.name) : [...cur, c.name]))} />{' '}
                  {en ? c.en : c.zh}
                </label>
              ))}
            </div>
          </details>
        </section>
      ) : null}
      {describeJob.running ? <JobProgress progress={describeJob.progress} cancelling={describeJob.cancelling} onCancel={describeJob.cancel} label={t('portraits.show')} testId="portrait-progress" /> : null}
      {[describeJob.error, describeRestJob.error, radarJob.error, tagsJob.error].map((e, k) => (e ? <ErrorNotice key={k} error={e} /> : null))}
      {p ? (
        <div data-testid="portrait-result">
          <p>
            <strong>{`${p.group.label} · ${p.base.label}`}</strong>{' '}
            <span className="muted">{t('portraits.size', { group: p.group.size.toLocaleString(), base: p.base.size.toLocaleString() })}</span>
            {p.outsideBase > 0 ? <span className="muted">{` · ${t('portraits.outside', { n: p.outsideBase.toLocaleString() })}`}</span> : null}
            <span className="muted small">{` · ${t('portraits.ms', { ms: Math.round(p.ms + (describeRestJob.result?.ms ?? 0)) })}`}</span>
          </p>
          <div className="portrait-grid">
            {distributions.map((d) => (
              <DistributionCard key={d.column} d={d} groupLabel={p.group.label} baseLabel={p.base.label} minSupport={p.minSupport} alpha={p.alpha} />
            ))}
          </div>
          {describeRestJob.running ? (
            <JobProgress progress={describeRestJob.progress} cancelling={describeRestJob.cancelling} onCancel={describeRestJob.cancel} label={t('portraits.more')} testId="portrait-more-progress" />
          ) : null}
          {radarJob.running || tagsJob.running ? (
            <JobProgress
              progress={radarJob.running ? radarJob.progress : tagsJob.progress}
              cancelling={radarJob.cancelling || tagsJob.cancelling}
              onCancel={() => {
                radarJob.cancel();
                tagsJob.cancel();
              }}
              label={t('portraits.topTags')}
            />
          ) : null}
          <div className="portrait-grid">
            {radarJob.result && radarJob.result.axes.length >= 3 ? (
              <ExportableChart
                option={radarOption(radarJob.result, { title: t('portraits.radar'), group: p.group.label, base: p.base.label }, en)}
                height={320}
                title={t('portraits.radar')}
                testId="portrait-radar"
              />
            ) : null}
            {tagsJob.result ? (
              tagsJob.result.tags.length > 0 ? (
                <ExportableChart option={topTagsOption(tagsJob.result.tags, { title: t('portraits.topTags') }, en)} height={Math.max(200, 40 + tagsJob.result.tags.length * 26)} title={t('portraits.topTags')} testId="portrait-tags" />
              ) : (
                <div className="card">
                  <h3 className="card-title">{t('portraits.topTags')}</h3>
                  <p className="muted" data-testid="portrait-tags-empty">
                    {t('portraits.topTagsEmpty')}
                  </p>
                </div>
              )
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function DistributionCard({
  d,
  groupLabel,
  baseLabel,
  minSupport,
  alpha,
}: {
  readonly d: PortraitDistribution;
  readonly groupLabel: string;
  readonly baseLabel: string;
  readonly minSupport: number;
  readonly alpha: number;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const title = en ? d.en : d.zh;
  const option = useMemo(
    () => distributionOption(en ? { ...d, bins: d.bins.map((b) => ({ ...b, label: b.labelEn })) } : d, { title, group: groupLabel, base: baseLabel, hidden: t('portraits.tgiHidden', { min: minSupport }) }),
    [d, en, title, groupLabel, baseLabel, t, minSupport],
  );
  const mean =
    d.groupMean !== null && d.baseMean !== null ? t('portraits.mean', { group: d.groupMean.toLocaleString(undefined, { maximumFractionDigits: 1 }), base: d.baseMean.toLocaleString(undefined, { maximumFractionDigits: 1 }) }) : null;
  return (
    <ExportableChart option={option} height={distributionHeight(d.bins.length)} title={title} testId={`portrait-dist-${d.column}`}>
      <p className="muted small">
        {mean ? `${mean} · ` : ''}
        {t('portraits.missing', { group: d.missingGroup.toLocaleString(), base: d.missingBase.toLocaleString() })}
      </p>
      <DistributionTable d={d} minSupport={minSupport} alpha={alpha} en={en} />
    </ExportableChart>
  );
}

function ExportableChart({ option, height, title, testId, children }: { readonly option: ECOption; readonly height: number; readonly title: string; readonly testId: string; readonly children?: ReactNode }): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const [note, setNote] = useState<string | null>(null);
  const save = async (ext: 'png' | 'svg'): Promise<void> => {
    const name = chartFileName(title, ext);
    const bytes = ext === 'png' ? chartPng(option, EXPORT_WIDTH, height) : new TextEncoder().encode(chartSvg(option, EXPORT_WIDTH, height));
    const where = await platform.saveFile(name, bytes, ext === 'png' ? 'image/png' : 'image/svg+xml');
    if (where) setNote(t('portraits.exported', { name }));
  };
  return (
    <div className="card chart-card" data-testid={testId}>
      <ChartView option={option} height={height} label={title} />
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={() => void save('png')} data-testid={`${testId}-png`}>
          {t('portraits.exportPng')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => void save('svg')} data-testid={`${testId}-svg`}>
          {t('portraits.exportSvg')}
        </button>
        {note ? <span className="muted small">{note}</span> : null}
      </div>
      {children}
    </div>
  );
}

/**
 * The chart's numbers as a table (for reading exact values, and for screen readers): shares, TGI starred when
 * significant, a dash where the bin is below the minimum support.
 */
function DistributionTable({ d, minSupport, alpha, en }: { readonly d: PortraitDistribution; readonly minSupport: number; readonly alpha: number; readonly en: boolean }): ReactNode {
  const { t } = useTranslation();
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return (
    <details data-testid={`portrait-table-${d.column}`}>
      <summary className="small">{t('portraits.table')}</summary>
      <table className="grid-table small">
        <thead>
          <tr>
            <th>{t('portraits.bin')}</th>
            <th className="num">{t('portraits.groupCount')}</th>
            <th className="num">{t('portraits.groupShare')}</th>
            <th className="num">{t('portraits.baseShare')}</th>
            <th className="num">{t('portraits.tgi')}</th>
          </tr>
        </thead>
        <tbody>
          {d.bins.map((b) => (
            <tr key={b.label} data-testid="portrait-bin">
              <td>{en ? b.labelEn : b.label}</td>
              <td className="num" data-testid="portrait-bin-group">
                {b.group.toLocaleString()}
              </td>
              <td className="num">{pct(b.groupShare)}</td>
              <td className="num">{pct(b.baseShare)}</td>
              <td className="num" data-testid="portrait-bin-tgi" title={b.tgi === null ? t('portraits.tgiHidden', { min: minSupport }) : b.significant ? t('portraits.significant', { alpha }) : undefined}>
                {b.tgi === null ? t('portraits.notShown') : `${Math.round(b.tgi)}${b.significant ? '*' : ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
