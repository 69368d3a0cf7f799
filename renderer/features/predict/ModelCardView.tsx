/** One model's card: metrics, warnings, charts, confusion matrix at a chosen threshold, explanation, scoring. */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelCard } from '#shared/api/predictTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { TopWithinSegment } from './TopWithinSegment.tsx';
import { calibrationOption, gainsOption, importanceOption, pdOption, rocOption } from './predictCharts.ts';

/** Charts side by side, as many per row as fit (no page stylesheet of its own). */
const CHART_GRID = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '12px' } as const;

export function ModelCardView({ card, onScored }: { readonly card: ModelCard; readonly onScored: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const scoreJob = useJob('predict.score', { keepOnUnmount: true });
  const [threshold, setThreshold] = useState(() => Math.max(0.01, Math.min(0.99, Math.round(card.metrics.baseRate * 100) / 100)));
  const m = card.metrics;
  const charts = useMemo(
    () => ({
      roc: rocOption([{ name: card.name, roc: m.roc }], { fpr: t('predict.axis.fpr'), tpr: t('predict.axis.tpr'), chance: t('predict.axis.chance') }),
      gains: gainsOption(m.deciles, { lift: t('predict.axis.lift'), cumGain: t('predict.axis.cumGain'), decile: t('predict.axis.decile') }),
      calibration: calibrationOption(m.calibration, { predicted: t('predict.axis.predicted'), observed: t('predict.axis.observed'), perfect: t('predict.axis.perfect') }),
      importance: importanceOption(card.importance, (r) => (en ? r.en : r.zh)),
    }),
    [card, m, t, en],
  );
  const confusion = m.confusion.find((c) => Math.abs(c.threshold - threshold) < 1e-9) ?? m.confusion[0];
  const score = async (): Promise<void> => {
    const r = await scoreJob.run({ modelId: card.modelId });
    if (r) onScored();
  };
  const scored = scoreJob.result;
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const pit = card.pointInTime;

  return (
    <section className="card" data-testid="predict-card">
      <h2 className="card-title">{`${t('predict.card')} · ${card.name}`}</h2>
      <p className="muted small" data-testid="predict-card-line">
        {t('predict.cardLine', {
          table: pit ? t('predict.pit.table') : card.table,
          target: pit ? `${card.target} (${en ? pit.targetEn : pit.targetZh})` : card.target,
          positive: card.positive,
          seed: card.seed,
          asOf: card.asOfDate ?? '—',
          split: t(`predict.splitBy.${card.split.by}`),
          nTrain: card.nTrain.toLocaleString(),
          nValid: card.nValid.toLocaleString(),
          iterations: card.iterations,
          seconds: card.trainSeconds.toFixed(1),
        })}
      </p>
      <div className="form-row" data-testid="predict-metrics">
        <Metric label={t('predict.metrics.auc')} value={m.auc.toFixed(3)} testId="predict-auc" />
        <Metric label={t('predict.metrics.ks')} value={m.ks.toFixed(3)} testId="predict-ks" />
        <Metric label={t('predict.metrics.lift')} value={m.liftTop10.toFixed(2)} testId="predict-lift" />
        <Metric label={t('predict.metrics.trainAuc')} value={card.trainAuc.toFixed(3)} testId="predict-train-auc" />
        <Metric label={t('predict.metrics.baseRate')} value={pct(m.baseRate)} testId="predict-base-rate" />
      </div>
      {pit ? (
        <div className="notice" data-testid="predict-pit-info">
          <p>
            {t('predict.pit.info', {
              reference: pit.referenceDate,
              target: en ? pit.targetEn : pit.targetZh,
              end: pit.outcomeEnd,
              customers: pit.customers.toLocaleString(),
              latest: pit.latestFeatureDate ?? '—',
            })}
          </p>
          {pit.excluded.length > 0 ? (
            <p className="small" data-testid="predict-pit-excluded">
              {t('predict.pit.excludedLine', { list: pit.excluded.map((e) => t(`predict.pit.reasons.${e.reason}`, { n: e.customers.toLocaleString() })).join(en ? '; ' : '；') })}
            </p>
          ) : null}
        </div>
      ) : null}
      {card.leakage.map((l) => (
        <p key={l.feature} className="notice notice-warning" data-testid="predict-leakage">
          {t('predict.leakage', { feature: l.feature, auc: l.auc.toFixed(3) })}
        </p>
      ))}
      <div style={CHART_GRID}>
        <ChartView option={charts.roc} height={280} label={t('predict.charts.roc')} testId="predict-roc" />
        <ChartView option={charts.gains} height={280} label={t('predict.charts.gains')} testId="predict-gains" />
        <ChartView option={charts.calibration} height={280} label={t('predict.charts.calibration')} testId="predict-calibration" />
      </div>
      {confusion ? (
        <div data-testid="predict-confusion">
          <h3 className="card-title">{t('predict.confusion.title')}</h3>
          <label className="form-field">
            <span className="form-label">{`${t('predict.threshold')} ${threshold.toFixed(2)}`}</span>
            <input type="range" min={0.01} max={0.99} step={0.01} value={threshold} onChange={(e) => setThreshold(Math.round(Number(e.target.value) * 100) / 100)} data-testid="predict-threshold" />
          </label>
          <table className="grid-table">
            <tbody>
              <tr>
                <td>{t('predict.confusion.tp')}</td>
                <td className="num" data-testid="predict-tp">{confusion.tp}</td>
                <td>{t('predict.confusion.fp')}</td>
                <td className="num">{confusion.fp}</td>
              </tr>
              <tr>
                <td>{t('predict.confusion.fn')}</td>
                <td className="num">{confusion.fn}</td>
                <td>{t('predict.confusion.tn')}</td>
                <td className="num">{confusion.tn}</td>
              </tr>
              <tr>
                <td>{t('predict.confusion.precision')}</td>
                <td className="num">{confusion.tp + confusion.fp > 0 ? pct(confusion.tp / (confusion.tp + confusion.fp)) : '—'}</td>
                <td>{t('predict.confusion.recall')}</td>
                <td className="num">{confusion.tp + confusion.fn > 0 ? pct(confusion.tp / (confusion.tp + confusion.fn)) : '—'}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      <h3 className="card-title">{t('predict.charts.importance')}</h3>
      <ChartView option={charts.importance} height={Math.max(160, 22 * Math.min(15, card.importance.length) + 40)} label={t('predict.charts.importance')} testId="predict-importance" />
      {card.partialDependence.length > 0 ? (
        <>
          <h3 className="card-title">{t('predict.charts.pd')}</h3>
          <div style={CHART_GRID}>
            {card.partialDependence.map((pd) => (
              <ChartView key={pd.feature} option={pdOption(pd, en ? pd.en : pd.zh)} height={220} label={`${t('predict.charts.pd')}: ${en ? pd.en : pd.zh}`} testId={`predict-pd-${pd.feature}`} pinnable={false} />
            ))}
          </div>
        </>
      ) : null}
      {card.coefficients ? (
        <details data-testid="predict-coefficients">
          <summary>{t('predict.coefficients')}</summary>
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('predict.coefColumns.column')}</th>
                <th className="num">{t('predict.coefColumns.coef')}</th>
                <th className="num">{t('predict.coefColumns.odds')}</th>
              </tr>
            </thead>
            <tbody>
              {card.coefficients.slice(0, 30).map((c) => (
                <tr key={c.column}>
                  <td>{c.column}</td>
                  <td className="num">{c.coef.toFixed(3)}</td>
                  <td className="num">{c.oddsRatio.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {card.missing.length > 0 ? (
        <div data-testid="predict-missing">
          <h3 className="card-title">{t('predict.missing')}</h3>
          <ul className="small">
            {card.missing.map((x) => (
              <li key={x.feature}>{t('predict.missingLine', { feature: x.feature, count: x.missing, handling: t(`predict.missingHandling.${x.handling}`) })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="muted small">{t('predict.excluded', { list: card.excluded.map((x) => `${x.name}（${x.reason}）`).join('，') })}</p>
      <div className="form-row">
        <button type="button" className="btn btn-primary" disabled={scoreJob.running} onClick={() => void score()} data-testid="predict-score">
          {t('predict.score')}
        </button>
      </div>
      {scoreJob.running ? <JobProgress progress={scoreJob.progress} cancelling={scoreJob.cancelling} onCancel={scoreJob.cancel} label={t('predict.score')} testId="predict-score-progress" /> : null}
      {scoreJob.error ? <ErrorNotice error={scoreJob.error} testId="predict-score-error" /> : null}
      {scored || card.scoreTag ? <TopWithinSegment modelId={card.modelId} /> : null}
      {scored ? (
        <div data-testid="predict-scored">
          <p>{t('predict.scored', { count: scored.customers.toLocaleString(), score: scored.scoreTag, decile: scored.decileTag })}</p>
          <h3 className="card-title">{t('predict.topCustomers')}</h3>
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('predict.reasonsColumns.oneId')}</th>
                <th className="num">{t('predict.reasonsColumns.score')}</th>
                <th>{t('predict.reasonsColumns.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {scored.top.slice(0, 10).map((c) => (
                <tr key={c.oneId}>
                  <td>{c.oneId}</td>
                  <td className="num">{c.score.toFixed(3)}</td>
                  <td>{c.reasons.map((r) => `${r.label} ${r.contribution >= 0 ? '+' : '−'}${Math.abs(r.contribution).toFixed(2)}`).join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Metric({ label, value, testId }: { readonly label: string; readonly value: string; readonly testId: string }): ReactNode {
  return (
    <div className="form-field">
      <span className="form-label">{label}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );
}
