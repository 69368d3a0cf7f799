/**
 * 预测建模: pick a table, target, features and algorithm; train in the engine worker with progress and cancel; read
 * the model card (metrics, ROC / gains / calibration charts, confusion matrix at a threshold, importance, partial
 * dependence, coefficients, leakage warnings, missing values); compare models; score customers into tags; and
 * run next-best-product (NbpSection).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassWeight, ModelCard, PredictAlgo, TableChoice } from '#shared/api/predictTypes.ts';
import { useWorkspace } from '#renderer/app/appContext.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { TableSelect } from '#renderer/components/TableSelect.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { ModelCardView } from './ModelCardView.tsx';
import { ModelCompare } from './ModelCompare.tsx';
import { NbpSection } from './NbpSection.tsx';
import { DEFAULT_PIT, PointInTimeForm, pointInTimeArgs, type PitChoice } from './PointInTimeForm.tsx';

const PROFILE = 'customer_profile';
/** `ModelCard.table` of point-in-time models (shared/predict/pointInTime.ts). */
const PIT_TABLE = 'point_in_time';
type Source = 'table' | 'pit';
const ALGOS: readonly PredictAlgo[] = ['trees', 'logistic'];
const WEIGHTS: readonly ClassWeight[] = ['balanced', 'none'];

/** Columns that can be a target: two values, or few categories. */
function targetColumns(choice: TableChoice | undefined): TableChoice['columns'] {
  return (choice?.columns ?? []).filter((c) => c.kind !== 'tag' && (c.kind === 'numeric' || (c.distinct ?? 99) <= 20));
}

export function PredictView(): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const workspace = useWorkspace();
  const profileJob = useJob('profile.status');
  const loadProfile = profileJob.run;
  useEffect(() => {
    void loadProfile({});
  }, [loadProfile, workspace.info?.dirty, workspace.info?.savedAt]);
  const profileRows = profileJob.result?.built ? profileJob.result.rows : 0;
  // The customer wide table is not a workspace table of its own (it is rebuilt from them); it leads the list once built.
  const tables = useMemo(() => {
    const rank = (x: { name: string; kind: string }): number => (x.kind === 'table' ? 1 : 2);
    const listed = (workspace.info?.tables ?? []).filter((x) => x.rows > 0).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    return profileRows > 0 ? [{ name: PROFILE, kind: 'profile', zh: t('predict.profileTable'), en: t('predict.profileTable'), rows: profileRows }, ...listed] : listed;
  }, [workspace.info?.tables, profileRows, t]);
  const [table, setTable] = useState<string | null>(null);
  const current = table ?? tables[0]?.name ?? null;
  const columnsJob = useJob('predict.columns');
  const modelsJob = useJob('predict.models');
  const modelJob = useJob('predict.model');
  const trainJob = useJob('predict.train', { keepOnUnmount: true });
  const deleteJob = useJob('predict.delete');
  const [target, setTarget] = useState('');
  const [positive, setPositive] = useState('');
  const [chosen, setChosen] = useState<readonly string[] | null>(null);
  const [algo, setAlgo] = useState<PredictAlgo>('trees');
  const [classWeight, setClassWeight] = useState<ClassWeight>('balanced');
  const [seed, setSeed] = useState(42);
  const [shown, setShown] = useState<ModelCard | null>(null);
  const [compare, setCompare] = useState<readonly number[]>([]);
  const [source, setSource] = useState<Source>('table');
  const [pit, setPit] = useState<PitChoice>(DEFAULT_PIT);
  const modelTable = source === 'pit' ? PIT_TABLE : current;

  const loadColumns = columnsJob.run;
  const loadModels = modelsJob.run;
  useEffect(() => {
    if (current) void loadColumns({ table: current });
  }, [current, loadColumns]);
  useEffect(() => {
    if (modelTable) void loadModels({ table: modelTable });
  }, [modelTable, loadModels]);

  const choice = columnsJob.result ?? undefined;
  const targets = targetColumns(choice);
  const features = (choice?.columns ?? []).filter((c) => c.name !== target);
  const selected = chosen ?? features.filter((f) => f.kind !== 'tag').map((f) => f.name);
  const busy = trainJob.running;
  const models = modelsJob.result ?? [];

  const chooseSource = (next: Source): void => {
    setSource(next);
    setShown(null);
    setCompare([]);
  };
  const chooseTable = (name: string): void => {
    setTable(name);
    setTarget('');
    setChosen(null);
    setShown(null);
    setCompare([]);
  };
  const toggle = (name: string): void => setChosen(selected.includes(name) ? selected.filter((x) => x !== name) : [...selected, name]);
  const train = async (): Promise<void> => {
    if (source === 'table' && (!current || !target)) return;
    const args =
      source === 'pit'
        ? { pointInTime: pointInTimeArgs(pit), algo, classWeight }
        : { table: current ?? PROFILE, target, algo, classWeight, features: selected.filter((f) => f !== target), ...(positive.trim() ? { positive: positive.trim() } : {}) };
    const card = await trainJob.run(args, { seed });
    if (card) {
      setShown(card);
      if (modelTable) void loadModels({ table: modelTable });
    }
  };
  const show = async (modelId: number): Promise<void> => {
    const card = await modelJob.run({ modelId });
    if (card) setShown(card);
  };
  const remove = async (modelId: number): Promise<void> => {
    await deleteJob.run({ modelId });
    if (shown?.modelId === modelId) setShown(null);
    setCompare((c) => c.filter((x) => x !== modelId));
    if (modelTable) void loadModels({ table: modelTable });
  };

  if (!current) {
    return (
      <section className="page" data-testid="view-predict">
        <h1 className="page-title">{t('predict.title')}</h1>
        <div className="empty-state">{t('predict.noTable')}</div>
      </section>
    );
  }

  return (
    <section className="page" data-testid="view-predict">
      <div className="page-head">
        <h1 className="page-title">{t('predict.title')}</h1>
      </div>
      <p className="muted">{t('predict.intro')}</p>
      <section className="card">
        <div className="form-row">
          <label className="form-field">
            <span className="form-label">{t('predict.source')}</span>
            <select className="select" value={source} disabled={busy} onChange={(e) => chooseSource(e.target.value as Source)} data-testid="predict-source">
              {(['table', 'pit'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`predict.sources.${x}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {source === 'pit' ? <PointInTimeForm value={pit} disabled={busy} onChange={setPit} /> : null}
        <div className="form-row">
          {source === 'table' ? (
            <>
              <TableSelect label={t('predict.table')} tables={tables} value={current} en={en} disabled={busy} onChange={chooseTable} testId="predict-table" />
              <label className="form-field">
                <span className="form-label">{t('predict.target')}</span>
                <select className="select" value={target} disabled={busy} onChange={(e) => setTarget(e.target.value)} data-testid="predict-target">
                  <option value="">—</option>
                  {targets.map((c) => (
                    <option key={c.name} value={c.name}>
                      {`${en ? c.en : c.zh} (${c.name})`}
                    </option>
                  ))}
                </select>
              </label>
              <label className="form-field">
                <span className="form-label">{t('predict.positive')}</span>
                <input className="input" value={positive} placeholder={t('predict.positiveHint')} disabled={busy} onChange={(e) => setPositive(e.target.value)} data-testid="predict-positive" />
              </label>
            </>
          ) : null}
          <label className="form-field">
            <span className="form-label">{t('predict.algo')}</span>
            <select className="select" value={algo} disabled={busy} onChange={(e) => setAlgo(e.target.value as PredictAlgo)} data-testid="predict-algo">
              {ALGOS.map((a) => (
                <option key={a} value={a}>
                  {t(`predict.algos.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">{t('predict.classWeight')}</span>
            <select className="select" value={classWeight} disabled={busy} onChange={(e) => setClassWeight(e.target.value as ClassWeight)} data-testid="predict-class-weight">
              {WEIGHTS.map((w) => (
                <option key={w} value={w}>
                  {t(`predict.classWeights.${w}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">{t('predict.seed')}</span>
            <input type="number" className="input" style={{ width: '6em' }} value={seed} min={0} disabled={busy} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} data-testid="predict-seed" />
          </label>
        </div>
        {columnsJob.error ? <ErrorNotice error={columnsJob.error} /> : null}
        {source === 'table' && features.length > 0 ? (
          <fieldset disabled={busy} data-testid="predict-features">
            <legend className="form-label">
              {t('predict.features')}{' '}
              <button type="button" className="btn btn-small" onClick={() => setChosen(features.map((f) => f.name))} data-testid="predict-all-features">
                {t('predict.allFeatures')}
              </button>{' '}
              <button type="button" className="btn btn-small" onClick={() => setChosen([])} data-testid="predict-clear-features">
                {t('predict.clearFeatures')}
              </button>
            </legend>
            <div className="form-row">
              {features.map((f) => (
                <label key={f.name} className="small">
                  <input type="checkbox" checked={selected.includes(f.name)} onChange={() => toggle(f.name)} data-testid={`predict-feature-${f.name}`} />
                  {` ${en ? f.en : f.zh}`}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="form-row">
          <button type="button" className="btn btn-primary" disabled={busy || (source === 'table' && (!target || selected.length === 0))} onClick={() => void train()} data-testid="predict-train">
            {t('predict.train')}
          </button>
        </div>
        {trainJob.running ? <JobProgress progress={trainJob.progress} cancelling={trainJob.cancelling} onCancel={trainJob.cancel} label={t('predict.train')} testId="predict-progress" cancelTestId="predict-cancel" /> : null}
        {trainJob.cancelled ? <p className="muted" data-testid="predict-cancelled">{t('common.cancelled')}</p> : null}
        {trainJob.error ? <ErrorNotice error={trainJob.error} testId="predict-error" /> : null}
      </section>
      <section className="card" data-testid="predict-models">
        <h2 className="card-title">{t('predict.models')}</h2>
        {models.length === 0 ? (
          <p className="muted">{t('predict.noModels')}</p>
        ) : (
          <div className="table-wrap">
            <table className="grid-table">
              <thead>
                <tr>
                  <th>{t('predict.compare')}</th>
                  <th>{t('predict.columns.name')}</th>
                  <th>{t('predict.columns.algo')}</th>
                  <th className="num">{t('predict.columns.auc')}</th>
                  <th className="num">{t('predict.columns.ks')}</th>
                  <th className="num">{t('predict.columns.lift')}</th>
                  <th className="num">{t('predict.columns.nTrain')}</th>
                  <th className="num">{t('predict.columns.nValid')}</th>
                  <th>{t('predict.columns.scored')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {models.map((m) => (
                  <tr key={m.modelId} data-testid={`predict-model-${m.modelId}`}>
                    <td>
                      <input
                        type="checkbox"
                        checked={compare.includes(m.modelId)}
                        onChange={() => setCompare((c) => (c.includes(m.modelId) ? c.filter((x) => x !== m.modelId) : [...c, m.modelId]))}
                        data-testid={`predict-compare-${m.modelId}`}
                      />
                    </td>
                    <td>{m.name}</td>
                    <td>{t(`predict.algos.${m.algo}`)}</td>
                    <td className="num">{m.auc.toFixed(3)}</td>
                    <td className="num">{m.ks.toFixed(3)}</td>
                    <td className="num">{m.liftTop10.toFixed(2)}</td>
                    <td className="num">{m.nTrain.toLocaleString()}</td>
                    <td className="num">{m.nValid.toLocaleString()}</td>
                    <td>{m.scored ? '✓' : ''}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => void show(m.modelId)} data-testid={`predict-show-${m.modelId}`}>
                        {t('predict.show')}
                      </button>{' '}
                      <button type="button" className="btn btn-small" onClick={() => void remove(m.modelId)} data-testid={`predict-delete-${m.modelId}`}>
                        {t('predict.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {compare.length >= 2 ? <ModelCompare modelIds={compare} /> : null}
      {shown ? <ModelCardView key={shown.modelId} card={shown} onScored={() => modelTable && void loadModels({ table: modelTable })} /> : null}
      <NbpSection />
    </section>
  );
}
