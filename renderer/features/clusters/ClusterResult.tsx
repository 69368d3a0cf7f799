/**
 * A clustering run: summary and visible missing-value handling, the groups with names, sizes, distinguishing
 * features (standardised difference, TGI) and typical members, radar and parallel coordinates, and the 2-D map
 * (PCA, with a lasso; or UMAP on a seeded sample, computed on request in the worker with progress and cancel). A
 * group or a lasso region can be saved as a segment.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterGroup, ClusterRunResult, GroupFeatureStat } from '#shared/api/clusterTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { ClusterMapView, type Polygon } from './ClusterMapView.tsx';
import { mapOption, parallelOption, radarOption } from './clusterCharts.ts';

const fmt = (v: number, digits = 2): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString() : v.toFixed(digits));

export function ClusterResult({ run }: { readonly run: ClusterRunResult }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const engine = useEngine();
  const mapJob = useJob('cluster.map');
  const runMap = mapJob.run;
  const umapJob = useJob('cluster.umap');
  const runUmap = umapJob.run;
  const [projection, setProjection] = useState<'pca' | 'umap'>('pca');
  const [lasso, setLasso] = useState(false);
  const [region, setRegion] = useState<Polygon | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);

  // The parent remounts this component for each run (key), so selection state starts afresh with the run.
  useEffect(() => {
    void runMap({ runId: run.runId });
  }, [run.runId, runMap]);

  const label = (s: GroupFeatureStat): string => (en ? s.en : s.zh);
  const groupName = (g: ClusterGroup): string => (en ? g.nameEn : g.name);
  const groups = useMemo(() => run.groups.map((g) => ({ ...g, name: en ? g.nameEn : g.name })), [run.groups, en]);
  const radar = useMemo(() => radarOption(groups, (s) => (en ? s.en : s.zh)), [groups, en]);
  const parallel = useMemo(() => parallelOption(groups, (s) => (en ? s.en : s.zh)), [groups, en]);
  const map = mapJob.result;
  const umap = umapJob.result;
  const shown = projection === 'pca' ? map : umap;
  const scatter = useMemo(() => (shown ? mapOption(shown, groups) : null), [shown, groups]);

  const chooseProjection = (p: 'pca' | 'umap'): void => {
    setProjection(p);
    if (p === 'umap') {
      // The lasso selects by stored PCA coordinates, so it is off on the UMAP map.
      setLasso(false);
      setRegion(null);
      if (!umap && !umapJob.running) void runUmap({ runId: run.runId });
    }
  };

  const saveSelection = async (args: { cluster?: number; polygon?: Polygon }, name: string): Promise<void> => {
    setSaveError(null);
    setSaved(null);
    try {
      if (args.cluster !== undefined && run.keyKind === 'one_id') {
        try {
          const seg = await engine.call('segments.save', { name, rule: { type: 'cluster', run: run.runId, clusters: [args.cluster] } });
          setSaved(t('clusters.savedSegment', { name: seg.name }));
          return;
        } catch (e) {
          // Until the segments feature is in this build, keep the members as a selection it can pick up later.
          if (!(e instanceof ExpectedError && e.code === 'UNKNOWN_METHOD')) throw e;
          const sel = await engine.call('cluster.select', { runId: run.runId, cluster: args.cluster, label: name });
          setSaved(t('clusters.segmentsUnavailable', { id: sel.selectionId, count: sel.members }));
          return;
        }
      }
      const sel = await engine.call('cluster.select', { runId: run.runId, ...(args.cluster !== undefined ? { cluster: args.cluster } : {}), ...(args.polygon ? { polygon: args.polygon } : {}), label: name });
      if (run.keyKind === 'one_id') {
        try {
          // The segment refers to the stored selection, so it keeps exactly the members inside the drawn region.
          const seg = await engine.call('segments.save', { name: `${name} #${sel.selectionId}`, rule: { type: 'selection', selection: sel.selectionId } });
          setSaved(t('clusters.savedLassoSegment', { name: seg.name, count: seg.count }));
          return;
        } catch (e) {
          if (!(e instanceof ExpectedError && e.code === 'UNKNOWN_METHOD')) throw e;
        }
      }
      setSaved(t('clusters.savedSelection', { id: sel.selectionId, count: sel.members }));
    } catch (e) {
      setSaveError(e);
    }
  };

  return (
    <div data-testid="cluster-result">
      <section className="card">
        <p data-testid="cluster-summary">
          {t('clusters.summary', {
            runId: run.runId,
            algorithm: t(`clusters.algorithms.${run.algorithm}`),
            k: run.k,
            rows: run.rows.toLocaleString(),
            seed: run.seed,
            iterations: run.iterations,
            seconds: run.seconds.toFixed(2),
            silhouette: run.silhouette.toFixed(3),
          })}
        </p>
        {run.droppedRows > 0 ? <p className="warn-text">{t('clusters.dropped', { count: run.droppedRows })}</p> : null}
        {run.clipped.length > 0 ? (
          <ul className="small" data-testid="cluster-clipped">
            {run.clipped.map((c) => (
              <li key={c.feature}>{t('clusters.clipped', { feature: c.feature, count: c.values, clip: run.settings.clip })}</li>
            ))}
          </ul>
        ) : null}
        {run.missing.length > 0 ? (
          <ul className="small" data-testid="cluster-missing">
            {run.missing.map((m) => (
              <li key={`${m.feature}.${m.action}`}>
                {t('clusters.missingLine', { feature: m.feature, count: m.missing, action: t(`clusters.missingActions.${m.action}`, { fill: m.fill === null ? '' : fmt(m.fill) }) })}
              </li>
            ))}
          </ul>
        ) : null}
        {saved ? (
          <p role="status" data-testid="cluster-saved">
            {saved}
          </p>
        ) : null}
        {saveError ? <ErrorNotice error={saveError} testId="cluster-save-error" /> : null}
      </section>
      <section className="card">
        <h2 className="card-title">{t('clusters.groups')}</h2>
        <div className="table-wrap">
          <table className="grid-table" data-testid="cluster-groups">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('clusters.name')}</th>
                <th className="num">{t('clusters.size')}</th>
                <th className="num">{t('clusters.share')}</th>
                <th>{t('clusters.distinguishing')}</th>
                <th>{t('clusters.typical')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {run.groups.map((g) => (
                <tr key={g.cluster} data-testid={`cluster-group-${g.cluster}`}>
                  <td>{g.cluster}</td>
                  <td>
                    <strong data-testid="cluster-group-name">{groupName(g)}</strong>
                    {g.matchedFrom ? (
                      <div className="muted small">
                        {g.matchedFrom.by === 'profile'
                          ? t('clusters.matchedProfile', { runId: g.matchedFrom.runId, cluster: g.matchedFrom.cluster })
                          : t('clusters.matched', { runId: g.matchedFrom.runId, cluster: g.matchedFrom.cluster, overlap: Math.round(g.matchedFrom.overlap * 100) })}
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{g.size.toLocaleString()}</td>
                  <td className="num">{`${(g.share * 100).toFixed(1)}%`}</td>
                  <td className="small">
                    {g.distinguishing
                      .map((s) => `${label(s)}${s.level !== null && s.level !== '1' ? `=${s.level}` : ''} ${s.z >= 0 ? '+' : ''}${s.z.toFixed(2)}${s.tgi !== null ? ` · TGI ${Math.round(s.tgi)}` : ''}`)
                      .join('；')}
                  </td>
                  <td className="small muted">{g.typical.slice(0, 3).map((m) => m.key).join(', ')}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => void saveSelection({ cluster: g.cluster }, groupName(g))} data-testid={`cluster-to-segment-${g.cluster}`}>
                      {t('clusters.toSegment')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <div className="chart-row">
        <div className="card chart-card">
          <h3 className="card-title">{t('clusters.radar')}</h3>
          <ChartView option={radar} height={320} label={t('clusters.radar')} testId="cluster-radar" />
        </div>
        <div className="card chart-card">
          <h3 className="card-title">{t('clusters.parallel')}</h3>
          <ChartView option={parallel} height={320} label={t('clusters.parallel')} testId="cluster-parallel" />
        </div>
      </div>
      <section className="card">
        <div className="card-head">
          <h3 className="card-title">
            {projection === 'pca' ? t('clusters.map', { explained: Math.round((run.mapExplained[0] + run.mapExplained[1]) * 100) }) : t('clusters.mapUmap')}
          </h3>
          {projection === 'pca' && map && map.xy.length / 2 < map.total ? (
            <span className="muted small">{t('clusters.mapSampled', { shown: (map.xy.length / 2).toLocaleString(), total: map.total.toLocaleString() })}</span>
          ) : null}
          <div className="header-spacer" />
          <div role="group" aria-label={t('clusters.projection')}>
            {(['pca', 'umap'] as const).map((p) => (
              <button
                key={p}
                type="button"
                className={`btn btn-small${projection === p ? ' btn-primary' : ''}`}
                aria-pressed={projection === p}
                onClick={() => chooseProjection(p)}
                data-testid={`cluster-projection-${p}`}
              >
                {t(`clusters.projections.${p}`)}
              </button>
            ))}
          </div>
          <button
            type="button"
            className={`btn btn-small${lasso ? ' btn-primary' : ''}`}
            aria-pressed={lasso}
            disabled={projection !== 'pca'}
            onClick={() => setLasso((v) => !v)}
            data-testid="cluster-lasso"
          >
            {t('clusters.lasso')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!region}
            onClick={() => void (region ? saveSelection({ polygon: region }, t('clusters.lassoName', { runId: run.runId })) : undefined)}
            data-testid="cluster-lasso-save"
          >
            {run.keyKind === 'one_id' ? t('clusters.lassoSave') : t('clusters.lassoSaveRows')}
          </button>
        </div>
        {projection === 'umap' && umap ? (
          <p className="muted small" data-testid="cluster-umap-note">
            {t('clusters.umapNote', { shown: (umap.xy.length / 2).toLocaleString(), total: umap.total.toLocaleString(), cap: umap.limit.toLocaleString() })}
          </p>
        ) : null}
        {projection === 'umap' && umapJob.running ? (
          <JobProgress progress={umapJob.progress} cancelling={umapJob.cancelling} onCancel={umapJob.cancel} label={t('clusters.mapUmap')} testId="cluster-umap-progress" cancelTestId="cluster-umap-cancel" />
        ) : null}
        {projection === 'umap' && umapJob.cancelled ? <p className="muted" data-testid="cluster-umap-cancelled">{t('common.cancelled')}</p> : null}
        {mapJob.error ? <ErrorNotice error={mapJob.error} /> : null}
        {projection === 'umap' && umapJob.error ? <ErrorNotice error={umapJob.error} /> : null}
        {scatter && shown ? (
          <ClusterMapView
            option={scatter}
            height={460}
            label={projection === 'pca' ? t('clusters.map', { explained: '' }) : t('clusters.mapUmap')}
            lasso={lasso}
            onLasso={setRegion}
            projection={projection}
            points={shown.xy.length / 2}
          />
        ) : null}
      </section>
    </div>
  );
}
