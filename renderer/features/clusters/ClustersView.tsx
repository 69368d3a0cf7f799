/**
 * 智能分群: pick a table and features, set scaling, categorical encoding and missing-value handling, scan k
 * (silhouette, Calinski–Harabasz, Davies–Bouldin, stability; a recommendation the analyst may take or not), run
 * the clustering with progress and cancel, and read the result (ClusterResult). All work runs in the engine worker.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoricalMethod, ClusterAlgorithm, ClusterFeatureInfo, ClusterRunResult, ClusterSettings, MissingMethod, ScaleMethod } from '#shared/api/clusterTypes.ts';
import { useWorkspace } from '#renderer/app/appContext.tsx';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { TableSelect } from '#renderer/components/TableSelect.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { ClusterResult } from './ClusterResult.tsx';
import { scanOption } from './clusterCharts.ts';

const PROFILE = 'customer_profile';
const SCALES: readonly ScaleMethod[] = ['standard', 'robust', 'none'];
const CATEGORICALS: readonly CategoricalMethod[] = ['onehot', 'kprototypes'];
const MISSINGS: readonly MissingMethod[] = ['impute', 'drop'];
const ALGORITHMS: readonly ClusterAlgorithm[] = ['auto', 'kmeans', 'minibatch', 'kprototypes'];
const KINDS = ['numeric', 'categorical', 'tag'] as const;

/** Tables worth clustering: the customer profile first, then customers, generic imported tables, other entity tables with rows. */
function clusterTables(tables: readonly { name: string; kind: string; rows: number; zh: string; en: string }[]): { name: string; zh: string; en: string }[] {
  const rank = (t: { name: string; kind: string }): number => (t.name === PROFILE ? 0 : t.name === 'customers' ? 1 : t.kind === 'table' ? 2 : 3);
  return tables.filter((t) => t.rows > 0).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export function ClustersView(): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const workspace = useWorkspace();
  const profileJob = useJob('profile.status');
  const loadProfile = profileJob.run;
  useEffect(() => {
    void loadProfile({});
  }, [loadProfile, workspace.info?.dirty, workspace.info?.savedAt]);
  const profileRows = profileJob.result?.built ? profileJob.result.rows : 0;
  // The customer wide table is not a workspace table of its own (it is rebuilt from them); it leads the list once
  // built, and only runs over it (or another table with ONE_IDs) can become 客群.
  const tables = useMemo(
    () => clusterTables([...(profileRows > 0 ? [{ name: PROFILE, kind: 'profile', zh: t('clusters.profileTable'), en: t('clusters.profileTable'), rows: profileRows }] : []), ...(workspace.info?.tables ?? [])]),
    [workspace.info?.tables, profileRows, t],
  );
  const [table, setTable] = useState<string | null>(null);
  const current = table ?? tables[0]?.name ?? null;
  const featuresJob = useJob('cluster.features');
  const runsJob = useJob('cluster.runs');
  const resultJob = useJob('cluster.result');
  const scanJob = useJob('cluster.scan');
  const runJob = useJob('cluster.run', { keepOnUnmount: true });
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [scale, setScale] = useState<ScaleMethod>('standard');
  const [logMoney, setLogMoney] = useState(true);
  const [categorical, setCategorical] = useState<CategoricalMethod>('onehot');
  const [missing, setMissing] = useState<MissingMethod>('impute');
  const [algorithm, setAlgorithm] = useState<ClusterAlgorithm>('auto');
  const [seed, setSeed] = useState(42);
  const [k, setK] = useState(5);
  const [kMin, setKMin] = useState(2);
  const [kMax, setKMax] = useState(8);
  const [silhouetteRows, setSilhouetteRows] = useState(10_000);
  const [shown, setShown] = useState<ClusterRunResult | null>(null);

  const loadFeatures = featuresJob.run;
  const loadRuns = runsJob.run;
  const loadResult = resultJob.run;
  useEffect(() => {
    if (!current) return;
    void loadFeatures({ table: current });
    void loadRuns({ table: current }).then((runs) => {
      const latest = runs?.[0];
      if (latest) void loadResult({ runId: latest.runId }).then((r) => r && setShown(r));
    });
  }, [current, loadFeatures, loadRuns, loadResult]);

  const features = useMemo(() => featuresJob.result?.features ?? [], [featuresJob.result]);
  const settings: ClusterSettings = { table: current ?? PROFILE, features: chosen, scale, logMoney, categorical, missing, algorithm };
  const busy = scanJob.running || runJob.running;
  const toggle = (name: string): void => setChosen((c) => (c.includes(name) ? c.filter((x) => x !== name) : [...c, name]));
  const scan = scanJob.result;
  const scanChart = useMemo(
    () =>
      scan
        ? scanOption(scan, {
            silhouette: t('clusters.metrics.silhouette'),
            calinskiHarabasz: t('clusters.metrics.calinskiHarabasz'),
            daviesBouldin: t('clusters.metrics.daviesBouldin'),
            stability: t('clusters.metrics.stability'),
          })
        : null,
    [scan, t],
  );

  const chooseTable = (name: string): void => {
    setTable(name);
    setChosen([]);
    setShown(null);
  };

  const run = async (): Promise<void> => {
    const r = await runJob.run({ ...settings, k }, { seed });
    if (r) setShown(r);
  };

  if (!current) {
    return (
      <section className="page" data-testid="view-clusters">
        <h1 className="page-title">{t('clusters.title')}</h1>
        <div className="empty-state">{t('clusters.noTable')}</div>
      </section>
    );
  }

  return (
    <section className="page" data-testid="view-clusters">
      <div className="page-head">
        <h1 className="page-title">{t('clusters.title')}</h1>
      </div>
      <p className="muted">{t('clusters.intro')}</p>
      <section className="card">
        <div className="form-row">
          <TableSelect label={t('clusters.table')} tables={tables} value={current} en={en} disabled={busy} onChange={chooseTable} testId="cluster-table" />
          <Choice label={t('clusters.scale')} value={scale} options={SCALES} text={(v) => t(`clusters.scales.${v}`)} onChange={setScale} testId="cluster-scale" disabled={busy} />
          <label className="form-field">
            <span className="form-label">{t('clusters.logMoney')}</span>
            <input type="checkbox" checked={logMoney} disabled={busy} onChange={(e) => setLogMoney(e.target.checked)} data-testid="cluster-log-money" />
          </label>
          <Choice label={t('clusters.categorical')} value={categorical} options={CATEGORICALS} text={(v) => t(`clusters.categoricals.${v}`)} onChange={setCategorical} testId="cluster-categorical" disabled={busy} />
          <Choice label={t('clusters.missing')} value={missing} options={MISSINGS} text={(v) => t(`clusters.missings.${v}`)} onChange={setMissing} testId="cluster-missing-method" disabled={busy} />
          <Choice label={t('clusters.algorithm')} value={algorithm} options={ALGORITHMS} text={(v) => t(`clusters.algorithms.${v}`)} onChange={setAlgorithm} testId="cluster-algorithm" disabled={busy} />
          <NumberField label={t('clusters.seed')} value={seed} min={0} onChange={setSeed} testId="cluster-seed" disabled={busy} />
        </div>
        {featuresJob.error ? <ErrorNotice error={featuresJob.error} /> : null}
        <FeaturePicker features={features} chosen={chosen} onToggle={toggle} disabled={busy} onAllNumeric={() => setChosen(features.filter((f) => f.kind === 'numeric').map((f) => f.name))} onClear={() => setChosen([])} />
        {featuresJob.result && featuresJob.result.excluded.length > 0 ? (
          <p className="muted small" data-testid="cluster-excluded">
            {t('clusters.excluded', { list: featuresJob.result.excluded.map((x) => `${x.name}（${t(`clusters.excludedReason.${x.reason}`)}）`).join('，') })}
          </p>
        ) : null}
        <div className="form-row">
          <span className="form-label">{t('clusters.scanRange')}</span>
          <NumberField label="min" value={kMin} min={2} onChange={setKMin} testId="cluster-kmin" disabled={busy} />
          <NumberField label="max" value={kMax} min={2} onChange={setKMax} testId="cluster-kmax" disabled={busy} />
          <NumberField label={t('clusters.silhouetteRows')} value={silhouetteRows} min={100} onChange={setSilhouetteRows} testId="cluster-silhouette-rows" disabled={busy} />
          <button
            type="button"
            className="btn"
            disabled={busy || chosen.length === 0}
            onClick={() => void scanJob.run({ ...settings, kMin, kMax: Math.max(kMin, kMax), sampleRows: silhouetteRows }, { seed })}
            data-testid="cluster-scan"
          >
            {t('clusters.scan')}
          </button>
          <NumberField label={t('clusters.k')} value={k} min={2} onChange={setK} testId="cluster-k" disabled={busy} />
          <button type="button" className="btn btn-primary" disabled={busy || chosen.length === 0} onClick={() => void run()} data-testid="cluster-run">
            {t('clusters.run')}
          </button>
        </div>
        {scanJob.running ? <JobProgress progress={scanJob.progress} cancelling={scanJob.cancelling} onCancel={scanJob.cancel} label={t('clusters.scan')} testId="cluster-scan-progress" cancelTestId="cluster-scan-cancel" /> : null}
        {runJob.running ? <JobProgress progress={runJob.progress} cancelling={runJob.cancelling} onCancel={runJob.cancel} label={t('clusters.run')} testId="cluster-run-progress" cancelTestId="cluster-run-cancel" /> : null}
        {scanJob.cancelled || runJob.cancelled ? <p className="muted" data-testid="cluster-cancelled">{t('common.cancelled')}</p> : null}
        {scanJob.error ? <ErrorNotice error={scanJob.error} testId="cluster-scan-error" /> : null}
        {runJob.error ? <ErrorNotice error={runJob.error} testId="cluster-run-error" /> : null}
      </section>
      {scan && scanChart ? (
        <section className="card" data-testid="cluster-scan-result">
          <h2 className="card-title">{t('clusters.scanTitle')}</h2>
          <ChartView option={scanChart} height={280} label={t('clusters.scanTitle')} testId="cluster-scan-chart" />
          <p>
            <span data-testid="cluster-recommended">{t('clusters.recommended', { k: scan.recommendedK })}</span>{' '}
            <button type="button" className="btn btn-small" onClick={() => setK(scan.recommendedK)} data-testid="cluster-use-recommended">
              {t('clusters.useRecommended')}
            </button>
          </p>
          <p className="muted small">{t('clusters.scanNote', { scanRows: scan.scanRows.toLocaleString(), silhouetteRows: scan.silhouetteRows.toLocaleString() })}</p>
        </section>
      ) : null}
      {shown ? <ClusterResult key={shown.runId} run={shown} /> : <div className="empty-state">{t('clusters.noRun')}</div>}
    </section>
  );
}

function FeaturePicker(props: {
  readonly features: readonly ClusterFeatureInfo[];
  readonly chosen: readonly string[];
  readonly onToggle: (name: string) => void;
  readonly onAllNumeric: () => void;
  readonly onClear: () => void;
  readonly disabled: boolean;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  if (props.features.length === 0) return <p className="muted">{t('clusters.noFeatures')}</p>;
  return (
    <fieldset className="cluster-features" data-testid="cluster-features" disabled={props.disabled}>
      <legend className="form-label">
        {t('clusters.features')}{' '}
        <button type="button" className="btn btn-small" onClick={props.onAllNumeric} data-testid="cluster-all-numeric">
          {t('clusters.selectAllNumeric')}
        </button>{' '}
        <button type="button" className="btn btn-small" onClick={props.onClear}>
          {t('clusters.clearFeatures')}
        </button>
      </legend>
      {KINDS.map((kind) => {
        const list = props.features.filter((f) => f.kind === kind);
        if (list.length === 0) return null;
        return (
          <div key={kind} className="form-row">
            <span className="form-label">{t(`clusters.featureKinds.${kind}`)}</span>
            {list.map((f) => (
              <label key={f.name} className="small" title={f.missing > 0 ? t('clusters.missingCount', { count: f.missing }) : undefined}>
                <input type="checkbox" checked={props.chosen.includes(f.name)} onChange={() => props.onToggle(f.name)} data-testid={`cluster-feature-${f.name}`} />
                {` ${en ? f.en : f.zh}`}
                {f.missing > 0 ? <span className="warn-text">{` (${t('clusters.missingCount', { count: f.missing })})`}</span> : null}
              </label>
            ))}
          </div>
        );
      })}
    </fieldset>
  );
}

function Choice<T extends string>(props: {
  readonly label: string;
  readonly value: T;
  readonly options: readonly T[];
  readonly text: (v: T) => string;
  readonly onChange: (v: T) => void;
  readonly testId: string;
  readonly disabled: boolean;
}): ReactNode {
  return (
    <label className="form-field">
      <span className="form-label">{props.label}</span>
      <select className="select" value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value as T)} data-testid={props.testId}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberField(props: { readonly label: string; readonly value: number; readonly min: number; readonly onChange: (v: number) => void; readonly testId: string; readonly disabled: boolean }): ReactNode {
  return (
    <label className="form-field">
      <span className="form-label">{props.label}</span>
      <input
        type="number"
        className="input"
        style={{ width: '5.5em' }}
        value={props.value}
        min={props.min}
        disabled={props.disabled}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= props.min) props.onChange(v);
        }}
        data-testid={props.testId}
      />
    </label>
  );
}
